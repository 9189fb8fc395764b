using System.Diagnostics;

namespace StreamStorage.Cli.Tests;

/// <summary>Runs the real <c>stream-storage</c> executable as a child process.</summary>
internal static class CliProcess
{
    /// <param name="environmentVariables">Added to (or, with a null value, removed from) the inherited environment.</param>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environmentVariables, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ExitCodes).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environmentVariables)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environmentVariables, params string[] args)
    {
        using var process = Process.Start(StartInfo(environmentVariables, args))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// The processes still running that carry <paramref name="marker"/> in their environment, which every
    /// process a run starts inherits (Linux: read from /proc).
    /// </summary>
    public static IReadOnlyList<int> ProcessesMarkedWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while listed, or not ours to read.
            }
        }

        return found;
    }
}
