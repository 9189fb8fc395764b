using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TestSupport;

namespace Release.Tests;

/// <summary>
/// scripts/plugin-tarballs.sh on a stand-in plugin published like the real one (tests/fixtures/PluginStandIn),
/// so that the layout and the checksums are tested where the Pulumi packages do not restore. The real plugin's
/// tarball is tested in tests/StreamStorage.Tests (PluginTarballTests), where they do.
/// </summary>
public sealed class PluginTarballTests
{
    private const string StandInName = "standin";

    private static readonly string StandInProject = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "PluginStandIn");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_linux_tarball_holds_the_executable_and_PulumiPlugin_yaml_at_its_root_with_its_checksum()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Folder("out");

        var run = await PluginTarballs.RunScriptAsync(output, ["--project", StandInProject, "linux-x64"], Ct);

        Assert.True(run.ExitCode == 0, run.Describe("plugin-tarballs.sh"));
        Assert.Empty(PluginTarballs.Check(output, StandInName, BuildProperties.Version, ["linux-amd64"]));
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            // Self-contained: it runs from the extracted folder with nothing else beside it.
            var tarball = Path.Combine(output, PluginTarballs.TarballName(StandInName, BuildProperties.Version, "linux-amd64"));
            var executable = await PluginTarballs.ExtractAsync(tarball, PluginTarballs.ExecutableName(StandInName, "linux-amd64"), temp.Folder("installed"), Ct);
            var started = await CommandRunner.RunAsync(executable, [], temp.Path, new Dictionary<string, string?> { ["DOTNET_ROOT"] = null }, Ct);
            Assert.Equal("stand-in plugin", started.Output.Trim());
        }
    }

    /// <summary>A rebuilt release can be compared with the published checksums only if the archive adds nothing of its own.</summary>
    [Fact]
    public async Task Two_builds_of_the_same_executable_give_the_same_tarball_byte_for_byte()
    {
        using var temp = new TemporaryDirectory();
        var epoch = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var tarballs = new List<string>();
        foreach (var build in (string[])["first", "second"])
        {
            var output = temp.Folder(build);
            var run = await PluginTarballs.RunScriptAsync(output, ["--project", StandInProject, "linux-x64"], Ct, environment);
            Assert.True(run.ExitCode == 0, run.Describe("plugin-tarballs.sh"));
            tarballs.Add(Path.Combine(output, PluginTarballs.TarballName(StandInName, BuildProperties.Version, "linux-amd64")));
        }

        Assert.Equal(await File.ReadAllBytesAsync(tarballs[0], Ct), await File.ReadAllBytesAsync(tarballs[1], Ct));
        await using var gzip = new GZipStream(File.OpenRead(tarballs[0]), CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (await reader.GetNextEntryAsync(cancellationToken: Ct) is { } entry)
        {
            entries.Add(entry);
        }

        Assert.Equal([PluginTarballs.ExecutableName(StandInName, "linux-amd64"), "PulumiPlugin.yaml"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((epoch, 0, 0, ""), (e.ModificationTime, e.Uid, e.Gid, ((PosixTarEntry)e).UserName)));
        Assert.Equal(
            [UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
             UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead],
            entries.Select(e => e.Mode));
    }

    [Fact]
    public async Task Checksums_only_lists_every_tarball_gathered_from_several_builds()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.Folder("out");
        string[] platforms = ["darwin-arm64", "linux-amd64", "windows-amd64"];
        foreach (var platform in platforms)
        {
            await WriteTarballAsync(
                Path.Combine(output, PluginTarballs.TarballName(StandInName, BuildProperties.Version, platform)),
                (PluginTarballs.ExecutableName(StandInName, platform), Executable, platform),
                ("PulumiPlugin.yaml", Regular, "runtime: dotnet\n"));
        }

        var run = await PluginTarballs.RunScriptAsync(output, ["--project", StandInProject, "--checksums-only"], Ct);

        Assert.True(run.ExitCode == 0, run.Describe("plugin-tarballs.sh --checksums-only"));
        Assert.Empty(PluginTarballs.Check(output, StandInName, BuildProperties.Version, platforms));
    }

    [Theory]
    [InlineData("linux-x86", "Unknown runtime identifier 'linux-x86'")]
    [InlineData("--zip", "Unknown option --zip")]
    public async Task A_bad_argument_stops_the_script_before_anything_is_built(string argument, string message)
    {
        using var temp = new TemporaryDirectory();

        var run = await PluginTarballs.RunScriptAsync(temp.Path, ["--project", StandInProject, argument], Ct);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task A_project_that_is_not_a_resource_plugin_is_refused()
    {
        using var temp = new TemporaryDirectory();

        var run = await PluginTarballs.RunScriptAsync(temp.Path, ["--project", Path.Combine(RepositoryPaths.Root, "tools", "StreamStorage.Cli"), "linux-x64"], Ct);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("AssemblyName is 'stream-storage'; the engine looks for pulumi-resource-<name>", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The check that the tests above rely on finds each way a tarball can be wrong.</summary>
    [Fact]
    public async Task The_layout_check_names_every_fault()
    {
        using var temp = new TemporaryDirectory();
        const string version = "1.2.3";
        string[] platforms = ["linux-amd64", "linux-arm64", "windows-arm64", "darwin-amd64"];
        var exe = PluginTarballs.ExecutableName(StandInName, "linux-amd64");
        await WriteTarballAsync(Tarball("linux-amd64"), ($"bin/{exe}", Executable, "x"), ("PulumiPlugin.yaml", Regular, "runtime: dotnet\n"));
        await WriteTarballAsync(Tarball("linux-arm64"), (exe, Regular, "x"), ("PulumiPlugin.yaml", Regular, "name: standin\n"), ("README.md", Regular, "x"));
        await WriteTarballAsync(Tarball("windows-arm64"), (exe, Executable, "x"), ("PulumiPlugin.yaml", Regular, "runtime: dotnet\n"));
        await File.WriteAllTextAsync(Tarball("linux-x64"), "", Ct);
        await File.WriteAllTextAsync(
            Path.Combine(temp.Path, PluginTarballs.ChecksumsName(StandInName, version)),
            $"{new string('0', 64)}  {Path.GetFileName(Tarball("linux-amd64"))}\nnot a checksum line\n",
            Ct);

        var problems = PluginTarballs.Check(temp.Path, StandInName, version, platforms);

        string[] expected =
        [
            $"{Name("darwin-amd64")} is missing.",
            $"{Name("linux-x64")} is not part of the release.",
            $"{Name("linux-amd64")}: has no {exe} at its root (it has: bin/{exe}, PulumiPlugin.yaml).",
            $"{Name("linux-amd64")}: holds bin/{exe}, which is neither the executable nor PulumiPlugin.yaml.",
            $"{Name("linux-arm64")}: holds README.md, which is neither the executable nor PulumiPlugin.yaml.",
            $"{Name("linux-arm64")}: {exe} is not executable (mode 644).",
            $"{Name("linux-arm64")}: PulumiPlugin.yaml names no runtime, which the engine requires of a plugin folder.",
            $"{Name("windows-arm64")}: has no {exe}.exe at its root (it has: {exe}, PulumiPlugin.yaml).",
            $"{Name("windows-arm64")}: holds {exe}, which is neither the executable nor PulumiPlugin.yaml.",
            $"{PluginTarballs.ChecksumsName(StandInName, version)}: 'not a checksum line' is not '<sha256>  <file>'.",
        ];
        Assert.Equal(expected, problems.Where(p => !p.Contains("SHA-256", StringComparison.Ordinal) && !p.Contains("does not list", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.StartsWith($"{PluginTarballs.ChecksumsName(StandInName, version)} gives {new string('0', 64)} for {Name("linux-amd64")}, whose SHA-256 is ", StringComparison.Ordinal));
        Assert.Contains($"{PluginTarballs.ChecksumsName(StandInName, version)} does not list {Name("linux-arm64")}.", problems);
        Assert.Contains($"{PluginTarballs.ChecksumsName(StandInName, version)} does not list {Name("windows-arm64")}.", problems);

        string Name(string platform) => PluginTarballs.TarballName(StandInName, version, platform);
        string Tarball(string platform) => Path.Combine(temp.Path, Name(platform));
    }

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static async Task WriteTarballAsync(string path, params (string Name, UnixFileMode Mode, string Content)[] entries)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, mode, content) in entries)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = mode,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            };
            await writer.WriteEntryAsync(entry, Ct);
        }
    }
}
