namespace StorageRegistrar.Grants;

/// <summary>What Stream's service account gets on a GCS bucket, and nowhere else.</summary>
public static class GcsGrants
{
    /// <summary>Create objects only: no read, list or overwrite, none of which write-once recordings need.</summary>
    public const string ObjectCreatorRole = "roles/storage.objectCreator";

    public const string PathConditionTitle = "Stream recordings path";

    public static string ServiceAccountMember(string serviceAccountEmail) => $"serviceAccount:{serviceAccountEmail}";

    /// <summary>Encrypt and decrypt with one key: what a project's Cloud Storage service agent needs for a bucket's default key.</summary>
    public const string KmsKeyRole = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

    /// <summary>The Cloud Storage service agent of a project (by its number), which encrypts and decrypts objects with customer-managed keys.</summary>
    public static string ServiceAgentMember(string projectNumber) => $"serviceAccount:service-{projectNumber}@gs-project-accounts.iam.gserviceaccount.com";

    /// <summary>The group that writes usage and storage logs into a log bucket, granted <see cref="ObjectCreatorRole"/> there.</summary>
    public const string UsageLogsWriterMember = "group:cloud-storage-analytics@google.com";

    /// <summary>Cloud Storage, as a project's audit configuration names it.</summary>
    public const string StorageService = "storage.googleapis.com";

    /// <summary>The Data Access audit log types that record object reads and writes.</summary>
    public static IReadOnlyList<string> DataAccessLogTypes { get; } = ["DATA_READ", "DATA_WRITE"];

    /// <summary>
    /// An IAM condition that limits the grant to objects under the path (conditions need uniform
    /// bucket-level access). The object name prefix is quoted as a CEL string literal.
    /// </summary>
    public static string PathConditionExpression(string bucket, string path)
    {
        var prefix = $"projects/_/buckets/{bucket}/objects/{path}"
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal);
        return $"resource.name.startsWith(\"{prefix}\")";
    }
}
