using Pulumi;
using Pulumi.Random;
using StackPlanning;
using StreamStorage.Sdk;
using StreamStorage.Sdk.Inputs;
using Authorization = Pulumi.AzureNative.Authorization;
using Entra = Pulumi.AzureAD;
using Resources = Pulumi.AzureNative.Resources;
using Storage = Pulumi.AzureNative.Storage;

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
        var client = Authorization.GetClientConfig.Invoke(new InvokeOptions { Parent = this });
        var suffix = new RandomId($"{name}-suffix", new RandomIdArgs { ByteLength = ResourceNames.SuffixBytes }, ChildOptions.Of(this));

        var resourceGroup = plan.CreateResourceGroup
            ? new Resources.ResourceGroup($"{name}-group", new Resources.ResourceGroupArgs
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
        var account = new Storage.StorageAccount($"{name}-account", new Storage.StorageAccountArgs
        {
            AccountName = suffix.Hex.Apply(hex => plan.AccountName(hex)),
            ResourceGroupName = resourceGroupName,
            Location = plan.Location,
            Kind = Storage.Kind.StorageV2,
            Sku = new Storage.Inputs.SkuArgs { Name = Storage.SkuName.Standard_LRS },
            MinimumTlsVersion = Storage.MinimumTlsVersion.TLS1_2,
            EnableHttpsTrafficOnly = true,
            AllowBlobPublicAccess = false,
            AllowSharedKeyAccess = false,
            DefaultToOAuthAuthentication = true,
            PublicNetworkAccess = Storage.PublicNetworkAccess.Enabled,
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(this, plan.Data));
        var container = new Storage.BlobContainer($"{name}-container", new Storage.BlobContainerArgs
        {
            AccountName = account.Name,
            ResourceGroupName = resourceGroupName,
            ContainerName = plan.ContainerName,
            PublicAccess = Storage.PublicAccess.None,
        }, ChildOptions.Holding(this, plan.Data));

        var application = new Entra.Application($"{name}-app", new Entra.ApplicationArgs { DisplayName = plan.ApplicationName }, ChildOptions.Of(this));
        var principal = new Entra.ServicePrincipal($"{name}-principal", new Entra.ServicePrincipalArgs { ClientId = application.ClientId }, ChildOptions.Of(this));
        var password = new Entra.ApplicationPassword($"{name}-secret", new Entra.ApplicationPasswordArgs
        {
            ApplicationId = application.Id,
            DisplayName = "Stream Video recordings",
            EndDateRelative = plan.ClientSecretLifetime,
            RotateWhenChanged = new Dictionary<string, string>(plan.ClientSecretRotationKeepers),
        }, ChildOptions.Of(this));

        Input<string> roleDefinitionId;
        if (plan.Role == AzureRole.WriteOnly)
        {
            var role = new Authorization.RoleDefinition($"{name}-writer-role", new Authorization.RoleDefinitionArgs
            {
                Scope = resourceGroupId,
                AssignableScopes = { resourceGroupId },
                RoleName = account.Name.Apply(a => plan.WriteOnlyRoleName(a)),
                Description = plan.WriteOnlyRoleDescription,
                RoleType = "CustomRole",
                Permissions = { new Authorization.Inputs.PermissionArgs { DataActions = plan.WriteOnlyDataActions.ToList() } },
            }, ChildOptions.Of(this));
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
