using Pulumi;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

[Collection(PulumiDeployments.Name)]
public sealed class GcpRecordingStorageTests
{
    private const string Config = """
        { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "retentionDays": 365 } ],
          "tags": { "team": "video" } }
        """;

    [Fact]
    public async Task The_bucket_has_uniform_access_enforced_public_access_prevention_versioning_and_lifecycle()
    {
        var deployment = await PlannedDeployment.RunAsync(Config, "prod");

        var bucket = deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket");
        Assert.Equal("prod-rec-gcs-0a1b2c3d", bucket["name"]);
        Assert.Equal(("acme-video", "EU"), (bucket["project"], bucket["location"]));
        Assert.True((bool)bucket["uniformBucketLevelAccess"]);
        Assert.Equal("enforced", bucket["publicAccessPrevention"]);
        Assert.True((bool)((ImmutableDictionary<string, object>)bucket["versioning"])["enabled"]);
        Assert.False((bool)bucket["forceDestroy"]);
        Assert.Equal(
            ["stream-storage=rec-gcs", "team=video"],
            ((ImmutableDictionary<string, object>)bucket["labels"]).Select(l => $"{l.Key}={l.Value}").Order());

        var rules = ((ImmutableArray<object>)bucket["lifecycleRules"]).Cast<ImmutableDictionary<string, object>>().ToList();
        Assert.Equal(
            ["AbortIncompleteMultipartUpload", "Delete", "Delete", "Delete"],
            rules.Select(r => ((ImmutableDictionary<string, object>)r["action"])["type"]));
        var checkFiles = (ImmutableDictionary<string, object>)rules[1]["condition"];
        Assert.Equal(["calls/stream-"], (ImmutableArray<object>)checkFiles["matchesPrefixes"]);
        Assert.Equal([".md"], (ImmutableArray<object>)checkFiles["matchesSuffixes"]);
        var recordings = (ImmutableDictionary<string, object>)rules[3]["condition"];
        Assert.Equal(365d, recordings["age"]);

        var options = deployment.Single(PulumiTypes.GcsBucket, "rec-gcs-bucket").Options;
        Assert.Equal((true, true), (options.Protect, options.RetainOnDelete));
    }

