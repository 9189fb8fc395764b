using LocalWorld;

namespace TestSupport;

/// <summary>
/// The Stream emulator writing into the local object stores, started once for a test collection and stopped after its
/// last test, the emulator first. A test project's collection fixture derives from this and declares xunit's
/// IAsyncLifetime, which these two methods implement.
/// </summary>
public abstract class StreamWorldLifetime : IAsyncDisposable
{
    private ObjectStores? _stores;
    private StreamEmulatorProcess? _emulator;

    public ObjectStores Stores => _stores ?? throw new InvalidOperationException("The object stores did not start.");

    public StreamEmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("The Stream emulator did not start.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _stores = await ObjectStores.StartAsync(timeout.Token);
        _emulator = await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(_stores), timeout.Token);
        OnStarted();
    }

    /// <summary>What a fixture sets up once both run, such as a service principal at the local Entra endpoint.</summary>
    protected virtual void OnStarted()
    {
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
