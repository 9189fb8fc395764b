using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight;

/// <summary>
/// What one storage of the plan asks of its cloud, for that cloud's <see cref="IGuardrailChecker"/>. This base form
/// is a storage whose cloud has no checker yet: preflight reports it not examined rather than passing it.
/// </summary>
/// <param name="StorageName">The storage's name in the stack (and at Stream).</param>
/// <param name="Cloud">The configuration's word for its cloud: <c>gcs</c>, <c>s3</c> or <c>abs</c>.</param>
public record PreflightTarget(string StorageName, string Cloud)
{
    /// <summary>What the stack declares of the existing bucket it grants Stream; null when it creates the bucket or holds it to no rule.</summary>
    public ExistingBucketRules? ExistingBucketRules { get; init; }

    /// <summary>The existing log bucket the storage's access logs go to, which preflight reads as its cloud would judge it; null when none.</summary>
    public ExistingLogBucket? ExistingLogBucket { get; init; }
}

/// <summary>
/// An existing log bucket a storage sends its server access logs to (<c>accessLogs: BUCKET</c>), which S3 accepts as the
/// logging target only in the recordings' bucket's region and without an Object Lock default retention
/// (<see cref="ExistingBucketGuardrails.S3LogBucket"/>).
/// </summary>
/// <param name="Bucket">The log bucket's name.</param>
/// <param name="SourceRegion">The region of the bucket whose access is logged.</param>
public sealed record ExistingLogBucket(string Bucket, string SourceRegion);

/// <summary>
/// The stack's retention lock and residency rule, and the uniform bucket-level access its grant needs, which preflight
/// holds an existing bucket to (<see cref="ExistingBucketChecker"/>).
/// </summary>
/// <param name="Bucket">The bucket as people name it: S3 and GCS bucket names, Azure <c>account/container</c>.</param>
/// <param name="Lock">The declared <c>immutability</c>; null when none is declared.</param>
/// <param name="AllowedLocations">The stack's <c>allowedLocations</c>; null when unrestricted.</param>
public sealed record ExistingBucketRules(string Bucket, ExpectedLock? Lock, IReadOnlyList<string>? AllowedLocations)
{
    /// <summary>
    /// GCS: Stream's grant on the bucket is limited to the storage's path by an IAM condition, which Cloud Storage accepts
    /// only on a bucket with uniform bucket-level access.
    /// </summary>
    public bool ConditionalGrant { get; init; }

    /// <summary>An Azure container's ARM id, where Resource Manager has its lock and its account's location; null without a subscription.</summary>
    public string? ContainerId { get; init; }
}
