namespace StreamApiEmulator.Tests.Infrastructure;

/// <summary>
/// An emulator of one test's own, writing into the given stores, whose output can be read whole once it has stopped: a
/// shared emulator's output is read while it runs, before what it printed last has come through.
/// </summary>
public sealed class OwnEmulator : IAsyncDisposable
{
    private readonly StreamEmulatorProcess _emulator;

    private OwnEmulator(StreamEmulatorProcess emulator)
    {
        _emulator = emulator;
        Stream = new StreamHttp(emulator);
    }

    public StreamHttp Stream { get; }

    public static async Task<OwnEmulator> StartAsync(ObjectStores stores, CancellationToken cancellationToken) =>
        new(await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(stores), cancellationToken));

    /// <summary>Stops the emulator and returns what it printed, stdout and stderr drained to their end.</summary>
    public async Task<string> StopAndReadOutputAsync()
    {
        await DisposeAsync();
        var output = _emulator.OutputTail;
        // Only the last lines are kept: with the ready line among them, nothing printed since has been dropped.
        Assert.Contains("StreamApiEmulator listening on", output, StringComparison.Ordinal);
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        Stream.Dispose();
        await _emulator.DisposeAsync();
    }
}
