using Pulumi;
using Pulumi.Utilities;
using StreamStorage.Gcp;

namespace StreamStorage.Tests.Program;

/// <summary>A GCS storage's customer-managed key, storage tiers and access logs, as the program creates them from the plan.</summary>
[Collection(PulumiDeployments.Name)]
public sealed class GcpKeysTiersAccessLogsTests
{
    private const string Bucket = "prod-rec-gcs-0a1b2c3d";
    private const string ExistingKey = "projects/acme-keys/locations/europe/keyRings/recordings/cryptoKeys/recordings";

    private static readonly string ServiceAgent = $"serviceAccount:{CloudMocks.ServiceAgentEmail}";

    [Fact]
    public async Task A_created_key_in_the_buckets_location_rotates_yearly_and_the_service_agent_may_use_it_before_the_bucket_names_it()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "encryptionKey": "create" }"""), "prod");

        var ring = deployment.Mocks.Of(PulumiTypes.GcpKeyRing, "rec-gcs-key-ring");
        Assert.Equal(("prod-rec-gcs-0a1b2c3d", "europe", "acme-video"), ((string)ring["name"], (string)ring["location"], (string)ring["project"]));
        const string KeyId = "projects/acme-video/locations/europe/keyRings/prod-rec-gcs-0a1b2c3d/cryptoKeys/recordings";
        var key = deployment.Mocks.Of(PulumiTypes.GcpCryptoKey, "rec-gcs-key");
        Assert.Equal(("recordings", "31536000s"), ((string)key["name"], (string)key["rotationPeriod"]));

        var user = deployment.Mocks.Of(PulumiTypes.GcpCryptoKeyIamMember, "rec-gcs-key-user");
        Assert.Equal((KeyId, GcsGrants.KmsKeyRole, ServiceAgent), ((string)user["cryptoKeyId"], (string)user["role"], (string)user["member"]));

        var bucket = deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket");
        Assert.Equal(KeyId, ((ImmutableDictionary<string, object>)bucket["encryption"])["defaultKmsKeyName"]);
        Assert.Equal(["rec-gcs-key-user"], (await deployment.Single(PulumiTypes.GcsBucket, "rec-gcs-bucket").DependsOnAsync()).Select(r => r.GetResourceName()));

        // The key outlives the stack with the recordings it encrypts.
        var options = deployment.Single(PulumiTypes.GcpCryptoKey, "rec-gcs-key").Options;
        Assert.Equal((true, true), (options.RetainOnDelete, options.Protect));
    }

    [Fact]
    public async Task An_existing_key_is_the_buckets_default_key_once_the_service_agent_may_use_it()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage($$"""{ "encryptionKey": "{{ExistingKey}}" }"""), "prod");

        Assert.Empty(deployment.OfType(PulumiTypes.GcpKeyRing));
        Assert.Empty(deployment.OfType(PulumiTypes.GcpCryptoKey));
        var user = deployment.Mocks.Of(PulumiTypes.GcpCryptoKeyIamMember, "rec-gcs-key-user");
        Assert.Equal((ExistingKey, ServiceAgent), ((string)user["cryptoKeyId"], (string)user["member"]));
        Assert.Equal(ExistingKey, ((ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket")["encryption"])["defaultKmsKeyName"]);
    }

    [Fact]
    public async Task Tiers_set_the_storage_class_of_recordings_under_the_path_and_only_the_planned_expiries_delete()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""
            { "retentionDays": 400, "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "ARCHIVE" } ] }
            """), "prod");

        var rules = ((ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket")["lifecycleRules"]).Cast<ImmutableDictionary<string, object>>().ToList();
        var actions = rules.Select(r => (ImmutableDictionary<string, object>)r["action"]).ToList();
        Assert.Equal(["AbortIncompleteMultipartUpload", "Delete", "Delete", "SetStorageClass", "SetStorageClass", "Delete"], actions.Select(a => a["type"]));
        var tiers = rules.Where(r => (string)((ImmutableDictionary<string, object>)r["action"])["type"] == "SetStorageClass").ToList();
        Assert.Equal(
            [("NEARLINE", 30d), ("ARCHIVE", 90d)],
            tiers.Select(r => ((string)((ImmutableDictionary<string, object>)r["action"])["storageClass"], Convert.ToDouble(((ImmutableDictionary<string, object>)r["condition"])["age"]))));
        Assert.All(tiers, tier => Assert.Equal(["calls/"], (ImmutableArray<object>)((ImmutableDictionary<string, object>)tier["condition"])["matchesPrefixes"]));
        Assert.Equal(400d, Convert.ToDouble(((ImmutableDictionary<string, object>)rules[^1]["condition"])["age"]));
    }

    /// <summary>What each of the plan's lifecycle actions is on GCS; an action missing here fails the test below.</summary>
    private static readonly Dictionary<LifecycleAction, string> GcsActions = new()
    {
        [LifecycleAction.AbortIncompleteMultipartUpload] = "AbortIncompleteMultipartUpload",
        [LifecycleAction.ExpireNoncurrentVersions] = "Delete",
        [LifecycleAction.ExpireCheckFiles] = "Delete",
        [LifecycleAction.ExpireRecordings] = "Delete",
        [LifecycleAction.TransitionRecordings] = "SetStorageClass",
    };

    public static TheoryData<LifecycleAction> LifecycleActions
    {
        get
        {
            var actions = new TheoryData<LifecycleAction>();
            foreach (var action in Enum.GetValues<LifecycleAction>())
            {
                actions.Add(action);
            }

            return actions;
        }
    }

    [Theory]
    [MemberData(nameof(LifecycleActions))]
    public async Task Every_lifecycle_action_has_its_own_gcs_action_and_a_transition_is_never_a_delete(LifecycleAction action)
    {
        var plan = (GcsStoragePlan)PlannedDeployment.Plan(Storage("{}"), "dev").Storages.Single() with { Lifecycle = [new LifecycleRule("rule", action, 30, "calls/", StorageClass: "COLDLINE")] };
        var rule = Assert.Single(GcsLifecycle.Rules(plan, Output.Create(plan)));

        var mapped = await OutputUtilities.GetValueAsync(rule.Action.ToOutput());
        Assert.Equal(GcsActions[action], await OutputUtilities.GetValueAsync(mapped.Type.ToOutput()));
    }

    [Fact]
    public async Task Usage_logs_go_to_a_created_log_bucket_under_the_storages_prefix_once_cloud_storage_may_write_there()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "accessLogs": "create" }"""), "prod");

        var logBucket = deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-log-bucket");
        Assert.Equal(
            ("prod-rec-gcs-logs-0a1b2c3d", "EU", "acme-video", true, "enforced", false),
            ((string)logBucket["name"], (string)logBucket["location"], (string)logBucket["project"], (bool)logBucket["uniformBucketLevelAccess"], (string)logBucket["publicAccessPrevention"], (bool)logBucket["forceDestroy"]));
        var kept = deployment.Single(PulumiTypes.GcsBucket, "rec-gcs-log-bucket").Options;
        Assert.Equal((true, true), (kept.RetainOnDelete, kept.Protect));

        var writer = deployment.Mocks.Of(PulumiTypes.GcsBucketIamMember, "rec-gcs-log-writer");
        Assert.Equal(("prod-rec-gcs-logs-0a1b2c3d", GcsGrants.ObjectCreatorRole, GcsGrants.UsageLogsWriterMember), ((string)writer["bucket"], (string)writer["role"], (string)writer["member"]));
        var logging = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket")["logging"];
        Assert.Equal(("prod-rec-gcs-logs-0a1b2c3d", "prod/rec-gcs/"), ((string)logging["logBucket"], (string)logging["logObjectPrefix"]));
        Assert.Equal(["rec-gcs-log-writer"], (await deployment.Single(PulumiTypes.GcsBucket, "rec-gcs-bucket").DependsOnAsync()).Select(r => r.GetResourceName()));
        Assert.Empty(deployment.OfType(PulumiTypes.GcpAuditConfig));
    }

    [Fact]
    public async Task Usage_logs_go_to_an_existing_log_bucket_where_cloud_storage_is_granted_and_an_ephemeral_log_bucket_goes_with_its_logs()
    {
        var existing = await PlannedDeployment.RunAsync(Storage("""{ "accessLogs": "acme-access-logs" }"""), "prod");
        var ephemeral = await PlannedDeployment.RunAsync("""
            { "production": false, "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "dataProtection": "forceDestroy", "accessLogs": "create" } ] }
            """);

        Assert.Equal(["rec-gcs-bucket"], existing.OfType(PulumiTypes.GcsBucket).Select(b => b.Name));
        Assert.Equal("acme-access-logs", existing.Mocks.Of(PulumiTypes.GcsBucketIamMember, "rec-gcs-log-writer")["bucket"]);
        Assert.Equal("acme-access-logs", ((ImmutableDictionary<string, object>)existing.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket")["logging"])["logBucket"]);

        Assert.True((bool)ephemeral.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-log-bucket")["forceDestroy"]);
        var scratch = ephemeral.Single(PulumiTypes.GcsBucket, "rec-gcs-log-bucket").Options;
        Assert.Equal((false, false), (scratch.RetainOnDelete, scratch.Protect));
    }

    [Theory]
    [InlineData("""{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "accessLogs": "auditLogs" } ] }""", "acme-video", true)]
    [InlineData("""{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "accessLogs": "auditLogs" } ] }""", CloudMocks.DefaultProject, true)]
    [InlineData("""{ "production": false, "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "dataProtection": "forceDestroy", "accessLogs": "auditLogs" } ] }""", CloudMocks.DefaultProject, false)]
    public async Task Audit_logs_turn_on_data_access_logs_for_cloud_storage_in_the_project_left_on_unless_the_stack_is_ephemeral(string config, string project, bool keptOnDestroy)
    {
        var deployment = await PlannedDeployment.RunAsync(config, "prod");

        var audit = deployment.Mocks.Of(PulumiTypes.GcpAuditConfig, "rec-gcs-audit-logs");
        Assert.Equal((project, GcsGrants.StorageService), ((string)audit["project"], (string)audit["service"]));
        Assert.Equal(GcsGrants.DataAccessLogTypes, ((ImmutableArray<object>)audit["auditLogConfigs"]).Cast<ImmutableDictionary<string, object>>().Select(c => (string)c["logType"]));
        Assert.Equal(keptOnDestroy, deployment.Single(PulumiTypes.GcpAuditConfig, "rec-gcs-audit-logs").Options.RetainOnDelete);
        Assert.DoesNotContain(deployment.Constructed, c => c.Name is "rec-gcs-log-bucket" or "rec-gcs-log-writer");
    }

    [Theory]
    [InlineData("create", "create", false, false)]
    [InlineData(ExistingKey, "acme-access-logs", true, true)]
    public async Task An_ephemeral_stack_deletes_its_grants_but_never_one_on_a_key_or_log_bucket_it_does_not_own(string key, string logs, bool keyGrantKept, bool logWriterKept)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "production": false, "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "dataProtection": "forceDestroy", "encryptionKey": "{{key}}", "accessLogs": "{{logs}}" } ] }
            """);

        Assert.Equal(
            (keyGrantKept, logWriterKept),
            (deployment.Single(PulumiTypes.GcpCryptoKeyIamMember, "rec-gcs-key-user").Options.RetainOnDelete ?? false,
             deployment.Single(PulumiTypes.GcsBucketIamMember, "rec-gcs-log-writer").Options.RetainOnDelete ?? false));
    }

    [Fact]
    public async Task A_kept_bucket_keeps_the_grants_its_key_and_logs_need()
    {
        var deployment = await PlannedDeployment.RunAsync(Storage("""{ "encryptionKey": "create", "accessLogs": "create" }"""), "prod");

        Assert.True(deployment.Single(PulumiTypes.GcpCryptoKeyIamMember, "rec-gcs-key-user").Options.RetainOnDelete);
        Assert.True(deployment.Single(PulumiTypes.GcsBucketIamMember, "rec-gcs-log-writer").Options.RetainOnDelete);
    }

    /// <summary>A GCS storage in project acme-video under <c>calls/</c>, with <paramref name="settings"/> added.</summary>
    private static string Storage(string settings) =>
        PlannedDeployment.OneStorage("""{ "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/" }""", settings);
}
