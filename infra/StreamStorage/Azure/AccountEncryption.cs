using Pulumi.Random;
using StorageRegistrar.Grants;
using Authorization = Pulumi.AzureNative.Authorization;
using KeyVault = Pulumi.AzureNative.KeyVault;
using ManagedIdentity = Pulumi.AzureNative.ManagedIdentity;
using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// The customer-managed key (<see cref="StoragePlan.EncryptionKey"/>) and infrastructure encryption of the account the stack
/// creates: a user-assigned identity the account reads its key with, the key (the owner's, or one in a purge-protected vault
/// with a rotation policy) and the identity's grant on the key, all before the account, which Azure checks for access to its key.
/// </summary>
internal sealed class AccountEncryption
{
    /// <summary>The account's identity; null without a customer-managed key.</summary>
    public Input<Storage.Inputs.IdentityArgs>? Identity { get; private init; }

    /// <summary>The account's encryption; null when Microsoft-managed keys encrypt it, as on an account created without it.</summary>
    public Input<Storage.Inputs.EncryptionArgs>? Settings { get; private init; }

    /// <summary>What the account is created after: the identity's grant on the key.</summary>
    public Resource[] AccountAfter { get; private init; } = [];

    /// <summary>The resource id of the key the stack created in a vault of its own; null for the owner's key or none.</summary>
    public Output<string>? CreatedKeyId { get; private init; }

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

        var identity = new ManagedIdentity.UserAssignedIdentity($"{name}-key-identity", new ManagedIdentity.UserAssignedIdentityArgs
        {
            ResourceName = plan.KeyIdentityName,
            ResourceGroupName = resourceGroupName,
            Location = plan.Location!,
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));

        Output<string>? createdKeyId = null;
        Input<string> keyScope, vaultUri, keyName;
        if (plan.GivenKey is { } given)
        {
            (keyScope, vaultUri, keyName) = GivenKey(parent, given);
        }
        else
        {
            var created = CreatedKey(parent, name, plan, key, suffix, client, resourceGroupName);
            createdKeyId = created.Id;
            (keyScope, vaultUri, keyName) = (created.Id, created.VaultUri, created.Name);
        }

        // principalType lets Azure assign the role before the new identity has replicated.
        var keyAccess = new Authorization.RoleAssignment($"{name}-key-access", new Authorization.RoleAssignmentArgs
        {
            PrincipalId = identity.PrincipalId,
            PrincipalType = Authorization.PrincipalType.ServicePrincipal,
            RoleDefinitionId = client.Apply(c => plan.KeyRoleDefinitionId(c.SubscriptionId)),
            Scope = keyScope,
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
                    KeyVaultUri = vaultUri,
                    KeyName = keyName,
                },
                EncryptionIdentity = new Storage.Inputs.EncryptionIdentityArgs { EncryptionUserAssignedIdentity = identity.Id },
                RequireInfrastructureEncryption = plan.InfrastructureEncryption,
            },
            AccountAfter = [keyAccess],
            CreatedKeyId = createdKeyId,
        };
    }

    /// <summary>
    /// The owner's key, granted on its resource id; its vault's URI is read from Resource Manager, which knows the cloud's
    /// vault domain (public, China, US Government), rather than assumed.
    /// </summary>
    private static (Input<string> Scope, Input<string> VaultUri, Input<string> KeyName) GivenKey(Resource parent, KeyVaultKeyId key)
    {
        var vault = KeyVault.GetVault.Invoke(new KeyVault.GetVaultInvokeArgs { ResourceGroupName = key.ResourceGroupName, VaultName = key.VaultName }, new InvokeOptions { Parent = parent });
        return (key.ResourceId, vault.Apply(v => v.Properties.VaultUri), key.KeyName);
    }

    /// <summary>
    /// A key in a vault of the stack's own: RBAC rather than access policies, so that the identity's grant is an ordinary
    /// role assignment; storage encryption requires soft delete and purge protection.
    /// </summary>
    private static (Output<string> Id, Output<string> VaultUri, Output<string> Name) CreatedKey(
        Resource parent, string name, AzureStoragePlan plan, CustomerKeyPlan key, RandomId suffix, Output<Authorization.GetClientConfigResult> client, Input<string> resourceGroupName)
    {
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

        return (vaultKey.Id, vault.Properties.Apply(p => p.VaultUri), vaultKey.Name);
    }
}
