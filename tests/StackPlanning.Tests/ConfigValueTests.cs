using System.Text.Json;

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

    [Theory]
    [InlineData(ConfigKeys.Storages, """[{"name":"r","cloud":"s3","region":"eu-west-1","region":"us-east-1"}]""", "storages[0].region is set twice")]
    [InlineData(ConfigKeys.Bindings, """{"default":"r-s3","default":"stream-s3"}""", "bindings.default is set twice")]
    [InlineData(ConfigKeys.Tags, """{"team":"video","team":"audio"}""", "tags.team is set twice")]
    [InlineData(ConfigKeys.Storages, """[{"name":"r","immutability":{"days":1,"days":2}}]""", "storages[0].immutability.days is set twice")]
    public void A_map_that_sets_a_key_twice_in_a_values_json_is_refused_on_its_key_path(string key, string json, string expected)
    {
        var error = Assert.Throws<StackConfigException>(() => ConfigValue.Parse(key, json));

        Assert.Equal($"{expected} in the value's JSON, and only the last would count: keep one.", error.Message);
    }

    [Fact]
    public void The_same_key_in_different_maps_is_not_a_repeat()
    {
        var storages = ConfigValue.Parse(ConfigKeys.Storages, """[{"name":"a","tags":{"name":"x"}},{"name":"b"}]""");

        Assert.Equal(2, storages.GetArrayLength());
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

    [Fact]
    public void A_value_the_engine_hands_over_is_held_to_the_limits_a_stack_file_is_read_within()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var many = $"[{string.Join(',', Enumerable.Repeat('1', (int)ConfigValueLimits.MaxValues))}]";
        var longText = new string('x', (int)ConfigValueLimits.MaxTextBytes + 1);

        Assert.Contains($"storages nests lists and maps more than {ConfigValueLimits.MaxDepth} deep", Refusal(deep), StringComparison.Ordinal);
        Assert.Contains($"storages holds more than {ConfigValueLimits.MaxValues:N0} values", Refusal(many), StringComparison.Ordinal);
        Assert.Contains("storages holds more than 10 MiB of text", Refusal(longText), StringComparison.Ordinal);
        Assert.Contains("storages holds more than 10 MiB of text", Refusal($"[\"{longText}\"]"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_at_the_limits_is_read()
    {
        var deepest = new string('[', ConfigValueLimits.MaxDepth) + new string(']', ConfigValueLimits.MaxDepth);
        var most = $"[{string.Join(',', Enumerable.Repeat('1', (int)ConfigValueLimits.MaxValues - 1))}]";

        Assert.Equal(JsonValueKind.Array, ConfigValue.Parse(ConfigKeys.Storages, deepest).ValueKind);
        Assert.Equal((int)ConfigValueLimits.MaxValues - 1, ConfigValue.Parse(ConfigKeys.Storages, most).GetArrayLength());
    }

    private static string Refusal(string raw) =>
        Assert.Throws<StackConfigException>(() => ConfigValue.Parse(ConfigKeys.Storages, raw)).Message;
}
