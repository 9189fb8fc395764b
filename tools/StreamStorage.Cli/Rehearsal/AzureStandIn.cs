using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using StackPlanning;
using StorageRegistrar;
using StorageRegistrar.Declarations;
using StorageRegistrar.Preflight.Azure;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// An Azure storage in azurite: the storage account (served by azurite from its start), the container,
/// and an Entra application whose client secret the local Entra endpoint accepts. Each create is first put to the
/// local Azure guardrails, with the content Azure Policy evaluates, which refuse it as Azure would.
/// </summary>
/// <param name="subscriptionId">The subscription the stack deploys into, where the guardrails' policies are assigned.</param>
internal sealed class AzureStandIn(AzureStoragePlan plan, string suffix, string subscriptionId) : StorageStandIn(plan, suffix)
{
    protected override string KeyNotEnforcedBecause => "azurite has no Key Vault and no account encryption settings";

    protected override string TiersNotEnforcedBecause => "azurite has no lifecycle management policy";

    protected override string LogsNotEnforcedBecause => "azurite has no diagnostic settings";

    private string? _clientId;
    private string? _createdClientId;
    private string? _secret;

    public override string Bucket => plan.ContainerName;

    /// <summary>The blob soft delete the stack sets on the account it creates (softDeleteDays); null with an existing container.</summary>
    public override RehearsedProtection? SoftDelete => plan.SoftDeleteDays is { } days
        ? new RehearsedProtection(
            days == 0 ? "blob soft delete off on the account the stack creates" : $"deleted and overwritten blobs kept {DayCount.Of(days)} on the account the stack creates",
            EnforcedLocally: false,
            $"{NotEnforcedLocally} (the rehearsal sets no blob service properties on azurite)")
        : null;

    public string AccountName => plan.AccountName(Suffix);

    public override string Store => $"azure:{AccountName}";

    /// <summary>The row of the container's immutability policy.</summary>
    private const string LockRow = "immutability";

    /// <summary>How the local store's locks name the container.</summary>
    private string LockedContainer => $"{AccountName}/{Bucket}";

    public override IReadOnlyList<PlannedResource> Preview() => plan.Resources(new ResourceNaming(Suffix));

    public override async Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var target = (AzurePreflightTarget)PreflightTargets.For(plan, null, subscriptionId, Suffix)!;
        var planned = AzureGuardrailChecker.PlannedResources(
            target, target.ResourceGroupId!, target.ExistingAccountId is { } existing ? world.Guardrails.Azure.AccountLocation(existing) : null);

        // Resource Manager first authorizes the actions a create takes (each asked once, at the first resource that takes it),
        // then Azure Policy judges its content.
        void EnsureMayCreate(string resource)
        {
            foreach (var need in target.Actions.Where(a => a.Resource == Row(resource)))
            {
                world.Guardrails.Azure.EnsureActionAllowed(need.Action, target.ResourceGroupId!);
            }
        }

        // The content Azure Policy reads is the planned resource's, known by its name for the group and by its role otherwise.
        void EnsureAllowed(string resource, string name, string? contentOf = null)
        {
            EnsureMayCreate(resource);
            if (planned.FirstOrDefault(p => p.Resource == (contentOf ?? resource)) is { } content)
            {
                world.Guardrails.Azure.EnsureResourceAllowed(name, content.Content);
            }
        }

        if (plan.CreateResourceGroup)
        {
            EnsureAllowed("group", plan.ResourceGroupName, contentOf: plan.ResourceGroupName);
            report(plan.ResourceGroupName, "not needed locally (azurite has no resource groups)");
        }

        // The key's identity, vault, key and grant the program creates before the account are judged, though azurite has none of them.
        EnsureAllowed("key-identity", plan.KeyIdentityName);
        EnsureAllowed("key-vault", plan.KeyVaultName(Suffix));
        EnsureMayCreate("key");
        EnsureMayCreate("key-access");
        if (Plan.CreatesBucket)
        {
            EnsureAllowed("account", AccountName);
            EnsureAllowed("blob-service", "default");
            report(AccountName, plan.Redundancy == AzureRedundancy.Lrs && !plan.InfrastructureEncryption
                ? "served by azurite"
                : $"served by azurite; {plan.AccountSku}{(plan.InfrastructureEncryption ? " with infrastructure encryption" : "")}: {NotEnforcedLocally} (azurite keeps one copy and has no encryption settings)");
            EnsureAllowed("container", Bucket);
            await world.Stores.Azurite.CreateOwnerClient(AccountName).CreateBlobContainerAsync(Bucket, cancellationToken: cancellationToken).ConfigureAwait(false);
            BucketMade = true;
            report($"{AccountName}/{Bucket}", "created");
            LockBucket(
                world.Stores.Azurite.Locks, LockedContainer,
                Plan.Immutability?.Mode == ImmutabilityMode.Compliance
                    // Azure refuses a policy created locked; the rehearsal locks at once, as the up after a governance one would.
                    ? $"version-level immutability, locked default policy (which Azure creates only unlocked, to lock on a later pulumi up: that order is {NotEnforcedLocally})"
                    : "version-level immutability, unlocked default policy",
                report, Row(LockRow));
        }

