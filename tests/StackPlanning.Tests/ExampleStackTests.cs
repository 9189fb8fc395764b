using TestSupport;

namespace StackPlanning.Tests;

/// <summary>The example stacks shipped at the repository root must be configurations the program accepts.</summary>
public sealed class ExampleStackTests
{
    [Fact]
    public void The_example_dev_stack_plans_every_cloud_and_binding()
    {
        var (plan, file) = PlanExample("dev");

        Assert.False(plan.Production);
        Assert.Equal(["s3", "gcs", "abs"], plan.Storages.Select(s => s.StorageType));
        Assert.Equal(["default", "livestream", "audio_room"], plan.Bindings.Select(b => b.CallType));
        Assert.All(plan.Bindings, b => Assert.NotNull(b.Storage));
        Assert.False(file.IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}"));
        Assert.False(file.IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}"));
    }

    [Fact]
    public void The_example_prod_stack_protects_and_keeps_every_bucket()
    {
        var (plan, file) = PlanExample("prod");

        Assert.True(plan.Production);
        Assert.All(plan.Storages, s => Assert.Equal(new DataResourcePolicy(ForceDestroy: false, RetainOnDelete: true, Protect: true), s.Data));
        Assert.False(file.IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}"));
        Assert.False(file.IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}"));
    }

    private static (StackPlan Plan, StackFile File) PlanExample(string stackName)
    {
        var file = StackFile.Read(Path.Combine(RepositoryPaths.Root, $"Pulumi.{stackName}.yaml"));
        Assert.Equal("recording-storage", file.ProjectName);
        Assert.Equal(stackName, file.StackName);
        return (StackPlanner.Plan(file.ToInput(streamCredentialsSupplied: true)), file);
    }
}
