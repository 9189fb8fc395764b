using System.Text;

namespace StorageRegistrar.Validation;

/// <summary>
/// The key prefix Stream writes under. Stream appends file names to it as-is, so it must already be
/// a clean relative folder: empty, or segments separated by '/' and ending in '/'.
/// </summary>
internal static class PathRules
{
    /// <summary>
    /// S3 and GCS object names have at most 1024 UTF-8 bytes and Azure blob names 1024 characters;
    /// the prefix leaves room for the longest file name Stream writes under it (recordings carry
    /// call ids and timestamps), so it is held to half of that.
    /// </summary>
    public const int MaxUtf8Bytes = 512;

    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (path.StartsWith('/'))
        {
            return "must be relative: remove the leading '/', e.g. \"recordings/\" (leave it empty for the bucket root).";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "contains '\\': separate folders with '/', e.g. \"recordings/video/\".";
        }

        if (UnsafeText.Check(path) is { } unsafeCharacter)
        {
            return unsafeCharacter;
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxUtf8Bytes)
        {
            return $"is longer than {MaxUtf8Bytes} UTF-8 bytes: use a shorter prefix.";
        }

        if (!path.EndsWith('/'))
        {
            // The path is not repeated: the program may hold it as a secret (unguessablePath), and a message is not one.
            return "must end with '/': add one at its end (or leave it empty for the bucket root).";
        }

        foreach (var segment in path[..^1].Split('/'))
        {
            switch (segment)
            {
                case "":
                    return "contains an empty folder (\"//\"): use a single '/' between folders.";
                case "..":
                    return "contains a \"..\" segment: name the folder directly, without \"..\".";
                case ".":
                    return "contains a \".\" segment: remove it.";
            }
        }

        return null;
    }
}
