namespace StackPlanning.Tests;

/// <summary>Plans a stack of one storage, and finds what its plan lists, under the suffix a deployment drew.</summary>
internal static class PlannedStorages
{
    /// <summary>The random suffix the resources' cloud names end with, as if drawn.</summary>
    public const string Suffix = "9f8e7d6c";

    /// <summary>Names resolved with <see cref="Suffix"/>, in the provider's default GCP project <c>acme-default</c>.</summary>
    public static ResourceNaming Drawn { get; } = new(Suffix, "acme-default");

    /// <summary>The plan of the stack holding only <paramref name="storage"/>, which must be a <typeparamref name="T"/>.</summary>
    public static T PlanOne<T>(string storage, string stackName = "dev")
        where T : StoragePlan =>
        Assert.IsType<T>(Assert.Single(StackPlanner.Plan(StackInputs.WithStorages(storage, stackName)).Storages));

    /// <summary>The one resource with this logical name.</summary>
    public static PlannedResource Named(IEnumerable<PlannedResource> resources, string name) => Assert.Single(resources, r => r.Name == name);
}
