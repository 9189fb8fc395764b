using Pulumi;
using StackPlanning;

namespace StreamStorage;

/// <summary>Resource options of a component's children.</summary>
internal static class ChildOptions
{
    /// <summary>A child created only after <paramref name="after"/>, for ordering that no data edge gives.</summary>
    public static CustomResourceOptions Of(Resource parent, params Resource[] after) =>
        new() { Parent = parent, DependsOn = after };

    /// <summary>A child that holds recordings: kept in the cloud on delete and, in production, protected.</summary>
    public static CustomResourceOptions Holding(Resource parent, DataResourcePolicy data) =>
        new() { Parent = parent, RetainOnDelete = data.RetainOnDelete, Protect = data.Protect };
}
