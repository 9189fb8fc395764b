using Pulumi;
using Pulumi.Utilities;

namespace StreamStorage.Tests.Program;

[Collection(PulumiDeployments.Name)]
public sealed class RecordingStorageStackTests
{
    private const string Config = """
        {
          "storages": [
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" },
            { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU" }
          ],
          "bindings": { "default": "rec-s3", "livestream": "rec-gcs", "audio_room": "stream-s3" }
        }
        """;

    [Fact]
    public async Task Each_binding_comes_after_its_storage_registration_so_destroy_unbinds_first()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        foreach (var (callType, storage) in new[] { ("default", "rec-s3"), ("livestream", "rec-gcs") })
        {
            var inputs = deployment.Mocks.Of(PulumiTypes.CallTypeBinding, callType);
            Assert.Equal((callType, storage), (inputs["callType"], inputs["externalStorage"]));
            var after = await deployment.Single(PulumiTypes.CallTypeBinding, callType).DependsOnAsync();
            var registration = Assert.Single(after);
            Assert.Equal((PulumiTypes.ExternalStorage, storage), (registration.GetResourceType(), registration.GetResourceName()));
        }

        Assert.Equal("stream-s3", deployment.Mocks.Of(PulumiTypes.CallTypeBinding, "audio_room")["externalStorage"]);
        Assert.Empty(await deployment.Single(PulumiTypes.CallTypeBinding, "audio_room").DependsOnAsync());
    }

    [Fact]
    public async Task Every_storage_gets_its_own_component_and_one_registration()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        Assert.Equal(["rec-gcs", "rec-s3"], deployment.OfType(PulumiTypes.ExternalStorage).Select(c => c.Name).Order());
        Assert.Single(deployment.OfType(PulumiTypes.AwsComponent));
        Assert.Single(deployment.OfType(PulumiTypes.GcpComponent));
    }

    [Fact]
    public async Task Outputs_name_buckets_console_urls_stream_storages_and_bindings()
    {
        var outputs = await PlannedDeployment.OutputsAsync(Config);

        Assert.Equal("dev-rec-s3-0a1b2c3d", await ValueAsync(outputs, "bucketNames", "rec-s3"));
        Assert.Equal("dev-rec-gcs-0a1b2c3d", await ValueAsync(outputs, "bucketNames", "rec-gcs"));
        Assert.Equal(
            "https://s3.console.aws.amazon.com/s3/buckets/dev-rec-s3-0a1b2c3d?region=eu-west-1&prefix=calls%2F",
            await ValueAsync(outputs, "consoleUrls", "rec-s3"));
        Assert.Equal(
            "https://console.cloud.google.com/storage/browser/dev-rec-gcs-0a1b2c3d/?project=acme-video",
            await ValueAsync(outputs, "consoleUrls", "rec-gcs"));
        Assert.Equal("rec-gcs", await ValueAsync(outputs, "streamStorageNames", "rec-gcs"));
        Assert.Equal("rec-s3", await ValueAsync(outputs, "bindings", "default"));
        Assert.Equal("stream-s3", await ValueAsync(outputs, "bindings", "audio_room"));
    }

    [Fact]
    public async Task Stream_identities_and_doctor_arguments_name_what_the_doctor_needs_for_every_storage()
    {
        var outputs = await PlannedDeployment.OutputsAsync("""
            {
              "storages": [
                { "name": "rec-keys", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" },
                { "name": "rec-policy", "cloud": "s3", "region": "eu-west-1" },
                { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU" },
                { "name": "rec-abs", "cloud": "abs", "location": "westeurope" }
              ]
            }
            """);

        var identities = (IDictionary<string, object?>)outputs["streamIdentities"]!;
        Assert.Equal(["rec-abs", "rec-gcs", "rec-keys"], identities.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("stream-dev-rec-keys-0a1b2c3d", await ValueAsync(outputs, "streamIdentities", "rec-keys"));
        Assert.Equal("stream-rec-gcs-0a1b2c3d@acme.iam.gserviceaccount.com", await ValueAsync(outputs, "streamIdentities", "rec-gcs"));
        Assert.Equal("app-client-id", await ValueAsync(outputs, "streamIdentities", "rec-abs"));
        var arguments = await OutputUtilities.GetValueAsync((Output<string>)outputs["doctorArguments"]!);
        Assert.StartsWith(
            "--region rec-keys=eu-west-1 --iam-user rec-keys=stream-dev-rec-keys-0a1b2c3d --bucket-created rec-keys=true --region rec-policy=eu-west-1 --bucket-created rec-policy=true "
            + "--service-account rec-gcs=stream-rec-gcs-0a1b2c3d@acme.iam.gserviceaccount.com --bucket-created rec-gcs=true --account rec-abs=strecabs0a1b2c3d --client-id rec-abs=app-client-id "
            + "--container-id rec-abs=/subscriptions/",
            arguments,
            StringComparison.Ordinal);
        Assert.EndsWith("/providers/Microsoft.Storage/storageAccounts/strecabs0a1b2c3d/blobServices/default/containers/recordings --bucket-created rec-abs=true --soft-delete-days rec-abs=7", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_arguments_hold_each_bucket_to_the_very_key_the_stack_created()
    {
        var outputs = await PlannedDeployment.OutputsAsync("""
            {
              "storages": [
                { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "create" },
                { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "create" },
                { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create" }
              ]
            }
            """);

        var arguments = await OutputUtilities.GetValueAsync((Output<string>)outputs["doctorArguments"]!);
        Assert.Contains($"--encryption-key rec-s3={CloudMocks.KmsKeyArn("eu-west-1", "rec-s3-key_id")} ", arguments, StringComparison.Ordinal);
        Assert.Contains("--encryption-key rec-gcs=projects/acme-video/locations/europe/keyRings/", arguments, StringComparison.Ordinal);
        Assert.Matches(@"--encryption-key rec-abs=/subscriptions/[^ ]+/providers/Microsoft\.KeyVault/vaults/[^ /]+/keys/[^ /]+( |$)", arguments);
        Assert.DoesNotContain("=create", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_arguments_hold_each_buckets_logging_to_the_very_log_bucket_or_account_the_stack_created()
    {
        var outputs = await PlannedDeployment.OutputsAsync("""
            {
              "storages": [
                { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "accessLogs": "create" },
                { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "accessLogs": "create" },
                { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "accessLogs": "create" }
              ]
            }
            """);

        var arguments = await OutputUtilities.GetValueAsync((Output<string>)outputs["doctorArguments"]!);
        Assert.Contains($"--access-logs rec-s3=create:{ResourceNames.LogBucketName("dev", "rec-s3", "0a1b2c3d")} ", arguments, StringComparison.Ordinal);
        Assert.Contains($"--access-logs rec-gcs=create:{ResourceNames.LogBucketName("dev", "rec-gcs", "0a1b2c3d")} ", arguments, StringComparison.Ordinal);
        Assert.Matches(
            $@"--access-logs rec-abs=create:/subscriptions/[^ ]+/providers/Microsoft\.Storage/storageAccounts/{ResourceNames.AzureLogAccountName("rec-abs", "0a1b2c3d")}( |$)", arguments);
        Assert.DoesNotMatch("=create( |$)", arguments);
    }

    [Fact]
    public async Task Doctor_arguments_carry_each_storages_age_limit_and_store_endpoint_and_are_not_secret()
    {
        var outputs = await PlannedDeployment.OutputsAsync("""
            {
              "storages": [
                { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "credentialMaxAgeDays": 90 },
                { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
                  "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" }
              ]
            }
            """);

        var arguments = (Output<string>)outputs["doctorArguments"]!;
        Assert.Equal(
            "--service-account rec-gcs=stream-rec-gcs-0a1b2c3d@acme.iam.gserviceaccount.com --bucket-created rec-gcs=true --max-age-days rec-gcs=90 "
            + "--endpoint rec-r2=https://acct.r2.cloudflarestorage.com --region rec-r2=auto",
            await OutputUtilities.GetValueAsync(arguments));
        Assert.False(await Output.IsSecretAsync(arguments));
        Assert.Equal(["rec-gcs"], ((IDictionary<string, object?>)outputs["streamIdentities"]!).Keys);
    }

    private static Task<string> ValueAsync(IDictionary<string, object?> outputs, string output, string key) =>
        OutputUtilities.GetValueAsync((Output<string>)((IDictionary<string, object?>)outputs[output]!)[key]!);
}
