using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>The probe against a real local S3 endpoint: what it provokes for real is a missing bucket and a region read.</summary>
public sealed class S3BucketProbeTests() : LocalServerTest<S3Server>(S3Server.StartAsync)
{
    [Fact]
    public async Task A_bucket_that_does_not_exist_is_found_missing()
    {
        using var client = Server.CreateClient();

        var facts = await new S3BucketProbe(client).GatherAsync("no-such-recordings", "video/", S3AccessMode.BucketPolicy, "us-east-1", TestContext.Current.CancellationToken);

        Assert.Equal("NoSuchBucket", facts.LookupErrorCode);
        Assert.Equal(FindingCodes.S3BucketMissing, Assert.Single(S3BucketAnalyzer.Analyze(facts)).Code);
    }

    [Fact]
    public async Task An_existing_bucket_reports_its_region_and_every_setting_read_or_unreadable()
    {
        var ct = TestContext.Current.CancellationToken;
        await Server.CreateBucketAsync("acme-recordings", ct);
        using var client = Server.CreateClient();

        var facts = await new S3BucketProbe(client).GatherAsync("acme-recordings", "video/", S3AccessMode.BucketPolicy, "eu-west-1", ct);

        Assert.Null(facts.LookupErrorCode);
        Assert.Equal(S3Server.Region, facts.Region);
        Assert.Contains(S3BucketAnalyzer.Analyze(facts), f => f.Code == FindingCodes.S3RegionMismatch);
    }
}
