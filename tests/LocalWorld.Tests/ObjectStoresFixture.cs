namespace LocalWorld.Tests;

/// <summary>Starts every local object store once for the tests that prove them with the official SDKs.</summary>
public sealed class ObjectStoresFixture : IAsyncLifetime
{
    private ObjectStores? stores;

    public ObjectStores Stores => stores ?? throw new InvalidOperationException("The object stores are not started.");

    public async ValueTask InitializeAsync() =>
        stores = await ObjectStores.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (stores is not null)
        {
            await stores.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ObjectStoresCollection : ICollectionFixture<ObjectStoresFixture>
{
    public const string Name = "Object stores";
}
