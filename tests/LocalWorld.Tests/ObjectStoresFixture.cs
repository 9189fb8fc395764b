
namespace LocalWorld.Tests;

/// <summary>Starts every local object store once for the tests that prove them with the official SDKs.</summary>
public sealed class ObjectStoresFixture : ObjectStoresLifetime, IAsyncLifetime
{
}

[CollectionDefinition(Name)]
public sealed class ObjectStoresCollection : ICollectionFixture<ObjectStoresFixture>
{
    public const string Name = "Object stores";
}
