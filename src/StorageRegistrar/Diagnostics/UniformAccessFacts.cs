namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Whether a GCS bucket has uniform bucket-level access, read where the grant Stream's service account gets on it carries
/// an IAM condition (the stack keeps a grant to the storage's path with one): Cloud Storage admits conditions only there.
/// </summary>
public sealed record UniformAccessFacts
{
    public required string Bucket { get; init; }

    /// <summary>The bucket's <c>iamConfiguration.uniformBucketLevelAccess.enabled</c>; null when it could not be read (see <see cref="Error"/>).</summary>
    public bool? Enabled { get; init; }

    public string? Error { get; init; }
}
