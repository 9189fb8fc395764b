using Gcs = Pulumi.Gcp.Storage;

namespace StreamStorage.Gcp;

/// <summary>
/// Soft delete (<see cref="GcsStoragePlan.SoftDeleteDays"/>) on GCS: the soft delete policy of every bucket the stack
/// creates for the storage, the log bucket too. Without one, the provider sends none: a new bucket gets Cloud Storage's
/// default (7 days, or a tag's), and a bucket that had one keeps it.
/// </summary>
internal static class GcsSoftDelete
{
    /// <summary>The buckets' soft delete policy; absent unless the storage sets <c>softDeleteDays</c>.</summary>
    public static Input<Gcs.Inputs.BucketSoftDeletePolicyArgs>? Policy(GcsStoragePlan plan) =>
        plan.SoftDeleteSeconds is { } seconds
            ? (Input<Gcs.Inputs.BucketSoftDeletePolicyArgs>)new Gcs.Inputs.BucketSoftDeletePolicyArgs
            {
                // At most 90 days of seconds: an int, as the provider takes it.
                RetentionDurationSeconds = checked((int)seconds),
            }
            : null;
}
