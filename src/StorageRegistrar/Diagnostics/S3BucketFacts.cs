namespace StorageRegistrar.Diagnostics;

/// <summary>How Stream authenticates to the bucket (see <c>aws_s3</c> in the registration).</summary>
public enum S3AccessMode
{
    /// <summary>No keys: the bucket policy lets Stream's AWS account write.</summary>
    BucketPolicy,

    /// <summary>Stream holds the access key of an IAM user in the owner's account.</summary>
    AccessKeys,
}

/// <summary>
/// What the owner's credentials could read about one S3 bucket, as S3 answered it. A null value
/// with no entry in <see cref="Unreadable"/> means S3 said the setting is absent (for example
/// <c>NoSuchBucketPolicy</c>); an entry in <see cref="Unreadable"/> means the value is unknown.
/// </summary>
public sealed record S3BucketFacts
{
    public required string Bucket { get; init; }

    /// <summary>The storage's key prefix, empty or ending in <c>/</c>.</summary>
    public string Path { get; init; } = "";

    public S3AccessMode AccessMode { get; init; } = S3AccessMode.BucketPolicy;

    /// <summary>The storage's name at Stream, for the statement the stack writes for it; null when not known.</summary>
    public string? Storage { get; init; }

    /// <summary>
    /// The paths of the other storages Stream writes into this bucket: a statement the stack writes for one of them (several
    /// storages' statements merged into one existing bucket's policy) is that storage's grant, not a wider one of this.
    /// </summary>
    public IReadOnlyList<string> OtherStreamPaths { get; init; } = [];

    /// <summary>The <c>s3_region</c> the storage is registered with, when the operator knows it.</summary>
    public string? DeclaredRegion { get; init; }

    /// <summary>The S3 error code of the bucket lookup (<c>NoSuchBucket</c>, <c>AccessDenied</c>…); null when found.</summary>
    public string? LookupErrorCode { get; init; }

    /// <summary>The bucket's region, normalised by <see cref="S3Regions.FromLocationConstraint"/>.</summary>
    public string? Region { get; init; }

    /// <summary>The bucket policy document as S3 returns it; null when the bucket has none.</summary>
    public string? PolicyJson { get; init; }

    /// <summary><c>BucketOwnerEnforced</c>, <c>BucketOwnerPreferred</c> or <c>ObjectWriter</c>; null when the bucket has no ownership controls.</summary>
    public string? ObjectOwnership { get; init; }

    /// <summary>Default encryption: <c>AES256</c>, <c>aws:kms</c> or <c>aws:kms:dsse</c>; null when none is configured.</summary>
    public string? EncryptionAlgorithm { get; init; }

    /// <summary>The KMS key of the default encryption; null means the AWS-managed <c>aws/s3</c> key.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>
    /// Whether the stack declares a customer-managed key (<c>encryptionKey</c>). The stack then grants the key to Stream's
    /// writer itself (in the key policy or the writer's policy, or through the statement the key's owner merges), so a
    /// customer key is not taken to fail Stream's uploads: <see cref="KeyTiersAndLogsAnalyzer"/> judges it instead.
    /// </summary>
    public bool KeyDeclared { get; init; }

    /// <summary>Settings the owner could not read, keyed by the setting, with S3's error code.</summary>
    public IReadOnlyDictionary<string, string> Unreadable { get; init; } = new Dictionary<string, string>();
}

/// <summary>The setting names used in <see cref="S3BucketFacts.Unreadable"/>, with the permission that reads each.</summary>
public static class S3BucketSettings
{
    public const string Policy = "bucket policy (s3:GetBucketPolicy)";
    public const string Ownership = "object ownership (s3:GetBucketOwnershipControls)";
    public const string Encryption = "default encryption (s3:GetEncryptionConfiguration)";
}

public static class S3Regions
{
    /// <summary>
    /// GetBucketLocation answers an empty constraint for us-east-1 and the legacy <c>EU</c> for
    /// eu-west-1; every other region is its own name.
    /// </summary>
    public static string FromLocationConstraint(string? locationConstraint) => locationConstraint switch
    {
        null or "" or "US" => "us-east-1",
        "EU" => "eu-west-1",
        _ => locationConstraint,
    };
}
