using System.Diagnostics;
using System.Globalization;

namespace LocalWorld;

/// <summary>
/// The local world's folders in the temp directory, each named <c>streamstorage-KIND-PID-RANDOM</c> after the
/// process that owns it. A run killed outright (SIGKILL) removes nothing, so each new folder first removes those of
/// ours whose owner has ended; a live run's folders, and anything not named as ours, stay.
/// </summary>
public static class TempFolders
{
    private const string Prefix = "streamstorage-";

    /// <summary>A new folder for <paramref name="kind"/> (<c>cert</c>, <c>gcs</c>), owned by this process.</summary>
    public static DirectoryInfo Create(string kind)
    {
        RemoveStale();
        return Directory.CreateTempSubdirectory($"{Prefix}{kind}-{Environment.ProcessId}-");
    }

    /// <summary>Removes every folder of ours in the temp directory whose owner process has ended; returns their paths.</summary>
    public static IReadOnlyList<string> RemoveStale() => RemoveStale(Path.GetTempPath());

    /// <summary>As <see cref="RemoveStale()"/>, in <paramref name="root"/> instead of the temp directory.</summary>
    internal static IReadOnlyList<string> RemoveStale(string root)
    {
        var removed = new List<string>();
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories(Prefix + "*"))
        {
            // A link is not a folder we made: deleting through it could reach anywhere.
            if (folder.LinkTarget is not null || OwnerOf(folder.Name) is not { } owner || IsRunning(owner))
            {
                continue;
            }

            try
            {
                folder.Delete(recursive: true);
                removed.Add(folder.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Removed meanwhile by another start, or another user's folder in a shared temp directory.
            }
        }

        return removed;
    }

    /// <summary>The owner's process id in <c>streamstorage-KIND-PID-RANDOM</c>; null for any other name.</summary>
    private static int? OwnerOf(string name)
    {
        var parts = name[Prefix.Length..].Split('-');
        return parts.Length == 3 && parts[0].Length > 0 && parts[2].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
