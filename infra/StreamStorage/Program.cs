using Pulumi;
using StreamStorage;

return await Deployment.RunAsync(() => RecordingStorageStack.Create(StackConfiguration.ReadAndPlan(Environment.GetEnvironmentVariable)));
