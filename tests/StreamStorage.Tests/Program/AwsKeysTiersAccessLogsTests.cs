using Pulumi;
using Pulumi.Utilities;

namespace StreamStorage.Tests.Program;

/// <summary>An S3 storage's customer-managed key, storage tiers and access logs, as the program creates them from the plan.</summary>
[Collection(PulumiDeployments.Name)]
public sealed class AwsKeysTiersAccessLogsTests
{
    private const string Bucket = "prod-rec-s3-0a1b2c3d";
    private const string LogBucket = "prod-rec-s3-logs-0a1b2c3d";
    private const string ExistingKey = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static readonly string CreatedKey = CloudMocks.KmsKeyArn("eu-west-1", "rec-s3-key_id");

    [Fact]
    public async Task A_created_key_rotates_yearly_lets_Streams_account_use_it_for_this_bucket_only_and_encrypts_it_with_bucket_keys()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "encryptionKey": "create" }"""), "prod");

        var key = deployment.Mocks.Of(PulumiTypes.KmsKey, "rec-s3-key");
        Assert.Equal((true, 365d, "eu-west-1"), ((bool)key["enableKeyRotation"], Convert.ToDouble(key["rotationPeriodInDays"]), (string)key["region"]));
        Assert.Equal(S3Grants.KeyPolicy(CloudMocks.AwsAccountId, (Bucket, "eu-west-1")), key["policy"]);
        using (var policy = JsonDocument.Parse((string)key["policy"]))
        {
            Assert.Equal(
                [$"arn:aws:iam::{CloudMocks.AwsAccountId}:root", S3Grants.StreamPrincipalArn],
                policy.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Principal").GetProperty("AWS").GetString()));
        }

        Assert.Equal(("aws:kms", CreatedKey, true), DefaultEncryption(deployment, "rec-s3-encryption"));

        // The key outlives the stack with the recordings it encrypts.
        var options = deployment.Single(PulumiTypes.KmsKey, "rec-s3-key").Options;
        Assert.Equal((true, true), (options.RetainOnDelete, options.Protect));
    }

    [Fact]
    public async Task In_keys_mode_a_created_key_is_the_accounts_alone_and_the_writers_policy_may_use_it()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "authMode": "keys", "encryptionKey": "create" }"""), "prod");

        Assert.Equal(S3Grants.KeyPolicy(CloudMocks.AwsAccountId, streamUse: null), deployment.Mocks.Of(PulumiTypes.KmsKey, "rec-s3-key")["policy"]);
        Assert.Equal(S3Grants.WriterUserPolicy(Bucket, "calls/", CreatedKey), deployment.Mocks.Of(PulumiTypes.IamUserPolicy, "rec-s3-writer-policy")["policy"]);
    }

    [Fact]
    public async Task An_existing_key_encrypts_the_bucket_with_bucket_keys_and_the_stack_creates_no_key()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage($$"""{ "encryptionKey": "{{ExistingKey}}" }"""), "prod");

        Assert.Empty(deployment.OfType(PulumiTypes.KmsKey));
        Assert.Equal(("aws:kms", ExistingKey, true), DefaultEncryption(deployment, "rec-s3-encryption"));
    }

    [Fact]
    public async Task Tiers_move_only_recordings_under_the_path_larger_than_a_check_file_and_recordings_expire_after_the_last_tier()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""
            { "retentionDays": 400, "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "DEEP_ARCHIVE" } ] }
            """), "prod");

        var rules = LifecycleRules(deployment);
        var tiers = rules.Where(r => r.ContainsKey("transitions")).ToList();
        Assert.Equal(["tier-1-standard-ia", "tier-2-deep-archive"], tiers.Select(r => r["id"]));
        Assert.Equal(
            [(30d, "STANDARD_IA"), (180d, "DEEP_ARCHIVE")],
            tiers.Select(r => (ImmutableDictionary<string, object>)((ImmutableArray<object>)r["transitions"]).Single()).Select(t => (Convert.ToDouble(t["days"]), (string)t["storageClass"])));
        Assert.All(tiers, tier =>
        {
            var and = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)tier["filter"])["and"];
            Assert.Equal(("calls/", (double)StackPlanner.CheckFileMaxBytes), ((string)and["prefix"], Convert.ToDouble(and["objectSizeGreaterThan"])));
            Assert.False(tier.ContainsKey("expiration"));
        });

        // Only check files and, after the last tier, recordings expire; nothing else is deleted.
        Assert.Equal(
            [("expire-check-files", 1d), ("expire-recordings", 400d)],
            rules.Where(r => r.ContainsKey("expiration")).Select(r => ((string)r["id"], Convert.ToDouble(((ImmutableDictionary<string, object>)r["expiration"])["days"]))));
    }

    [Fact]
    public async Task At_the_buckets_root_a_tier_keeps_check_files_out_by_size_alone()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "tiers": [ { "afterDays": 90, "class": "cold" } ] } ] }
            """);

        var tier = LifecycleRules(deployment).Single(r => r.ContainsKey("transitions"));
        var filter = (ImmutableDictionary<string, object>)tier["filter"];
        Assert.Equal((double)StackPlanner.CheckFileMaxBytes, Convert.ToDouble(filter["objectSizeGreaterThan"]));
        Assert.False(filter.ContainsKey("and"));
        Assert.False(filter.ContainsKey("prefix"));
    }

    [Fact]
    public async Task A_created_log_bucket_is_hardened_lets_only_s3s_logging_service_write_this_buckets_logs_and_receives_them()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "accessLogs": "create" }"""), "prod");

        var logBucket = deployment.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-log-bucket");
        Assert.Equal((LogBucket, "eu-west-1", false), ((string)logBucket["bucket"], (string)logBucket["region"], (bool)logBucket["forceDestroy"]));
        var policy = (string)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-log-bucket-policy")["policy"];
        Assert.Equal(S3Grants.AccessLogBucketPolicy(LogBucket, "prod/rec-s3/", Bucket, CloudMocks.AwsAccountId), policy);
        using (var document = JsonDocument.Parse(policy))
        {
            var allowed = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray(), s => s.GetProperty("Effect").GetString() == "Allow");
            Assert.Equal(S3Grants.LoggingServicePrincipal, allowed.GetProperty("Principal").GetProperty("Service").GetString());
            Assert.Equal(CloudMocks.AwsAccountId, allowed.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString());
        }

        Assert.Equal(("AES256", null, false), DefaultEncryption(deployment, "rec-s3-log-bucket-encryption"));

        var logging = deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Logging), "rec-s3-logging");
        Assert.Equal((Bucket, LogBucket, "prod/rec-s3/"), ((string)logging["bucket"], (string)logging["targetBucket"], (string)logging["targetPrefix"]));

        // Logging waits for the log bucket's settings, and for the recording bucket's setting before it.
        var after = (await deployment.Single(PulumiTypes.Of(S3BucketSetting.Logging), "rec-s3-logging").DependsOnAsync()).Select(r => r.GetResourceName());
        Assert.Equal(["rec-s3-lifecycle", "rec-s3-log-bucket-encryption"], after.Order());
    }

    [Fact]
    public async Task A_production_log_bucket_is_kept_with_its_settings_and_an_ephemeral_one_is_deleted_with_its_logs_as_is_a_created_key()
    {
        var production = await PlannedDeployment.RunAsync(Storage("""{ "accessLogs": "create" }"""), "prod");
        var ephemeral = await PlannedDeployment.RunAsync("""
            { "production": false, "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy",
                                                   "encryptionKey": "create", "accessLogs": "create" } ] }
            """);

        var kept = production.Single(PulumiTypes.S3Bucket, "rec-s3-log-bucket").Options;
        Assert.Equal((true, true), (kept.RetainOnDelete, kept.Protect));
        Assert.All(production.Constructed.Where(c => c.Name.StartsWith("rec-s3-log-bucket-", StringComparison.Ordinal)), setting => Assert.True(setting.Options.RetainOnDelete));

        Assert.True((bool)ephemeral.Mocks.Of(PulumiTypes.S3Bucket, "rec-s3-log-bucket")["forceDestroy"]);
        Assert.All(
            ephemeral.Constructed.Where(c => c.Name.StartsWith("rec-s3-log-bucket", StringComparison.Ordinal) || c.Name == "rec-s3-key"),
            resource => Assert.Equal((false, false), (resource.Options.RetainOnDelete ?? false, resource.Options.Protect ?? false)));
    }

    [Fact]
    public async Task An_existing_log_bucket_receives_the_logs_and_the_stack_creates_no_bucket_or_policy_for_it()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "accessLogs": "acme-access-logs" }"""), "prod");

        Assert.Equal(["rec-s3-bucket"], deployment.OfType(PulumiTypes.S3Bucket).Select(b => b.Name));
        Assert.DoesNotContain(deployment.Constructed, c => c.Name.StartsWith("rec-s3-log-bucket", StringComparison.Ordinal));
        var logging = deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Logging), "rec-s3-logging");
        Assert.Equal(("acme-access-logs", "prod/rec-s3/"), ((string)logging["targetBucket"], (string)logging["targetPrefix"]));
        Assert.Equal(["rec-s3-lifecycle"], (await deployment.Single(PulumiTypes.Of(S3BucketSetting.Logging), "rec-s3-logging").DependsOnAsync()).Select(r => r.GetResourceName()));
    }

    [Fact]
    public async Task The_statement_the_owner_of_an_existing_log_bucket_merges_is_a_stack_output_naming_this_bucket_and_account()
    {
        var existing = await PlannedDeployment.OutputsAsync(Storage("""{ "accessLogs": "acme-access-logs" }"""), "prod");
        var created = await PlannedDeployment.OutputsAsync(Storage("""{ "accessLogs": "create" }"""), "prod");

        var statements = (IDictionary<string, object?>)existing["logBucketPolicyStatements"]!;
        Assert.Equal(
            S3Grants.AccessLogWriterStatement("acme-access-logs", "prod/rec-s3/", Bucket, CloudMocks.AwsAccountId, "rec-s3"),
            await OutputUtilities.GetValueAsync((Output<string>)statements["rec-s3"]!));
        Assert.Empty((IDictionary<string, object?>)created["logBucketPolicyStatements"]!);
    }

    /// <summary>An S3 storage in policy mode under <c>calls/</c>, with <paramref name="settings"/> added.</summary>
    private static string Storage(string settings) =>
        PlannedDeployment.OneStorage("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" }""", settings);

    private static (string Algorithm, string? KeyId, bool BucketKey) DefaultEncryption(PlannedDeployment deployment, string name)
    {
        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Encryption), name)["rules"]).Single();
        var byDefault = (ImmutableDictionary<string, object>)rule["applyServerSideEncryptionByDefault"];
        return ((string)byDefault["sseAlgorithm"], byDefault.GetValueOrDefault("kmsMasterKeyId") as string, (bool)rule["bucketKeyEnabled"]);
    }

    private static List<ImmutableDictionary<string, object>> LifecycleRules(PlannedDeployment deployment) =>
        [.. ((ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Lifecycle), "rec-s3-lifecycle")["rules"]).Cast<ImmutableDictionary<string, object>>()];
}
