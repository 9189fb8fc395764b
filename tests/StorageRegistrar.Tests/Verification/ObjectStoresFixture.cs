using TestSupport;

namespace StorageRegistrar.Tests.Verification;

/// <summary>The local object stores, started once for the verification tests and stopped after them.</summary>
public sealed class ObjectStoresFixture : ObjectStoresLifetime, IAsyncLifetime
{
}

[CollectionDefinition(Name)]
public sealed class ObjectStoresCollection : ICollectionFixture<ObjectStoresFixture>
{
    public const string Name = "Verification against local object stores";
}
