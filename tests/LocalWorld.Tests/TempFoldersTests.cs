using System.Diagnostics;

namespace LocalWorld.Tests;

/// <summary>
/// The folders a run killed outright leaves in the temp directory, and what the next start removes of them. Each test
/// works in a folder of its own: every start of the local world, in this run or another, removes stale folders in the
/// shared temp directory, and could remove this test's before it looks.
/// </summary>
public sealed class TempFoldersTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("tempfolders-tests-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task The_folders_of_a_killed_run_are_removed_and_live_and_foreign_ones_kept()
    {
        var killed = await FolderOfAKilledProcessAsync("cert");
        var killedGcs = await FolderOfAKilledProcessAsync("gcs");
        var killedPid = int.Parse(Path.GetFileName(killed).Split('-')[2], System.Globalization.CultureInfo.InvariantCulture);
        string[] kept =
        [
            // This process's own, as another test's certificate would be.
            Create($"streamstorage-cert-{Environment.ProcessId}-{Guid.NewGuid():N}"),
            // Not named as ours, though the process is gone.
            Create($"gcs-emulator-{killedPid}-{Guid.NewGuid():N}"),
            Create($"streamstorage-notes-{Guid.NewGuid():N}"),
            Create($"streamstorage-cert-{Guid.NewGuid():N}-x"),
        ];

        var removed = TempFolders.RemoveStale(root);

        Assert.Equal([killed, killedGcs], removed.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        Assert.False(Directory.Exists(killed), killed);
        Assert.False(Directory.Exists(killedGcs), killedGcs);
        Assert.All(kept, folder => Assert.True(Directory.Exists(folder), folder));
    }

    [Fact]
    public void A_start_makes_its_folder_in_the_temp_directory_named_after_this_process()
    {
        using var certificate = LoopbackCertificate.Create();

        Assert.StartsWith(Path.Combine(Path.GetTempPath(), $"streamstorage-cert-{Environment.ProcessId}-"), certificate.CertificatePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_named_as_ours_is_left_and_so_is_what_it_points_to()
    {
        var target = Create($"target-{Guid.NewGuid():N}");
        File.WriteAllText(Path.Combine(target, "owners-file"), "kept");
        // Named as ours, after a process that has ended: a start would remove such a folder.
        var link = Path.Combine(root, $"streamstorage-cert-{EndedProcessId()}-{Guid.NewGuid():N}");
        Directory.CreateSymbolicLink(link, target);

        Assert.Empty(TempFolders.RemoveStale(root));

        Assert.True(Directory.Exists(link));
        Assert.True(File.Exists(Path.Combine(target, "owners-file")));
        Directory.Delete(link);
    }

    /// <summary>A shell makes its folder as a run of ours names it, with a file in it, then is killed with SIGKILL.</summary>
    private async Task<string> FolderOfAKilledProcessAsync(string kind)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""folder="$0/streamstorage-$1-$$-$2"; mkdir "$folder" && echo key > "$folder/key.pem" && echo "$folder" && kill -9 $$""");
        start.ArgumentList.Add(root);
        start.ArgumentList.Add(kind);
        start.ArgumentList.Add(Guid.NewGuid().ToString("N"));
        using var process = Process.Start(start)!;
        var folder = (await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(128 + 9, process.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "key.pem")), folder);
        return folder;
    }

    private static int EndedProcessId()
    {
        using var process = Process.Start("/bin/sh", ["-c", "exit 0"]);
        process.WaitForExit();
        return process.Id;
    }

    private string Create(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;
}
