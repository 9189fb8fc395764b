using System.Text;

namespace StorageRegistrar.Grants;

/// <summary>The roles the stack assigns in Azure: Stream's service principal's on one blob container with the condition that keeps it to the path, and a storage account's identity's on its key.</summary>
public static class AzureGrants
{
    public const string CreateBlob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
    public const string AddToBlob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action";
    public const string ReadBlob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    public const string DeleteBlob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete";
    public const string MoveBlob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action";

    /// <summary>Create blobs and append blocks: the least a writer of new files needs (no read, list or delete).</summary>
    public static IReadOnlyList<string> WriteOnlyDataActions { get; } = [CreateBlob, AddToBlob];

    /// <summary>The data actions of Storage Blob Data Contributor, each of which the path condition must restrict.</summary>
    public static IReadOnlyList<string> BlobDataContributorDataActions { get; } = [DeleteBlob, ReadBlob, CreateBlob, MoveBlob, AddToBlob];

    /// <summary>
    /// The Resource Manager <c>actions</c> of Storage Blob Data Contributor, as its built-in definition lists them: the
    /// container's read, write and delete and the blob service's user delegation key, which no condition holds to the path.
    /// </summary>
    public static IReadOnlyList<string> BlobDataContributorActions { get; } =
    [
        "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
        "Microsoft.Storage/storageAccounts/blobServices/containers/read",
        "Microsoft.Storage/storageAccounts/blobServices/containers/write",
        "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
    ];

    public const string BlobDataContributorRoleName = "Storage Blob Data Contributor";

    /// <summary>The blob service's log categories a storage's access logs hold: reads, writes and deletes; the doctor holds diagnostic settings to them.</summary>
    public static IReadOnlyList<string> AccessLogCategories { get; } = ["StorageRead", "StorageWrite", "StorageDelete"];

    public const string WriteOnlyRoleDescription =
        "Lets Stream Video write call recordings and transcriptions as new blobs; it cannot read, list or delete them.";

    /// <summary>The built-in role that also works, with read, list and delete on top (GUID fixed across all tenants).</summary>
    public const string StorageBlobDataContributorRoleGuid = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    /// <summary>The condition language of <see cref="PathCondition"/> (ARM's <c>conditionVersion</c>).</summary>
    public const string ConditionVersion = "2.0";

    /// <summary>A blob's name within its container: no container name, no leading '/', not URL-encoded.</summary>
    public const string BlobPathAttribute = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path";

    /// <summary>The prefix a List Blobs request asks for (listing has no blob, so no <see cref="BlobPathAttribute"/>).</summary>
    public const string ListPrefixAttribute = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix";

    /// <summary>The suboperation of <see cref="ReadBlob"/> that lists blobs.</summary>
    public const string ListSubOperation = "Blob.List";

    /// <summary>The built-in role that lets an identity wrap and unwrap with a Key Vault key: what account encryption with it needs.</summary>
    public const string KeyVaultCryptoServiceEncryptionUserRoleGuid = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

    public const string KeyVaultCryptoServiceEncryptionUserRoleName = "Key Vault Crypto Service Encryption User";

    public static string BuiltInRoleDefinitionId(string subscriptionId, string roleGuid) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid}";

    /// <summary>
    /// Why <paramref name="path"/> cannot be written into a condition, or null when it can: the condition language
    /// quotes values in single quotes and documents no way to write one inside them.
    /// </summary>
    public static string? PathProblem(string path) => path.Contains('\'', StringComparison.Ordinal)
        ? "contains a single quote ('), which an Azure role condition cannot hold in a value: the grant could not be kept to the path. Remove it."
        : null;

    /// <summary>
    /// A role assignment condition (<see cref="ConditionVersion"/>) under which every one of <paramref name="dataActions"/>
    /// applies only to blobs whose name starts with <paramref name="path"/>, and listing only to prefixes that do. Each
    /// action is targeted on its own: an action the condition leaves out would be granted without it. Reading is split by
    /// its suboperation, because List Blobs carries a requested prefix instead of a blob path. The path ends with '/', so
    /// a sibling folder that merely starts with the same letters (<c>recordings-old/</c> against <c>recordings/</c>) is
    /// outside it.
    /// </summary>
    /// <exception cref="ArgumentException">When the path is empty (the container is then the scope) or cannot be quoted.</exception>
    public static string PathCondition(string path, IReadOnlyList<string> dataActions)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataActions);
        if (path.Length == 0)
        {
            throw new ArgumentException("An empty path grants the whole container; there is nothing to condition.", nameof(path));
        }

        if (PathProblem(path) is { } problem)
        {
            throw new ArgumentException($"The path {problem}", nameof(path));
        }

        var blobActions = dataActions.Select(action => action == ReadBlob
            ? $"!(ActionMatches{{'{ReadBlob}'}} AND NOT SubOperationMatches{{'{ListSubOperation}'}})"
            : $"!(ActionMatches{{'{action}'}})");
        var condition = new StringBuilder()
            .Append("((").Append(string.Join(" AND ", blobActions)).Append(") OR (")
            .Append("@Resource[").Append(BlobPathAttribute).Append("] StringStartsWith '").Append(path).Append("'))");
        if (dataActions.Contains(ReadBlob))
        {
            condition
                .Append(" AND ((!(ActionMatches{'").Append(ReadBlob).Append("'} AND SubOperationMatches{'").Append(ListSubOperation).Append("'})) OR (")
                .Append("@Request[").Append(ListPrefixAttribute).Append("] StringStartsWith '").Append(path).Append("'))");
        }

        return condition.ToString();
    }
}
