namespace StackPlanning;

/// <summary>Where an owner looks at the recordings in each cloud's web console.</summary>
public static class ConsoleUrls
{
    public static string S3(string bucket, string region, string path) =>
        $"https://s3.console.aws.amazon.com/s3/buckets/{bucket}?region={region}"
        + (path.Length == 0 ? "" : $"&prefix={Uri.EscapeDataString(path)}");

    public static string Gcs(string bucket, string project, string path) =>
        $"https://console.cloud.google.com/storage/browser/{bucket}/{EscapePath(path)}?project={Uri.EscapeDataString(project)}";

    /// <summary>The portal's container list of a storage account, by the account's resource id.</summary>
    public static string Azure(string storageAccountId) =>
        $"https://portal.azure.com/#resource{storageAccountId}/containersList";

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
