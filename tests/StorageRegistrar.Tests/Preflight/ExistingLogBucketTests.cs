using System.Net;
using LocalWorld;
using StackPlanning.Guardrails;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// An existing S3 log bucket, read by preflight's own checkers with the owner's S3 client from the local AWS stand-in,
/// which describes the owner's buckets as a guardrails file says: its region and its Object Lock default retention,
/// which S3 holds a logging target to.
/// </summary>
public sealed class ExistingLogBucketTests
{
    private const string SameRegion = "acme-logs-eu";
    private const string OtherRegion = "acme-logs-us";
    private const string Retained = "acme-logs-locked";

    private static readonly GuardrailsFile Described = new()
    {
        Aws = new AwsGuardrailSettings
        {
            ExistingBuckets =
            [
                new(SameRegion, "eu-west-1", DefaultRetention: null),
                new(OtherRegion, S3ExistingBucket.DefaultRegion, DefaultRetention: null),
                new(Retained, "eu-west-1", new BucketLock(90, Irreversible: false)),
            ],
        },
    };

    [Fact]
    public async Task A_log_bucket_in_the_recordings_region_without_a_default_retention_meets_it_from_one_read_of_each()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogBucketCheckAsync(servers, SameRegion);

        Assert.Equal(PreflightOutcome.Met, check.Outcome);
        Assert.Contains($"Log bucket '{SameRegion}' is in eu-west-1, as the recordings' bucket, with no Object Lock default retention", check.Message, StringComparison.Ordinal);
        Assert.Null(check.Fix);
        var reads = servers.Aws.Requests.Where(r => r.Operation is AwsGuardrailServer.GetBucketLocation or AwsGuardrailServer.GetObjectLockConfiguration).ToList();
        Assert.Equal([AwsGuardrailServer.GetBucketLocation, AwsGuardrailServer.GetObjectLockConfiguration], reads.Select(r => r.Operation));
        Assert.All(reads, r => Assert.Contains("/eu-west-1/s3/aws4_request", r.Authorization, StringComparison.Ordinal));
    }

    /// <summary>Each fact S3 refuses a logging target for blocks, with its own way out; the Object Lock configuration is read in the log bucket's region.</summary>
    [Theory]
    [InlineData(OtherRegion, "us-east-1", "Log bucket 'acme-logs-us' is in us-east-1, the recordings' bucket in eu-west-1: S3 delivers server access logs only to a bucket of the source bucket's region, and refuses the logging configuration (403 CrossLocationLoggingProhibited).", "Name a log bucket in eu-west-1 (accessLogs: BUCKET), or set accessLogs: create to have the stack make one there.")]
    [InlineData(Retained, "eu-west-1", "Log bucket 'acme-logs-locked' has an Object Lock default retention (90 days, governance mode): S3 takes no logging target with one", "Have its owner remove the default retention, keeping Object Lock on (aws s3api put-object-lock-configuration --bucket acme-logs-locked --object-lock-configuration ObjectLockEnabled=Enabled)")]
    public async Task A_log_bucket_s3_refuses_as_a_logging_target_blocks_with_the_way_out(string logBucket, string readIn, string refusal, string fix)
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogBucketCheckAsync(servers, logBucket);

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.StartsWith(refusal, check.Message, StringComparison.Ordinal);
        Assert.EndsWith("pulumi up would stop at the bucket's logging, its last setting, after the bucket and its other settings are made.", check.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, check.Fix, StringComparison.Ordinal);
        Assert.Equal(ExistingBucketGuardrails.S3LogBucket.GrantedBy, check.GrantedBy);
        var lockRead = Assert.Single(servers.Aws.Requests, r => r.Operation == AwsGuardrailServer.GetObjectLockConfiguration);
        Assert.Contains($"/{readIn}/s3/aws4_request", lockRead.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_region_read_is_not_examined_unless_the_retention_read_already_refuses_the_bucket()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);
        var denied = AwsGuardrailServer.S3Error("AccessDenied", "User: deployer is not authorized to perform: s3:GetBucketLocation");
        servers.Aws.Fail(AwsGuardrailServer.GetBucketLocation, HttpStatusCode.Forbidden, denied).Fail(AwsGuardrailServer.GetBucketLocation, HttpStatusCode.Forbidden, denied);

        var unread = await LogBucketCheckAsync(servers, SameRegion);
        var retained = await LogBucketCheckAsync(servers, Retained);

        Assert.Equal(PreflightOutcome.NotExamined, unread.Outcome);
        Assert.Equal($"Log bucket '{SameRegion}': its region could not be read (AccessDenied), so whether S3 takes it as the logging target is not known.", unread.Message);
        Assert.Equal($"Run preflight with credentials allowed s3:GetBucketLocation and s3:GetBucketObjectLockConfiguration on the log bucket '{SameRegion}'.", unread.Fix);
        Assert.Equal("the log bucket's owner", unread.GrantedBy);
        Assert.Equal(PreflightOutcome.Blocks, retained.Outcome);
    }

    [Fact]
    public async Task A_log_bucket_the_stand_in_does_not_describe_is_not_found_and_not_examined()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogBucketCheckAsync(servers, "acme-logs-unknown");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("its region could not be read (NoSuchBucket) and Object Lock configuration could not be read (NoSuchBucket)", check.Message, StringComparison.Ordinal);
    }

    /// <summary>Preflight of an S3 storage in eu-west-1, creating its bucket, that sends its access logs to <paramref name="logBucket"/>.</summary>
    private static async Task<GuardrailCheck> LogBucketCheckAsync(GuardrailServers servers, string logBucket)
    {
        var target = new AwsPreflightTarget("rec-s3", "eu-west-1") { CreatesBucket = true, Actions = [], ExistingLogBucket = new(logBucket, "eu-west-1") };
        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [target], TestContext.Current.CancellationToken);
        return Assert.Single(report.Storages.Single().Checks, c => c.Guardrail == ExistingBucketGuardrails.S3LogBucket.Id);
    }
}
