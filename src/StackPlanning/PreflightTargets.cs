using StorageRegistrar.Preflight;
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
        [PulumiTypes.GcpKeyRing] = ["cloudkms.keyRings.create", "cloudkms.keyRings.get"],
        [PulumiTypes.GcpCryptoKey] = ["cloudkms.cryptoKeys.create", "cloudkms.cryptoKeys.get", "cloudkms.cryptoKeys.update"],
        [PulumiTypes.GcpCryptoKeyIamMember] = ["cloudkms.cryptoKeys.getIamPolicy", "cloudkms.cryptoKeys.setIamPolicy"],
        [PulumiTypes.GcpAuditConfig] = ["resourcemanager.projects.getIamPolicy", "resourcemanager.projects.setIamPolicy"],
    };

    /// <summary>The resources of a GCS storage that take no GCP permission: Pulumi's own, and Stream's registration.</summary>
    public static readonly IReadOnlySet<string> NoGcpPermission = new HashSet<string>(StringComparer.Ordinal)
    {
        PulumiTypes.GcpComponent,
        PulumiTypes.RandomId,
        PulumiTypes.ExternalStorage,
    };

    private const long SecondsPerDay = 86400;

    /// <summary>
    /// One target per storage that creates something in a cloud, in the plan's order; an S3-compatible store, where
    /// the stack creates nothing, has none. AWS and Azure storages are plain targets until their checkers exist.
    /// </summary>
    /// <param name="gcpDefaultProject">The stack's <c>gcp:project</c>, the project of GCS storages that name none.</param>
    /// <exception cref="StackConfigException">A GCS storage has no project, so no project's guardrails can be read.</exception>
    public static IReadOnlyList<PreflightTarget> Of(StackPlan plan, string? gcpDefaultProject)
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
            _ => new PreflightTarget(storage.StreamName, storage.CloudName),
        })];
    }

    /// <summary>
    /// A grant on an existing key or log bucket rests on that key or bucket, which may be another project's: the project's
    /// permissions say nothing of it, so preflight leaves it to <c>pulumi up</c>.
    /// </summary>
    private static bool OnSomeoneElsesResource(GcsStoragePlan plan, PlannedResource resource) => resource.Type switch
    {
        PulumiTypes.GcpCryptoKeyIamMember => plan.EncryptionKey is { CreatesKey: false },
        PulumiTypes.GcsBucketIamMember => plan.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket } && resource.Name == $"{plan.StreamName}-log-writer",
        _ => false,
    };

    private static GcpPreflightTarget Gcs(GcsStoragePlan plan, ResourceNaming naming)
    {
        var resources = plan.Resources(naming);
        var types = resources.Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        var permissions = new List<GcpPermissionNeed>();
        foreach (var resource in resources.Where(r => !NoGcpPermission.Contains(r.Type) && !OnSomeoneElsesResource(plan, r)))
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
            HasCustomerManagedKey = plan.CreatesBucket && plan.EncryptionKey is not null,
            CreatesServiceAccount = types.Contains(PulumiTypes.GcpServiceAccount),
            CreatesServiceAccountKey = types.Contains(PulumiTypes.GcpServiceAccountKey),
            Permissions = permissions,
        };
    }
}
