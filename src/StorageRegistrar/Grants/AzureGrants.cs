namespace StorageRegistrar.Grants;

/// <summary>The role Stream's service principal holds on one blob container.</summary>
public static class AzureGrants
{
    /// <summary>Create blobs and append blocks: the least a writer of new files needs (no read, list or delete).</summary>
    public static IReadOnlyList<string> WriteOnlyDataActions { get; } =
    [
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
    ];

    public const string WriteOnlyRoleDescription =
        "Lets Stream Video write call recordings and transcriptions as new blobs; it cannot read, list or delete them.";

    /// <summary>The built-in role that also works, with read, list and delete on top (GUID fixed across all tenants).</summary>
    public const string StorageBlobDataContributorRoleGuid = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    public static string BuiltInRoleDefinitionId(string subscriptionId, string roleGuid) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid}";
}
