using System.Text.Json;
using StackPlanning;

namespace StackPlanning.Tests;

public sealed class ConfigValueTests
{
    [Fact]
    public void A_key_that_is_not_set_is_undefined()
    {
        Assert.Equal(JsonValueKind.Undefined, ConfigValue.Parse(ConfigKeys.Storages, null).ValueKind);
    }

    [Fact]
    public void Structured_values_keep_their_json_shape()
    {
        var storages = ConfigValue.Parse(ConfigKeys.Storages, """[{"name":"rec","cloud":"s3"}]""");

        Assert.Equal(JsonValueKind.Array, storages.ValueKind);
        Assert.Equal("s3", storages[0].GetProperty("cloud").GetString());
        Assert.Equal(JsonValueKind.False, ConfigValue.Parse(ConfigKeys.Production, "false").ValueKind);
    }

    [Fact]
    public void Plain_text_becomes_a_json_string()
    {
        var value = ConfigValue.Parse(ConfigKeys.Storages, "rec-s3, rec-gcs");

        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Equal("rec-s3, rec-gcs", value.GetString());
    }

    [Fact]
    public void Plain_text_for_a_structured_key_is_reported_with_the_other_problems()
    {
        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(new StackConfigInput
        {
            StackName = "dev",
            Storages = ConfigValue.Parse(ConfigKeys.Storages, "rec-s3"),
            Production = ConfigValue.Parse(ConfigKeys.Production, "no"),
            HasStreamApiKey = true,
            HasStreamApiSecret = true,
        }));

        Assert.Equal([ConfigKeys.Production, ConfigKeys.Storages], error.Problems.Select(p => p.Field));
        Assert.StartsWith("must be a list of storages", error.Problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["recording-storage:storages"]""", true)]
    [InlineData("""["recording-storage:config:storages"]""", true)]
    [InlineData("""["streamstorage:apiSecret"]""", false)]
    [InlineData("[]", false)]
    [InlineData(null, null)]
    public void Whether_the_engine_holds_a_key_encrypted_is_read_from_its_list_of_secret_keys(string? secretKeys, bool? expected)
    {
        Assert.Equal(expected, ConfigValue.IsSecret(secretKeys, "recording-storage", ConfigKeys.Storages));
    }
}
