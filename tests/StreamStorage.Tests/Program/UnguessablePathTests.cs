using Pulumi;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

/// <summary>
/// <c>unguessablePath</c>: the program draws a folder (a RandomId of 16 bytes) before anything naming the path, and Stream's
/// registration, its grant and the lifecycle rules on the path's objects name <c>path/FOLDER/</c>; bucket-wide rules stay so.
/// </summary>
[Collection(PulumiDeployments.Name)]
public sealed class UnguessablePathTests
{
    private const string DrawnPath = $"calls/{CloudMocks.Folder}/";

    [Fact]
    public async Task S3_registers_grants_and_expires_check_files_in_the_drawn_folder()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "unguessablePath": true, "retentionDays": 365 } ] }
            """, "prod");

        Assert.Equal(16, Convert.ToInt32(deployment.Mocks.Of(PulumiTypes.RandomId, "rec-s3-folder")["byteLength"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DrawnPath, deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-s3")["path"]);
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("prod-rec-s3-0a1b2c3d", DrawnPath), deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy")["policy"]);
        var prefixes = ((ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Lifecycle), "rec-s3-lifecycle")["rules"])
            .Cast<ImmutableDictionary<string, object>>()
            .ToDictionary(r => (string)r["id"], r => Prefix((ImmutableDictionary<string, object>)r["filter"]));
        Assert.Equal("", prefixes["abort-incomplete-multipart-uploads"]);
        Assert.Equal($"{DrawnPath}stream-", prefixes["expire-check-files"]);
        Assert.Equal(DrawnPath, prefixes["expire-recordings"]);
    }

    [Fact]
    public async Task Gcs_conditions_the_writers_role_to_the_drawn_folder_even_at_the_buckets_root()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "unguessablePath": true, "retentionDays": 90 } ] }
            """);

        var folder = $"{CloudMocks.Folder}/";
        Assert.Equal(folder, deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-gcs")["path"]);
        var condition = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.GcsBucketIamMember, "rec-gcs-writer-access")["condition"];
        Assert.Equal(GcsGrants.PathConditionExpression("dev-rec-gcs-0a1b2c3d", folder), condition["expression"]);
        var rules = (ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.GcsBucket, "rec-gcs-bucket")["lifecycleRules"];
        Assert.Contains(rules.Cast<ImmutableDictionary<string, object>>(), r =>
            ((ImmutableDictionary<string, object>)r["condition"]).TryGetValue("matchesPrefixes", out var matches) && ((ImmutableArray<object>)matches).Single() is $"{CloudMocks.Folder}/stream-");
        // Recordings at the bucket's root expire only in the folder, which the unguessable path puts before them.
        Assert.Contains(rules.Cast<ImmutableDictionary<string, object>>(), r =>
            ((ImmutableDictionary<string, object>)r["condition"]).TryGetValue("matchesPrefixes", out var matches) && (string)((ImmutableArray<object>)matches).Single() == folder);
    }

    [Fact]
    public async Task Azure_holds_the_role_assignment_and_the_tiers_to_the_drawn_folder()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "unguessablePath": true,
                              "tiers": [ { "afterDays": 30, "class": "infrequent" } ] } ] }
            """);

        Assert.Equal(DrawnPath, deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-abs")["path"]);
        var access = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-writer-access");
        Assert.Equal(AzureGrants.PathCondition(DrawnPath, AzureGrants.WriteOnlyDataActions), access["condition"]);
        var policy = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.AzureManagementPolicy, "rec-abs-lifecycle")["policy"];
        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)policy["rules"]).Single();
        var filters = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)rule["definition"])["filters"];
        Assert.Equal([$"recordings/{DrawnPath}"], ((ImmutableArray<object>)filters["prefixMatch"]).Cast<string>());
    }

    [Fact]
    public async Task S3_tiers_at_the_buckets_root_move_only_the_drawn_folders_recordings()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "unguessablePath": true, "tiers": [ { "afterDays": 30, "class": "infrequent" } ] } ] }
            """);

        var tier = ((ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.Of(S3BucketSetting.Lifecycle), "rec-s3-lifecycle")["rules"])
            .Cast<ImmutableDictionary<string, object>>()
            .Single(r => ((string)r["id"]).StartsWith("tier-", StringComparison.Ordinal));
        var and = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)tier["filter"])["and"];
        Assert.Equal($"{CloudMocks.Folder}/", and["prefix"]);
        Assert.True(and.ContainsKey("objectSizeGreaterThan"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_drawn_folder_is_a_secret_wherever_it_goes_so_that_previews_and_outputs_do_not_print_it(bool unguessable)
    {
        var config = $$"""{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "unguessablePath": {{(unguessable ? "true" : "false")}} } ] }""";

        var deployment = await PlannedDeployment.RunAsync(config);
        var outputs = await PlannedDeployment.OutputsAsync(config);

        var registration = (ExternalStorageArgs)deployment.Single(PulumiTypes.ExternalStorage, "rec-s3").Args;
        Assert.Equal(unguessable, await Output.IsSecretAsync(registration.Path!.ToOutput()));
        var policy = (Pulumi.Aws.S3.BucketPolicyArgs)deployment.Single(PulumiTypes.Of(S3BucketSetting.BucketPolicy), "rec-s3-policy").Args;
        Assert.Equal(unguessable, await Output.IsSecretAsync(policy.Policy.ToOutput()));
        var consoleUrl = (Output<string>)((IDictionary<string, object?>)outputs["consoleUrls"]!)["rec-s3"]!;
        Assert.Equal(unguessable, await Output.IsSecretAsync(consoleUrl));
    }

    private static string Prefix(ImmutableDictionary<string, object> filter) =>
        (string)(filter.TryGetValue("and", out var and) ? ((ImmutableDictionary<string, object>)and)["prefix"] : filter["prefix"]);
}
