using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace StreamStorage.Tests.Program;

/// <summary>A resource as the program constructed it: its args and options before the engine saw them.</summary>
internal sealed record Constructed(Resource Resource, ResourceArgs Args, ResourceOptions Options)
{
    public string Type => Resource.GetResourceType();

    public string Name => Resource.GetResourceName();

    public async Task<ImmutableArray<Resource>> DependsOnAsync() =>
        await OutputUtilities.GetValueAsync(Options.DependsOn.ToOutput());
}

/// <summary>Runs the program's stack for a configuration against <see cref="CloudMocks"/>.</summary>
internal sealed class PlannedDeployment
{
    private PlannedDeployment(CloudMocks mocks, IReadOnlyList<Constructed> constructed)
    {
        Mocks = mocks;
        Constructed = constructed;
    }

    public CloudMocks Mocks { get; }

    public IReadOnlyList<Constructed> Constructed { get; }

    public static StackPlan Plan(string configJson, string stackName) =>
        StackPlanner.Plan(StackPlanning.Tests.StackInputs.FromJson(configJson, stackName));

    public static async Task<PlannedDeployment> RunAsync(string configJson, string stackName = "dev")
    {
        var plan = Plan(configJson, stackName);
        var mocks = new CloudMocks();
        var constructed = new ConcurrentQueue<Constructed>();
        await Deployment.TestWithServiceProviderAsync<PlannedStack>(
            mocks, new StackFactory(() => new PlannedStack(plan, constructed)), Options(stackName));
        return new PlannedDeployment(mocks, [.. constructed]);
    }

    /// <summary>Runs the program's own stack function and returns its outputs.</summary>
    public static async Task<IDictionary<string, object?>> OutputsAsync(string configJson, string stackName = "dev")
    {
        var plan = Plan(configJson, stackName);
        var (_, outputs) = await Deployment.TestAsync(new CloudMocks(), Options(stackName), () => RecordingStorageStack.Create(plan));
        return outputs;
    }

    /// <summary>A stack of one storage: <paramref name="storage"/> with <paramref name="settings"/> added or replaced.</summary>
    public static string OneStorage(string storage, string settings)
    {
        var merged = JsonNode.Parse(storage)!.AsObject();
        foreach (var setting in JsonNode.Parse(settings)!.AsObject())
        {
            merged[setting.Key] = setting.Value?.DeepClone();
        }

        return new JsonObject { [ConfigKeys.Storages] = new JsonArray(merged) }.ToJsonString();
    }

    public Constructed Single(string type, string name) =>
        Constructed.Single(c => c.Type == type && c.Name == name);

    public IEnumerable<Constructed> OfType(string type) => Constructed.Where(c => c.Type == type);

    private static TestOptions Options(string stackName) =>
        new() { StackName = stackName, ProjectName = "recording-storage", IsPreview = false };

    /// <summary>The program's stack, with a transformation that records every resource it constructs.</summary>
    private sealed class PlannedStack : Stack
    {
        public PlannedStack(StackPlan plan, ConcurrentQueue<Constructed> constructed)
            : base(new StackOptions
            {
                ResourceTransformations =
                [
                    args =>
                    {
                        constructed.Enqueue(new Constructed(args.Resource, args.Args, args.Options));
                        return null;
                    },
                ],
            })
        {
            RecordingStorageStack.Create(plan);
        }
    }

    private sealed class StackFactory(Func<Stack> create) : IServiceProvider
    {
        public object? GetService(Type serviceType) => create();
    }
}
