using System.Text.RegularExpressions;

namespace StorageRegistrar.Verification;

/// <summary>
/// Reads the check file's name out of the URL Stream's check returns. Stream documents only that it
/// writes <c>stream-&lt;uuid&gt;.md</c> under bucket/path, not the URL's host or path layout, so only the
/// last path segment is trusted; the others serve as hints when the file is not where it should be.
/// </summary>
internal static partial class CheckFileName
{
    /// <summary>At most this many other keys are tried when the file is not under the declared path.</summary>
    private const int MaxAlternativeKeys = 8;

    /// <summary>Returns the URL's path segments, unescaped, the last being the check file's name.</summary>
    public static IReadOnlyList<string> ParseSegments(string fileUrl, out string fileName)
    {
        fileName = "";
        if (!Uri.TryCreate(fileUrl, UriKind.Absolute, out var uri))
        {
            return [];
        }

        // Unescaped before splitting: Google's object URLs carry the whole key as one segment with '/' as %2F.
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !StreamCheckFile().IsMatch(segments[^1]))
        {
            return [];
        }

        fileName = segments[^1];
        return segments;
    }

    /// <summary>
    /// Keys where a misplaced check file may be: every tail of the URL's path (which covers path-style
    /// and virtual-hosted URLs alike) and the bucket root, excluding the expected key.
    /// </summary>
    public static IEnumerable<string> AlternativeKeys(IReadOnlyList<string> segments, string expectedKey) =>
        Enumerable.Range(0, segments.Count)
            .Select(start => string.Join('/', segments.Skip(start)))
            .Where(key => key != expectedKey)
            .Distinct(StringComparer.Ordinal)
            .TakeLast(MaxAlternativeKeys);

    [GeneratedRegex("^stream-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\.md\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StreamCheckFile();
}
