using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>
/// The lock, location, key, tiers, logs and soft delete the doctor holds against what the stack declares, taken from the one
/// bucket read of <see cref="GcsBucketProbe.GatherAsync"/>: a read bucket gives its values, a refused one leaves each not examined.
/// </summary>
public sealed class GcsBucketProbeDeclaredFactsTests
{
    private static readonly ExpectedLock Compliance = new(2555, LockMode.Compliance);

    private static readonly GcsBucketFacts ReadBucket = new()
    {
        Bucket = "acme-recordings",
        Path = "calls/",
        Location = "EUROPE-WEST1",
        RetentionLock = new BucketLock(2555, Irreversible: true),
        DefaultKmsKeyName = "projects/acme/locations/europe-west1/keyRings/recordings/cryptoKeys/calls",
        Transitions = [new TierTransition(60, "COLDLINE", "calls/")],
        LogBucket = "acme-logs",
    };

    private static readonly GcsBucketFacts RefusedBucket = new() { Bucket = "acme-recordings", Path = "calls/", LookupStatus = 403, ObjectsListed = true };

    [Fact]
    public void A_read_bucket_gives_its_lock_and_location()
    {
        var facts = GcsBucketProbe.LockAndLocation(ReadBucket, Compliance, ["EUROPE-WEST1"]);

        Assert.Equal(StorageTypes.Gcs, facts.StorageType);
        Assert.Equal("acme-recordings", facts.Bucket);
        Assert.Equal(Compliance, facts.ExpectedLock);
        Assert.Equal(["EUROPE-WEST1"], facts.AllowedLocations);
        Assert.Equal(new BucketLock(2555, Irreversible: true), facts.Lock);
        Assert.Equal("EUROPE-WEST1", facts.Location);
        Assert.Null(facts.LockError);
        Assert.Null(facts.LocationError);
    }

    [Fact]
    public void A_refused_bucket_leaves_its_lock_and_location_not_examined()
    {
        var facts = GcsBucketProbe.LockAndLocation(RefusedBucket, Compliance, ["EUROPE-WEST1"]);

        Assert.Null(facts.Lock);
        Assert.Null(facts.Location);
        Assert.Equal("HTTP 403", facts.LockError);
        Assert.Equal("HTTP 403", facts.LocationError);
    }

    [Fact]
    public async Task A_read_bucket_gives_its_key_transitions_and_log_bucket()
    {
        var facts = await GcsBucketProbe.ReadKeyTiersAndLogsAsync(
            ReadBucket, new ExpectedKey((string?)null), [new ExpectedTier(60, "COLDLINE")], new ExpectedAccessLogs("acme-logs"), auditLogs: null, keyStates: null, TestContext.Current.CancellationToken);

        Assert.Equal(StorageTypes.Gcs, facts.StorageType);
        Assert.Equal("calls/", facts.Path);
        Assert.Equal(ReadBucket.DefaultKmsKeyName, facts.KeyId);
        Assert.Equal([new TierTransition(60, "COLDLINE", "calls/")], facts.Transitions);
        Assert.Equal(["acme-logs"], facts.LogDestinations);
        Assert.Null(facts.ProjectAuditLogsOn);
        Assert.Null(facts.EncryptionError);
        Assert.Null(facts.TransitionsError);
        Assert.Null(facts.AccessLogsError);
    }

    [Fact]
    public async Task A_refused_bucket_leaves_its_key_tiers_and_logs_not_examined()
    {
        var facts = await GcsBucketProbe.ReadKeyTiersAndLogsAsync(
            RefusedBucket, new ExpectedKey((string?)null), [new ExpectedTier(60, "COLDLINE")], new ExpectedAccessLogs(ExpectedAccessLogs.AuditLogsValue), auditLogs: null, keyStates: null, TestContext.Current.CancellationToken);

        Assert.Null(facts.KeyId);
        Assert.Empty(facts.Transitions);
        Assert.Empty(facts.LogDestinations);
        Assert.Null(facts.ProjectAuditLogsOn);
        Assert.Equal("HTTP 403", facts.EncryptionError);
        Assert.Equal("HTTP 403", facts.TransitionsError);
        Assert.Equal("HTTP 403", facts.AccessLogsError);
    }

    /// <summary>
    /// The bucket as Cloud Storage answers <c>buckets.get</c> through the SDK from a loopback server, with the soft delete
    /// policy given (none: left out); the IAM read that follows gets no bindings.
    /// </summary>
    private static Task<(GcsBucketFacts Facts, List<string> Asked)> ReadBucketWithSoftDeleteAsync(string? softDeletePolicy) =>
        RecordedGcsBucket.GatherAsync($$"""
            { "kind": "storage#bucket", "id": "dev-rec-9f8e7d6c", "name": "dev-rec-9f8e7d6c", "projectNumber": "123456789012", "location": "EU", "storageClass": "STANDARD"
              {{(softDeletePolicy is null ? "" : $", \"softDeletePolicy\": {softDeletePolicy}")}} }
            """);

    [Theory]
    [InlineData("""{ "retentionDurationSeconds": "604800", "effectiveTime": "2026-01-05T10:00:00.000Z" }""", 7)]
    [InlineData("""{ "retentionDurationSeconds": "2592000", "effectiveTime": "2026-01-05T10:00:00.000Z" }""", 30)]
    [InlineData("""{ "retentionDurationSeconds": "0" }""", 0)]
    public async Task The_buckets_soft_delete_comes_from_its_one_read_in_whole_days(string policy, int days)
    {
        var (bucket, asked) = await ReadBucketWithSoftDeleteAsync(policy);

        var facts = GcsBucketProbe.SoftDelete(bucket, expectedDays: 7);

        Assert.Equal(["/b/dev-rec-9f8e7d6c", "/b/dev-rec-9f8e7d6c/iam"], asked);
        Assert.Equal((StorageTypes.Gcs, "dev-rec-9f8e7d6c", (int?)days, (string?)null), (facts.StorageType, facts.Bucket, facts.Days, facts.Error));
        Assert.Equal(days >= 7 ? [] : [days == 0 ? FindingCodes.SoftDeleteOff : FindingCodes.SoftDeleteShorter], SoftDeleteAnalyzer.Analyze(facts).Select(f => f.Code));
    }

    [Fact]
    public async Task A_bucket_answer_without_a_soft_delete_policy_is_not_examined_never_a_pass()
    {
        var (bucket, _) = await ReadBucketWithSoftDeleteAsync(softDeletePolicy: null);

        var facts = GcsBucketProbe.SoftDelete(bucket, expectedDays: 7);

        Assert.Equal(((int?)null, "the bucket's answer has no soft delete policy"), (facts.Days, facts.Error));
        Assert.Equal(FindingCodes.SoftDeleteUnreadable, Assert.Single(SoftDeleteAnalyzer.Analyze(facts)).Code);
    }

    [Fact]
    public void A_refused_bucket_leaves_its_soft_delete_not_examined()
    {
        var facts = GcsBucketProbe.SoftDelete(RefusedBucket with { SoftDeleteSeconds = 604_800 }, expectedDays: 7);

        Assert.Equal(((int?)null, "HTTP 403"), (facts.Days, facts.Error));
        Assert.Equal(FindingCodes.SoftDeleteUnreadable, Assert.Single(SoftDeleteAnalyzer.Analyze(facts)).Code);
    }
}
