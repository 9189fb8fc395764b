using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StackPlanning;

/// <summary>
/// What each storage of a plan asks of its cloud, for <c>stream-storage preflight</c>: derived from the resources the
/// program creates (<see cref="ResourceListing"/>), so that a resource is checked exactly when it is created and every
/// permission is asked once.
/// </summary>
public static class PreflightTargets
{
    /// <summary>
    /// The GCP IAM permissions creating (and reading back) each GCP resource type takes. A type the program creates that
    /// is in neither this table nor <see cref="NoGcpPermission"/> is a planning error, so that none is forgotten.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> GcpPermissions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [PulumiTypes.GcsBucket] = ["storage.buckets.create", "storage.buckets.get", "storage.buckets.update"],
        [PulumiTypes.GcpServiceAccount] = ["iam.serviceAccounts.create", "iam.serviceAccounts.get"],
        [PulumiTypes.GcsBucketIamMember] = ["storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy"],
        [PulumiTypes.GcpServiceAccountKey] = ["iam.serviceAccountKeys.create", "iam.serviceAccountKeys.get"],
    };

    /// <summary>The resources of a GCS storage that take no GCP permission: Pulumi's own, and Stream's registration.</summary>
    public static readonly IReadOnlySet<string> NoGcpPermission = new HashSet<string>(StringComparer.Ordinal)
    {
        PulumiTypes.GcpComponent,
        PulumiTypes.RandomId,
        PulumiTypes.ExternalStorage,
    };

    /// <summary>
    /// The Azure Resource Manager actions creating (and reading back) each Azure resource type takes. A type the program
    /// creates that is in neither this table nor <see cref="NoArmAction"/> is a planning error, so that none is forgotten.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AzureActions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [PulumiTypes.AzureResourceGroup] = ["Microsoft.Resources/subscriptions/resourceGroups/write", "Microsoft.Resources/subscriptions/resourceGroups/read"],
        [PulumiTypes.AzureStorageAccount] = ["Microsoft.Storage/storageAccounts/write", "Microsoft.Storage/storageAccounts/read"],
        [PulumiTypes.AzureBlobContainer] = ["Microsoft.Storage/storageAccounts/blobServices/containers/write", "Microsoft.Storage/storageAccounts/blobServices/containers/read"],
        [PulumiTypes.AzureRoleDefinition] = ["Microsoft.Authorization/roleDefinitions/write", "Microsoft.Authorization/roleDefinitions/read"],
        [PulumiTypes.AzureRoleAssignment] = ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/read"],
    };

    /// <summary>
    /// The resources of an ABS storage that take no Resource Manager action: Pulumi's own, Stream's registration, and
    /// the Entra application, its principal and secret, which Microsoft Graph allows (the app registration guardrail).
    /// </summary>
    public static readonly IReadOnlySet<string> NoArmAction = new HashSet<string>(StringComparer.Ordinal)
    {
        PulumiTypes.AzureComponent,
        PulumiTypes.RandomId,
        PulumiTypes.ExternalStorage,
        PulumiTypes.EntraApplication,
        PulumiTypes.EntraServicePrincipal,
        PulumiTypes.EntraApplicationPassword,
    };

    private const long SecondsPerDay = 86400;

    /// <summary>
    /// One target per storage that creates something in a cloud, in the plan's order; an S3-compatible store, where
    /// the stack creates nothing, has none. AWS storages are plain targets until their checker exists.
    /// </summary>
    /// <param name="gcpDefaultProject">The stack's <c>gcp:project</c>, the project of GCS storages that name none.</param>
    /// <param name="azureSubscriptionId">The stack's <c>azure-native:subscriptionId</c>; null leaves the Azure subscription unread.</param>
    /// <exception cref="StackConfigException">A GCS storage has no project, so no project's guardrails can be read.</exception>
    public static IReadOnlyList<PreflightTarget> Of(StackPlan plan, string? gcpDefaultProject, string? azureSubscriptionId = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unplaced = plan.Storages
            .Select((storage, index) => (storage, index))
            .Where(s => s.storage is GcsStoragePlan { Project: null } && gcpDefaultProject is null)
            .Select(s => $"{ConfigKeys.Storages}[{s.index}].{ConfigKeys.Storage.Project} is not set and the stack has no {ConfigKeys.GcpDefaultProject}: set one of them (`pulumi config set {ConfigKeys.GcpDefaultProject} PROJECT_ID`), so that preflight reads that project's guardrails.")
            .ToList();
        if (unplaced.Count > 0)
        {
            throw new StackConfigException(string.Join('\n', unplaced));
        }

        var naming = ResourceNaming.Unresolved(gcpDefaultProject);
        return [.. plan.Storages.Where(s => s is not S3CompatibleStoragePlan).Select(storage => storage switch
        {
            GcsStoragePlan gcs => Gcs(gcs, naming),
            AzureStoragePlan azure => Azure(azure, naming, azureSubscriptionId),
            _ => new PreflightTarget(storage.StreamName, storage.CloudName),
        })];
    }

    private static GcpPreflightTarget Gcs(GcsStoragePlan plan, ResourceNaming naming)
    {
        var resources = plan.Resources(naming);
        var types = resources.Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        var permissions = new List<GcpPermissionNeed>();
        foreach (var resource in resources.Where(r => !NoGcpPermission.Contains(r.Type)))
        {
            if (!GcpPermissions.TryGetValue(resource.Type, out var needed))
            {
                throw new InvalidOperationException($"No GCP permissions are known for {resource.Type} ({resource.Name}): add them to {nameof(PreflightTargets)}.{nameof(GcpPermissions)}.");
            }

            // The grant on an existing bucket may rest on the bucket alone; everything else is created in the project.
            var onExistingBucket = !plan.CreatesBucket && resource.Type == PulumiTypes.GcsBucketIamMember;
            permissions.AddRange(needed.Where(p => permissions.All(known => known.Permission != p)).Select(p => new GcpPermissionNeed(p, resource.Name, onExistingBucket)));
        }

        return new GcpPreflightTarget(plan.StreamName, naming.GcpProject(plan))
        {
            ExistingBucket = plan.ExistingBucket,
            BucketLocation = plan.CreatesBucket ? plan.Location : null,
            RetentionSeconds = plan.LocksBucket ? plan.Immutability!.Days * SecondsPerDay : null,
            CreatesServiceAccount = types.Contains(PulumiTypes.GcpServiceAccount),
            CreatesServiceAccountKey = types.Contains(PulumiTypes.GcpServiceAccountKey),
            Permissions = permissions,
        };
    }

    private static AzurePreflightTarget Azure(AzureStoragePlan plan, ResourceNaming naming, string? subscriptionId)
    {
        var resources = plan.Resources(naming);
        var actions = new List<AzureActionNeed>();
        foreach (var resource in resources.Where(r => !NoArmAction.Contains(r.Type)))
        {
            if (!AzureActions.TryGetValue(resource.Type, out var needed))
            {
                throw new InvalidOperationException($"No Azure actions are known for {resource.Type} ({resource.Name}): add them to {nameof(PreflightTargets)}.{nameof(AzureActions)}.");
            }

            // The grant in an existing account may rest on the account or container alone; the role is defined in the group.
            var onExistingAccount = !plan.CreatesBucket && resource.Type == PulumiTypes.AzureRoleAssignment;
            actions.AddRange(needed.Where(a => actions.All(known => known.Action != a)).Select(a => new AzureActionNeed(a, resource.Name, onExistingAccount)));
        }

        return new AzurePreflightTarget(plan.StreamName, plan.ResourceGroupName)
        {
            SubscriptionId = subscriptionId,
            CreatesResourceGroup = plan.CreateResourceGroup,
            ExistingAccount = plan.ExistingAccount,
            Location = plan.Location,
            Tags = plan.Tags,
            RoleDataActions = plan.Role == AzureRole.WriteOnly ? plan.WriteOnlyDataActions : [],
            Actions = actions,
        };
    }
}
