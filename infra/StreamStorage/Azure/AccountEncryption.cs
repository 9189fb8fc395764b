using Pulumi;
using Pulumi.Random;
using StackPlanning;
using Authorization = Pulumi.AzureNative.Authorization;
using KeyVault = Pulumi.AzureNative.KeyVault;
using ManagedIdentity = Pulumi.AzureNative.ManagedIdentity;
using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// The customer-managed key (<see cref="StoragePlan.EncryptionKey"/>) and infrastructure encryption of the account the stack
/// creates: a user-assigned identity the account reads its key with, the key in a purge-protected vault with a rotation
/// policy, and the identity's grant on the key, all before the account, which Azure checks for access to its key.
/// </summary>
internal sealed class AccountEncryption
{
    /// <summary>The account's identity; null without a customer-managed key.</summary>
    public Input<Storage.Inputs.IdentityArgs>? Identity { get; private init; }

    /// <summary>The account's encryption; null when Microsoft-managed keys encrypt it, as on an account created without it.</summary>
    public Input<Storage.Inputs.EncryptionArgs>? Settings { get; private init; }

    /// <summary>What the account is created after: the identity's grant on the key.</summary>
    public Resource[] AccountAfter { get; private init; } = [];

    public static AccountEncryption Create(
        Resource parent, string name, AzureStoragePlan plan, RandomId suffix, Output<Authorization.GetClientConfigResult> client, Input<string> resourceGroupName)
    {
        if (plan.EncryptionKey is not { } key)
        {
            return plan.InfrastructureEncryption
                ? new AccountEncryption
                {
                    Settings = new Storage.Inputs.EncryptionArgs { KeySource = Storage.KeySource.Microsoft_Storage, RequireInfrastructureEncryption = true },
                }
                : new AccountEncryption();
        }

        if (!key.CreatesKey)
        {
            throw new InvalidOperationException($"{nameof(ProgramSupport)} refuses an existing Key Vault key before the program runs.");
        }

        var identity = new ManagedIdentity.UserAssignedIdentity($"{name}-key-identity", new ManagedIdentity.UserAssignedIdentityArgs
        {
            ResourceName = plan.KeyIdentityName,
            ResourceGroupName = resourceGroupName,
            Location = plan.Location!,
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));

        // RBAC rather than access policies, so that the grant below is an ordinary role assignment; storage encryption
        // requires soft delete and purge protection.
        var vault = new KeyVault.Vault($"{name}-key-vault", new KeyVault.VaultArgs
        {
            VaultName = suffix.Hex.Apply(hex => plan.KeyVaultName(hex)),
            ResourceGroupName = resourceGroupName,
            Location = key.Location!,
            Properties = new KeyVault.Inputs.VaultPropertiesArgs
            {
                TenantId = client.Apply(c => c.TenantId),
                Sku = new KeyVault.Inputs.SkuArgs { Family = KeyVault.SkuFamily.A, Name = KeyVault.SkuName.Standard },
                EnableRbacAuthorization = true,
                EnableSoftDelete = true,
                EnablePurgeProtection = true,
            },
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));

        var vaultKey = new KeyVault.Key($"{name}-key", new KeyVault.KeyArgs
        {
            KeyName = AzureStoragePlan.KeyName,
            VaultName = vault.Name,
            ResourceGroupName = resourceGroupName,
            Properties = new KeyVault.Inputs.KeyPropertiesArgs
            {
                Kty = KeyVault.JsonWebKeyType.RSA,
                KeySize = AzureStoragePlan.KeySizeBits,
                RotationPolicy = new KeyVault.Inputs.RotationPolicyArgs
                {
                    LifetimeActions =
                    {
                        new KeyVault.Inputs.LifetimeActionArgs
                        {
                            Action = new KeyVault.Inputs.ActionArgs { Type = KeyVault.KeyRotationPolicyActionType.Rotate },
                            Trigger = new KeyVault.Inputs.TriggerArgs { TimeAfterCreate = plan.KeyRotationAfterCreate! },
                        },
                    },
                },
            },
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));

        // principalType lets Azure assign the role before the new identity has replicated.
        var keyAccess = new Authorization.RoleAssignment($"{name}-key-access", new Authorization.RoleAssignmentArgs
        {
            PrincipalId = identity.PrincipalId,
            PrincipalType = Authorization.PrincipalType.ServicePrincipal,
            RoleDefinitionId = client.Apply(c => AzureStoragePlan.KeyRoleDefinitionId(c.SubscriptionId)),
            Scope = vaultKey.Id,
        }, ChildOptions.Holding(parent, plan.Data));

        return new AccountEncryption
        {
            Identity = new Storage.Inputs.IdentityArgs { Type = Storage.IdentityType.UserAssigned, UserAssignedIdentities = { identity.Id } },

            // No key version: the account follows the key's newest version as the rotation policy makes them.
            Settings = new Storage.Inputs.EncryptionArgs
            {
                KeySource = Storage.KeySource.Microsoft_Keyvault,
                KeyVaultProperties = new Storage.Inputs.KeyVaultPropertiesArgs
                {
                    KeyVaultUri = vault.Properties.Apply(p => p.VaultUri),
                    KeyName = vaultKey.Name,
                },
                EncryptionIdentity = new Storage.Inputs.EncryptionIdentityArgs { EncryptionUserAssignedIdentity = identity.Id },
                RequireInfrastructureEncryption = plan.InfrastructureEncryption,
            },
            AccountAfter = [keyAccess],
        };
    }
}
