using System.Text.Json;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;
using static StackPlanning.Tests.PlannedStorages;

namespace StackPlanning.Tests;

/// <summary>What the plan says about rotations, existing buckets and S3-compatible stores (read by the program and by local rehearsals).</summary>
public sealed class Day2PlannerTests
{
    [Fact]
    public void Every_credential_the_stack_creates_rotates_on_the_same_setting()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "keys", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialRotation": "2026-05", "credentialMaxAgeDays": 90 },
            { "name": "gcs", "cloud": "gcs", "location": "EU", "credentialRotation": "2026-05", "credentialMaxAgeDays": 180 },
            { "name": "abs", "cloud": "abs", "location": "westeurope", "credentialRotation": "2026-05" },
            { "name": "policy", "cloud": "s3", "region": "eu-west-1" }
            """));

        Assert.Equal(
            [CredentialKind.AwsAccessKey, CredentialKind.GcsServiceAccountKey, CredentialKind.AzureClientSecret, CredentialKind.None],
            plan.Storages.Select(s => s.Credential));
        Assert.Equal(["2026-05", "2026-05", "2026-05", null], plan.Storages.Select(s => s.CredentialRotation));
        Assert.All(plan.Storages.Take(3), s => Assert.Equal(new Dictionary<string, string> { ["rotation"] = "2026-05" }, s.CredentialKeepers));
        Assert.Empty(plan.Storages[3].CredentialKeepers);
        Assert.Equal([90, 180, null, null], plan.Storages.Select(s => s.CredentialMaxAgeDays));
    }

    [Fact]
    public void An_existing_bucket_adopted_at_its_root_is_warned_about_with_the_fix_and_one_with_a_path_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "root-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-media" },
            { "name": "root-gcs", "cloud": "gcs", "existingBucket": "acme-media" },
            { "name": "root-abs", "cloud": "abs", "existingBucket": "media", "existingAccount": "acmemedia", "resourceGroup": "media" },
            { "name": "scoped", "cloud": "gcs", "existingBucket": "acme-media", "path": "stream/" },
            { "name": "created", "cloud": "gcs", "location": "EU" }
            """));

        Assert.Equal(["storages[0].path", "storages[1].path", "storages[2].path"], plan.Warnings.Select(w => w.Field));
        Assert.All(plan.Warnings, w => Assert.Contains("set a path of Stream's own", w.Message, StringComparison.Ordinal));
        Assert.Contains("\"acme-media\"", plan.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_former_azure_rotation_setting_keeps_its_value_so_that_renaming_it_does_not_rotate()
    {
        var renamed = PlanOne<AzureStoragePlan>("""{ "name": "abs", "cloud": "abs", "location": "westeurope", "credentialRotation": "2026-11" }""");
        var former = PlanOne<AzureStoragePlan>("""{ "name": "abs", "cloud": "abs", "location": "westeurope", "clientSecretRotation": "2026-11" }""");

        Assert.Equal(former.CredentialKeepers, renamed.CredentialKeepers);
    }

    [Fact]
    public void An_existing_s3_bucket_in_keys_mode_gets_only_the_iam_user_and_no_bucket_settings()
    {
        const string key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var plan = PlanOne<S3StoragePlan>($$"""
            { "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "path": "calls/", "kmsKeyArn": "{{key}}" }
            """);

        Assert.False(plan.CreatesBucket);
        Assert.Equal("acme-calls", plan.BucketName(Suffix));
        Assert.Empty(plan.SettingsOrder);
        Assert.Empty(plan.Lifecycle);
        Assert.False(plan.WritesBucketPolicy);
        Assert.Null(plan.StatementToMerge);
        Assert.Equal(S3Grants.WriterUserPolicy("acme-calls", "calls/", key), plan.UserPolicy("acme-calls"));
        Assert.Equal("stream-dev-rec-9f8e7d6c", plan.IamUserName(Suffix));
    }

    [Fact]
    public void An_existing_s3_bucket_in_policy_mode_gets_the_statement_to_merge_and_nothing_written()
    {
        var plan = PlanOne<S3StoragePlan>("""
            { "name": "rec", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "calls/" }
            """);

        Assert.Equal(CredentialKind.None, plan.Credential);
        Assert.False(plan.WritesBucketPolicy);
        Assert.Empty(plan.SettingsOrder);
        using var statement = JsonDocument.Parse(plan.StatementToMerge!);
        Assert.Equal(S3Grants.StreamPrincipalArn, statement.RootElement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("s3:PutObject", statement.RootElement.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:s3:::acme-calls/calls/*", statement.RootElement.GetProperty("Resource").GetString());
        Assert.Equal("StreamRecordingWriteRec", statement.RootElement.GetProperty("Sid").GetString());
    }

    [Fact]
    public void A_created_s3_bucket_keeps_its_managed_policy_and_has_nothing_to_merge()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""");

        Assert.True(plan.CreatesBucket);
        Assert.True(plan.WritesBucketPolicy);
        Assert.Null(plan.StatementToMerge);
        Assert.Null(plan.ExistingBucket);
    }

    [Fact]
    public void An_existing_gcs_bucket_gets_the_path_conditioned_role_and_no_lifecycle()
    {
        var plan = PlanOne<GcsStoragePlan>("""{ "name": "rec", "cloud": "gcs", "project": "acme-video", "existingBucket": "acme-calls", "path": "v/" }""");

        Assert.False(plan.CreatesBucket);
        Assert.Equal("acme-calls", plan.BucketName(Suffix));
        Assert.Null(plan.Location);
        Assert.Empty(plan.Lifecycle);
        Assert.True(plan.ScopesRoleToPath);
        Assert.Equal(GcsGrants.PathConditionExpression("acme-calls", "v/"), plan.RoleCondition(plan.BucketName(Suffix)));
        Assert.Equal("stream-rec-9f8e7d6c", plan.ServiceAccountId(Suffix));
    }

    [Fact]
    public void An_existing_azure_container_is_granted_at_its_own_scope_in_its_accounts_group()
    {
        var plan = PlanOne<AzureStoragePlan>("""
            { "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg" }
            """);

        Assert.False(plan.CreatesBucket);
        Assert.Equal(("calls", "acmevideo", "video-rg", false), (plan.ContainerName, plan.AccountName(Suffix), plan.ResourceGroupName, plan.CreateResourceGroup));
        Assert.Null(plan.Location);
        Assert.Equal(
            "/subscriptions/sub-1/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo/blobServices/default/containers/calls",
            plan.ContainerId("sub-1", plan.AccountName(Suffix)));
        Assert.Equal("Stream recording writer (acmevideo/calls)", plan.WriteOnlyRoleName("acmevideo"));
    }

    [Fact]
    public void An_s3_compatible_store_is_an_s3_storage_at_its_endpoint_with_the_stores_keys_masked()
    {
        var plan = PlanOne<S3CompatibleStoragePlan>("""
            { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com/", "bucket": "calls", "region": "auto",
              "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value", "path": "v/" }
            """);

        Assert.Equal(("s3", "https://acct.r2.cloudflarestorage.com", "calls", "auto"), (plan.StorageType, plan.Endpoint, plan.Bucket, plan.Region));
        Assert.False(plan.CreatesBucket);
        Assert.Equal(CredentialKind.StoreAccessKey, plan.Credential);
        Assert.Null(plan.CredentialRotation);
        Assert.Equal("r2-secret-value", plan.SecretAccessKey.Reveal());
        Assert.DoesNotContain("r2-secret-value", plan.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", plan.ToString(), StringComparison.Ordinal);
        Assert.Equal("https://acct.r2.cloudflarestorage.com/calls/v/", plan.BucketUrl);
        Assert.Equal(120, plan.CheckDeadlineSeconds);
    }

    [Fact]
    public void An_s3_compatible_store_without_a_region_signs_for_us_east_1_and_a_loopback_store_may_use_http()
    {
        var plan = PlanOne<S3CompatibleStoragePlan>("""
            { "name": "rec-minio", "cloud": "s3compatible", "endpoint": "http://127.0.0.1:9000", "bucket": "calls",
              "accessKeyId": "minio", "secretAccessKey": "minio-secret" }
            """);

        Assert.Equal(("http://127.0.0.1:9000", "us-east-1"), (plan.Endpoint, plan.Region));
    }

    [Fact]
    public void Encrypted_store_keys_are_accepted()
    {
        var input = StackInputs.WithStorages("""
            { "name": "rec-minio", "cloud": "s3compatible", "endpoint": "https://minio.example.com", "bucket": "calls", "accessKeyId": "minio", "secretAccessKey": "minio-secret" }
            """) with { StoragesEncrypted = true };

        Assert.IsType<S3CompatibleStoragePlan>(Assert.Single(StackPlanner.Plan(input).Storages));
    }
}
