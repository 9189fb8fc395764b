using System.Security.Cryptography;
using StackPlanning;
using StorageRegistrar.Declarations;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// An Azure storage in azurite: the storage account (served by azurite from its start), the container,
/// and an Entra application whose client secret the local Entra endpoint accepts.
/// </summary>
internal sealed class AzureStandIn(AzureStoragePlan plan, string suffix) : StorageStandIn(plan, suffix)
{
    private string? _clientId;
    private string? _createdClientId;
    private string? _secret;
    private string? _previousSecret;

    public override string Bucket => plan.ContainerName;

    public string AccountName => plan.AccountName(Suffix);

    public override string Store => $"azure:{AccountName}";

    public override IReadOnlyList<PlannedResource> Preview()
    {
        var role = plan.Role == AzureRole.WriteOnly
            ? new PlannedResource("azure-native:authorization:RoleDefinition", plan.WriteOnlyRoleName(AccountName), plan.WriteOnlyRoleDescription,
                JsonSerializerDataActions(plan.WriteOnlyDataActions))
            : new PlannedResource("azure-native:authorization:RoleDefinition", "Storage Blob Data Contributor", "built-in role");
        var resources = new List<PlannedResource>();
        if (plan.CreateResourceGroup)
        {
            resources.Add(new("azure-native:resources:ResourceGroup", plan.ResourceGroupName, plan.Location!));
        }

        resources.AddRange(Plan.CreatesBucket
            ? [
                new("azure-native:storage:StorageAccount", AccountName, $"{plan.Location}, TLS 1.2, no shared keys, no public blobs, {(Plan.Data.ForceDestroy ? "deleted on destroy" : "kept on destroy")}{(Plan.Data.Protect ? ", protected" : "")}"),
                new("azure-native:storage:BlobContainer", $"{AccountName}/{Bucket}", "private"),
            ]
            : [new("existing container", $"{AccountName}/{Bucket}", "not created, not changed, left on destroy; only Stream's role assignment is added")]);
        resources.AddRange(
        [
            new("azuread:index:Application", plan.ApplicationName, "Stream's identity"),
            new("azuread:index:ApplicationPassword", Row("secret"), $"client secret for {plan.ClientSecretLifetime}, sent to Stream as abs_client_secret{(plan.CredentialRotation is { } rotation ? $"; replaced before deletion when credentialRotation changes (now '{rotation}')" : "")}"),
            role,
            new("azure-native:authorization:RoleAssignment", Row("writer-access"), $"{role.Name} for the application's service principal, scope: container {AccountName}/{Bucket}",
                plan.RoleCondition is { } condition ? $"condition (version {plan.RoleConditionVersion}): {condition}" : "no condition: the whole container is the storage"),
        ]);
        return resources;
    }

    public override async Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        if (plan.CreateResourceGroup)
        {
            report(plan.ResourceGroupName, "not needed locally (azurite has no resource groups)");
        }

        if (Plan.CreatesBucket)
        {
            report(AccountName, "served by azurite");
            await world.Stores.Azurite.CreateOwnerClient(AccountName).CreateBlobContainerAsync(Bucket, cancellationToken: cancellationToken).ConfigureAwait(false);
            report($"{AccountName}/{Bucket}", "created");
        }

        _clientId = _createdClientId = Guid.NewGuid().ToString();
        report(plan.ApplicationName, $"created, client id {_clientId}");
        report(Row("writer-access"), "assigned; not enforced locally (azurite enforces no roles)");
        return NewSecret(world, report);
    }

    public override async Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var container = world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket);
        await container.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.UploadBlobAsync(OwnersObjectKey, BinaryData.FromString("The owner's, before the stack."), cancellationToken).ConfigureAwait(false);
        report($"{AccountName}/{Bucket}", $"pre-existing, holding {OwnersObjectKey}");
    }

    public override Task<StorageDeclaration> IssueNextCredentialAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        _previousSecret = _secret;
        return Task.FromResult(NewSecret(world, report));
    }

    public override async Task<bool?> RevokePreviousCredentialAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var previous = _previousSecret ?? throw new InvalidOperationException("No previous secret: rotate first.");
        await world.Stores.Entra.RemoveClientSecretAsync(RehearsalWorld.TenantId, _clientId!, previous, cancellationToken).ConfigureAwait(false);
        _previousSecret = null;
        var refused = !await world.Stores.Entra.AcceptsSecretAsync(RehearsalWorld.TenantId, _clientId!, previous, cancellationToken).ConfigureAwait(false);
        report(Row("secret"), $"deleted the previous secret; the local Entra endpoint {(refused ? "refuses" : "STILL ACCEPTS")} it");
        return refused;
    }

    private StorageDeclaration NewSecret(RehearsalWorld world, Action<string, string> report)
    {
        _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        world.Stores.Entra.RegisterServicePrincipal(RehearsalWorld.TenantId, _clientId!, _secret);
        report(Row("secret"), "created; the local Entra endpoint accepts it");
        return Declaration() with
        {
            AzureBlob = new AzureBlobSettings
            {
                AccountName = AccountName,
                ClientId = _clientId,
                ClientSecret = new SecretString(_secret),
                TenantId = RehearsalWorld.TenantId,
            },
        };
    }

    public override async Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken) =>
        (await world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).GetBlobClient(key).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    public override async Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        if (_clientId is not null)
        {
            await world.Stores.Entra.RemoveServicePrincipalAsync(RehearsalWorld.TenantId, _clientId, cancellationToken).ConfigureAwait(false);
            report(plan.ApplicationName, "deleted with its secret; the local Entra endpoint refuses it now");
            _clientId = null;
        }

        if (BucketKept)
        {
            report($"{AccountName}/{Bucket}", $"left, with its blobs ({KeptBecause})");
            return;
        }

        await world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        report($"{AccountName}/{Bucket}", "deleted with its blobs (dataProtection: forceDestroy)");
    }

    public override async Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken)
    {
        var leftovers = new List<string>();
        var principals = await world.Stores.Entra.ListServicePrincipalsAsync(cancellationToken).ConfigureAwait(false);
        leftovers.AddRange(principals.Where(p => p.TenantId == RehearsalWorld.TenantId && p.ClientId == _createdClientId).Select(p => $"Entra service principal {p.ClientId}"));
        if (!BucketKept && (await world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            leftovers.Add($"Azure container {AccountName}/{Bucket}");
        }

        if (!Plan.CreatesBucket && !(await world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).GetBlobClient(OwnersObjectKey).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            leftovers.Add($"existing container {AccountName}/{Bucket} lost the owner's {OwnersObjectKey}");
        }

        return leftovers;
    }

    private static string JsonSerializerDataActions(IReadOnlyList<string> actions) =>
        System.Text.Json.JsonSerializer.Serialize(new { dataActions = actions }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
