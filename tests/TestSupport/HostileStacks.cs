using System.Diagnostics;
using System.Text;

namespace TestSupport;

/// <summary>One hostile stack file, and what its refusal must say.</summary>
/// <param name="Name">The case; its file is <c>Pulumi.&lt;Name&gt;.yaml</c> unless <see cref="FileName"/> says otherwise.</param>
/// <param name="KeyPath">
/// The key path the refusal names (a prefix of it where the exact place is the reader's to find), or null when
/// the file itself is refused: then the refusal starts with the file's path.
/// </param>
/// <param name="Says">The words of the refusal that belong to its kind.</param>
public sealed record HostileStack(string Name, string? KeyPath, string Says)
{
    /// <summary>The file's path inside the corpus folder.</summary>
    public string FileName { get; init; } = $"Pulumi.{Name}.yaml";

    /// <summary>The file the refusal names, when it is not the stack file itself.</summary>
    public string? RefusedFileName { get; init; }

    /// <summary>Refused by the planner's rules, which name keys within the project's namespace and not the file.</summary>
    public bool RefusedByPlanner { get; init; }

    /// <summary>A value of the file that no message may repeat.</summary>
    public string? NeverEchoed { get; init; }

    /// <summary>Makes the file at the given path; null for a file checked in under tests/fixtures/hostile-stacks.</summary>
    internal Action<string>? Make { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// The corpus of hostile stack files (tests/fixtures/hostile-stacks/README.md): every kind the reading of a stack
/// file refuses, and the kinds the planner refused before, so that they keep being refused.
/// </summary>
public static class HostileStacks
{
    /// <summary>A storage every case that needs one starts from.</summary>
    private const string Storage = "config:\n  recording-storage:storages:\n    - name: hostile-s3\n      cloud: s3\n      region: eu-west-1\n";

    public static IReadOnlyList<HostileStack> All { get; } =
    [
        new("alias-bomb", "recording-storage:storages[4]", "past 100,000 values, each alias counted as what it repeats"),
        new("alias-cycle", "recording-storage:storages[0]", "inside the value anchored &a, which would repeat itself without end"),
        new("map-cycle", "recording-storage:tags.self", "inside the value anchored &t, which would repeat itself without end"),
        new("undefined-alias", "recording-storage:tags.team", "no value before it is anchored &nowhere"),
        new("complex-key", "recording-storage:tags", "has a list or map as a key"),
        new("alias-as-complex-key", "recording-storage:tags", "has a list or map as a key"),
        new("not-a-number", "recording-storage:storages[0].retentionDays", "is .nan, a number JSON cannot hold"),
        new("infinity", "recording-storage:storages[0].retentionDays", "is -.inf, a number JSON cannot hold"),
        new("number-too-large", "recording-storage:storages[0].retentionDays", "is 1e999, a number JSON cannot hold"),
        new("tagged-duplicate-key", "recording-storage:storages[0].cloud", "is set twice (lines 5 and 6)"),
        new("duplicate-config-key", "recording-storage:storages", "is set twice (lines 3 and 7)"),
        new("foreign-tag", "recording-storage:storages[0].cloud", "carries the YAML tag !shell"),
        new("half-surrogate", "recording-storage:storages[0].name", "found invalid Unicode surrogates"),
        new("invalid-yaml", "recording-storage:storages[0]", "is not valid YAML at line"),
        new("anchor-in-a-flow-map", "recording-storage:tags.team", "write that map in block style, one key a line"),
        new("open-list-across-a-key", "recording-storage:allowedLocations[0]", "is not valid YAML after line 3, column"),
        new("terminal-escapes", """recording-storage:tags["\u001B]0;owned\u0007"]""", "is set twice"),
        new("top-level-list", null, "expected a YAML map at the top"),
        new("config-not-a-map", null, "'config' must be a map"),
        new("merge-key", "config", "has `<<`, a YAML merge key"),
        new("misspelt-namespace", "recording_storage:preflight", "did you mean recording-storage:preflight?"),
        new("misspelt-config", "confg", "is not a key of a stack file (line 2), which Pulumi would ignore: did you mean config?"),
        new("secure-not-text", "recording-storage:storages[0].secretAccessKey.secure", "is not text (line 12), so Pulumi would not hold it as a secure value")
        {
            NeverEchoed = "plain-secret-access-key-value",
        },
        new("octal-days", "recording-storage:storages[0].immutability.days", "takes as an octal number (line 7): write 2555"),
        new("secret-read-as-a-number", "recording-storage:storages[0].secretAccessKey", "is a plain value that Pulumi's YAML reading takes as a number (line 11), not the text written")
        {
            NeverEchoed = "5EC2E7DEADBEEF",
        },
        new("stream-secret-read-as-a-number", "streamstorage:apiSecret", "is held in plain text")
        {
            RefusedByPlanner = true,
            NeverEchoed = "1_234",
        },
        new("escape-past-unicode", "recording-storage:storages[0]", "an escape there names no character"),
        new("json-lone-surrogate", "recording-storage:tags", "holds JSON text with an unpaired surrogate escape") { RefusedByPlanner = true },

        // Refused before the reading was bounded; they must stay refused.
        new("path-wildcard", "storages[0].path", "read as wildcards") { RefusedByPlanner = true },
        new("plain-text-secret", "storages[0].secretAccessKey", "is kept in plain text") { RefusedByPlanner = true, NeverEchoed = "plain-secret-access-key-value" },

        // Too large, too deep or too special to check in.
        new("deep-brackets", "recording-storage:storages[0][0][0]", "more than 64 deep")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:storages: " + new string('[', 100_000) + new string(']', 100_000) + "\n"),
        },
        new("deep-maps", "recording-storage:tags.a.a.a", "more than 64 deep")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:tags: " + Repeat("{a: ", 1_000) + "x" + new string('}', 1_000) + "\n"),
        },
        new("many-values", "recording-storage:tags[", "past 100,000 values")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:tags: [" + Repeat("1, ", 150_000) + "1]\n"),
        },
        new("text-through-aliases", "recording-storage:tags[1][", "MiB of text, each alias counted as what it repeats")
        {
            Make = path => File.WriteAllText(path, $"config:\n  recording-storage:tags:\n    - &text \"{new string('x', 100_000)}\"\n    - [{string.Join(", ", Enumerable.Repeat("*text", 120))}]\n"),
        },
        new("raw-control-character", null, "line 3, column 12 holds U+001B, a control character YAML does not allow anywhere, comments included")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:production: false\n  # hidden \u001B[8m text \u001B[0m\n"),
        },
        new("line-break-hidden-after-a-comment", null, "line 3, column 13 holds U+0085, which YAML reads as a line break where a diff or an editor shows none")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:production: false\n  # harmless\u0085  recording-storage:preflight: \"off\"\n"),
        },
        new("line-separator", null, "line 2, column 38 holds U+2028, which YAML reads as a line break")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:production: false\u2028  recording-storage:preflight: \"off\"\n"),
        },
        new("lone-carriage-return", null, "line 2, column 38 holds U+000D, which YAML reads as a line break")
        {
            Make = path => File.WriteAllText(path, "config:\n  recording-storage:production: false\r  recording-storage:preflight: \"off\"\n"),
        },
        new("larger-than-a-stack-file", null, "is larger than 1024 KiB")
        {
            Make = path => File.WriteAllText(path, Storage.Replace("cloud: s3", "cloud: " + new string('x', 20 * 1024 * 1024), StringComparison.Ordinal)),
        },
        new("long-keys-through-aliases", "storages[0].0kkkkk", "is not a known setting")
        {
            RefusedByPlanner = true,
            Make = path => File.WriteAllText(path, Storage.Replace("    - name:", "    - &storage\n      name:", StringComparison.Ordinal)
                + string.Concat(Enumerable.Range(0, 100).Select(i => $"      ? {i}{new string('k', 5_000)}\n      : x\n"))
                + string.Concat(Enumerable.Repeat("    - *storage\n", 9))),
        },
        new("link-to-dev-zero", null, "is a link to a file outside its folder") { Make = path => File.CreateSymbolicLink(path, "/dev/zero") },
        new("link-outside-its-folder", null, "is a link to a file outside its folder, which is not read")
        {
            NeverEchoed = "root:",
            Make = path => File.CreateSymbolicLink(path, "/etc/passwd"),
        },
        new("link-through-a-linked-folder", null, "is a link to a file outside its folder, which is not read")
        {
            NeverEchoed = "root:",
            Make = path =>
            {
                // The link's own target is inside the folder as text; the folder it passes through is a link to /etc.
                Directory.CreateSymbolicLink(Path.Combine(Path.GetDirectoryName(path)!, "etc-link"), "/etc");
                File.CreateSymbolicLink(path, Path.Combine("etc-link", "passwd"));
            },
        },
        new("link-climbing-out-through-dot-dot", null, "is a link to a file outside its folder, which is not read")
        {
            NeverEchoed = "root:",
            Make = path =>
            {
                // a/../b reads as b beside the file, but "a" is a link two folders down: its ".." is inside them, where b
                // is a link climbing out to /etc/passwd.
                var folder = Path.GetDirectoryName(path)!;
                Directory.CreateDirectory(Path.Combine(folder, "climb", "deeper"));
                Directory.CreateSymbolicLink(Path.Combine(folder, "climb-a"), Path.Combine("climb", "deeper"));
                File.CreateSymbolicLink(Path.Combine(folder, "climb", "b"), string.Concat(Enumerable.Repeat("../", 20)) + "etc/passwd");
                File.CreateSymbolicLink(path, Path.Combine("climb-a", "..", "b"));
            },
        },
        new("fifo", null, "not a regular file") { Make = MakeFifo },
        new("dangling-link", null, "which does not exist")
        {
            Make = path => File.CreateSymbolicLink(path, Path.Combine(Path.GetDirectoryName(path)!, "absent", "Pulumi.dev.yaml")),
        },
        new("link-loop", null, "passes through more than 40 links")
        {
            Make = path =>
            {
                var back = Path.Combine(Path.GetDirectoryName(path)!, "Pulumi.link-loop-back.yaml");
                File.CreateSymbolicLink(path, back);
                File.CreateSymbolicLink(back, path);
            },
        },
        new("folder", null, "is a folder") { Make = path => Directory.CreateDirectory(path) },
        new("not-utf8", null, "is not UTF-8 text")
        {
            Make = path => File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("config:\n  recording-storage:production: "), 0xFF, 0xFE, (byte)'\n']),
        },
        new("empty", null, "is empty, or not a regular file") { Make = path => File.WriteAllBytes(path, []) },
        new("stack-name-with-space-and-star", null, "is not one Pulumi accepts")
        {
            FileName = "Pulumi.a b*\"x.yaml",
            Make = path => File.WriteAllText(path, Storage),
        },
        new("stack-name-with-terminal-escape", null, "is not one Pulumi accepts")
        {
            FileName = "Pulumi.\u001B[2J.yaml",
            Make = path => File.WriteAllText(path, Storage),
        },
        new("stack-name-too-long", null, "is not one Pulumi accepts")
        {
            FileName = $"Pulumi.{new string('x', 101)}.yaml",
            Make = path => File.WriteAllText(path, Storage),
        },
        new("project-name-with-space", null, "is not a project name Pulumi accepts")
        {
            FileName = Path.Combine("bad-project", "Pulumi.dev.yaml"),
            RefusedFileName = Path.Combine("bad-project", "Pulumi.yaml"),
            Make = path =>
            {
                File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName, "Pulumi.yaml"), "name: recording storage\nruntime: dotnet\n");
                File.WriteAllText(path, Storage);
            },
        },
        new("project-level-config", "config", "sets project-level configuration, which Pulumi gives every stack but the plan does not read")
        {
            FileName = Path.Combine("project-config", "Pulumi.dev.yaml"),
            RefusedFileName = Path.Combine("project-config", "Pulumi.yaml"),
            Make = path =>
            {
                var project = "name: recording-storage\nruntime: dotnet\nconfig:\n  recording-storage:preflight:\n    default: \"off\"\n";
                File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName, "Pulumi.yaml"), project);
                File.WriteAllText(path, Storage);
            },
        },
    ];

    public static HostileStack Named(string name) => All.Single(stack => stack.Name == name);

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} exited with {mkfifo.ExitCode}.");
        }
    }
}

/// <summary>The corpus laid out in a temporary folder: copies of the checked-in files beside the ones made at run time.</summary>
public sealed class HostileStackFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hostile-stacks-");

    public HostileStackFolder()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "hostile-stacks"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(_folder.FullName, Path.GetFileName(file)));
        }

        foreach (var stack in HostileStacks.All)
        {
            stack.Make?.Invoke(PathOf(stack));
        }
    }

    public string PathOf(HostileStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return Path.Combine(_folder.FullName, stack.FileName);
    }

    /// <summary>The path of the file the refusal names.</summary>
    public string RefusedPathOf(HostileStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return Path.Combine(_folder.FullName, stack.RefusedFileName ?? stack.FileName);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
