using StorageRegistrar.Grants;
using static StackPlanning.Tests.PlannedStorages;

namespace StackPlanning.Tests;

/// <summary>
/// <c>unguessablePath</c>: a random folder the stack draws under the path. Refused where the stack draws nothing or the
/// owner would have to write the folder by hand; planned as a RandomId before anything that names the path, whose folder
/// the listing shows as <c>{random}</c> and the drawn plan places in the path, the grants and the lifecycle rules.
/// </summary>
public sealed class UnguessablePathTests
{
    private const string S3 = "\"name\": \"rec\", \"cloud\": \"s3\", \"region\": \"eu-west-1\"";
    private const string Folder = "00112233445566778899aabbccddeeff";

    /// <summary>(storages, key path, start of the message), refused by <see cref="BadConfigurationTests"/>.</summary>
    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { $$"""{ {{S3}}, "unguessablePath": "yes" }""", "storages[0].unguessablePath", "must be true or false" },
        { $$"""{ {{S3}}, "unguessablePath": 1 }""", "storages[0].unguessablePath", "must be true or false" },
        { $$"""{ {{S3}}, "unguesablePath": true }""", "storages[0].unguesablePath", "is not a known setting: did you mean \"unguessablePath\"?" },
        { $$"""{ {{S3}}, "existingBucket": "acme-calls", "bucketPolicy": "manual", "unguessablePath": true }""", "storages[0].unguessablePath", "cannot be used with existingBucket in authMode \"policy\"" },
        {
            """{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "unguessablePath": true }""",
            "storages[0].unguessablePath",
            "does not apply to cloud \"s3compatible\": the stack creates nothing at an S3-compatible store, so it draws no folder there"
        },
    };

    [Fact]
    public void The_folder_is_drawn_before_the_bucket_and_the_listing_names_it_where_the_path_is()
    {
        var plan = PlanOne<S3StoragePlan>($$"""{ {{S3}}, "path": "calls/", "unguessablePath": true, "retentionDays": 90 }""");
        var naming = ResourceNaming.Unresolved(null);

        var resources = plan.Resources(naming);

        Assert.Equal(
            [(PulumiTypes.AwsComponent, "rec"), (PulumiTypes.RandomId, "rec-folder"), (PulumiTypes.RandomId, "rec-suffix"), (PulumiTypes.S3Bucket, "rec-bucket")],
            resources.Take(4).Select(r => (r.Type, r.Name)));
        Assert.Contains("'calls/{random}/'", resources[1].Summary, StringComparison.Ordinal);
        Assert.Equal("calls/{random}/", ResourceListing.StreamPath(plan, naming));
        var policy = Assert.Single(resources, r => r.Type == PulumiTypes.Of(S3BucketSetting.BucketPolicy)).Document!.ToString();
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("dev-rec-{suffix}", "calls/{random}/"), policy);
        Assert.Contains("path 'calls/{random}/'", resources[^1].Summary, StringComparison.Ordinal);
        Assert.True(plan.TrustsEveryStreamApp);
    }

    [Fact]
    public void Drawing_moves_the_path_and_the_rules_on_its_objects_and_happens_once()
    {
        var plan = PlanOne<S3StoragePlan>($$"""{ {{S3}}, "path": "calls/", "unguessablePath": true, "retentionDays": 90 }""");

        var drawn = plan.Drawn(Folder);

        Assert.Equal(($"calls/{Folder}/", Folder), (drawn.Path, drawn.Folder));
        Assert.Equal(
            [("abort-incomplete-multipart-uploads", ""), ("expire-check-files", $"calls/{Folder}/stream-"), ("expire-noncurrent-versions", ""), ("expire-recordings", $"calls/{Folder}/")],
            drawn.Lifecycle.Select(r => (r.Id, r.Prefix)));
        Assert.Same(drawn, drawn.Drawn("ffffffffffffffffffffffffffffffff"));
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("b", $"calls/{Folder}/"), drawn.BucketPolicy("b"));
    }

    [Fact]
    public void At_the_root_the_drawn_folder_is_the_path_and_gcs_and_azure_grants_are_conditioned_to_it()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "gcs", "cloud": "gcs", "location": "EU", "unguessablePath": true },
            { "name": "abs", "cloud": "abs", "location": "westeurope", "unguessablePath": true },
            { "name": "plain", "cloud": "gcs", "location": "EU" }
            """));
        var gcs = Assert.IsType<GcsStoragePlan>(plan.Storages[0]).Drawn(Folder);
        var abs = Assert.IsType<AzureStoragePlan>(plan.Storages[1]).Drawn(Folder);

        Assert.Equal($"{Folder}/", gcs.Path);
        Assert.True(gcs.ScopesRoleToPath);
        Assert.Equal(GcsGrants.PathConditionExpression("bucket", $"{Folder}/"), gcs.RoleCondition("bucket"));
        Assert.Equal(AzureGrants.PathCondition($"{Folder}/", AzureGrants.WriteOnlyDataActions), abs.RoleCondition);
        Assert.True(((GcsStoragePlan)plan.Storages[0]).ScopesRoleToPath);
        Assert.Same(plan.Storages[2], plan.Storages[2].WithFolder(Folder));
    }
}
