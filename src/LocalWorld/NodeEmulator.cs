using System.Text.Json;

namespace LocalWorld;

/// <summary>Starts one of the Node launchers (see <see cref="EmulatorInstallation"/>) and reads the port from its ready line.</summary>
internal static class NodeEmulator
{
    private const string ReadyPrefix = "ready {";

    public static async Task<(EmulatorProcess Process, int Port)> StartAsync(
        string script, string displayName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var emulators = await EmulatorInstallation.EnsureInstalledAsync(progress: null, cancellationToken).ConfigureAwait(false);

        var options = new EmulatorProcessOptions("node", line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            DisplayName = displayName,
            WorkingDirectory = emulators,
            StartupFailureHint = $"The emulators run from {emulators}; delete that folder to reinstall them.",
            StopsWhenStandardInputCloses = true,
        };
        options.Arguments.Add(Path.Combine(emulators, script));
        foreach (var argument in arguments)
        {
            options.Arguments.Add(argument);
        }

        options.Environment["STOP_ON_STDIN_CLOSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            options.Environment[name] = value;
        }

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
