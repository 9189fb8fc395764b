using Google;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads the facts <see cref="GcsBucketAnalyzer"/> needs with the owner's storage client
/// (Application Default Credentials unless the caller builds it otherwise). Only reads.
/// </summary>
public sealed class GcsBucketProbe(StorageClient client)
{
    /// <summary>What the probe's one read of the bucket takes, for a fix that asks for it.</summary>
    public const string ReadPermission = "storage.buckets.get on the bucket";

    /// <summary>Version 3 returns conditional bindings with their conditions instead of refusing.</summary>
    private const int ConditionalPolicyVersion = 3;

    public async Task<GcsBucketFacts> GatherAsync(
        string bucket, string path, string? serviceAccountEmail, CancellationToken cancellationToken = default)
    {
        var facts = new GcsBucketFacts { Bucket = bucket, Path = path, ServiceAccountEmail = serviceAccountEmail };
        try
        {
            var found = await client.GetBucketAsync(bucket, cancellationToken: cancellationToken).ConfigureAwait(false);
            facts = facts with
            {
                Location = found.Location,
                DataLocations = DataLocationsOf(found),
                RetentionLock = ReadLock(found),
                DefaultKmsKeyName = found.Encryption?.DefaultKmsKeyName,
                Transitions = ReadTransitions(found),
                LogBucket = found.Logging?.LogBucket,
                SoftDeleteSeconds = found.SoftDeletePolicy?.RetentionDurationSeconds,
                ProjectNumber = found.ProjectNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                UniformBucketLevelAccess = ReadUniformAccess(found),
            };
        }
        catch (GoogleApiException e)
        {
            facts = facts with { LookupStatus = (int)e.HttpStatusCode, ObjectsListed = await CanListObjectsAsync(bucket, path, cancellationToken).ConfigureAwait(false) };
            if (!facts.ObjectsListed)
            {
                return facts;
            }
        }

        try
        {
            var policy = await client.GetBucketIamPolicyAsync(
                bucket, new GetBucketIamPolicyOptions { RequestedPolicyVersion = ConditionalPolicyVersion }, cancellationToken).ConfigureAwait(false);
            return facts with { Bindings = ReadBindings(policy) };
        }
        catch (GoogleApiException e)
        {
            return facts with { BindingsError = $"HTTP {(int)e.HttpStatusCode} {e.Error?.Message}".TrimEnd() };
        }
    }

