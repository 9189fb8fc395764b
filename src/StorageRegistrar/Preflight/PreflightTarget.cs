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

    /// <summary>The existing storage account an Azure storage's access logs go to, read for its location; null when none.</summary>
    public ExistingLogAccount? ExistingLogAccount { get; init; }
}

/// <summary>
/// An existing storage account an Azure storage's diagnostic setting sends its access logs to (<c>accessLogs: ACCOUNT_ID</c>),
/// which Azure Monitor takes only in the region of the account it monitors
/// (<see cref="ExistingBucketGuardrails.AbsLogAccount"/>).
/// </summary>
/// <param name="AccountId">The log account's ARM id.</param>
/// <param name="Location">The location of the account the stack creates; null when the recordings' account exists, and is read.</param>
/// <param name="RecordingsAccountId">The existing recordings' account's ARM id, read for its location; null when the stack creates it, or names no subscription.</param>
public sealed record ExistingLogAccount(string AccountId, string? Location, string? RecordingsAccountId);

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
