using Pulumi;
using Pulumi.Utilities;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

/// <summary>Existing buckets and S3-compatible stores: only Stream's access is added, nothing that holds recordings is created.</summary>
[Collection(PulumiDeployments.Name)]
public sealed class ExistingStorageTests
{
    [Fact]
    public async Task An_existing_s3_bucket_in_keys_mode_gets_the_iam_user_its_policy_and_key_and_no_bucket_resource()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "path": "calls/" } ] }
            """);

        Assert.DoesNotContain(deployment.Constructed, c => c.Type.StartsWith("aws:s3/", StringComparison.Ordinal));
        Assert.Equal(S3Grants.WriterUserPolicy("acme-calls", "calls/"), deployment.Mocks.Of(PulumiTypes.IamUserPolicy, "rec-s3-writer-policy")["policy"]);
        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3");
        Assert.Equal(("acme-calls", "calls/"), (registration["bucket"], registration["path"]));
        Assert.Equal(["rec-s3-writer-key", "rec-s3-writer-policy"], (await deployment.Single(PulumiTypes.ExternalStorage, "rec-s3").DependsOnAsync()).Select(r => r.GetResourceName()).Order());
    }

    [Fact]
    public async Task An_existing_s3_bucket_in_policy_mode_is_left_alone_and_the_statement_to_merge_is_an_output()
    {
        const string config = """
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "calls/" } ] }
            """;
        var deployment = await PlannedDeployment.RunAsync(config);
        var outputs = await PlannedDeployment.OutputsAsync(config);

        Assert.DoesNotContain(deployment.Constructed, c => c.Type.StartsWith("aws:", StringComparison.Ordinal) || c.Type.StartsWith("random:", StringComparison.Ordinal));
        var s3 = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3")["awsS3"];
        Assert.False(s3.TryGetValue("apiKey", out var apiKey) && apiKey is not null);
        var statements = (IDictionary<string, object?>)outputs["bucketPolicyStatements"]!;
        Assert.Equal(S3Grants.StreamWriterStatement("acme-calls", "calls/", "rec-s3"), statements["rec-s3"]);
    }

    [Fact]
    public async Task An_existing_gcs_bucket_gets_the_conditioned_object_creator_member_and_no_bucket_resource()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/" } ] }
            """);

        Assert.Empty(deployment.OfType(PulumiTypes.GcsBucket));
        var member = deployment.Mocks.Of(PulumiTypes.GcsBucketIamMember, "rec-gcs-writer-access");
        Assert.Equal(("acme-calls", GcsGrants.ObjectCreatorRole), (member["bucket"], member["role"]));
        Assert.Equal(GcsGrants.PathConditionExpression("acme-calls", "calls/"), ((ImmutableDictionary<string, object>)member["condition"])["expression"]);
        Assert.Equal("acme-calls", deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-gcs")["bucket"]);
    }

    [Fact]
    public async Task An_existing_azure_container_gets_the_role_assignment_at_its_scope_and_no_account_or_container()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg" } ] }
            """);

        Assert.Empty(deployment.OfType(PulumiTypes.AzureResourceGroup));
        Assert.Empty(deployment.OfType(PulumiTypes.AzureStorageAccount));
        Assert.Empty(deployment.OfType(PulumiTypes.AzureBlobContainer));
        var assignment = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-writer-access");
        Assert.Equal(
            $"/subscriptions/{CloudMocks.SubscriptionId}/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo/blobServices/default/containers/calls",
            assignment["scope"]);
        Assert.Equal("Stream recording writer (acmevideo/calls)", deployment.Mocks.Of(PulumiTypes.AzureRoleDefinition, "rec-abs-writer-role")["roleName"]);
        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-abs");
        Assert.Equal("calls", registration["bucket"]);
        Assert.Equal("acmevideo", ((ImmutableDictionary<string, object>)registration["azureBlob"])["accountName"]);
    }

    [Fact]
    public async Task An_s3_compatible_store_is_registered_at_its_endpoint_with_its_keys_as_secrets_and_nothing_else()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
                              "accessKeyId": "r2-key-id", "secretAccessKey": "r2-secret" } ] }
            """);

        Assert.Equal(
            [PulumiTypes.S3CompatibleComponent, PulumiTypes.ExternalStorage],
            deployment.Constructed.Select(c => c.Type).Where(t => !t.StartsWith("pulumi:", StringComparison.Ordinal)).Order());
        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-r2");
        Assert.Equal(("s3", "calls"), (registration["storageType"], registration["bucket"]));
        var s3 = (ImmutableDictionary<string, object>)registration["awsS3"];
        Assert.Equal(
            ("auto", "r2-key-id", "r2-secret", "https://acct.r2.cloudflarestorage.com"),
            (s3["region"], s3["apiKey"], s3["secret"], s3["customEndpointUrl"]));

        var args = (ExternalStorageArgs)deployment.Single(PulumiTypes.ExternalStorage, "rec-r2").Args;
        var access = await OutputUtilities.GetValueAsync(args.AwsS3!.ToOutput());
        Assert.True(await Output.IsSecretAsync(access.ApiKey!.ToOutput()));
        Assert.True(await Output.IsSecretAsync(access.Secret!.ToOutput()));
    }
}
