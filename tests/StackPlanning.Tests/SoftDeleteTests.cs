using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StackPlanning.Tests;

/// <summary>
/// <c>softDeleteDays</c>: how long the buckets a GCS storage's stack creates keep deleted objects restorable, set on each
/// of them (the log bucket too), and the blob service of the account an Azure storage's stack creates (a week unless
/// set), shown in the plan and read by preflight; refused elsewhere on its key path.
/// </summary>
public sealed class SoftDeleteTests
{
    private const string Gcs = """{ "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "accessLogs": "create", "softDeleteDays": 30 }""";

    [Theory]
    [InlineData(30, "soft-deleted objects kept 30 days", 30L * 86400)]
    [InlineData(0, "soft delete off", 0L)]
    public void Every_bucket_the_stack_creates_gets_the_duration_and_preflight_judges_it(int days, string described, long seconds)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Gcs.Replace("30", $"{days}", StringComparison.Ordinal)));

        var gcs = Assert.IsType<GcsStoragePlan>(Assert.Single(plan.Storages));
        Assert.Equal((days, seconds), (gcs.SoftDeleteDays, gcs.SoftDeleteSeconds));
        var buckets = gcs.Resources(new ResourceNaming("9f8e7d6c")).Where(r => r.Type == PulumiTypes.GcsBucket).ToList();
        Assert.Equal(["rec-gcs-log-bucket", "rec-gcs-bucket"], buckets.Select(b => b.Name));
        Assert.All(buckets, bucket => Assert.Contains($", {described}", bucket.Summary, StringComparison.Ordinal));
        var target = Assert.IsType<GcpPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));
        Assert.Equal(seconds, target.SoftDeleteSeconds);
    }

    [Fact]
    public void Without_it_the_buckets_get_cloud_storages_default_and_the_plan_says_nothing_of_it()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Gcs.Replace(""", "softDeleteDays": 30""", "", StringComparison.Ordinal)));

        var gcs = Assert.IsType<GcsStoragePlan>(Assert.Single(plan.Storages));
        Assert.Null(gcs.SoftDeleteSeconds);
        Assert.DoesNotContain(gcs.Resources(new ResourceNaming("9f8e7d6c")), r => r.Summary.Contains("soft", StringComparison.Ordinal));
        Assert.Null(Assert.IsType<GcpPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null))).SoftDeleteSeconds);
    }

    /// <summary>The write-only role may overwrite a blob: soft delete keeps the earlier content, unless turned off.</summary>
    [Theory]
    [InlineData(null, 7, "blob soft delete: a deleted or overwritten blob restorable for 7 days")]
    [InlineData(30, 30, "blob soft delete: a deleted or overwritten blob restorable for 30 days")]
    [InlineData(0, 0, "blob soft delete off")]
    public void The_account_an_azure_storage_creates_keeps_deleted_and_overwritten_blobs_a_week_unless_told(int? set, int days, string described)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(
            $$"""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope"{{(set is { } value ? $", \"softDeleteDays\": {value}" : "")}} }"""));

        var abs = Assert.IsType<AzureStoragePlan>(Assert.Single(plan.Storages));
        Assert.Equal(days, abs.SoftDeleteDays);
        // Off is set as off, so that 0 turns off what an earlier run turned on.
        var blobService = abs.Resources(new ResourceNaming("9f8e7d6c")).Single(r => r.Type == PulumiTypes.AzureBlobServiceProperties);
        Assert.Equal(described, blobService.Summary);
        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));
        Assert.Equal(days, target.BlobSoftDeleteDays);
    }

    [Fact]
    public void An_existing_container_keeps_its_accounts_soft_delete()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmecalls", "resourceGroup": "rg", "path": "stream/" }"""));

        var abs = Assert.IsType<AzureStoragePlan>(Assert.Single(plan.Storages));
        Assert.Null(abs.SoftDeleteDays);
        Assert.DoesNotContain(abs.Resources(new ResourceNaming("9f8e7d6c")), r => r.Type == PulumiTypes.AzureBlobServiceProperties);
    }

    [Theory]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "softDeleteDays": 3 }""", "is 3 days, but Cloud Storage keeps soft-deleted objects 7 to 90 days: set one of those, or 0 to turn soft delete off.")]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "softDeleteDays": 91 }""", "must be a whole number of days from 0 to 90.")]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "softDeleteDays": "7d" }""", "must be a whole number of days from 0 to 90.")]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-archive", "softDeleteDays": 7 }""", "shapes only buckets and accounts the stack creates; existingBucket keeps the soft delete policy its owner set")]
    [InlineData("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "softDeleteDays": 7 }""", "does not apply to cloud \"s3\": S3 has no soft delete")]
    [InlineData("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "softDeleteDays": 366 }""", "must be a whole number of days from 0 to 365.")]
    [InlineData("""{ "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmecalls", "resourceGroup": "rg", "path": "stream/", "softDeleteDays": 7 }""", "shapes only buckets and accounts the stack creates")]
    public void A_duration_cloud_storage_does_not_take_or_a_bucket_the_stack_does_not_create_is_refused_on_its_key(string storage, string message)
    {
        ConfigRefusal.AssertRefusedOnlyAt(StackInputs.WithStorages(storage), "storages[0].softDeleteDays", message);
    }
}
