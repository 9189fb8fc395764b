using LocalWorld;

namespace TestSupport;

/// <summary>
/// The local object stores, started once for a test collection and stopped after its last test. A test project's
/// collection fixture derives from this and declares xunit's IAsyncLifetime, which these two methods implement.
/// </summary>
public abstract class ObjectStoresLifetime : IAsyncDisposable
{
    private ObjectStores? _stores;

    public ObjectStores Stores => _stores ?? throw new InvalidOperationException("The object stores did not start.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _stores = await ObjectStores.StartAsync(timeout.Token);
        await StartBesideAsync(_stores, timeout.Token);
    }

    /// <summary>What a lifetime starts on top of the running stores.</summary>
    protected virtual Task StartBesideAsync(ObjectStores stores, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
