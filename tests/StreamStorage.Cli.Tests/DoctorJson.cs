using StorageRegistrar.Diagnostics;

namespace StreamStorage.Cli.Tests;

/// <summary>What <c>doctor --all --json</c> reports, asserted the same way wherever a test expects it.</summary>
internal static class DoctorJson
{
    /// <summary>
    /// The run needs attention without having examined any storage: <paramref name="storage"/>, the only one, was not
    /// examined, for a reason that names <paramref name="reasonPart"/>.
    /// </summary>
    public static void AssertOnlyNotExamined(CliRun run, string storage, string reasonPart)
    {
        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(root.GetProperty("needsAttention").GetBoolean());
        Assert.Empty(root.GetProperty("storages").EnumerateArray());
        var skipped = Assert.Single(root.GetProperty("notExamined").EnumerateArray());
        Assert.Equal(storage, skipped.GetProperty("storage").GetString());
        Assert.Contains(reasonPart, skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The run passed with one storage, examined: Stream's check succeeded and nothing was found but <paramref name="notes"/>.</summary>
    public static void AssertOnlyStorageHealthy(CliRun run, params string[] notes)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Empty(root.GetProperty("notExamined").EnumerateArray());
        var storage = Assert.Single(root.GetProperty("storages").EnumerateArray());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        var findings = storage.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(notes, findings.Select(f => f.GetProperty("code").GetString()));
        Assert.All(findings, f => Assert.Equal(nameof(FindingSeverity.Note), f.GetProperty("severity").GetString()));
    }
}
