
namespace StreamStorage;

/// <summary>Resource options of a component's children.</summary>
internal static class ChildOptions
{
    /// <summary>A child created only after <paramref name="after"/>, for ordering that no data edge gives.</summary>
    public static CustomResourceOptions Of(Resource parent, params Resource[] after) =>
        new() { Parent = parent, DependsOn = after };

    /// <summary>
    /// The credential handed to Stream. A rotation replaces it create-before-delete: the new credential
    /// first, then the registration that consumes it is updated (and checked), and the old one is
    /// deleted only after that. A GCS key or Entra password is replaced by its keeper input
    /// (<see cref="StoragePlan.CredentialKeepers"/>); an AWS access key has none, so its
    /// <paramref name="replacementTrigger"/> is the rotation value itself.
    /// </summary>
    public static CustomResourceOptions Credential(Resource parent, string? replacementTrigger = null)
    {
        var options = new CustomResourceOptions { Parent = parent, DeleteBeforeReplace = false };
        if (replacementTrigger is not null)
        {
            options.ReplacementTrigger = replacementTrigger;
        }

        return options;
    }

    /// <summary>
    /// A child that holds recordings, or that they cannot be read without: kept in the cloud on delete and, in production,
    /// protected; created after <paramref name="after"/>.
    /// </summary>
    public static CustomResourceOptions Holding(Resource parent, DataResourcePolicy data, params Resource[] after) =>
        new() { Parent = parent, RetainOnDelete = data.RetainOnDelete, Protect = data.Protect, DependsOn = after };
}
