namespace StorageRegistrar.Grants;

/// <summary>The roles the stack assigns in Azure: Stream's service principal's on one blob container, and a storage account's identity's on its key.</summary>
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

    /// <summary>The built-in role that lets an identity wrap and unwrap with a Key Vault key: what account encryption with it needs.</summary>
    public const string KeyVaultCryptoServiceEncryptionUserRoleGuid = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

    public const string KeyVaultCryptoServiceEncryptionUserRoleName = "Key Vault Crypto Service Encryption User";

    public static string BuiltInRoleDefinitionId(string subscriptionId, string roleGuid) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid}";
}
