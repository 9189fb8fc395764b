using Pulumi;
using Pulumi.AzureAD;
using Pulumi.AzureNative.Authorization;
using Pulumi.AzureNative.Resources;
using Pulumi.AzureNative.Storage;
using Pulumi.Random;
using StackPlanning;
using StreamStorage.Sdk;
using StreamStorage.Sdk.Inputs;
using AuthorizationInputs = Pulumi.AzureNative.Authorization.Inputs;
using StorageInputs = Pulumi.AzureNative.Storage.Inputs;

namespace StreamStorage;

public sealed class AzureRecordingStorageArgs : ResourceArgs
{
    /// <summary>Every decision about the storage; the component only turns it into resources.</summary>
    public AzureStoragePlan Plan { get; set; } = null!;
}

/// <summary>
/// A locked-down storage account and container, an Entra application whose service principal may
/// only write blobs into that container, and its client secret registered with Stream.
/// </summary>
public sealed class AzureRecordingStorage : ComponentResource, IRecordingStorage
{
    public AzureRecordingStorage(string name, AzureRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base("recording-storage:index:AzureRecordingStorage", name, args, options)
    {
        var plan = args.Plan;
        var client = Pulumi.AzureNative.Authorization.GetClientConfig.Invoke(new InvokeOptions { Parent = this });
        var suffix = new RandomId($"{name}-suffix", new RandomIdArgs { ByteLength = ResourceNames.SuffixBytes }, ChildOptions.Of(this));

        var resourceGroup = plan.CreateResourceGroup
            ? new ResourceGroup($"{name}-group", new ResourceGroupArgs
            {
                ResourceGroupName = plan.ResourceGroupName,
                Location = plan.Location,
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Holding(this, plan.Data))
            : null;
        var resourceGroupName = resourceGroup?.Name ?? Output.Create(plan.ResourceGroupName);
        var resourceGroupId = resourceGroup?.Id ?? client.Apply(c => plan.ResourceGroupId(c.SubscriptionId));

        // Stream signs in with its service principal, so shared keys stay off; the public endpoint
        // stays on because Stream uploads from the internet.
        var account = new StorageAccount($"{name}-account", new StorageAccountArgs
        {
            AccountName = suffix.Hex.Apply(hex => plan.AccountName(hex)),
            ResourceGroupName = resourceGroupName,
            Location = plan.Location,
            Kind = Kind.StorageV2,
            Sku = new StorageInputs.SkuArgs { Name = SkuName.Standard_LRS },
            MinimumTlsVersion = MinimumTlsVersion.TLS1_2,
            EnableHttpsTrafficOnly = true,
            AllowBlobPublicAccess = false,
            AllowSharedKeyAccess = false,
            DefaultToOAuthAuthentication = true,
            PublicNetworkAccess = PublicNetworkAccess.Enabled,
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(this, plan.Data));
        var container = new BlobContainer($"{name}-container", new BlobContainerArgs
        {
            AccountName = account.Name,
            ResourceGroupName = resourceGroupName,
            ContainerName = plan.ContainerName,
            PublicAccess = PublicAccess.None,
        }, ChildOptions.Holding(this, plan.Data));

        var application = new Application($"{name}-app", new ApplicationArgs { DisplayName = plan.ApplicationName }, ChildOptions.Of(this));
        var principal = new ServicePrincipal($"{name}-principal", new ServicePrincipalArgs { ClientId = application.ClientId }, ChildOptions.Of(this));
        var password = new ApplicationPassword($"{name}-secret", new ApplicationPasswordArgs
        {
            ApplicationId = application.Id,
            DisplayName = "Stream Video recordings",
            EndDateRelative = plan.ClientSecretLifetime,
            RotateWhenChanged = new Dictionary<string, string>(plan.ClientSecretRotationKeepers),
        }, ChildOptions.Of(this));

        Input<string> roleDefinitionId;
        if (plan.Role == AzureRole.WriteOnly)
        {
            var role = new RoleDefinition($"{name}-writer-role", new RoleDefinitionArgs
            {
                Scope = resourceGroupId,
                AssignableScopes = { resourceGroupId },
                RoleName = account.Name.Apply(a => plan.WriteOnlyRoleName(a)),
                Description = plan.WriteOnlyRoleDescription,
                RoleType = "CustomRole",
                Permissions = { new AuthorizationInputs.PermissionArgs { DataActions = plan.WriteOnlyDataActions.ToList() } },
            }, ChildOptions.Of(this));
            roleDefinitionId = role.Id;
        }
        else
        {
            roleDefinitionId = client.Apply(c => AzureStoragePlan.BlobDataContributorRoleDefinitionId(c.SubscriptionId));
        }

        // principalType lets Azure assign the role before the new principal has replicated.
        var access = new RoleAssignment($"{name}-writer-access", new RoleAssignmentArgs
        {
            PrincipalId = principal.ObjectId,
            PrincipalType = PrincipalType.ServicePrincipal,
            RoleDefinitionId = roleDefinitionId,
            Scope = container.Id,
        }, ChildOptions.Of(this));

        Registration = new ExternalStorage(name, new ExternalStorageArgs
        {
            Name = plan.StreamName,
            StorageType = plan.StorageType,
            Bucket = container.Name,
            Path = plan.Path,
            AzureBlob = new AzureBlobArgs
            {
                AccountName = account.Name,
                ClientId = application.ClientId,
                ClientSecret = password.Value,
                TenantId = client.Apply(c => c.TenantId),
            },
            CheckDeadlineSeconds = plan.CheckDeadlineSeconds,
        }, ChildOptions.Of(this, access, password));

        BucketName = container.Name;
        ConsoleUrl = account.Id.Apply(id => plan.ConsoleUrl(id));
        StreamStorageName = Registration.Name;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["consoleUrl"] = ConsoleUrl,
            ["streamStorageName"] = StreamStorageName,
        });
    }

    [Output("bucketName")]
    public Output<string> BucketName { get; private set; }

    [Output("consoleUrl")]
    public Output<string> ConsoleUrl { get; private set; }

    [Output("streamStorageName")]
    public Output<string> StreamStorageName { get; private set; }

    public ExternalStorage Registration { get; }
}
