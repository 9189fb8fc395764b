namespace StorageRegistrar.Tests.Fixtures;

/// <summary>A test with a local server of its own, started before the test and stopped after it.</summary>
public abstract class LocalServerTest<TServer>(Func<CancellationToken, Task<TServer>> start) : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private TServer? _server;

    protected TServer Server => _server ?? throw new InvalidOperationException($"The {typeof(TServer).Name} did not start.");

    public async ValueTask InitializeAsync() => _server = await start(TestContext.Current.CancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
