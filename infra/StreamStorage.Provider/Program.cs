using StreamStorage.Provider;

// stdout belongs to the engine protocol: Serve prints the port and nothing may come before it.
await Pulumi.Experimental.Provider.Provider.Serve(
    args,
    StreamStorageProvider.Version,
    engine => new StreamStorageProvider(engine),
    CancellationToken.None);
