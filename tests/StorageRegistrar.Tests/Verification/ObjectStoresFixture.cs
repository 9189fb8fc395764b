using LocalWorld;

namespace StorageRegistrar.Tests.Verification;

/// <summary>The local object stores, started once for the verification tests and stopped after them.</summary>
public sealed class ObjectStoresFixture : IAsyncLifetime
{
    private ObjectStores? _stores;

    public ObjectStores Stores => _stores ?? throw new InvalidOperationException("The object stores have not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _stores = await ObjectStores.StartAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ObjectStoresCollection : ICollectionFixture<ObjectStoresFixture>
{
    public const string Name = "Verification against local object stores";
}