        EnsureMayCreate("lifecycle");
        if (plan.AccessLogs is { CreatesLogBucket: true })
        {
            // Azure Policy judges the log account the program creates, though azurite writes no logs into it.
            EnsureAllowed("log-account", plan.LogAccountName(Suffix));
        }

        // The diagnostic setting, after the account: Resource Manager authorizes it and runs its linked access check on the
        // destination, then Azure Monitor judges an existing log account it names, though azurite writes no logs.
        EnsureMayCreate("access-logs");
        if (target.LogDestination is { } destination)
        {
            var setting = $"{AzureStoragePlan.BlobServiceId(plan.AccountId(subscriptionId, AccountName))}/providers/Microsoft.Insights/diagnosticSettings/{destination.Resource}";
            world.Guardrails.Azure.EnsureLinkedAccess(setting, destination.ResourceId, destination.LinkedAction);
        }

        // The monitored account's region as preflight reads it: the created account's, else the existing one's the file describes.
        if (target.ExistingLogAccount is { } logAccount
            && (logAccount.Location ?? (logAccount.RecordingsAccountId is { } recordings ? world.Guardrails.Azure.AccountLocation(recordings) : null)) is { } monitored)
        {
            world.Guardrails.Azure.EnsureLogAccountAccepted(logAccount.AccountId, monitored);
        }

        world.Guardrails.Azure.EnsureApplicationAllowed();
        _clientId = _createdClientId = Guid.NewGuid().ToString();
        report(plan.ApplicationName, $"created, client id {_clientId}");
        EnsureAllowed("writer-role", Row("writer-role"));
        EnsureMayCreate("writer-access");
        report(Row("writer-access"), "assigned; not enforced locally (azurite enforces no roles)");
        return NewCredential(world, report);
    }

    protected override async Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var container = world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket);
        await container.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.UploadBlobAsync(OwnersObjectKey, BinaryData.FromString("The owner's, before the stack."), cancellationToken).ConfigureAwait(false);
        report($"{AccountName}/{Bucket}", $"pre-existing, holding {OwnersObjectKey}");
        LockBucket(world.Stores.Azurite.Locks, LockedContainer, "the owner's immutability policy, as the stack expects", report, Row(LockRow));
    }

    /// <summary>Deletes <paramref name="key"/>; returns Azure's refusal, <c>409 BlobImmutableDueToPolicy</c>, or null once deleted.</summary>
    public override async Task<string?> DeleteAsOwnerAsync(RehearsalWorld world, string key, CancellationToken cancellationToken)
    {
        var blob = world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).GetBlobClient(key);
        // With blob versioning on, as under version-level immutability, removing the blob for good is deleting its version.
        var version = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.VersionId;
        try
        {
            await (version is null ? blob : blob.WithVersion(version)).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobImmutableDueToPolicy)
        {
            return $"{e.Status} {e.ErrorCode}";
        }
    }

    protected override string? Credential => _secret;

    protected override async Task<bool?> RevokeCredentialAsync(RehearsalWorld world, string credential, Action<string, string> report, CancellationToken cancellationToken)
    {
        await world.Stores.Entra.RemoveClientSecretAsync(RehearsalWorld.TenantId, _clientId!, credential, cancellationToken).ConfigureAwait(false);
        var refused = !await world.Stores.Entra.AcceptsSecretAsync(RehearsalWorld.TenantId, _clientId!, credential, cancellationToken).ConfigureAwait(false);
        report(Row("secret"), $"deleted the previous secret; the local Entra endpoint {(refused ? "refuses" : "STILL ACCEPTS")} it");
        return refused;
    }

    protected override StorageDeclaration NewCredential(RehearsalWorld world, Action<string, string> report)
    {
        // Entra's app management policy judges each password added, the first and every rotation's.
        world.Guardrails.Azure.EnsurePasswordAllowed(plan.ClientSecretDays);
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

        // A container never made (a refusal came first) is neither left nor deleted.
        if (!BucketThere)
        {
            return;
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

        if (!Plan.CreatesBucket && BucketThere && !(await world.Stores.Azurite.CreateOwnerClient(AccountName).GetBlobContainerClient(Bucket).GetBlobClient(OwnersObjectKey).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            leftovers.Add($"existing container {AccountName}/{Bucket} lost the owner's {OwnersObjectKey}");
        }

        return leftovers;
    }
}
