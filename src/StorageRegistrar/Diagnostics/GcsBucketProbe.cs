using Google;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads the facts <see cref="GcsBucketAnalyzer"/> needs with the owner's storage client
/// (Application Default Credentials unless the caller builds it otherwise). Only reads.
/// </summary>
public sealed class GcsBucketProbe(StorageClient client)
{
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
                RetentionLock = ReadLock(found),
                DefaultKmsKeyName = found.Encryption?.DefaultKmsKeyName,
                Transitions = ReadTransitions(found),
                LogBucket = found.Logging?.LogBucket,
                ProjectNumber = found.ProjectNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
    /// The bucket's location and retention policy from one read of the bucket, for <see cref="LockAndResidencyAnalyzer"/>;
    /// a refused read leaves its status as the error of both, never a value.
    /// </summary>
    public async Task<LockAndResidencyFacts> GatherLockAndLocationAsync(
        string bucket, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, CancellationToken cancellationToken = default)
    {
        var facts = new LockAndResidencyFacts { StorageType = StorageTypes.Gcs, Bucket = bucket, ExpectedLock = expectedLock, AllowedLocations = allowedLocations };
        if (expectedLock is null && allowedLocations is null)
        {
            return facts;
        }

        try
        {
            var found = await client.GetBucketAsync(bucket, cancellationToken: cancellationToken).ConfigureAwait(false);
            return facts with { Location = found.Location, Lock = ReadLock(found) };
        }
        catch (GoogleApiException e)
        {
            var refused = $"HTTP {(int)e.HttpStatusCode} {e.Error?.Message}".TrimEnd();
            return facts with { LockError = refused, LocationError = refused };
        }
    }

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

    /// <summary>
    /// The lifecycle's <c>SetStorageClass</c> rules by age (rules without one are left out), once per prefix a rule matches
    /// (none: the whole bucket); conditions other than age and prefix are not weighed.
    /// </summary>
    internal static IReadOnlyList<TierTransition> ReadTransitions(Bucket bucket) =>
    [
        .. (bucket.Lifecycle?.Rule ?? [])
            .Where(r => r.Action?.Type == "SetStorageClass" && r.Action.StorageClass is not null && r.Condition?.Age is not null)
            .SelectMany(r => (r.Condition.MatchesPrefix is { Count: > 0 } prefixes ? prefixes : [""])
                .Select(prefix => new TierTransition(r.Condition.Age!.Value, r.Action.StorageClass, prefix))),
    ];

    internal static IReadOnlyList<GcsRoleBinding> ReadBindings(Policy policy) =>
        [.. (policy.Bindings ?? []).Select(b => new GcsRoleBinding(b.Role, [.. b.Members ?? []], b.Condition?.Title, b.Condition?.Expression))];
}
