using StorageRegistrar;
using StreamStorage.Provider;

// One configuration store for every provider instance the host creates in this process.
var configuration = new ProviderConfigurationStore();

// stdout belongs to the engine protocol: Serve prints the port and nothing may come before it.
await Pulumi.Experimental.Provider.Provider.Serve(
    args,
    ProductInfo.Version,
    engine => new StreamStorageProvider(engine, configuration),
    CancellationToken.None);
