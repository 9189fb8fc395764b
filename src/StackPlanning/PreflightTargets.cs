using Amazon;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using StorageRegistrar.Validation;

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

        // Org Policy v2's projects.policies create, patch and get (keyCreationException).
        [PulumiTypes.GcpOrgPolicy] = [.. GcpPreflightTarget.KeyCreationPolicyPermissions],
    };

    /// <summary>
    /// The resource types an organization's custom constraints name for each GCP resource the program makes (none: custom
    /// constraints do not reach that type): a key comes with its first version, and every grant is a change to an allow policy.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> GcpConstrainedTypes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [PulumiTypes.GcsBucket] = ["storage.googleapis.com/Bucket"],
        [PulumiTypes.GcpServiceAccount] = ["iam.googleapis.com/ServiceAccount"],
        [PulumiTypes.GcsBucketIamMember] = [AllowPolicy],
        [PulumiTypes.GcpServiceAccountKey] = ["iam.googleapis.com/ServiceAccountKey"],
        [PulumiTypes.GcpKeyRing] = [],
        [PulumiTypes.GcpCryptoKey] = ["cloudkms.googleapis.com/CryptoKey", "cloudkms.googleapis.com/CryptoKeyVersion"],
        [PulumiTypes.GcpCryptoKeyIamMember] = [AllowPolicy],
        [PulumiTypes.GcpAuditConfig] = [AllowPolicy],
        [PulumiTypes.GcpOrgPolicy] = [],
    };

    private const string AllowPolicy = "iam.googleapis.com/AllowPolicy";

    /// <summary>
    /// What reading the project's Cloud Storage service agent takes (Cloud Storage's <c>projects.serviceAccount.get</c>), which
    /// the program does for the agent's grant on a customer-managed key, the storage's own or an existing one: it is on the
    /// storage's project either way.
    /// </summary>
    public static readonly IReadOnlyList<string> GcsServiceAgentPermissions = ["resourcemanager.projects.get"];

    /// <summary>The resources of a GCS storage that take no GCP permission: Pulumi's own, and Stream's registration.</summary>
    public static readonly IReadOnlySet<string> NoGcpPermission = AskingNothingOfTheCloud(PulumiTypes.GcpComponent);

    /// <summary>
    /// The IAM actions creating, and reading back, each AWS resource type takes (AWS's service authorization reference),
    /// with what they act on. A type the program creates that is in neither this table nor <see cref="NoAwsAction"/> is a
    /// planning error. The bucket's Object Lock takes two more (<see cref="ObjectLockActions"/>). The bucket, the key and
    /// the IAM user are created with the stack's tags (every storage has one at least), which take their service's
    /// tagging action. The AWS provider reads each resource back as soon as it is made, the bucket with every one of its
    /// configurations, and a read refused fails the resource as a refused create does.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (IReadOnlyList<string> Actions, AwsResourceKind On)> AwsActions = new Dictionary<string, (IReadOnlyList<string>, AwsResourceKind)>(StringComparer.Ordinal)
    {
        [PulumiTypes.S3Bucket] = (
            [
                "s3:CreateBucket", "s3:PutBucketTagging",
                "s3:ListBucket", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketVersioning",
                "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
            ],
            AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.PublicAccessBlock)] = (["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.BucketPolicy)] = (["s3:PutBucketPolicy", "s3:GetBucketPolicy"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.OwnershipControls)] = (["s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.Encryption)] = (["s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.Versioning)] = (["s3:PutBucketVersioning", "s3:GetBucketVersioning"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.ObjectLock)] = (["s3:PutBucketObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.Lifecycle)] = (["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"], AwsResourceKind.Bucket),
        [PulumiTypes.Of(S3BucketSetting.Logging)] = (["s3:PutBucketLogging", "s3:GetBucketLogging"], AwsResourceKind.Bucket),
        // The key's policy goes with CreateKey (the provider calls PutKeyPolicy only on a later change of it).
        [PulumiTypes.KmsKey] = (
            [CreateKmsKey, "kms:TagResource", "kms:EnableKeyRotation", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
            AwsResourceKind.Key),
        [PulumiTypes.IamUser] = (["iam:CreateUser", "iam:TagUser", "iam:GetUser"], AwsResourceKind.User),
        [PulumiTypes.IamUserPolicy] = (["iam:PutUserPolicy", "iam:GetUserPolicy"], AwsResourceKind.User),
        [PulumiTypes.IamAccessKey] = (["iam:CreateAccessKey", "iam:ListAccessKeys"], AwsResourceKind.User),
    };

    /// <summary>
    /// The actions whose requests carry the tags of what they create, as <c>aws:RequestTag/NAME</c> and <c>aws:TagKeys</c>:
    /// IAM's CreateUser and KMS's CreateKey take the tags with the create, and AWS authorizes the tagging action for them
    /// too (IAM's and KMS's service authorization references).
    /// </summary>
    public static readonly IReadOnlySet<string> AwsTaggingActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "iam:CreateUser", "iam:TagUser", CreateKmsKey, "kms:TagResource",
    };

    /// <summary>
    /// The tags the AWS provider sends with a create: its default tags, with the stack's own in their place where a name
    /// is in both, as the provider merges them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AwsRequestTags(S3StoragePlan plan, IReadOnlyDictionary<string, string>? awsDefaultTags)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tags = new Dictionary<string, string>(awsDefaultTags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in plan.Tags)
        {
            tags[name] = value;
        }

        return tags;
    }

    /// <summary>Acts on no resource (the key does not exist yet), so it is asked on every resource.</summary>
    private const string CreateKmsKey = "kms:CreateKey";

    /// <summary>A bucket created with Object Lock needs both, on top of s3:CreateBucket.</summary>
    public static readonly IReadOnlyList<string> ObjectLockActions = ["s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning"];

    /// <summary>
    /// What destroy takes to delete a bucket the stack made with <c>dataProtection: forceDestroy</c>: the provider deletes
    /// the bucket, and where S3 answers that it is not empty, lists every object version, deletes each by its version
    /// (an action on the bucket's objects) and deletes the bucket again.
    /// </summary>
    public static readonly IReadOnlyList<(string Action, bool OnObjects)> ForceDestroyActions =
        [(DeleteBucket, false), (ListBucketVersions, false), (DeleteObjectVersion, true)];

    public const string ListBucketVersions = "s3:ListBucketVersions";

    /// <summary>Deleting an object version by its id; under a governance lock it takes <see cref="GovernanceBypassAction"/> too.</summary>
    public const string DeleteObjectVersion = "s3:DeleteObjectVersion";

    public const string DeleteBucket = "s3:DeleteBucket";

    /// <summary>
    /// What deleting each object version takes on top under a governance lock (<see cref="S3StoragePlan.BypassesGovernanceOnDestroy"/>):
    /// passing its retention.
    /// </summary>
    public const string GovernanceBypassAction = "s3:BypassGovernanceRetention";

    /// <summary>The resources of an S3 storage that take no IAM action: Pulumi's own, and Stream's registration.</summary>
    public static readonly IReadOnlySet<string> NoAwsAction = AskingNothingOfTheCloud(PulumiTypes.AwsComponent);

    /// <summary>
    /// The Azure Resource Manager actions creating (and reading back) each Azure resource type takes. A type the program
    /// creates that is in neither this table nor <see cref="NoArmAction"/> is a planning error, so that none is forgotten.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AzureActions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [PulumiTypes.AzureResourceGroup] = ["Microsoft.Resources/subscriptions/resourceGroups/write", "Microsoft.Resources/subscriptions/resourceGroups/read"],
        [PulumiTypes.AzureStorageAccount] = ["Microsoft.Storage/storageAccounts/write", "Microsoft.Storage/storageAccounts/read"],
        [PulumiTypes.AzureBlobServiceProperties] = ["Microsoft.Storage/storageAccounts/blobServices/write", "Microsoft.Storage/storageAccounts/blobServices/read"],
        [PulumiTypes.AzureBlobContainer] = ["Microsoft.Storage/storageAccounts/blobServices/containers/write", "Microsoft.Storage/storageAccounts/blobServices/containers/read"],
        [PulumiTypes.AzureRoleDefinition] = ["Microsoft.Authorization/roleDefinitions/write", "Microsoft.Authorization/roleDefinitions/read"],
        [PulumiTypes.AzureRoleAssignment] = ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/read"],

        // The account takes the key identity as its own, which Azure allows only to whoever may assign it.
        [PulumiTypes.AzureUserAssignedIdentity] =
            ["Microsoft.ManagedIdentity/userAssignedIdentities/write", "Microsoft.ManagedIdentity/userAssignedIdentities/read", "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"],
        [PulumiTypes.AzureKeyVault] = ["Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/read"],
        [PulumiTypes.AzureKeyVaultKey] = ["Microsoft.KeyVault/vaults/keys/write", "Microsoft.KeyVault/vaults/keys/read"],
        [PulumiTypes.AzureManagementPolicy] = ["Microsoft.Storage/storageAccounts/managementPolicies/write", "Microsoft.Storage/storageAccounts/managementPolicies/read"],
        [PulumiTypes.AzureDiagnosticSetting] = ["Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/read"],
    };

    /// <summary>
    /// What Azure Monitor's linked access check asks, on the destination, of whoever creates a diagnostic setting sending
    /// there (Azure Monitor's roles and permissions): a workspace's shared keys, a storage account's keys. Without it
    /// Resource Manager refuses the setting with 403 <c>LinkedAuthorizationFailed</c>.
    /// </summary>
    public const string WorkspaceLinkedAction = "Microsoft.OperationalInsights/workspaces/sharedKeys/action";

    /// <inheritdoc cref="WorkspaceLinkedAction"/>
    public const string AccountLinkedAction = "Microsoft.Storage/storageAccounts/listKeys/action";

    /// <summary>
    /// The resources of an ABS storage that take no Resource Manager action: Pulumi's own, Stream's registration, and
    /// the Entra application, its principal and secret, which Microsoft Graph allows (the app registration guardrail).
    /// </summary>
    public static readonly IReadOnlySet<string> NoArmAction = AskingNothingOfTheCloud(
        PulumiTypes.AzureComponent, PulumiTypes.EntraApplication, PulumiTypes.EntraServicePrincipal, PulumiTypes.EntraApplicationPassword);

    /// <summary>
    /// The resources of a storage that ask nothing of its cloud: the storage's <paramref name="component"/> and the random
    /// suffix (Pulumi's own), Stream's registration, and <paramref name="others"/>.
    /// </summary>
    private static HashSet<string> AskingNothingOfTheCloud(string component, params string[] others) =>
        new([component, PulumiTypes.RandomId, PulumiTypes.ExternalStorage, .. others], StringComparer.Ordinal);

    private const long SecondsPerDay = 86400;

    /// <summary>
    /// One target per storage that creates something in a cloud, in the plan's order; an S3-compatible store, where
    /// the stack creates nothing, has none.
    /// </summary>
    /// <param name="gcpDefaultProject">The stack's <c>gcp:project</c>, the project of GCS storages that name none.</param>
    /// <param name="azureSubscriptionId">The stack's <c>azure-native:subscriptionId</c>; null leaves the Azure subscription unread.</param>
    /// <exception cref="StackConfigException">A GCS storage has no project, so no project's guardrails can be read.</exception>
    /// <param name="awsDefaultTags">The AWS provider's default tags (<see cref="StackPreflight.AwsDefaultTags"/>); none when null.</param>
    public static IReadOnlyList<PreflightTarget> Of(StackPlan plan, string? gcpDefaultProject, string? azureSubscriptionId = null, IReadOnlyDictionary<string, string>? awsDefaultTags = null)
    {
        RequireProjects(plan, gcpDefaultProject);
        return [.. plan.Storages.Select(storage => For(storage, gcpDefaultProject, azureSubscriptionId, awsDefaultTags: awsDefaultTags)).OfType<PreflightTarget>()];
    }

    /// <summary>Refuses a plan with a GCS storage in no project, as <see cref="Of"/> does and <c>pulumi preview</c> with it.</summary>
    /// <exception cref="StackConfigException">A GCS storage has no project, and the stack names no default one.</exception>
    public static void RequireProjects(StackPlan plan, string? gcpDefaultProject)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unplaced = plan.Storages
            .Select((storage, index) => (storage, index))
            .Where(s => s.storage is GcsStoragePlan { Project: null } && gcpDefaultProject is null)
            .Select(s => new ValidationProblem($"{ConfigKeys.Storages}[{s.index}].{ConfigKeys.Storage.Project}", $"is not set and the stack has no {ConfigKeys.GcpDefaultProject} (nor GOOGLE_PROJECT in the environment): set one of them (`pulumi config set {ConfigKeys.GcpDefaultProject} PROJECT_ID`), so that preflight reads that project's guardrails."))
            .ToList();
        if (unplaced.Count > 0)
        {
            throw new StackConfigException(unplaced);
        }
    }

    /// <summary>
    /// What one storage asks of its cloud; null for an S3-compatible store, where the stack creates nothing. The local
    /// world's stand-ins refuse creates from the same targets, so that they refuse what preflight judges.
    /// </summary>
    /// <param name="gcpDefaultProject">The project of a GCS storage that names none; one of the two must be set.</param>
    /// <param name="drawnSuffix">The suffix the names end in, where it is drawn already (the local world's); null: not yet, and it stands as zeros.</param>
    /// <param name="awsDefaultTags">The AWS provider's default tags; none when null.</param>
    public static PreflightTarget? For(StoragePlan storage, string? gcpDefaultProject, string? azureSubscriptionId, string? drawnSuffix = null, IReadOnlyDictionary<string, string>? awsDefaultTags = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var naming = ResourceNaming.Unresolved(gcpDefaultProject);
        PreflightTarget? target = storage switch
        {
            S3CompatibleStoragePlan => null,
            GcsStoragePlan gcs => Gcs(gcs, naming),
            S3StoragePlan s3 => S3(s3, naming, awsDefaultTags),
            AzureStoragePlan azure => Azure(azure, naming, azureSubscriptionId, drawnSuffix),
            _ => new PreflightTarget(storage.StreamName, storage.CloudName),
        };
        return target is null ? null : target with
        {
            ExistingBucketRules = ExistingBucketRulesOf(storage, azureSubscriptionId),
            ExistingLogBucket = storage is S3StoragePlan { AccessLogs: { Target: AccessLogTarget.ExistingLogBucket, Destination: { } logBucket } } s3Logged
                ? new ExistingLogBucket(logBucket, s3Logged.Region)
                : null,
            ExistingLogAccount = storage is AzureStoragePlan { AccessLogs: { Target: AccessLogTarget.ExistingLogBucket, Destination: { } logAccount } } azureLogged
                ? new ExistingLogAccount(
                    logAccount,
                    azureLogged.ExistingAccount is null ? azureLogged.Location : null,
                    azureLogged.ExistingAccount is { } recordings && azureSubscriptionId is not null ? azureLogged.AccountId(azureSubscriptionId, recordings) : null)
                : null,
        };
    }

    /// <summary>
    /// The declared lock and residency rule an existing bucket is read for, and on GCS whether the grant carries an IAM
    /// condition; null when the stack creates the bucket (and makes it fit all three itself) or holds it to none.
    /// </summary>
    private static ExistingBucketRules? ExistingBucketRulesOf(StoragePlan plan, string? azureSubscriptionId)
    {
        var conditionalGrant = plan is GcsStoragePlan { ScopesRoleToPath: true };
        if (plan.ExistingBucket is not { } bucket || (plan.Immutability is null && plan.AllowedLocations is null && !conditionalGrant))
        {
            return null;
        }

        var rules = new ExistingBucketRules(
            bucket,
            plan.Immutability is { } immutability ? DoctorArguments.ExpectedLockOf(immutability) : null,
            plan.AllowedLocations)
        {
            ConditionalGrant = conditionalGrant,
        };
        return plan is AzureStoragePlan { ExistingAccount: { } account } azure
            ? rules with
            {
                Bucket = $"{account}/{bucket}",
                ContainerId = azureSubscriptionId is null ? null : azure.ContainerId(azureSubscriptionId, account),
            }
            : rules;
    }

    /// <summary>
    /// Each resource but those of <paramref name="needNothing"/>, with what <paramref name="table"/> says creating it takes:
    /// a type in neither is a planning error, so that none is forgotten.
    /// </summary>
    private static IEnumerable<(PlannedResource Resource, TNeeds Needs)> WithNeeds<TNeeds>(
        IEnumerable<PlannedResource> resources, IReadOnlyDictionary<string, TNeeds> table, IReadOnlySet<string> needNothing, string what, string tableName) =>
        resources.Where(r => !needNothing.Contains(r.Type)).Select(r => table.TryGetValue(r.Type, out var needs)
            ? (r, needs)
            : throw new InvalidOperationException($"No {what} are known for {r.Type} ({r.Name}): add them to {nameof(PreflightTargets)}.{tableName}."));

    /// <summary>
    /// A grant on an existing key or log bucket rests on that key or bucket, which may be another project's: the project's
    /// permissions say nothing of it, so preflight tests it on the key or bucket (<see cref="GcpForeignGrant"/>).
    /// </summary>
    private static bool OnSomeoneElsesResource(GcsStoragePlan plan, PlannedResource resource) => resource.Type switch
    {
        PulumiTypes.GcpCryptoKeyIamMember => plan.EncryptionKey is { CreatesKey: false },
        PulumiTypes.GcsBucketIamMember => plan.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket } && resource.Name == $"{plan.StreamName}-log-writer",
        _ => false,
    };

    /// <summary>
    /// The key identity's grant on the owner's Key Vault key is made on the key, in the vault's resource group, which may be
    /// another group's: the group's permissions say nothing of it, so preflight leaves it to <c>pulumi up</c>.
    /// </summary>
    private static bool OnSomeoneElsesResource(AzureStoragePlan plan, PlannedResource resource) =>
        resource.Type == PulumiTypes.AzureRoleAssignment && plan.GivenKey is not null && resource.Name == $"{plan.StreamName}-key-access";

    private static AwsPreflightTarget S3(S3StoragePlan plan, ResourceNaming naming, IReadOnlyDictionary<string, string>? awsDefaultTags)
    {
        var partition = RegionEndpoint.GetBySystemName(plan.Region).PartitionName;
        // The suffix is drawn by pulumi up: simulated as a wildcard, so that a policy on the stack's prefix matches.
        string Unsuffixed(string name) => name.Replace(ResourceNaming.SuffixPlaceholder, "*", StringComparison.Ordinal);
        var bucketArn = $"arn:{partition}:s3:::{Unsuffixed(plan.BucketName(naming.Suffix))}";
        var userArn = $"arn:{partition}:iam::{AwsPreflightTarget.AccountPlaceholder}:user/{Unsuffixed(plan.IamUserName(naming.Suffix))}";
        var resources = plan.Resources(naming);
        var actions = new List<AwsActionNeed>();
        var logBucketArn = plan.AccessLogs is { CreatesLogBucket: true } ? $"arn:{partition}:s3:::{Unsuffixed(plan.LogBucketName(naming.Suffix))}" : null;
        // A key's id is drawn by KMS: any key of the account in the bucket's region, where the program makes it.
        var keyArn = $"arn:{partition}:kms:{plan.Region}:{AwsPreflightTarget.AccountPlaceholder}:key/*";
        foreach (var (resource, needed) in WithNeeds(resources, AwsActions, NoAwsAction, "IAM actions", nameof(AwsActions)))
        {
            // The log bucket and its settings are asked on the log bucket: a policy may treat the two buckets apart.
            var ofLogBucket = logBucketArn is not null && ResourceListing.OfLogBucket(plan, resource);
            var taken = resource.Type == PulumiTypes.S3Bucket && plan.LocksBucket && !ofLogBucket ? [.. needed.Actions, .. ObjectLockActions] : needed.Actions;
            string ArnOf(string action) => needed.On switch
            {
                AwsResourceKind.Bucket => ofLogBucket ? logBucketArn! : bucketArn,
                AwsResourceKind.User => userArn,
                _ => action == CreateKmsKey ? "*" : keyArn,
            };
            actions.AddRange(taken
                .Select(a => new AwsActionNeed(a, resource.Name, ArnOf(a)) { CarriesRequestTags = AwsTaggingActions.Contains(a) })
                .Where(need => actions.All(known => known.Action != need.Action || known.ResourceArn != need.ResourceArn)));
        }

        // Asked with the creates: a wall destroy would meet is found before the bucket holds recordings it cannot delete.
        void DeletedOnDestroy(string resource, string arn, bool locked)
        {
            actions.AddRange(ForceDestroyActions.Select(a => new AwsActionNeed(a.Action, resource, a.OnObjects ? $"{arn}/*" : arn) { OnDestroy = true }));
            if (locked)
            {
                actions.Add(new AwsActionNeed(GovernanceBypassAction, resource, $"{arn}/*") { OnDestroy = true });
            }
        }

        if (!plan.KeepsBucket)
        {
            DeletedOnDestroy(resources.First(r => r.Type == PulumiTypes.S3Bucket).Name, bucketArn, plan.BypassesGovernanceOnDestroy);
        }

        if (plan.DeletesLogBucketOnDestroy)
        {
            DeletedOnDestroy(ResourceListing.LogBucketResource(plan), logBucketArn!, locked: false);
        }

        return new AwsPreflightTarget(plan.StreamName, plan.Region)
        {
            CreatesBucket = plan.CreatesBucket,
            Actions = actions,
            RequestTags = AwsRequestTags(plan, awsDefaultTags),
        };
    }

    private static GcpPreflightTarget Gcs(GcsStoragePlan plan, ResourceNaming naming)
    {
        var resources = plan.Resources(naming);
        var types = resources.Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        var permissions = new List<GcpPermissionNeed>();
        var foreignGrants = resources.Where(r => OnSomeoneElsesResource(plan, r)).Select(r => r.Type == PulumiTypes.GcpCryptoKeyIamMember
            ? new GcpForeignGrant(r.Name, GcpGrantTarget.CryptoKey, plan.EncryptionKey!.ExistingKeyId!, GcpPermissions[r.Type])
            : new GcpForeignGrant(r.Name, GcpGrantTarget.Bucket, plan.AccessLogs!.Destination!, GcpPermissions[r.Type])).ToList();
        foreach (var (resource, needed) in WithNeeds(resources.Where(r => !OnSomeoneElsesResource(plan, r)), GcpPermissions, NoGcpPermission, "GCP permissions", nameof(GcpPermissions)))
        {
            // The grant on an existing bucket may rest on the bucket alone; everything else is created in the project.
            var onExistingBucket = !plan.CreatesBucket && resource.Type == PulumiTypes.GcsBucketIamMember;
            permissions.AddRange(needed.Where(p => permissions.All(known => known.Permission != p)).Select(p => new GcpPermissionNeed(p, resource.Name, onExistingBucket)));
        }

        if (resources.FirstOrDefault(r => r.Type == PulumiTypes.GcpCryptoKeyIamMember) is { } keyGrant)
        {
            permissions.AddRange(GcsServiceAgentPermissions.Where(p => permissions.All(known => known.Permission != p)).Select(p => new GcpPermissionNeed(p, keyGrant.Name)));
        }

        return new GcpPreflightTarget(plan.StreamName, naming.GcpProject(plan))
        {
            ExistingBucket = plan.ExistingBucket,
            BucketLocation = plan.CreatesBucket ? plan.Location : null,
            RetentionSeconds = plan.LocksBucket ? plan.Immutability!.Days * SecondsPerDay : null,
            SoftDeleteSeconds = plan.SoftDeleteSeconds,
            KeyProject = plan.CreatesBucket ? KeyProject(plan, naming) : null,
            KeyRingLocation = plan.CreatesBucket && plan.EncryptionKey is { CreatesKey: true } key ? key.Location : null,
            CreatesLogBucket = plan.AccessLogs is { CreatesLogBucket: true },
            ExistingLogBucketName = plan.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket, Destination: { } logBucket } ? logBucket : null,
            CreatesServiceAccount = types.Contains(PulumiTypes.GcpServiceAccount),
            CreatesServiceAccountKey = types.Contains(PulumiTypes.GcpServiceAccountKey),
            // Its own exception, or the one another storage of the stack owns on the same project.
            KeyCreationExceptionOwner = types.Contains(PulumiTypes.GcpOrgPolicy) ? plan.StreamName : plan.KeyWaitsForExceptionOf,
            ConstrainedResources =
            [
                .. resources.Where(r => !OnSomeoneElsesResource(plan, r))
                    .SelectMany(r => GcpConstrainedTypes.GetValueOrDefault(r.Type, []).Select(type => new GcpConstrainedResource(type, r.Name))),
            ],
            Permissions = permissions,
            ForeignGrants = foreignGrants,
        };
    }

    /// <summary>An existing key's project is the second segment of its name (<c>projects/P/locations/…</c>); a created key is made in the storage's project.</summary>
    private static string? KeyProject(GcsStoragePlan plan, ResourceNaming naming) => plan.EncryptionKey switch
    {
        null => null,
        { ExistingKeyId: { } keyId } => keyId.Split('/')[1],
        _ => naming.GcpProject(plan),
    };

    private static AzurePreflightTarget Azure(AzureStoragePlan plan, ResourceNaming naming, string? subscriptionId, string? drawnSuffix)
    {
        var resources = plan.Resources(naming);
        var actions = new List<AzureActionNeed>();
        foreach (var (resource, needed) in WithNeeds(resources.Where(r => !OnSomeoneElsesResource(plan, r)), AzureActions, NoArmAction, "Azure actions", nameof(AzureActions)))
        {
            // The grant in an existing account may rest on the account or container alone; the role is defined in the group.
            var onExistingAccount = !plan.CreatesBucket && resource.Type == PulumiTypes.AzureRoleAssignment;
            actions.AddRange(needed.Where(a => actions.All(known => known.Action != a)).Select(a => new AzureActionNeed(a, resource.Name, onExistingAccount)));
        }

        // The diagnostic setting's linked check: on a log account the stack creates, in the group; elsewhere, on the destination.
        var diagnosticSetting = resources.FirstOrDefault(r => r.Type == PulumiTypes.AzureDiagnosticSetting)?.Name;
        if (plan.AccessLogs is { CreatesLogBucket: true })
        {
            actions.Add(new AzureActionNeed(AccountLinkedAction, diagnosticSetting!));
        }

        // Azure Policy reads the names: until pulumi up draws the suffix, it stands as hex digits of its length.
        var suffix = drawnSuffix ?? new string('0', ResourceNames.SuffixBytes * 2);
        return new AzurePreflightTarget(plan.StreamName, plan.ResourceGroupName)
        {
            AccountName = plan.CreatesBucket ? plan.AccountName(suffix) : null,
            LogAccountName = plan.AccessLogs is { CreatesLogBucket: true } ? plan.LogAccountName(suffix) : null,
            KeyIdentityName = plan.EncryptionKey is not null ? plan.KeyIdentityName : null,
            KeyVaultName = plan.EncryptionKey is { CreatesKey: true } ? plan.KeyVaultName(suffix) : null,
            RoleName = plan.Role == AzureRole.WriteOnly ? plan.WriteOnlyRoleName(plan.AccountName(suffix)) : null,
            SubscriptionId = subscriptionId,
            CreatesResourceGroup = plan.CreateResourceGroup,
            KeySubscriptionId = plan.GivenKey?.SubscriptionId,
            ExistingAccount = plan.ExistingAccount,
            ExistingAccountId = plan.ExistingAccount is { } account && subscriptionId is not null ? plan.AccountId(subscriptionId, account) : null,
            Location = plan.Location,
            AccountSku = plan.AccountSku,
            InfrastructureEncryption = plan.InfrastructureEncryption,
            CustomerKey = plan.EncryptionKey is not null,
            Immutability = plan is { LocksBucket: true, Immutability: { } immutability }
                ? new AccountImmutability(immutability.Days, immutability.Mode == ImmutabilityMode.Compliance)
                : null,
            BlobSoftDeleteDays = plan.SoftDeleteDays,
            KeyVaultLocation = plan.EncryptionKey is { CreatesKey: true } key ? key.Location : null,
            LogAccountSku = plan.AccessLogs is { CreatesLogBucket: true } ? AzureStoragePlan.LogAccountSku : null,
            Tags = plan.Tags,
            RoleDataActions = plan.Role == AzureRole.WriteOnly ? plan.WriteOnlyDataActions : [],
            ClientSecretDays = plan.ClientSecretDays,
            Actions = actions,
            LogDestination = plan.AccessLogs switch
            {
                { Target: AccessLogTarget.LogAnalyticsWorkspace, Destination: { } workspace } => new AzureLogDestination(workspace, WorkspaceLinkedAction, diagnosticSetting!),
                { Target: AccessLogTarget.ExistingLogBucket, Destination: { } logAccount } => new AzureLogDestination(logAccount, AccountLinkedAction, diagnosticSetting!),
                _ => null,
            },
        };
    }
}

/// <summary>What an IAM action of the plan acts on: the bucket, or the IAM user of keys mode.</summary>
public enum AwsResourceKind
{
    Bucket,
    User,

    /// <summary>A KMS key, whose id is known only once it exists: asked on any key of the account in its region (its creation on every resource).</summary>
    Key,
}
