using System.Globalization;
using Gcs = Pulumi.Gcp.Storage;

namespace StreamStorage.Gcp;

/// <summary>
/// The retention lock (<see cref="StoragePlan.Immutability"/>) on GCS: the bucket's retention policy, locked in
/// compliance mode. GCS locks a policy for good: it can then only grow, and the bucket cannot be deleted before every
/// object in it has been kept that long.
/// </summary>
internal static class GcsRetentionLock
{
    private const long SecondsPerDay = 24 * 60 * 60;

    /// <summary>The bucket's retention policy; absent unless the stack locks the bucket.</summary>
    public static Input<Gcs.Inputs.BucketRetentionPolicyArgs>? Policy(GcsStoragePlan plan) =>
        plan is { LocksBucket: true, Immutability: { } immutability }
            ? (Input<Gcs.Inputs.BucketRetentionPolicyArgs>)new Gcs.Inputs.BucketRetentionPolicyArgs
            {
                // GCS counts in seconds; a hundred years of them is beyond an int.
                RetentionPeriod = (immutability.Days * SecondsPerDay).ToString(CultureInfo.InvariantCulture),
                IsLocked = immutability.Mode == ImmutabilityMode.Compliance,
            }
            : null;
}
