namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Holds a GCS bucket's uniform bucket-level access against a grant limited to a path by an IAM condition: without it,
/// Cloud Storage refuses the condition, so Stream's service account gets no role on the bucket. Preflight judges it
/// before <c>pulumi up</c>, the doctor once Stream's writes fail; only the bucket's owner can change the bucket.
/// </summary>
public static class UniformAccessAnalyzer
{
    /// <summary>Null when the bucket has uniform bucket-level access; a problem without it; a warning when it could not be read.</summary>
    public static Finding? Analyze(UniformAccessFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Enabled switch
        {
            true => null,
            false => ConditionRefused(facts.Bucket),
            null => new Finding(FindingCodes.GcsFactUnreadable, FindingSeverity.Warning,
                $"Whether bucket '{facts.Bucket}' has uniform bucket-level access could not be read ({facts.Error ?? "no answer"}), so whether it accepts the IAM condition keeping Stream's grant to the storage's path was not examined.",
                $"Run the doctor with credentials allowed {GcsBucketProbe.ReadPermission}."),
        };
    }

    /// <summary>The problem of a bucket without uniform bucket-level access, where Stream's grant carries an IAM condition.</summary>
    public static Finding ConditionRefused(string bucket) => new(FindingCodes.GcsUniformAccessOff, FindingSeverity.Problem,
        $"Bucket '{bucket}' does not have uniform bucket-level access, and Cloud Storage accepts IAM conditions only on buckets that do: the condition keeping Stream's grant to the storage's path is refused, so its service account gets no role there (pulumi up stops at the grant, after creating the service account and its key).",
        $"Have the bucket's owner turn uniform bucket-level access on: gcloud storage buckets update gs://{bucket} --uniform-bucket-level-access (the bucket's and its objects' ACLs then grant nothing: move whatever access they give into IAM first). Or set the storage's path to \"\" to grant Stream the whole bucket without a condition, which lets a recording overwrite any object of the owner's of the same name.");
}
