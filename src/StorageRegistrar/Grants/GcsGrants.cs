namespace StorageRegistrar.Grants;

/// <summary>What Stream's service account gets on a GCS bucket, and nowhere else.</summary>
public static class GcsGrants
{
    /// <summary>Create objects only: no read, list or overwrite (a retried upload to the same name gets 403, which Stream tolerates).</summary>
    public const string ObjectCreatorRole = "roles/storage.objectCreator";

    public static string ServiceAccountMember(string serviceAccountEmail) => $"serviceAccount:{serviceAccountEmail}";
}
