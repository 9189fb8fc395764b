using System.Text.RegularExpressions;

namespace LocalWorld;

/// <summary>
/// The Stream API emulator (tools/StreamApiEmulator) running as a child process on a free loopback port.
/// </summary>
public sealed partial class StreamEmulatorProcess : EmulatedServer
{
    private StreamEmulatorProcess(EmulatorProcess process, Uri baseUrl, StreamEmulatorSettings settings)
        : base(process)
    {
        BaseUrl = baseUrl;
        ApiKey = settings.ApiKey;
        ApiSecret = settings.ApiSecret;
        Control = new StreamEmulatorControl(baseUrl);
    }

    /// <summary>Where Stream's API is served, e.g. <c>http://127.0.0.1:41234/</c>; use it as the client's base URL.</summary>
    public Uri BaseUrl { get; }

    public string ApiKey { get; }

    /// <summary>The app secret (at least 32 bytes) that signs server-side tokens.</summary>
    public string ApiSecret { get; }

    /// <summary>The test-only control API: faults, request log, reset, finishing recordings.</summary>
    public StreamEmulatorControl Control { get; }

    /// <summary>The emulator's assembly, which ships beside this one (LocalWorld references the emulator project).</summary>
    public static string EmulatorAssemblyPath => Path.Combine(AppContext.BaseDirectory, "StreamApiEmulator.dll");

    public static async Task<StreamEmulatorProcess> StartAsync(StreamEmulatorSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var assembly = EmulatorAssemblyPath;
        if (!File.Exists(assembly))
        {
            throw new EmulatorStartException(
                $"The Stream API emulator is missing: {assembly} does not exist. Rebuild the application.");
        }

        var options = new EmulatorProcessOptions("dotnet", ListeningLine())
        {
            DisplayName = "Stream API emulator",
            WorkingDirectory = Path.GetDirectoryName(assembly),
            StopsWhenStandardInputCloses = true,
        };
        options.Environment["STOP_ON_STDIN_CLOSE"] = "1";
        options.Arguments.Add(assembly);
        options.Arguments.Add("--urls");
        options.Arguments.Add("http://127.0.0.1:0");
        foreach (var (name, value) in settings.ToEnvironment())
        {
            options.Environment[name] = value;
        }

        var process = await EmulatorProcess.StartAsync(options, cancellationToken);
        var address = ListeningLine().Match(process.ReadyLine).Groups["url"].Value;
        return new StreamEmulatorProcess(process, new Uri(address.TrimEnd('/') + "/"), settings);
    }

    public override async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await base.DisposeAsync();
    }

    [GeneratedRegex(@"StreamApiEmulator listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
