using Pulumi;
using Pulumi.Utilities;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

[Collection(PulumiDeployments.Name)]
public sealed class AwsRecordingStorageTests
{
    private const string PolicyMode = """
        { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" } ] }
        """;

    private const string KeysMode = """
        { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "authMode": "keys" } ] }
        """;

    [Fact]
    public async Task Policy_mode_grants_Streams_account_put_object_under_the_path_through_a_tls_only_bucket_policy()
    {
        var deployment = await PlannedDeployment.RunAsync(PolicyMode, "prod");

        var bucket = deployment.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-bucket");
        Assert.Equal("prod-rec-s3-0a1b2c3d", bucket["bucket"]);
        Assert.Equal("eu-west-1", bucket["region"]);
        var policy = deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy");
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("prod-rec-s3-0a1b2c3d", "calls/"), policy["policy"]);
        Assert.Empty(deployment.OfType(PulumiTypes.IamUser));
        Assert.Empty(deployment.OfType(PulumiTypes.IamAccessKey));

        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3");
        Assert.Equal("rec-s3", registration["name"]);
        Assert.Equal("s3", registration["storageType"]);
        Assert.Equal("prod-rec-s3-0a1b2c3d", registration["bucket"]);
        Assert.Equal("calls/", registration["path"]);
        var s3 = (ImmutableDictionary<string, object>)registration["awsS3"];
        Assert.Equal("eu-west-1", s3["region"]);
        Assert.False(s3.TryGetValue("apiKey", out var apiKey) && apiKey is not null);
        Assert.False(s3.TryGetValue("secret", out var secret) && secret is not null);
    }

    [Fact]
    public async Task The_bucket_blocks_all_public_access_enforces_bucket_ownership_and_encrypts_with_sse_s3()
    {
        var deployment = await PlannedDeployment.RunAsync(PolicyMode);

        var block = deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.PublicAccessBlock), "rec-s3-public-access-block");
        Assert.All(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"], flag => Assert.True((bool)block[flag]));
        var ownership = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.OwnershipControls), "rec-s3-ownership")["rule"];
        Assert.Equal("BucketOwnerEnforced", ownership["objectOwnership"]);
        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)deployment.Mocks.Of(
            PulumiTypes.Of(S3BucketSetting.Encryption), "rec-s3-encryption")["rules"]).Single();
        Assert.Equal("AES256", ((ImmutableDictionary<string, object>)rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);
        var versioning = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Versioning), "rec-s3-versioning")["versioningConfiguration"];
        Assert.Equal("Enabled", versioning["status"]);
        var lifecycle = (ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Lifecycle), "rec-s3-lifecycle")["rules"];
        Assert.Equal(
            ["abort-incomplete-multipart-uploads", "expire-check-files", "expire-noncurrent-versions"],
            lifecycle.Cast<ImmutableDictionary<string, object>>().Select(r => r["id"]));
        Assert.False((bool)deployment.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-bucket")["forceDestroy"]);

        // Nobody but Stream's account is allowed anything; everyone else is only denied.
        using var policy = JsonDocument.Parse((string)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy")["policy"]);
        var allowed = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .Select(s => s.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal([S3Grants.StreamPrincipalArn], allowed);
    }

    [Fact]
    public async Task Bucket_settings_are_chained_so_that_s3_never_sees_two_changes_at_once_and_registration_comes_last()
    {
        var deployment = await PlannedDeployment.RunAsync(PolicyMode);

        string[] chain =
        [
            "rec-s3-bucket", "rec-s3-public-access-block", "rec-s3-policy", "rec-s3-ownership",
            "rec-s3-encryption", "rec-s3-versioning", "rec-s3-lifecycle",
        ];
        for (var i = 1; i < chain.Length; i++)
        {
            var setting = deployment.Constructed.Single(c => c.Name == chain[i]);
            var dependsOn = await setting.DependsOnAsync();
            Assert.Equal([chain[i - 1]], dependsOn.Select(r => r.GetResourceName()));
        }

        var registration = deployment.Single(PulumiTypes.ExternalStorage, "rec-s3");
        Assert.Contains("rec-s3-lifecycle", (await registration.DependsOnAsync()).Select(r => r.GetResourceName()));
    }

    [Theory]
    [InlineData("compliance", "COMPLIANCE")]
    [InlineData("governance", "GOVERNANCE")]
    public async Task A_locked_bucket_is_created_with_object_lock_and_gets_its_default_retention_after_versioning(string mode, string s3Mode)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "immutability": { "days": 2555, "mode": "{{mode}}" } } ] }
            """, "prod");

        Assert.True((bool)deployment.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-bucket")["objectLockEnabled"]);
        var objectLock = deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.ObjectLock), "rec-s3-object-lock");
        Assert.Equal(("prod-rec-s3-0a1b2c3d", "eu-west-1"), (objectLock["bucket"], objectLock["region"]));
        var retention = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)objectLock["rule"])["defaultRetention"];
        Assert.Equal((s3Mode, 2555d), (retention["mode"], retention["days"]));
        Assert.False(retention.ContainsKey("years"));
        Assert.Equal(["rec-s3-versioning"], (await deployment.Single(PulumiTypes.Of(S3BucketSetting.ObjectLock), "rec-s3-object-lock").DependsOnAsync()).Select(r => r.GetResourceName()));
        Assert.Equal(["rec-s3-object-lock"], (await deployment.Single(PulumiTypes.Of(S3BucketSetting.Lifecycle), "rec-s3-lifecycle").DependsOnAsync()).Select(r => r.GetResourceName()));

        // A production bucket outlives the stack with its lock.
        Assert.True(deployment.Single(PulumiTypes.Of(S3BucketSetting.ObjectLock), "rec-s3-object-lock").Options.RetainOnDelete);
    }

    [Fact]
    public async Task Without_a_lock_or_on_an_existing_bucket_the_stack_sets_no_object_lock()
    {
        var unlocked = await PlannedDeployment.RunAsync(PolicyMode);
        var existing = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-archive", "authMode": "keys", "path": "stream/",
                              "immutability": { "days": 30, "mode": "governance" } } ] }
            """);

        Assert.False(unlocked.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-bucket").ContainsKey("objectLockEnabled"));
        Assert.Empty(unlocked.OfType(PulumiTypes.Of(S3BucketSetting.ObjectLock)));
        Assert.Empty(existing.OfType(PulumiTypes.S3Bucket));
        Assert.Empty(existing.OfType(PulumiTypes.Of(S3BucketSetting.ObjectLock)));
    }

    [Fact]
    public async Task Keys_mode_gives_Stream_a_dedicated_users_key_as_a_secret_and_scopes_the_user_to_the_path()
    {
        var deployment = await PlannedDeployment.RunAsync(KeysMode);

        Assert.Equal("stream-dev-rec-s3-0a1b2c3d", deployment.Mocks.Of(PulumiTypes.IamUser, "rec-s3-writer")["name"]);
        var userPolicy = deployment.Mocks.Of(PulumiTypes.IamUserPolicy, "rec-s3-writer-policy");
        Assert.Equal(S3Grants.WriterUserPolicy("dev-rec-s3-0a1b2c3d", "calls/"), userPolicy["policy"]);
        Assert.Equal(S3Grants.TlsOnlyBucketPolicy("dev-rec-s3-0a1b2c3d"), deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy")["policy"]);

        var s3 = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3")["awsS3"];
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", s3["apiKey"]);
        Assert.Equal(CloudMocks.AccessKeySecret, s3["secret"]);
        var args = (ExternalStorageArgs)deployment.Single(PulumiTypes.ExternalStorage, "rec-s3").Args;
        var access = await OutputUtilities.GetValueAsync(args.AwsS3!.ToOutput());
        Assert.True(await Output.IsSecretAsync(access.Secret!.ToOutput()));

        var after = (await deployment.Single(PulumiTypes.ExternalStorage, "rec-s3").DependsOnAsync()).Select(r => r.GetResourceName()).ToList();
        Assert.Contains("rec-s3-writer-policy", after);
        Assert.Contains("rec-s3-writer-key", after);
    }

    [Fact]
    public async Task A_customer_key_encrypts_the_bucket_and_only_our_user_may_use_it()
    {
        const string key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "kmsKeyArn": "{{key}}" } ] }
            """);

        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)deployment.Mocks.Of(
            PulumiTypes.Of(S3BucketSetting.Encryption), "rec-s3-encryption")["rules"]).Single();
        var byDefault = (ImmutableDictionary<string, object>)rule["applyServerSideEncryptionByDefault"];
        Assert.Equal(("aws:kms", key, true), (byDefault["sseAlgorithm"], byDefault["kmsMasterKeyId"], rule["bucketKeyEnabled"]));
        Assert.Equal(S3Grants.WriterUserPolicy("dev-rec-s3-0a1b2c3d", "", key), deployment.Mocks.Of(PulumiTypes.IamUserPolicy, "rec-s3-writer-policy")["policy"]);
    }

    [Fact]
    public async Task Production_protects_and_retains_the_bucket_and_an_ephemeral_stack_may_force_destroy_it()
    {
        var production = await PlannedDeployment.RunAsync(PolicyMode, "prod");
        var ephemeral = await PlannedDeployment.RunAsync("""
            { "production": false, "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy" } ] }
            """);

        var kept = production.Single(PulumiTypes.S3Bucket, "rec-s3-bucket").Options;
        Assert.Equal((true, true), (kept.Protect, kept.RetainOnDelete));
        var scratch = ephemeral.Single(PulumiTypes.S3Bucket, "rec-s3-bucket").Options;
        Assert.Equal((false, false), (scratch.Protect, scratch.RetainOnDelete));
        Assert.True((bool)ephemeral.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-bucket")["forceDestroy"]);

        // A kept bucket keeps its public access block; the policy that grants Stream goes with the stack.
        var block = PulumiTypes.Of(S3BucketSetting.PublicAccessBlock);
        Assert.Equal(true, production.Single(block, "rec-s3-public-access-block").Options.RetainOnDelete);
        Assert.Equal(false, production.Single(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy").Options.RetainOnDelete);
        Assert.Equal(false, ephemeral.Single(block, "rec-s3-public-access-block").Options.RetainOnDelete);
    }
}
