namespace StorageRegistrar.Diagnostics;

/// <summary>One binding of a bucket's IAM policy, as <c>getIamPolicy</c> returns it; a condition has a CEL expression and usually a title.</summary>
public sealed record GcsRoleBinding(string Role, IReadOnlyList<string> Members, string? ConditionTitle = null, string? ConditionExpression = null)
{
    public bool IsConditional => ConditionExpression is not null;
}

/// <summary>What the owner's credentials could read about one GCS bucket.</summary>
public sealed record GcsBucketFacts
{
    public required string Bucket { get; init; }

    public string Path { get; init; } = "";

    /// <summary>The service account whose key Stream holds (<c>client_email</c> of the key), when the operator knows it.</summary>
    public string? ServiceAccountEmail { get; init; }

    /// <summary>The HTTP status of a failed bucket lookup (404, 403…); null when found.</summary>
    public int? LookupStatus { get; init; }

    /// <summary>
    /// After a failed lookup, whether the bucket's objects could still be listed. Listing a bucket that does not
    /// exist fails, so the bucket then exists and only its metadata was not readable (a storage emulator without
    /// bucket reads answers the lookup with 404).
    /// </summary>
    public bool ObjectsListed { get; init; }

    /// <summary>The bucket's location as GCS names it (<c>EU</c>, <c>EUROPE-WEST1</c>); null when the bucket could not be read.</summary>
    public string? Location { get; init; }

    /// <summary>The regions of a configurable dual-region (<c>customPlacementConfig.dataLocations</c>); null for any other bucket.</summary>
    public IReadOnlyList<string>? DataLocations { get; init; }

    /// <summary>The bucket's retention policy; null when it has none or the bucket could not be read (<see cref="LookupStatus"/>).</summary>
    public BucketLock? RetentionLock { get; init; }

    /// <summary>The number of the bucket's project, where its audit logs are configured; null when the bucket could not be read.</summary>
    public string? ProjectNumber { get; init; }

    /// <summary>The Cloud KMS key new objects are encrypted with (<c>encryption.defaultKmsKeyName</c>); null for Google's own keys or an unread bucket.</summary>
    public string? DefaultKmsKeyName { get; init; }

    /// <summary>The lifecycle's <c>SetStorageClass</c> rules; empty when it has none or the bucket could not be read.</summary>
    public IReadOnlyList<TierTransition> Transitions { get; init; } = [];

    /// <summary>The bucket usage and storage logs go to (<c>logging.logBucket</c>); null when off or the bucket could not be read.</summary>
    public string? LogBucket { get; init; }

    /// <summary>
    /// How long the bucket keeps deleted and overwritten objects restorable (<c>softDeletePolicy.retentionDurationSeconds</c>),
    /// 0 when soft delete is off; null when the answer has no policy or the bucket could not be read.
    /// </summary>
    public long? SoftDeleteSeconds { get; init; }

    /// <summary>The bucket's uniform bucket-level access, which a grant limited to the path by an IAM condition needs; null when the bucket could not be read.</summary>
    public bool? UniformBucketLevelAccess { get; init; }

    /// <summary>The bucket's IAM bindings; null when they could not be read (see <see cref="BindingsError"/>).</summary>
    public IReadOnlyList<GcsRoleBinding>? Bindings { get; init; }

    public string? BindingsError { get; init; }
}
