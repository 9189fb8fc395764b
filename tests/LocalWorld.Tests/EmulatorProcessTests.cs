using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LocalWorld.Tests;

public sealed class EmulatorProcessTests
{
    [Fact]
    public async Task StartAsync_ReturnsOnceTheReadyLineAppears_AndKeepsTheEarlierOutput()
    {
        var options = NodeScript(
            "console.log('warming up'); console.error('a warning'); setTimeout(() => console.log('Now listening on: http://127.0.0.1:5000'), 200); setInterval(() => {}, 1000);",
            new Regex("listening on: (http://\\S+)"));

        await using var process = await EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal("Now listening on: http://127.0.0.1:5000", process.ReadyLine);
        Assert.False(process.HasExited);
        Assert.Contains("warming up", process.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_KillsTheWholeProcessTree()
    {
        // The child prints its own pid, then a grandchild's pid, then the ready line.
        var options = NodeScript(
            "const { spawn } = require('node:child_process');" +
            "const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });" +
            "console.log('grandchild ' + grandchild.pid); console.log('ready'); setInterval(() => {}, 1000);",
            line => line == "ready");
        var process = await EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken);
        var grandchildId = int.Parse(Regex.Match(process.OutputTail, "grandchild (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var childId = process.ProcessId;

        await process.DisposeAsync();

        Assert.False(IsRunning(childId));
        // SIGKILL reaches the grandchild asynchronously; on a busy machine it may still be scheduled for a moment.
        Assert.True(await HasStoppedAsync(grandchildId), $"process {grandchildId} was still running after the tree was killed");
    }

    [Fact]
    public async Task A_server_that_stops_with_its_stdin_runs_in_a_session_of_its_own_out_of_reach_of_the_terminals_ctrl_c()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Sessions are read from /proc, on Linux.");
        var options = NodeScript("console.log('ready'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));", line => line == "ready", stopsWhenStandardInputCloses: true);

        await using var process = await EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken);

        // The terminal sends Ctrl+C's SIGINT to its foreground process group, which this test host is in.
        Assert.NotEqual(ProcessGroupOf(Environment.ProcessId), ProcessGroupOf(process.ProcessId));
        Assert.Equal(process.ProcessId, ProcessGroupOf(process.ProcessId));
    }

    /// <summary>The process group of <paramref name="processId"/>: the fifth field of /proc/PID/stat, after the command in parentheses.</summary>
    private static int ProcessGroupOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task DisposeAsync_ClosesStdinFirst_SoAServerThatWatchesItCanCleanUp()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"emulator-stopped-{Guid.NewGuid():N}");
        var options = NodeScript(
            $"process.stdin.on('end', () => {{ require('node:fs').writeFileSync({System.Text.Json.JsonSerializer.Serialize(marker)}, 'stopped'); process.exit(0); }}); process.stdin.resume(); console.log('ready');",
            line => line == "ready",
            stopsWhenStandardInputCloses: true);
        var process = await EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken);

        await process.DisposeAsync();

        try
        {
            Assert.Equal("stopped", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task StartAsync_WhenTheProcessExitsBeforeReady_ReportsExitCodeOutputAndHint()
    {
        var options = NodeScript("console.error('Cannot find package fauxqs'); process.exit(3);", line => line == "ready");

        var error = await Assert.ThrowsAsync<EmulatorStartException>(
            () => EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot find package fauxqs", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reinstall the emulators.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenNoReadyLineArrivesInTime_FailsAndStopsTheProcess()
    {
        var options = NodeScript("console.log('pid ' + process.pid); setInterval(() => {}, 1000);", line => line == "ready", startupTimeout: TimeSpan.FromSeconds(8));

        var error = await Assert.ThrowsAsync<EmulatorStartException>(
            () => EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("no ready line", error.Message, StringComparison.Ordinal);
        var pid = int.Parse(Regex.Match(error.Message, "pid (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid));
    }

    [Fact]
    public async Task StartAsync_WhenCancelled_ThrowsOperationCanceled()
    {
        var options = NodeScript("setInterval(() => {}, 1000);", line => line == "ready");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EmulatorProcess.StartAsync(options, cancellation.Token));
    }

    [Fact]
    public async Task StartAsync_WithAMissingExecutable_NamesIt()
    {
        var options = new EmulatorProcessOptions("no-such-emulator-executable", line => true) { DisplayName = "Imaginary emulator" };

        var error = await Assert.ThrowsAsync<EmulatorStartException>(
            () => EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("Imaginary emulator", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-emulator-executable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PassesEnvironmentVariables()
    {
        var options = NodeScript("console.log('ready ' + process.env.EMULATOR_GREETING); setInterval(() => {}, 1000);", line => line.StartsWith("ready", StringComparison.Ordinal));
        options.Environment["EMULATOR_GREETING"] = "hello";

        await using var process = await EmulatorProcess.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal("ready hello", process.ReadyLine);
    }

    private static EmulatorProcessOptions NodeScript(
        string script, Func<string, bool> isReadyLine, bool stopsWhenStandardInputCloses = false, TimeSpan? startupTimeout = null)
    {
        var options = new EmulatorProcessOptions("node", isReadyLine)
        {
            DisplayName = "test server",
            StartupFailureHint = "Reinstall the emulators.",
            StopsWhenStandardInputCloses = stopsWhenStandardInputCloses,
            StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(30),
        };
        options.Arguments.Add("-e");
        options.Arguments.Add(script);
        return options;
    }

    private static EmulatorProcessOptions NodeScript(string script, Regex readyLine) =>
        new("node", readyLine) { DisplayName = "test server", Arguments = { "-e", script } };

    private static async Task<bool> HasStoppedAsync(int processId)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        while (IsRunning(processId))
        {
            try
            {
                await Task.Delay(50, limit.Token);
            }
            catch (OperationCanceledException)
            {
                return !IsRunning(processId);
            }
        }

        return true;
    }

    private static bool IsRunning(int processId)
    {
        // A killed process whose parent has not reaped it yet lingers as a zombie (state Z); it runs no code.
        var stat = $"/proc/{processId}/stat";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return File.ReadAllText(stat).Split(')')[^1].TrimStart()[0] is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
