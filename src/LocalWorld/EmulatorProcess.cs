using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace LocalWorld;

/// <summary>
/// A server process started for tests: its output is drained in the background (so it never blocks on a
/// full pipe), startup waits for its ready line, and its whole process tree is killed on disposal and
/// when the test host exits.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private const int TailLineCount = 80;

    private static readonly TimeSpan ExitWaitLimit = TimeSpan.FromSeconds(10);

    // Processes still running; killed if the test host exits without disposing them.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process process;
    private readonly RecentOutput tail;
    private readonly EmulatorProcessOptions options;
    private int disposed;

    static EmulatorProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var running in Running.Values)
            {
                KillTree(running);
            }
        };
    }

    private EmulatorProcess(Process process, RecentOutput tail, EmulatorProcessOptions options, string readyLine)
    {
        this.process = process;
        this.tail = tail;
        this.options = options;
        ReadyLine = readyLine;
    }

    /// <summary>The stdout line that matched the ready check.</summary>
    public string ReadyLine { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string DisplayName => options.DisplayName;

    /// <summary>The last lines the process wrote to stdout and stderr, for diagnosing a failing test.</summary>
    public string OutputTail => tail.ToString();

    /// <summary>
    /// Starts the process and returns once it prints its ready line. Fails with
    /// <see cref="EmulatorStartException"/> (carrying the output tail) if the process cannot start,
    /// exits first or stays silent past <see cref="EmulatorProcessOptions.StartupTimeout"/>.
    /// </summary>
    public static async Task<EmulatorProcess> StartAsync(EmulatorProcessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var tail = new RecentOutput(TailLineCount);
        // Completes with the ready line, or with null when stdout ends first (the process exited).
        var ready = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = CreateStartInfo(options) };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetResult(null);
                return;
            }

            tail.Add(e.Data);
            if (!ready.Task.IsCompleted && options.IsReadyLine(e.Data))
            {
                ready.TrySetResult(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                tail.Add(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new EmulatorStartException(
                $"Could not start {options.DisplayName} ('{options.FileName}'): {exception.Message}.{Hint(options)}", exception);
        }

        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartupTimeout);
        try
        {
            var readyLine = await ready.Task.WaitAsync(startup.Token);
            if (readyLine is null)
            {
                var exitCode = await WaitForExitCodeAsync(process);
                throw new EmulatorStartException(
                    $"{options.DisplayName} exited{exitCode} before it was ready.{Hint(options)}{FormatTail(tail)}");
            }

            return new EmulatorProcess(process, tail, options, readyLine);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopAsync(process);
            throw new EmulatorStartException(
                $"{options.DisplayName} printed no ready line within {options.StartupTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.{Hint(options)}{FormatTail(tail)}");
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (options.StopsWhenStandardInputCloses && !process.HasExited)
        {
            // Lets the server clean up (temporary folders, open sockets) before the hard kill below.
            try
            {
                process.StandardInput.Close();
                using var grace = new CancellationTokenSource(options.ShutdownGracePeriod);
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Still running after the grace period: killed below.
            }
            catch (IOException)
            {
                // The pipe is already gone, as is the process or soon will be.
            }
        }

        await StopAsync(process);
    }

    /// <summary>
    /// util-linux's setsid, which gives a process a session of its own and then becomes it (same process id): the
    /// terminal's Ctrl+C, sent to the whole foreground process group, then reaches the rehearsal and not the local world
    /// its clean-up still needs. Every emulator stops when its stdin closes, so none outlives the process that started it.
    /// </summary>
    private static readonly string? SessionLauncher = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    private static ProcessStartInfo CreateStartInfo(EmulatorProcessOptions options)
    {
        var ownSession = SessionLauncher is not null && options.StopsWhenStandardInputCloses;
        var startInfo = new ProcessStartInfo(ownSession ? SessionLauncher! : options.FileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        if (ownSession)
        {
            startInfo.ArgumentList.Add(options.FileName);
        }

        foreach (var argument in options.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private static async Task<string> WaitForExitCodeAsync(Process process)
    {
        using var limit = new CancellationTokenSource(ExitWaitLimit);
        try
        {
            // Also waits for stderr to be drained, so the tail holds the reason.
            await process.WaitForExitAsync(limit.Token);
            return string.Create(CultureInfo.InvariantCulture, $" with code {process.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            return " (closed its stdout)";
        }
    }

    private static async Task StopAsync(Process process)
    {
        KillTree(process);
        using var limit = new CancellationTokenSource(ExitWaitLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL this long is beyond our reach; do not hang the test run.
        }

        Running.TryRemove(new KeyValuePair<int, Process>(process.Id, process));
        process.Dispose();
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited while the tree was being walked.
        }
    }

    private static string Hint(EmulatorProcessOptions options) =>
        options.StartupFailureHint is null ? string.Empty : " " + options.StartupFailureHint;

    private static string FormatTail(RecentOutput tail)
    {
        var text = tail.ToString();
        return text.Length == 0 ? " It wrote no output." : $" Last output:{Environment.NewLine}{text}";
    }

    /// <summary>The most recent lines of output, bounded so that a chatty server cannot exhaust memory.</summary>
    private sealed class RecentOutput(int capacity)
    {
        private readonly Queue<string> lines = new(capacity);

        public void Add(string line)
        {
            lock (lines)
            {
                if (lines.Count == capacity)
                {
                    lines.Dequeue();
                }

                lines.Enqueue(line);
            }
        }

        public override string ToString()
        {
            lock (lines)
            {
                return string.Join(Environment.NewLine, lines);
            }
        }
    }
}
