using StorageRegistrar.Declarations;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>
/// What an Azure storage's plan asks of its tenant and subscription: Stream's Entra application, the resources it
/// creates in the resource group and the actions they take.
/// </summary>
/// <param name="ResourceGroupName">The group the stack creates, or the existing one it uses.</param>
public sealed record AzurePreflightTarget(string StorageName, string ResourceGroupName) : PreflightTarget(StorageName, StorageTypes.Abs)
{
    /// <summary>The subscription of the group; null when the stack does not say, and then nothing in it is read.</summary>
    public string? SubscriptionId { get; init; }

    public required bool CreatesResourceGroup { get; init; }

    /// <summary>The subscription of the owner's existing Key Vault key that encrypts the account; null without one.</summary>
    public string? KeySubscriptionId { get; init; }

    /// <summary>The storage account of an existing container; null when the stack creates the account (and its container).</summary>
    public string? ExistingAccount { get; init; }

    public bool CreatesAccount => ExistingAccount is null;

    /// <summary>The ARM id of <see cref="ExistingAccount"/>, as the plan names it; null when the stack creates the account or names no subscription.</summary>
    public string? ExistingAccountId { get; init; }

    /// <summary>The region of a created group and account; null with an existing container.</summary>
    public string? Location { get; init; }

    /// <summary>The SKU of the account the stack creates (<c>Standard_LRS</c>, <c>Standard_ZRS</c>…), as allowed-SKU policies read it.</summary>
    public required string AccountSku { get; init; }

    /// <summary>Whether the account the stack creates requires infrastructure encryption, as policies requiring it read.</summary>
    public bool InfrastructureEncryption { get; init; }

    /// <summary>Whether the account is encrypted with a customer-managed key, through a user-assigned identity the stack creates.</summary>
    public bool CustomerKey { get; init; }

    /// <summary>The version-level immutability the stack puts on the account it creates (<c>immutability</c>); null without a lock.</summary>
    public AccountImmutability? Immutability { get; init; }

    /// <summary>The days the blob service of the account the stack creates keeps deleted and overwritten blobs (<c>softDeleteDays</c>), 0 off; null when it creates no account.</summary>
    public int? BlobSoftDeleteDays { get; init; }

    /// <summary>The region of the Key Vault the stack creates for that key; null when it creates none (no key, or the owner's).</summary>
    public string? KeyVaultLocation { get; init; }

    /// <summary>The SKU of the account the stack creates for the access logs; null when it creates none.</summary>
    public string? LogAccountSku { get; init; }

    /// <summary>
    /// The name of the account the stack creates, as Azure Policy reads it (a naming convention's condition on <c>name</c>);
    /// the random suffix <c>pulumi up</c> draws stands as hex digits of its length. Null with an existing container.
    /// </summary>
    public string? AccountName { get; init; }

    /// <summary>The name of the access-log account the stack creates, as <see cref="AccountName"/>; null when it creates none.</summary>
    public string? LogAccountName { get; init; }

    /// <summary>The name of the key's identity the stack creates; null without a customer-managed key.</summary>
    public string? KeyIdentityName { get; init; }

    /// <summary>The name of the Key Vault the stack creates for the key, as <see cref="AccountName"/>; null when it creates none.</summary>
    public string? KeyVaultName { get; init; }

    /// <summary>The name of the write-only custom role, which names the account; null when the stack assigns a built-in role.</summary>
    public string? RoleName { get; init; }

    /// <summary>The tags the stack puts on the group and the account.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The data actions of the write-only custom role the stack defines; empty when it assigns a built-in role.</summary>
    public IReadOnlyList<string> RoleDataActions { get; init; } = [];

    public bool CreatesRoleDefinition => RoleDataActions.Count > 0;

    /// <summary>How many days the client secret the stack adds to Stream's Entra application lives (<c>clientSecretDays</c>).</summary>
    public required int ClientSecretDays { get; init; }

    /// <summary>Every Azure Resource Manager action creating the plan's resources takes, once each, with the resource that needs it.</summary>
    public required IReadOnlyList<AzureActionNeed> Actions { get; init; }

    /// <summary>Where the access logs go outside the deployment scope (a workspace, an existing account); null when nowhere else.</summary>
    public AzureLogDestination? LogDestination { get; init; }

    /// <summary>The group's ARM id; null without a subscription.</summary>
    public string? ResourceGroupId => SubscriptionId is null ? null : $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}";

    /// <summary>Where the deployer needs the actions and where policies are asked: the subscription when the group is yet to be created.</summary>
    public string? DeploymentScope => SubscriptionId is null ? null : CreatesResourceGroup ? $"/subscriptions/{SubscriptionId}" : ResourceGroupId;
}

/// <param name="Locked">A compliance lock, whose policy Azure holds locked (it may then only be extended); a governance one stays unlocked.</param>
public sealed record AccountImmutability(int Days, bool Locked);

/// <param name="Resource">The logical name of the resource that needs it (<c>dev-recordings-abs-writer-access</c>).</param>
/// <param name="OnExistingAccount">
/// Needed on an existing account, where the deployer may hold it on the account or container alone: the group's
/// answer cannot tell a missing action from one granted below the group.
/// </param>
public sealed record AzureActionNeed(string Action, string Resource, bool OnExistingAccount = false);

/// <summary>The destination of a diagnostic setting, and what Azure Monitor's linked access check asks of the deployer there.</summary>
/// <param name="ResourceId">The workspace's or storage account's ARM id.</param>
/// <param name="LinkedAction">The action the check asks on it (<c>Microsoft.OperationalInsights/workspaces/sharedKeys/action</c>).</param>
/// <param name="Resource">The logical name of the diagnostic setting (<c>rec-abs-access-logs</c>).</param>
public sealed record AzureLogDestination(string ResourceId, string LinkedAction, string Resource);
