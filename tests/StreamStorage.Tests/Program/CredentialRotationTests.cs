using Pulumi;
using Pulumi.Utilities;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

/// <summary>
/// A rotation on every cloud: the credential Stream holds is replaced create-before-delete when the
/// rotation value changes, and the registration consumes the new credential. Pulumi's engine orders
/// such a replacement as: create the new credential, update every resource that reads it (here the
/// registration, whose update runs Stream's check), and delete the old credential last. These tests
/// pin the three facts that order rests on, for each cloud: the rotation value forces the
/// replacement, the replacement is not delete-first, and the registration reads (and waits for) the credential.
/// </summary>
[Collection(PulumiDeployments.Name)]
public sealed class CredentialRotationTests
{
    [Fact]
    public async Task S3_keys_mode_replaces_the_access_key_new_first_then_the_registration_then_the_old_key()
    {
        var deployment = await PlannedDeployment.RunAsync(Stack("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialRotation": "2026-05" }"""));

        var key = await ReplacedNewFirstBeforeRegistrationAsync(deployment, PulumiTypes.IamAccessKey, "rec-s3-writer-key", "rec-s3");
        Assert.Equal("2026-05", await TriggerAsync(key));

        var s3 = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3")["awsS3"];
        Assert.Equal(("AKIAIOSFODNN7EXAMPLE", CloudMocks.AccessKeySecret), (s3["apiKey"], s3["secret"]));
    }

    [Fact]
    public async Task Gcs_replaces_the_service_account_key_new_first_then_the_registration_then_the_old_key()
    {
        var deployment = await PlannedDeployment.RunAsync(Stack("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "credentialRotation": "2026-05" }"""));

        await ReplacedNewFirstBeforeRegistrationAsync(deployment, PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key", "rec-gcs");
        Assert.Equal("2026-05", ((ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key")["keepers"])["rotation"]);

        Assert.Equal(CloudMocks.KeyFile, deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-gcs")["gcsCredentials"]);
    }

    [Fact]
    public async Task Azure_replaces_the_client_secret_new_first_then_the_registration_then_the_old_secret()
    {
        var deployment = await PlannedDeployment.RunAsync(Stack("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "credentialRotation": "2026-05" }"""));

        await ReplacedNewFirstBeforeRegistrationAsync(deployment, PulumiTypes.EntraApplicationPassword, "rec-abs-secret", "rec-abs");
        Assert.Equal("2026-05", ((ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.EntraApplicationPassword, "rec-abs-secret")["rotateWhenChanged"])["rotation"]);

        var blob = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-abs")["azureBlob"];
        Assert.Equal(CloudMocks.ClientSecret, blob["clientSecret"]);
    }

    [Theory]
    [InlineData("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialRotation": "ROTATION" }""", PulumiTypes.IamAccessKey, "rec-s3-writer-key", false)]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "credentialRotation": "ROTATION" }""", PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key", true)]
    [InlineData("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "credentialRotation": "ROTATION" }""", PulumiTypes.EntraApplicationPassword, "rec-abs-secret", true)]
    public async Task A_new_rotation_value_changes_the_credential_alone(string storage, string credentialType, string credentialName, bool byKeeperInput)
    {
        var before = await PlannedDeployment.RunAsync(Stack(storage.Replace("ROTATION", "2026-05", StringComparison.Ordinal)));
        var after = await PlannedDeployment.RunAsync(Stack(storage.Replace("ROTATION", "2026-11", StringComparison.Ordinal)));

        // Buckets, identities and grants keep their inputs; only the credential is replaced, by its
        // keeper input (GCS, Azure) or by its replacement trigger (an AWS access key has no keeper).
        var changed = before.Mocks.Inputs.Keys
            .Where(k => k.Type != PulumiTypes.ExternalStorage && Json(before.Mocks.Inputs[k]) != Json(after.Mocks.Inputs[k]))
            .ToList();
        List<(string Type, string Name)> expectedChanges = byKeeperInput ? [(credentialType, credentialName)] : [];
        Assert.Equal(expectedChanges, changed);
        (object? Before, object? After) expectedTriggers = byKeeperInput ? (null, null) : ("2026-05", "2026-11");
        Assert.Equal(
            expectedTriggers,
            (await TriggerAsync(before.Single(credentialType, credentialName)), await TriggerAsync(after.Single(credentialType, credentialName))));
    }

    [Fact]
    public async Task Without_a_rotation_value_no_credential_is_replaced_by_a_trigger()
    {
        var deployment = await PlannedDeployment.RunAsync(Stack("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" }""",
            """{ "name": "rec-gcs", "cloud": "gcs", "location": "EU" }"""));

        Assert.Null(deployment.Single(PulumiTypes.IamAccessKey, "rec-s3-writer-key").Options.ReplacementTrigger);
        Assert.False(deployment.Mocks.Of(PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key").TryGetValue("keepers", out var keepers) && ((ImmutableDictionary<string, object>)keepers).Count > 0);
    }

    private static string Stack(params string[] storages) => $$"""{ "storages": [ {{string.Join(", ", storages)}} ] }""";

    /// <summary>
    /// Two of the three facts the order rests on, the same on every cloud: the credential's replacement is not delete-first,
    /// and the registration waits for the credential.
    /// </summary>
    private static async Task<Constructed> ReplacedNewFirstBeforeRegistrationAsync(PlannedDeployment deployment, string type, string credential, string registration)
    {
        var constructed = deployment.Single(type, credential);
        Assert.False(constructed.Options is CustomResourceOptions { DeleteBeforeReplace: true });
        Assert.Contains(credential, (await deployment.Single(PulumiTypes.ExternalStorage, registration).DependsOnAsync()).Select(r => r.GetResourceName()));
        return constructed;
    }

    private static async Task<object?> TriggerAsync(Constructed credential) =>
        credential.Options.ReplacementTrigger is { } trigger ? await OutputUtilities.GetValueAsync(trigger.ToOutput()) : null;

    private static string Json(ImmutableDictionary<string, object> inputs) =>
        JsonSerializer.Serialize(inputs.OrderBy(i => i.Key, StringComparer.Ordinal).ToDictionary(i => i.Key, i => i.Value));
}
