using TestSupport;

namespace Release.Tests;

/// <summary>The CLI as a team installs it: packed as a .NET tool, installed into a folder, run by its command name.</summary>
public sealed class ToolPackageTests
{
    private const string PackageId = "StreamStorage.Cli";

    private static readonly string CliProject = Path.Combine(RepositoryPaths.Root, "tools", "StreamStorage.Cli");

    [Fact]
    public async Task The_packed_tool_installs_into_a_folder_and_prints_the_product_version()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryDirectory();
        var feed = temp.Folder("feed");
        var toolPath = temp.Folder("tools");

        // Built in its own folder, so that the Debug build other suites run from is left alone.
        var pack = await CommandRunner.RunAsync(
            "dotnet", ["pack", CliProject, "-c", "Release", "-o", feed, "--artifacts-path", temp.Folder("build"), "-nologo"], cancellationToken: ct);
        Assert.True(pack.ExitCode == 0, pack.Describe("dotnet pack"));
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal($"{PackageId}.{BuildProperties.Version}.nupkg", Path.GetFileName(package));

        // No package source but the folder: a tool package carries its dependencies, so nothing comes from outside.
        var config = Path.Combine(temp.Path, "nuget.config");
        await File.WriteAllTextAsync(config, "<configuration><packageSources><clear /></packageSources></configuration>", ct);
        var install = await CommandRunner.RunAsync(
            "dotnet", ["tool", "install", "--tool-path", toolPath, "--add-source", feed, "--configfile", config, PackageId], cancellationToken: ct);
        Assert.True(install.ExitCode == 0, install.Describe("dotnet tool install"));

        var tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "stream-storage.exe" : "stream-storage");
        var version = await CommandRunner.RunAsync(tool, ["--version"], temp.Path, cancellationToken: ct);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(BuildProperties.Version, version.Output.Trim());

        // The installed command runs the real commands: without Stream's keys it says which variable to set.
        var status = await CommandRunner.RunAsync(
            tool, ["status"], temp.Path, new Dictionary<string, string?> { ["STREAM_API_KEY"] = null, ["STREAM_API_SECRET"] = null, ["STREAM_BASE_URL"] = null }, ct);
        Assert.Equal(2, status.ExitCode);
        Assert.Contains("STREAM_API_KEY", status.Error, StringComparison.Ordinal);

        // The package carries the local world (the Stream emulator and the Node emulators' sources): a rehearsal
        // of the example stack runs from the installed tool alone.
        var rehearsal = await CommandRunner.RunAsync(tool, ["rehearse", Path.Combine(RepositoryPaths.Root, "Pulumi.dev.yaml"), "--json"], temp.Path, cancellationToken: ct);
        Assert.True(rehearsal.ExitCode == 0, rehearsal.Describe("stream-storage rehearse"));
    }
}
