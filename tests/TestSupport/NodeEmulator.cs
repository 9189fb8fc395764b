using System.Text.Json;

namespace TestSupport;

/// <summary>Starts one of the Node launchers in tests/emulators and reads the port from its ready line.</summary>
internal static class NodeEmulator
{
    private const string ReadyPrefix = "ready {";

    private const string InstallHint = "Install the emulators with `npm ci` in tests/emulators (Node 20+).";

    public static async Task<(EmulatorProcess Process, int Port)> StartAsync(
        string script, string displayName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var emulators = RepositoryPaths.EmulatorsDirectory;
        if (!Directory.Exists(Path.Combine(emulators, "node_modules")))
        {
            throw new EmulatorStartException($"{displayName} is not installed: {emulators}/node_modules is missing. {InstallHint}");
        }

        var options = new EmulatorProcessOptions("node", line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            DisplayName = displayName,
            WorkingDirectory = emulators,
            StartupFailureHint = InstallHint,
            StopsWhenStandardInputCloses = true,
        };
        options.Arguments.Add(Path.Combine(emulators, script));
        foreach (var argument in arguments)
        {
            options.Arguments.Add(argument);
        }

        options.Environment["STOP_ON_STDIN_CLOSE"] = "1";

        var process = await EmulatorProcess.StartAsync(options, cancellationToken);
        try
        {
            using var details = JsonDocument.Parse(process.ReadyLine.AsMemory("ready ".Length));
            return (process, details.RootElement.GetProperty("port").GetInt32());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
