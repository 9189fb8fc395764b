using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TestSupport;

/// <summary>
/// Runs scripts/plugin-tarballs.sh and checks its output against what the Pulumi engine installs: per platform a
/// <c>pulumi-resource-&lt;name&gt;-v&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.tar.gz</c> holding, at its root, the
/// executable and a PulumiPlugin.yaml, and one checksums file with the SHA-256 of each tarball.
/// </summary>
public static partial class PluginTarballs
{
    public static string Script => Path.Combine(RepositoryPaths.Root, "scripts", "plugin-tarballs.sh");

    /// <summary>Runs the script: <c>--out</c> <paramref name="outputDirectory"/>, then <paramref name="arguments"/>.</summary>
    /// <param name="environment">Variables to set for the script, or to remove (null value).</param>
    public static Task<CommandResult> RunScriptAsync(
        string outputDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null) =>
        CommandRunner.RunAsync("bash", [Script, "--out", outputDirectory, .. arguments], environment: environment, cancellationToken: cancellationToken);

    /// <summary>The file name the engine downloads for a platform (<c>linux-amd64</c>, <c>windows-arm64</c>, ...).</summary>
    public static string TarballName(string name, string version, string platform) => $"pulumi-resource-{name}-v{version}-{platform}.tar.gz";

    public static string ChecksumsName(string name, string version) => $"pulumi-resource-{name}-v{version}-checksums.txt";

    /// <summary>The executable inside a platform's tarball.</summary>
    public static string ExecutableName(string name, string platform) =>
        $"pulumi-resource-{name}" + (platform.StartsWith("windows-", StringComparison.Ordinal) ? ".exe" : "");

    /// <summary>
    /// Every way <paramref name="directory"/> differs from the tarballs of plugin <paramref name="name"/> at
    /// <paramref name="version"/> for <paramref name="platforms"/> and their checksums file; empty when it matches.
    /// </summary>
    public static IReadOnlyList<string> Check(string directory, string name, string version, IReadOnlyList<string> platforms)
    {
        var problems = new List<string>();
        var tarballs = platforms.Select(p => (Platform: p, File: TarballName(name, version, p))).ToList();
        var checksumsFile = ChecksumsName(name, version);
        var expected = tarballs.Select(t => t.File).Append(checksumsFile).ToHashSet(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(directory).Select(f => Path.GetFileName(f)!).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(expected.Except(present).Order(StringComparer.Ordinal).Select(f => $"{f} is missing."));
        problems.AddRange(present.Except(expected).Order(StringComparer.Ordinal).Select(f => $"{f} is not part of the release."));

        foreach (var (platform, file) in tarballs.Where(t => present.Contains(t.File)))
        {
            problems.AddRange(CheckLayout(Path.Combine(directory, file), ExecutableName(name, platform)).Select(p => $"{file}: {p}"));
        }

        if (present.Contains(checksumsFile))
        {
            problems.AddRange(CheckChecksums(directory, checksumsFile, [.. tarballs.Select(t => t.File).Where(present.Contains)]));
        }

        return problems;
    }

    /// <summary>Extracts one file of a tarball into <paramref name="destination"/>, keeping its mode, and returns its path.</summary>
    public static async Task<string> ExtractAsync(string tarball, string entryName, string destination, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress));
        while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.Name == entryName)
            {
                var path = Path.Combine(destination, entryName);
                await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken);
                return path;
            }
        }

        throw new FileNotFoundException($"{tarball} has no {entryName}.");
    }

    private static IEnumerable<string> CheckLayout(string tarball, string executable)
    {
        var entries = new List<TarEntry>();
        string? pluginYaml = null;
        using (var reader = new TarReader(new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
                if (entry.Name == "PulumiPlugin.yaml" && entry.DataStream is not null)
                {
                    using var text = new StreamReader(entry.DataStream);
                    pluginYaml = text.ReadToEnd();
                }
            }
        }

        var names = entries.Select(e => e.Name).ToList();
        var expected = new[] { executable, "PulumiPlugin.yaml" };
        foreach (var missing in expected.Except(names, StringComparer.Ordinal))
        {
            yield return $"has no {missing} at its root (it has: {string.Join(", ", names)}).";
        }

        foreach (var extra in names.Except(expected, StringComparer.Ordinal))
        {
            yield return $"holds {extra}, which is neither the executable nor PulumiPlugin.yaml.";
        }

        foreach (var entry in entries.Where(e => expected.Contains(e.Name, StringComparer.Ordinal) && e.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)))
        {
            yield return $"{entry.Name} is a {entry.EntryType}, not a regular file.";
        }

        if (entries.FirstOrDefault(e => e.Name == executable) is { } binary && !binary.Mode.HasFlag(UnixFileMode.UserExecute))
        {
            yield return $"{executable} is not executable (mode {Convert.ToString((int)binary.Mode, 8)}).";
        }

        if (pluginYaml is not null && !RuntimeLine().IsMatch(pluginYaml))
        {
            yield return "PulumiPlugin.yaml names no runtime, which the engine requires of a plugin folder.";
        }
    }

    private static IEnumerable<string> CheckChecksums(string directory, string checksumsFile, IReadOnlyList<string> tarballs)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(directory, checksumsFile)).Where(l => l.Length > 0))
        {
            var match = ChecksumLine().Match(line);
            if (!match.Success)
            {
                yield return $"{checksumsFile}: '{line}' is not '<sha256>  <file>'.";
                continue;
            }

            if (!listed.TryAdd(match.Groups["file"].Value, match.Groups["hash"].Value))
            {
                yield return $"{checksumsFile} lists {match.Groups["file"].Value} twice.";
            }
        }

        foreach (var tarball in tarballs)
        {
            using var stream = File.OpenRead(Path.Combine(directory, tarball));
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!listed.Remove(tarball, out var hash))
            {
                yield return $"{checksumsFile} does not list {tarball}.";
            }
            else if (!string.Equals(hash, actual, StringComparison.OrdinalIgnoreCase))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{checksumsFile} gives {hash} for {tarball}, whose SHA-256 is {actual}.");
            }
        }

        foreach (var other in listed.Keys)
        {
            yield return $"{checksumsFile} lists {other}, which is not a tarball of this release.";
        }
    }

    [GeneratedRegex("^runtime:[ \\t]*\\S", RegexOptions.Multiline)]
    private static partial Regex RuntimeLine();

    [GeneratedRegex("^(?<hash>[0-9a-fA-F]{64}) [ *](?<file>\\S+)$")]
    private static partial Regex ChecksumLine();
}
