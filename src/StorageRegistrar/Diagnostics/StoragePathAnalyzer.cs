namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Where in its bucket Stream writes. A storage without a path writes at the bucket's root, where a recording
/// replaces any object of the same name; Stream's answer does not say whose bucket it is, so the doctor warns
/// whatever the bucket holds, as the stack's preview does for an existing bucket adopted at its root.
/// </summary>
public static class StoragePathAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(string bucket, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length > 0
            ? []
            : [new Finding(FindingCodes.StorageBucketRoot, FindingSeverity.Warning,
                $"The storage has no path: Stream writes at the root of bucket '{bucket}', and a recording replaces any object of the same name there. The doctor cannot tell whether anything but Stream's recordings is kept in the bucket.",
                "Give the storage a path of Stream's own, e.g. \"stream-recordings/\" (the storage's path in the stack), and run pulumi up.")];
    }
}
