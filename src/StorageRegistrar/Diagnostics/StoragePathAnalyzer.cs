namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Where in its bucket Stream writes. A storage without a path writes at the bucket's root, where a recording
/// replaces any object of the same name: harmless in a bucket the stack created for Stream alone, a risk to the
/// owner's objects in any other. Stream's answer does not say whose bucket it is, so the doctor warns unless told
/// the stack created it (the stack's doctorArguments say so), as the stack's preview warns of an existing bucket
/// adopted at its root.
/// </summary>
public static class StoragePathAnalyzer
{
    /// <param name="bucketCreated">True when the stack created the bucket for this storage; null when the doctor was not told.</param>
    public static IReadOnlyList<Finding> Analyze(string bucket, string path, bool? bucketCreated)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 0 || bucketCreated == true)
        {
            return [];
        }

        var whose = bucketCreated == false ? "the bucket holds its owner's objects too" : "the doctor cannot tell whether anything but Stream's recordings is kept in the bucket (the stack's doctorArguments say when it created the bucket)";
        return [new Finding(FindingCodes.StorageBucketRoot, FindingSeverity.Warning,
            $"The storage has no path: Stream writes at the root of bucket '{bucket}', and a recording replaces any object of the same name there; {whose}.",
            "Give the storage a path of Stream's own, e.g. \"stream-recordings/\" (the storage's path in the stack), and run pulumi up.")];
    }
}
