using System.Text.Json;
using StorageRegistrar.Validation;

namespace StackPlanning.Tests;

/// <summary>
/// Every validated value is held to its whole text: a final newline (which .NET's <c>$</c> would let
/// through), a carriage return, a bidirectional override or non-ASCII digits make it invalid, on its own key path.
/// </summary>
public sealed class ExactValueTests
{
    private static readonly Dictionary<string, string> Storages = new()
    {
        ["s3"] = """{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""",
        ["s3-keys"] = """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" }""",
        ["s3-existing"] = """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-recordings" }""",
        ["gcs"] = """{ "name": "rec", "cloud": "gcs", "location": "EU", "project": "acme-video" }""",
        ["gcs-existing"] = """{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-recordings" }""",
        ["abs"] = """{ "name": "rec", "cloud": "abs", "location": "westeurope", "resourceGroup": "video" }""",
        ["abs-existing"] = """{ "name": "rec", "cloud": "abs", "existingBucket": "recordings", "existingAccount": "acmerecordings", "resourceGroup": "video" }""",
        ["compatible"] = """{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }""",
    };

    /// <summary>(storage, key, valid value): each key that names, places or identifies something.</summary>
    public static TheoryData<string, string, string> ValidatedKeys => new()
    {
        { "s3", "name", "rec" },
        { "s3", "path", "calls/" },
        { "s3", "region", "eu-west-1" },
        { "s3-keys", "kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
        { "s3-keys", "credentialRotation", "2026-12" },
        { "s3-existing", "existingBucket", "acme-recordings" },
        { "gcs", "location", "EU" },
        { "gcs", "project", "acme-video" },
        { "gcs-existing", "existingBucket", "acme-recordings" },
        { "abs", "location", "westeurope" },
        { "abs", "resourceGroup", "video" },
        { "abs-existing", "existingBucket", "recordings" },
        { "abs-existing", "existingAccount", "acmerecordings" },
        { "compatible", "endpoint", "https://acct.r2.cloudflarestorage.com" },
        { "compatible", "bucket", "calls" },
        { "compatible", "region", "auto" },
        { "compatible", "accessKeyId", "0123456789abcdef0123" },
        { "compatible", "secretAccessKey", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
    };

    private static readonly string[] Tails = ["\n", "\r\n", "\r", "\u202E", "\u2028", "\u001B[2K"];

    [Theory]
    [MemberData(nameof(ValidatedKeys))]
    public void A_valid_value_plans(string storage, string key, string value)
    {
        var config = StackConfigParser.Parse(Stack(storage, key, value));

        Assert.Single(config.Storages);
    }

    [Theory]
    [MemberData(nameof(ValidatedKeys))]
    public void A_value_with_a_final_newline_or_a_control_character_is_refused_on_its_key(string storage, string key, string value)
    {
        foreach (var tail in Tails)
        {
            var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(Stack(storage, key, value + tail)));

            Assert.Contains(error.Problems, p => p.Field == $"storages[0].{key}");
            Assert.All(error.Problems, p => Assert.Null(UnsafeText.Check(p.Message)));
        }
    }

    [Fact]
    public void A_kms_key_arn_with_arabic_indic_digits_in_its_account_is_refused()
    {
        var arn = "arn:aws:kms:eu-west-1:\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        ConfigRefusal.AssertRefusedAt(Stack("s3-keys", "kmsKeyArn", arn), "storages[0].kmsKeyArn", "must be a KMS key ARN");
    }

    [Theory]
    [InlineData("bindings", """{ "default\n": "rec" }""", "bindings.default\n")]
    [InlineData("bindings", """{ "default": "rec\n" }""", "bindings.default")]
    [InlineData("bindings", """{ "default": "stream-s3\n" }""", "bindings.default")]
    [InlineData("tags", """{ "team\u202E": "video" }""", "tags.team\u202E")]
    [InlineData("tags", """{ "team": "video\n" }""", "tags.team")]
    public void A_binding_or_tag_with_a_final_newline_or_a_control_character_is_refused(string key, string entries, string field)
    {
        var json = $$"""{ "storages": [ {{Storages["s3"]}} ], "{{key}}": {{entries}} }""";

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(StackInputs.FromJson(json)));

        Assert.Contains(error.Problems, p => p.Field == field);
    }

    private static StackConfigInput Stack(string storage, string key, string value)
    {
        var entry = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Storages[storage])!;
        entry[key] = JsonSerializer.SerializeToElement(value);
        return StackInputs.FromJson($$"""{ "storages": [ {{JsonSerializer.Serialize(entry)}} ], "production": false }""") with { StoragesEncrypted = true };
    }
}
