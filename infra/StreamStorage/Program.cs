using StorageRegistrar.Preflight;
using StreamStorage;

using var guardrailReads = PreflightHttp.Create(new PreflightReadOptions());
return await Deployment.RunAsync(
    () => RecordingStorageStack.RunAsync(Environment.GetEnvironmentVariable, () => PreflightCheckers.Create(guardrailReads, new PreflightCheckerOptions())));
