namespace StorageRegistrar.Grants;

/// <summary>What Stream's service account gets on a GCS bucket, and nowhere else.</summary>
public static class GcsGrants
{
    /// <summary>Create objects only: no read, list or overwrite, none of which write-once recordings need.</summary>
    public const string ObjectCreatorRole = "roles/storage.objectCreator";

    public const string PathConditionTitle = "Stream recordings path";

    public static string ServiceAccountMember(string serviceAccountEmail) => $"serviceAccount:{serviceAccountEmail}";

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
