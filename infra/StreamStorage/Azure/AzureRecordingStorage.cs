using StreamStorage.Sdk.Inputs;
using Authorization = Pulumi.AzureNative.Authorization;
using Entra = Pulumi.AzureAD;
using Resources = Pulumi.AzureNative.Resources;
using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

public sealed class AzureRecordingStorageArgs : RecordingStorageArgs<AzureStoragePlan>;

/// <summary>
/// A locked-down storage account and container (or an existing container, left as it is) with the lock, soft delete, key,
/// tiers and access logs the plan gives it (<see cref="BlobImmutability"/>, <see cref="BlobService"/>, <see cref="AccountEncryption"/>,
/// <see cref="BlobTiers"/>, <see cref="BlobAccessLogs"/>), an Entra
/// application whose service principal may only write blobs into that container, and its client
/// secret registered with Stream, which a new <see cref="StoragePlan.CredentialRotation"/> replaces.
/// </summary>
public sealed class AzureRecordingStorage : RecordingStorage<AzureStoragePlan>
{
    public AzureRecordingStorage(string name, AzureRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base(PulumiTypes.AzureComponent, name, args, options, CreateResources)
    {
    }

    /// <param name="drawn">The plan with its unguessable folder in the path, for the role assignment's condition.</param>
    private static CloudStorage CreateResources(Resource parent, string name, AzureStoragePlan plan, Output<AzureStoragePlan> drawn)
    {
        var client = Authorization.GetClientConfig.Invoke(new InvokeOptions { Parent = parent });
        var resourceGroupName = Output.Create(plan.ResourceGroupName);
        var resourceGroupId = client.Apply(c => plan.ResourceGroupId(c.SubscriptionId));
        Output<string> accountName;
        Output<string> accountId;
        Output<string> containerId;
        Resource? blobService = null;
        Output<string>? createdKeyId = null;
        var suffix = plan.CreatesBucket || plan.AccessLogs is { CreatesLogBucket: true } ? CreateSuffix(parent, name) : null;
        if (plan.CreatesBucket)
        {
            var resourceGroup = plan.CreateResourceGroup
                ? new Resources.ResourceGroup($"{name}-group", new Resources.ResourceGroupArgs
                {
                    ResourceGroupName = plan.ResourceGroupName,
                    Location = plan.Location!,
                    Tags = InputValues.Tags(plan),
                }, ChildOptions.Holding(parent, plan.Data))
                : null;
            resourceGroupName = resourceGroup?.Name ?? resourceGroupName;
            resourceGroupId = resourceGroup?.Id ?? resourceGroupId;
            var encryption = AccountEncryption.Create(parent, name, plan, suffix!, client, resourceGroupName);
            createdKeyId = encryption.CreatedKeyId;

            // Stream signs in with its service principal, so shared keys stay off; the public endpoint
            // stays on because Stream uploads from the internet.
            var account = new Storage.StorageAccount($"{name}-account", new Storage.StorageAccountArgs
            {
                AccountName = suffix!.Hex.Apply(hex => plan.AccountName(hex)),
                ResourceGroupName = resourceGroupName,
                Location = plan.Location!,
                Kind = Storage.Kind.StorageV2,
                Sku = new Storage.Inputs.SkuArgs { Name = plan.AccountSku },
                MinimumTlsVersion = Storage.MinimumTlsVersion.TLS1_2,
                EnableHttpsTrafficOnly = true,
                AllowBlobPublicAccess = false,
                AllowSharedKeyAccess = false,
                DefaultToOAuthAuthentication = true,
                PublicNetworkAccess = Storage.PublicNetworkAccess.Enabled,
                ImmutableStorageWithVersioning = BlobImmutability.Account(plan),
                Identity = encryption.Identity,
                Encryption = encryption.Settings,
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data, encryption.AccountAfter));
            blobService = BlobService.Properties(parent, name, plan, account, resourceGroupName);
            var container = new Storage.BlobContainer($"{name}-container", new Storage.BlobContainerArgs
            {
                AccountName = account.Name,
                ResourceGroupName = resourceGroupName,
                ContainerName = plan.ContainerName,
                PublicAccess = Storage.PublicAccess.None,
            }, ChildOptions.Holding(parent, plan.Data));
            BlobTiers.Policy(parent, name, plan, drawn, account, resourceGroupName);
            accountName = account.Name;
            accountId = account.Id;
            containerId = container.Id;
        }
        else
        {
            // An existing container is only referenced by its id: the stack neither creates, changes nor deletes it.
            accountName = Output.Create(plan.ExistingAccount!);
            accountId = client.Apply(c => plan.AccountId(c.SubscriptionId, plan.ExistingAccount!));
            containerId = client.Apply(c => plan.ContainerId(c.SubscriptionId, plan.ExistingAccount!));
        }

        var createdLogAccountId = BlobAccessLogs.Add(parent, name, plan, suffix, resourceGroupName, accountId);

        // The principal azuread deploys as owns what it creates: a service principal granted Application.ReadWrite.OwnedBy
        // may update, rotate and delete only the applications and service principals it owns. The owners are set when
        // they are created and not changed after, so that another principal running up does not try to take them over.
        var deployer = Entra.GetClientConfig.Invoke(new InvokeOptions { Parent = parent }).Apply(c => c.ObjectId);
        CustomResourceOptions OwnersSetOnce()
        {
            var options = ChildOptions.Of(parent);
            options.IgnoreChanges = ["owners"];
            return options;
        }

        var application = new Entra.Application($"{name}-app", new Entra.ApplicationArgs
        {
            DisplayName = plan.ApplicationName,
            Owners = { deployer },
        }, OwnersSetOnce());
        var principal = new Entra.ServicePrincipal($"{name}-principal", new Entra.ServicePrincipalArgs
        {
            ClientId = application.ClientId,
            Owners = { deployer },
        }, OwnersSetOnce());
        var password = new Entra.ApplicationPassword($"{name}-secret", new Entra.ApplicationPasswordArgs
        {
            ApplicationId = application.Id,
            DisplayName = "Stream Video recordings",
            EndDateRelative = plan.ClientSecretLifetime,
            RotateWhenChanged = new Dictionary<string, string>(plan.CredentialKeepers),
        }, ChildOptions.Credential(parent));

        Input<string> roleDefinitionId;
        if (plan.Role == AzureRole.WriteOnly)
        {
            var role = new Authorization.RoleDefinition($"{name}-writer-role", new Authorization.RoleDefinitionArgs
            {
                Scope = resourceGroupId,
                AssignableScopes = { resourceGroupId },
                RoleName = accountName.Apply(a => plan.WriteOnlyRoleName(a)),
                Description = plan.WriteOnlyRoleDescription,
                RoleType = "CustomRole",
                Permissions = { new Authorization.Inputs.PermissionArgs { DataActions = plan.WriteOnlyDataActions.ToList() } },
            }, ChildOptions.Of(parent));
            roleDefinitionId = role.Id;
        }
        else
        {
            roleDefinitionId = client.Apply(c => AzureStoragePlan.BlobDataContributorRoleDefinitionId(c.SubscriptionId));
        }

        // principalType lets Azure assign the role before the new principal has replicated.
        var access = new Authorization.RoleAssignment($"{name}-writer-access", new Authorization.RoleAssignmentArgs
        {
            PrincipalId = principal.ObjectId,
            PrincipalType = Authorization.PrincipalType.ServicePrincipal,
            RoleDefinitionId = roleDefinitionId,
            Scope = containerId,

            // With a path, every data action of the role is held to blobs under it (AzureGrants.PathCondition).
            Condition = plan.ScopesRoleToPath ? drawn.Apply(p => p.RoleCondition!) : (Input<string>?)null,
            ConditionVersion = InputValues.Optional(plan.RoleConditionVersion),
        }, ChildOptions.Of(parent));

        return new CloudStorage
        {
            BucketName = Output.Create(plan.ContainerName),
            ConsoleUrl = accountId.Apply(id => plan.ConsoleUrl(id)),
            AzureBlob = new AzureBlobArgs
            {
                AccountName = accountName,
                ClientId = application.ClientId,
                ClientSecret = password.Value,
                TenantId = client.Apply(c => c.TenantId),
            },
            StreamIdentity = application.ClientId,
            AzureAccount = accountName,
            AzureSubscriptionId = client.Apply(c => c.SubscriptionId),
            CreatedKeyId = createdKeyId,
            CreatedLogDestination = createdLogAccountId,
            RegistrationWaitsFor = blobService is null ? [access, password] : [access, password, blobService],
        };
    }
}