    /// <summary>
    /// What preflight holds an existing bucket to, from one read of the bucket: its location and retention policy, for
    /// <see cref="LockAndResidencyAnalyzer"/>, and, where Stream's grant on it carries an IAM condition
    /// (<paramref name="conditionalGrant"/>), its uniform bucket-level access, for <see cref="UniformAccessAnalyzer"/>.
    /// A refused read leaves its status as the error of each, never a value.
    /// </summary>
    /// <returns>The uniform access is null when <paramref name="conditionalGrant"/> is false.</returns>
    public async Task<(LockAndResidencyFacts LockAndLocation, UniformAccessFacts? UniformAccess)> GatherExistingBucketAsync(
        string bucket, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, bool conditionalGrant, CancellationToken cancellationToken = default)
    {
        var facts = LockAndResidencyFacts.Declared(StorageTypes.Gcs, bucket, expectedLock, allowedLocations);
        var uniformAccess = conditionalGrant ? new UniformAccessFacts { Bucket = bucket } : null;
        if (expectedLock is null && allowedLocations is null && uniformAccess is null)
        {
            return (facts, null);
        }

        try
        {
            var found = await client.GetBucketAsync(bucket, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (facts with { Location = found.Location, DataLocations = DataLocationsOf(found), Lock = ReadLock(found) }, uniformAccess is null ? null : uniformAccess with { Enabled = ReadUniformAccess(found) });
        }
        catch (GoogleApiException e)
        {
            var status = $"HTTP {(int)e.HttpStatusCode} {e.Error?.Message}".TrimEnd();
            return (facts.NotExamined(status), uniformAccess is null ? null : uniformAccess with { Error = status });
        }
    }

    /// <summary>
    /// The lock and location of a bucket <see cref="GatherAsync"/> has read, from that one read; when the bucket's
    /// metadata was refused (its objects could still be listed), neither is examined.
    /// </summary>
    public static LockAndResidencyFacts LockAndLocation(GcsBucketFacts bucketFacts, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations)
    {
        ArgumentNullException.ThrowIfNull(bucketFacts);
        var facts = LockAndResidencyFacts.Declared(StorageTypes.Gcs, bucketFacts.Bucket, expectedLock, allowedLocations);
        return Unread(bucketFacts) is { } unread
            ? facts.NotExamined(unread)
            : facts with { Lock = bucketFacts.RetentionLock, Location = bucketFacts.Location, DataLocations = bucketFacts.DataLocations };
    }

    /// <summary>Where a configurable dual-region keeps its data: its two regions, under a multi-region's name (<c>EU</c>).</summary>
    private static IReadOnlyList<string>? DataLocationsOf(Bucket bucket) =>
        bucket.CustomPlacementConfig?.DataLocations is { Count: > 0 } regions ? [.. regions] : null;

    /// <summary>
    /// The default key, lifecycle transitions and log bucket of a bucket <see cref="GatherAsync"/> has read, from that one
    /// read; for a declared key, the state of the default key (read by <paramref name="keyStates"/>; without it, reported
    /// not read); for <c>accessLogs: auditLogs</c> the project's audit logs (read by <paramref name="auditLogs"/>, when given).
    /// When the bucket's metadata was refused, none of them is examined.
    /// </summary>
    public static async Task<KeyTiersAndLogsFacts> ReadKeyTiersAndLogsAsync(
        GcsBucketFacts bucketFacts, ExpectedKey? expectedKey, IReadOnlyList<ExpectedTier>? expectedTiers, ExpectedAccessLogs? expectedAccessLogs,
        Func<GcpAuditLogsProbe>? auditLogs, Func<CloudKmsKeyProbe>? keyStates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucketFacts);
        var facts = KeyTiersAndLogsFacts.Declared(StorageTypes.Gcs, bucketFacts.Bucket, bucketFacts.Path, expectedKey, expectedTiers, expectedAccessLogs);
        if (Unread(bucketFacts) is { } unread)
        {
            return facts.NotExamined(unread);
        }

        var projectLogs = expectedAccessLogs is { ProjectAuditLogs: true } && bucketFacts.ProjectNumber is { } project && auditLogs is not null
            ? await auditLogs().ReadAsync(project, cancellationToken).ConfigureAwait(false)
            : null;
        facts = facts with
        {
            KeyId = bucketFacts.DefaultKmsKeyName,
            Transitions = bucketFacts.Transitions,
            LogDestinations = bucketFacts.LogBucket is { } logBucket ? [logBucket] : [],
            ProjectAuditLogsOn = projectLogs?.On,
            AccessLogsError = projectLogs?.Error,
            AuditLogExemptions = projectLogs?.Exemptions ?? [],
            AuditLogExemptionsError = projectLogs?.ExemptionsError,
            StreamMember = bucketFacts.ServiceAccountEmail is { } email ? GcsGrants.ServiceAccountMember(email) : null,
        };
        return expectedKey is null || facts.KeyId is null ? facts
            : keyStates is null ? facts with { KeyStateError = "Cloud KMS is not read here" }
            : await keyStates().ReadStateAsync(facts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The soft delete of a bucket <see cref="GatherAsync"/> has read, from that one read, in whole days (Cloud Storage counts
    /// seconds); when the bucket's metadata was refused, or its answer has no soft delete policy, it is not examined.
    /// </summary>
    public static SoftDeleteFacts SoftDelete(GcsBucketFacts bucketFacts, int? expectedDays)
    {
        ArgumentNullException.ThrowIfNull(bucketFacts);
        var facts = SoftDeleteFacts.Declared(StorageTypes.Gcs, bucketFacts.Bucket, expectedDays);
        return Unread(bucketFacts) is { } unread ? facts.NotExamined(unread)
            : bucketFacts.SoftDeleteSeconds is { } seconds ? facts with { Days = (int)(seconds / SecondsPerDay) }
            : facts.NotExamined("the bucket's answer has no soft delete policy");
    }

    /// <summary>Why a bucket's metadata is unknown: the status of its refused lookup; null when it was read.</summary>
    private static string? Unread(GcsBucketFacts facts) => facts.LookupStatus is { } status ? $"HTTP {status}" : null;

    private async Task<bool> CanListObjectsAsync(string bucket, string path, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListObjectsAsync(bucket, path).ReadPageAsync(1, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GoogleApiException)
        {
            return false;
        }
    }

    /// <summary>The bucket's retention policy (its period in seconds, rounded down to days), or null when it has none.</summary>
    internal static BucketLock? ReadLock(Bucket bucket) =>
        bucket.RetentionPolicy is { RetentionPeriod: > 0 } policy
            ? new BucketLock((int)(policy.RetentionPeriod.Value / SecondsPerDay), policy.IsLocked == true)
            : null;

    private const long SecondsPerDay = 86_400;

    /// <summary>Cloud Storage reports <c>iamConfiguration.uniformBucketLevelAccess</c> on every bucket; without it, it is off.</summary>
    internal static bool ReadUniformAccess(Bucket bucket) => bucket.IamConfiguration?.UniformBucketLevelAccess?.Enabled == true;

    /// <summary>
    /// The lifecycle's <c>SetStorageClass</c> rules by age (rules without one are left out), once per prefix a rule matches
    /// (none: the whole bucket). A rule that moves only noncurrent versions (<c>isLive: false</c>, <c>numNewerVersions</c>,
    /// <c>daysSinceNoncurrentTime</c>, <c>noncurrentTimeBefore</c>) or only objects of some suffixes never moves every
    /// recording, and is left out too.
    /// </summary>
    internal static IReadOnlyList<TierTransition> ReadTransitions(Bucket bucket) =>
    [
        .. (bucket.Lifecycle?.Rule ?? [])
            .Where(r => r.Action?.Type == "SetStorageClass" && r.Action.StorageClass is not null && r.Condition?.Age is not null)
            .Where(r => r.Condition.IsLive != false && r.Condition.NumNewerVersions is null && r.Condition.DaysSinceNoncurrentTime is null
                && r.Condition.NoncurrentTimeBefore is null && r.Condition.MatchesSuffix is not { Count: > 0 }
                && MovesEveryNewRecording(r.Condition))
            .SelectMany(r => (r.Condition.MatchesPrefix is { Count: > 0 } prefixes ? prefixes : [""])
                .Select(prefix => new TierTransition(r.Condition.Age!.Value, r.Action.StorageClass, prefix))),
    ];

    /// <summary>
    /// Whether a rule's condition holds for every recording Stream writes from now on: not only for objects created
    /// before a date, with a custom time (Stream's uploads set none), matching a pattern or of some sizes.
    /// </summary>
    private static bool MovesEveryNewRecording(Bucket.LifecycleData.RuleData.ConditionData condition) =>
        condition.CreatedBefore is null && condition.CustomTimeBefore is null && condition.DaysSinceCustomTime is null
        && condition.MatchesPattern is null && condition.SizeAboveBytes is null && condition.SizeBelowBytes is null;

    internal static IReadOnlyList<GcsRoleBinding> ReadBindings(Policy policy) =>
        [.. (policy.Bindings ?? []).Select(b => new GcsRoleBinding(b.Role, [.. b.Members ?? []], b.Condition?.Title, b.Condition?.Expression))];
}