    [Fact]
    public async Task A_storage_that_opts_in_lifts_both_key_constraints_on_its_project_only_before_the_key()
    {
        var deployment = await PlannedDeployment.RunAsync("""{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "keyCreationException": true } ] }""");

        var policies = deployment.OfType(PulumiTypes.GcpOrgPolicy).ToList();
        Assert.Equal(["rec-gcs-key-creation-exception", "rec-gcs-managed-key-creation-exception"], policies.Select(p => p.Name));
        foreach (var (policy, constraint) in policies.Zip(["iam.disableServiceAccountKeyCreation", "iam.managed.disableServiceAccountKeyCreation"]))
        {
            var inputs = deployment.Mocks.Of(policy.Type, policy.Name);
            Assert.Equal(("projects/acme-video", $"projects/acme-video/policies/{constraint}"), (inputs["parent"], inputs["name"]));
            var rule = (ImmutableDictionary<string, object>)Assert.Single((ImmutableArray<object>)((ImmutableDictionary<string, object>)inputs["spec"])["rules"]);
            Assert.Equal("FALSE", rule["enforce"]);
        }

        var waitsFor = await deployment.Single(PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key").DependsOnAsync();
        Assert.Equal(policies.Select(p => p.Resource), waitsFor);
    }

    [Fact]
    public async Task Another_storage_of_the_same_project_makes_its_key_after_that_exception_wherever_it_stands_in_the_stack()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [
              { "name": "rec-gcs-2", "cloud": "gcs", "project": "acme-video", "location": "EU" },
              { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "keyCreationException": true },
              { "name": "rec-gcs-3", "cloud": "gcs", "project": "acme-archive", "location": "EU" } ] }
            """);

        var policies = deployment.OfType(PulumiTypes.GcpOrgPolicy).Select(p => p.Resource).ToList();
        Assert.Equal(2, policies.Count);
        Assert.Equal(policies, await deployment.Single(PulumiTypes.GcpServiceAccountKey, "rec-gcs-2-writer-key").DependsOnAsync());
        Assert.Equal(policies, await deployment.Single(PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key").DependsOnAsync());
        Assert.Empty(await deployment.Single(PulumiTypes.GcpServiceAccountKey, "rec-gcs-3-writer-key").DependsOnAsync());
    }

    [Fact]
    public async Task Without_the_opt_in_no_policy_is_made_and_the_key_waits_for_nothing()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        Assert.Empty(deployment.OfType(PulumiTypes.GcpOrgPolicy));
        Assert.Empty(await deployment.Single(PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key").DependsOnAsync());
    }

    [Fact]
    public async Task Streams_service_account_may_only_create_objects_under_the_path_in_this_bucket()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        Assert.Equal("stream-rec-gcs-0a1b2c3d", deployment.Mocks.Of(PulumiTypes.GcpServiceAccount, "rec-gcs-writer")["accountId"]);
        var member = Assert.Single(deployment.OfType(PulumiTypes.GcsBucketIamMember));
        var inputs = deployment.Mocks.Of(member.Type, member.Name);
        Assert.Equal(GcsGrants.ObjectCreatorRole, inputs["role"]);
        Assert.Equal("dev-rec-gcs-0a1b2c3d", inputs["bucket"]);
        Assert.Equal("serviceAccount:stream-rec-gcs-0a1b2c3d@acme.iam.gserviceaccount.com", inputs["member"]);
        var condition = (ImmutableDictionary<string, object>)inputs["condition"];
        Assert.Equal(GcsGrants.PathConditionExpression("dev-rec-gcs-0a1b2c3d", "calls/"), condition["expression"]);
        Assert.DoesNotContain(deployment.Constructed, c => c.Type.StartsWith("gcp:projects/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_gets_the_decoded_key_file_as_a_secret_after_the_grant()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-gcs");
        Assert.Equal(("gcs", "dev-rec-gcs-0a1b2c3d", "calls/"), (registration["storageType"], registration["bucket"], registration["path"]));
        Assert.Equal(CloudMocks.KeyFile, registration["gcsCredentials"]);
        var args = (ExternalStorageArgs)deployment.Single(PulumiTypes.ExternalStorage, "rec-gcs").Args;
        Assert.True(await Output.IsSecretAsync(args.GcsCredentials!.ToOutput()));
        var after = (await deployment.Single(PulumiTypes.ExternalStorage, "rec-gcs").DependsOnAsync()).Select(r => r.GetResourceName());
        Assert.Equal(["rec-gcs-writer-access", "rec-gcs-writer-key"], after.Order());
    }

    [Theory]
    [InlineData("compliance", 2555, "220752000", true)]
    [InlineData("governance", 36525, "3155760000", false)]
    public async Task A_locked_bucket_gets_a_retention_policy_in_seconds_locked_in_compliance_mode(string mode, int days, string seconds, bool locked)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "path": "calls/", "immutability": { "days": {{days}}, "mode": "{{mode}}" } } ] }
            """, "prod");

        var bucket = deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket");
        var policy = (ImmutableDictionary<string, object>)bucket["retentionPolicy"];
        Assert.Equal((seconds, locked), (policy["retentionPeriod"], policy["isLocked"]));
        Assert.False((bool)((ImmutableDictionary<string, object>)bucket["versioning"])["enabled"]);
    }

    [Fact]
    public async Task Without_a_lock_or_on_an_existing_bucket_the_stack_sets_no_retention_policy()
    {
        var unlocked = await PlannedDeployment.RunAsync(Config);
        var existing = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-media", "path": "stream/", "immutability": { "days": 30, "mode": "compliance" } } ] }
            """, "prod");

        Assert.False(unlocked.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket").ContainsKey("retentionPolicy"));
        Assert.Empty(existing.OfType(PulumiTypes.GcsBucket));
    }

    [Theory]
    [InlineData(30, 2592000)]
    [InlineData(0, 0)]
    public async Task Soft_delete_is_set_in_seconds_on_every_bucket_the_stack_creates_the_log_bucket_too(int days, int seconds)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "path": "calls/", "accessLogs": "create", "softDeleteDays": {{days}} } ] }
            """, "prod");

        foreach (var name in new[] { "rec-gcs-bucket", "rec-gcs-log-bucket" })
        {
            var policy = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.GcsBucket, name)["softDeletePolicy"];
            Assert.Equal((double)seconds, policy["retentionDurationSeconds"]);
        }
    }

    [Fact]
    public async Task Without_softDeleteDays_the_buckets_keep_cloud_storages_default_and_the_stack_sends_no_policy()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "path": "calls/", "accessLogs": "create" } ] }
            """, "prod");

        var buckets = deployment.OfType(PulumiTypes.GcsBucket).Select(b => b.Name).ToList();
        Assert.Equal(["rec-gcs-bucket", "rec-gcs-log-bucket"], buckets.Order());
        Assert.All(buckets, bucket => Assert.False(deployment.Mocks.Of(PulumiTypes.GcsBucket, bucket).ContainsKey("softDeletePolicy")));
    }
}
