using LocalWorld;

namespace TestSupport;

/// <summary>
/// The Stream emulator writing into the local object stores, started once for a test collection and stopped after its
/// last test, the emulator first.
/// </summary>
public abstract class StreamWorldLifetime : ObjectStoresLifetime
{
    private StreamEmulatorProcess? _emulator;

    public StreamEmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("The Stream emulator did not start.");

    protected sealed override async Task StartBesideAsync(ObjectStores stores, CancellationToken cancellationToken)
    {
        _emulator = await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(stores), cancellationToken);
        OnStarted();
    }

    /// <summary>What a fixture sets up once both run, such as a service principal at the local Entra endpoint.</summary>
    protected virtual void OnStarted()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
