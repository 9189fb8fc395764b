using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StorageRegistrar.Grants;
using StorageRegistrar.Resources;
using StorageRegistrar;

namespace StackPlanning;

/// <summary>
/// One resource the program registers, as <c>pulumi preview</c> lists it: its Pulumi type token, its logical
/// name (what the program names it), the name it gets in the cloud where the plan knows it, what matters
/// about its inputs in a few words, and the grant it carries, if any.
/// </summary>
public sealed record PlannedResource(string Type, string Name, string? CloudName, string Summary)
{
    public GrantDocument? Document { get; init; }
}

/// <summary>The grant a resource writes into the cloud, as the cloud reads it.</summary>
public abstract record GrantDocument;

/// <summary>A JSON grant: an S3 bucket or user policy, or the data actions of an Azure role.</summary>
public sealed record JsonGrantDocument(string Json) : GrantDocument
{
    public override string ToString() => Json;
}

/// <summary>A GCS IAM condition that narrows a bucket role to the objects under the storage's path.</summary>
public sealed record IamConditionDocument(string Title, string Expression) : GrantDocument
{
    public override string ToString() => $"condition \"{Title}\": {Expression}";
}

/// <summary>An Azure role assignment's ABAC condition that keeps every data action of the role to blobs under the storage's path.</summary>
public sealed record RoleAssignmentConditionDocument(string Version, string Condition) : GrantDocument
{
    public override string ToString() => $"condition (version {Version}): {Condition}";
}

/// <summary>
/// What names depend on that the stack's configuration cannot say: the random suffix the program draws once per
/// storage (a <c>RandomId</c>), and the GCP provider's default project (<c>gcp:project</c>), which applies where a
/// storage names none. <see cref="Unresolved"/> stands in visibly for what is not known before <c>pulumi up</c>.
/// </summary>
public sealed record ResourceNaming(string Suffix, string? GcpDefaultProject = null)
{
    /// <summary>As long as a drawn suffix, so that a name cut to its cloud's limit is cut where the real one will be.</summary>
    public const string SuffixPlaceholder = "{suffix}";

    public const string ProjectPlaceholder = "{gcp:project}";

    /// <summary>The AWS account the program runs as, which key and log bucket policies name; known only to <c>pulumi up</c>.</summary>
    public const string AwsAccountPlaceholder = "{aws:accountId}";

    /// <summary>The number of a GCS bucket's project, which names its Cloud Storage service agent; known only to <c>pulumi up</c>.</summary>
    public const string GcpProjectNumberPlaceholder = "{gcp:projectNumber}";

    /// <summary>Stands for the unguessable folder (<c>unguessablePath</c>) that <c>pulumi up</c> draws: <c>calls/{random}/</c>.</summary>
    public const string FolderPlaceholder = "{random}";

    /// <summary>The hex of a storage's unguessable folder, drawn once per storage like the suffix.</summary>
    public string Folder { get; init; } = FolderPlaceholder;

    /// <summary>The suffix is drawn by <c>pulumi up</c>; the project is the provider's default when the stack sets none.</summary>
    public static ResourceNaming Unresolved(string? gcpDefaultProject) => new(SuffixPlaceholder, gcpDefaultProject);

    /// <summary>The project of a GCS storage's service account (and created bucket).</summary>
    public string GcpProject(GcsStoragePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Project ?? GcpDefaultProject ?? ProjectPlaceholder;
    }
}

/// <summary>The Pulumi type tokens of the resources the program registers.</summary>
public static class PulumiTypes
{
    public const string ExternalStorage = ResourceTokens.ExternalStorage;
    public const string CallTypeBinding = ResourceTokens.CallTypeBinding;
    public const string RandomId = "random:index/randomId:RandomId";

    public const string AwsComponent = "recording-storage:index:AwsRecordingStorage";
    public const string GcpComponent = "recording-storage:index:GcpRecordingStorage";
    public const string AzureComponent = "recording-storage:index:AzureRecordingStorage";
    public const string S3CompatibleComponent = "recording-storage:index:S3CompatibleRecordingStorage";

    public const string S3Bucket = "aws:s3/bucket:Bucket";
    public const string IamUser = "aws:iam/user:User";
    public const string IamUserPolicy = "aws:iam/userPolicy:UserPolicy";
    public const string IamAccessKey = "aws:iam/accessKey:AccessKey";

    public const string GcsBucket = "gcp:storage/bucket:Bucket";
    public const string GcsBucketIamMember = "gcp:storage/bucketIAMMember:BucketIAMMember";
    public const string GcpServiceAccount = "gcp:serviceaccount/account:Account";
    public const string GcpServiceAccountKey = "gcp:serviceaccount/key:Key";

    public const string AzureResourceGroup = "azure-native:resources:ResourceGroup";
    public const string AzureStorageAccount = "azure-native:storage:StorageAccount";
    public const string AzureBlobServiceProperties = "azure-native:storage:BlobServiceProperties";
    public const string AzureBlobContainer = "azure-native:storage:BlobContainer";
    public const string AzureRoleDefinition = "azure-native:authorization:RoleDefinition";
    public const string AzureRoleAssignment = "azure-native:authorization:RoleAssignment";
    public const string EntraApplication = "azuread:index/application:Application";
    public const string EntraServicePrincipal = "azuread:index/servicePrincipal:ServicePrincipal";
    public const string EntraApplicationPassword = "azuread:index/applicationPassword:ApplicationPassword";

    public const string KmsKey = "aws:kms/key:Key";
    public const string GcpKeyRing = "gcp:kms/keyRing:KeyRing";
    public const string GcpCryptoKey = "gcp:kms/cryptoKey:CryptoKey";
    public const string GcpCryptoKeyIamMember = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember";
    public const string GcpAuditConfig = "gcp:projects/iAMAuditConfig:IAMAuditConfig";
    public const string GcpOrgPolicy = "gcp:orgpolicy/policy:Policy";
    public const string AzureUserAssignedIdentity = "azure-native:managedidentity:UserAssignedIdentity";
    public const string AzureKeyVault = "azure-native:keyvault:Vault";
    public const string AzureKeyVaultKey = "azure-native:keyvault:Key";
    public const string AzureManagementPolicy = "azure-native:storage:ManagementPolicy";
    public const string AzureDiagnosticSetting = "azure-native:monitor:DiagnosticSetting";

    /// <summary>Each S3 bucket setting is a resource of its own type.</summary>
    public static string Of(S3BucketSetting setting) => setting switch
    {
        S3BucketSetting.PublicAccessBlock => "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        S3BucketSetting.BucketPolicy => "aws:s3/bucketPolicy:BucketPolicy",
        S3BucketSetting.OwnershipControls => "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        S3BucketSetting.Encryption => "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        S3BucketSetting.Versioning => "aws:s3/bucketVersioning:BucketVersioning",
        S3BucketSetting.ObjectLock => "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        S3BucketSetting.Lifecycle => "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        S3BucketSetting.Logging => "aws:s3/bucketLogging:BucketLogging",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}

/// <summary>
/// Every resource the program's component registers for a storage, in the order it registers them, with the
/// logical names it gives them (<c>&lt;storage&gt;-bucket</c>, <c>&lt;storage&gt;-writer-key</c>...). The rehearsal's
/// plan and <c>stream-storage plan</c> both list these; the components under <c>infra/</c> create them.
/// </summary>
public static class ResourceListing
{
    /// <summary>The resources of one storage; its registration with Stream comes last.</summary>
    public static IReadOnlyList<PlannedResource> Of(StoragePlan plan, ResourceNaming naming)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(naming);
        return plan.WithFolder(naming.Folder) switch
        {
            S3StoragePlan s3 => S3(s3, naming),
            GcsStoragePlan gcs => Gcs(gcs, naming),
            AzureStoragePlan azure => Azure(azure, naming),
            S3CompatibleStoragePlan compatible => S3Compatible(compatible),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.GetType().Name, "unknown storage plan"),
        };
    }

    /// <summary>The path Stream writes under, its unguessable folder drawn as <paramref name="naming"/> says.</summary>
    public static string StreamPath(StoragePlan plan, ResourceNaming naming)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(naming);
        return plan.WithFolder(naming.Folder).Path;
    }

    /// <summary>The bucket (Azure: the container) Stream writes into.</summary>
    public static string BucketName(StoragePlan plan, ResourceNaming naming)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(naming);
        return plan switch
        {
            S3StoragePlan s3 => s3.BucketName(naming.Suffix),
            GcsStoragePlan gcs => gcs.BucketName(naming.Suffix),
            AzureStoragePlan azure => azure.ContainerName,
            S3CompatibleStoragePlan compatible => compatible.Bucket,
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.GetType().Name, "unknown storage plan"),
        };
    }

    /// <summary>Where the recordings are kept: the region or location the stack puts them in; null where the stack does not choose it.</summary>
    public static string? Location(StoragePlan plan) => plan switch
    {
        S3StoragePlan s3 => s3.Region,
        GcsStoragePlan gcs => gcs.Location,
        AzureStoragePlan azure => azure.Location,
        _ => null,
    };

    /// <summary>A call type's binding, a resource of the stack itself (no component).</summary>
    public static PlannedResource Binding(BindingPlan binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new(PulumiTypes.CallTypeBinding, binding.CallType, binding.CallType, binding.Storage is null
            ? $"records to Stream's own storage ({binding.StorageName}); the previous storage is restored on destroy"
            : $"records to {binding.StorageName}, after its registration; the previous storage is restored on destroy");
    }

    private static List<PlannedResource> S3(S3StoragePlan plan, ResourceNaming naming)
    {
        var bucket = plan.BucketName(naming.Suffix);
        var resources = new List<PlannedResource> { Component(PulumiTypes.AwsComponent, plan) };
        AddFolder(resources, plan);
        if (plan.CreatesBucket || plan.AuthMode == S3AuthMode.Keys)
        {
            resources.Add(Suffix(plan, naming, plan.CreatesBucket ? "the bucket's and the IAM user's names" : "the IAM user's name"));
        }

        if (plan.CreatesBucket)
        {
            var objectLock = plan.LocksBucket ? ", Object Lock on (chosen at creation: adding or removing it replaces the bucket)" : "";
            resources.Add(new(PulumiTypes.S3Bucket, Child(plan, "bucket"), bucket, $"region {plan.Region}{objectLock}, {OnDestroy(plan, "with its objects")}"));
        }

        if (plan.EncryptionKey is { CreatesKey: true } key)
        {
            resources.Add(new PlannedResource(PulumiTypes.KmsKey, Child(plan, "key"), null,
                $"symmetric key for SSE-KMS in {key.Location}, rotated every {key.RotationDays} days; "
                + (plan.AuthMode == S3AuthMode.Policy ? "the account administers it, Stream's account may use it for this bucket through S3 only" : "the account administers it, the writer's policy uses it")
                + $"; {KeyOnDestroy(plan)}")
            {
                Document = new JsonGrantDocument(plan.KeyPolicy(bucket, ResourceNaming.AwsAccountPlaceholder)),
            });
        }

        if (plan.AccessLogs is { CreatesLogBucket: true })
        {
            var logBucket = plan.LogBucketName(naming.Suffix);
            resources.Add(new(PulumiTypes.S3Bucket, LogBucketResource(plan), logBucket, $"server access logs of {bucket}, region {plan.Region}, {OnDestroy(plan, "with its logs")}"));
            foreach (var setting in S3StoragePlan.LogBucketSettingsOrder)
            {
                resources.Add(new PlannedResource(PulumiTypes.Of(setting), $"{LogBucketResource(plan)}-{S3StoragePlan.SettingResourceName(setting)}", null, setting switch
                {
                    S3BucketSetting.BucketPolicy => "lets only S3's logging service write, for this bucket and account, under the prefix; refuses plain HTTP and TLS below 1.2",
                    S3BucketSetting.Encryption => $"{S3StoragePlan.LogBucketEncryption.Algorithm} (log delivery does not write into SSE-KMS buckets)",
                    _ => S3SettingSummary(plan, setting),
                } + (plan.KeepsLogBucketSettingsOnDelete ? "; stays on the kept log bucket on destroy" : ""))
                {
                    Document = setting == S3BucketSetting.BucketPolicy ? new JsonGrantDocument(plan.LogBucketPolicy(logBucket, bucket, ResourceNaming.AwsAccountPlaceholder)) : null,
                });
            }
        }

        foreach (var setting in plan.SettingsOrder)
        {
            var kept = !plan.KeepsSettingOnDelete(setting) ? ""
                : plan.KeepsBucket ? "; stays on the kept bucket on destroy"
                : "; goes with the bucket on destroy (S3 refuses to suspend a locked bucket's versioning)";
            resources.Add(new PlannedResource(PulumiTypes.Of(setting), Child(plan, S3StoragePlan.SettingResourceName(setting)), null, S3SettingSummary(plan, setting, naming) + kept)
            {
                Document = setting == S3BucketSetting.BucketPolicy ? new JsonGrantDocument(plan.BucketPolicy(bucket)) : null,
            });
        }

        if (plan.AuthMode == S3AuthMode.Keys)
        {
            resources.Add(new(PulumiTypes.IamUser, Child(plan, "writer"), plan.IamUserName(naming.Suffix), "the identity whose access key Stream gets"));
            resources.Add(new(PulumiTypes.IamUserPolicy, Child(plan, "writer-policy"), null,
                $"{string.Join(" and ", S3Grants.WriterUserActions)} under the path"
                    + (plan.EncryptionKey is null ? ", nothing else" : $", and {string.Join(" and ", S3Grants.KmsWriterActions)} on the bucket's KMS key through S3 in {plan.Region} only"))
            {
                Document = new JsonGrantDocument(plan.UserPolicy(bucket, CreatedKeyArnPlaceholder(plan))),
            });
            resources.Add(new(PulumiTypes.IamAccessKey, Child(plan, "writer-key"), null, $"sent to Stream as s3_api_key / s3_secret{Rotation(plan)}"));
        }

        var access = plan.AuthMode == S3AuthMode.Keys
            ? "with the writer's access key"
            : "no credential: Stream writes as its own AWS account";
        resources.Add(Registration(plan, $"s3 bucket {bucket} in {plan.Region}", access));
        return resources;
    }

    /// <summary>Where a created key's ARN goes before <c>pulumi up</c> knows it.</summary>
    private static string? CreatedKeyArnPlaceholder(StoragePlan plan) =>
        plan.EncryptionKey is { CreatesKey: true } ? $"{{{Child(plan, "key")}.arn}}" : null;

    private static string S3SettingSummary(S3StoragePlan plan, S3BucketSetting setting, ResourceNaming? naming = null) => setting switch
    {
        S3BucketSetting.PublicAccessBlock => "blocks public ACLs and public policies",
        S3BucketSetting.BucketPolicy => plan.AuthMode == S3AuthMode.Policy
            ? "grants Stream's AWS account PutObject under the path; refuses plain HTTP and TLS below 1.2"
            : "grants nobody anything; refuses plain HTTP and TLS below 1.2",
        S3BucketSetting.OwnershipControls => "BucketOwnerEnforced: no ACLs, the bucket's owner owns every object",
        S3BucketSetting.Encryption => plan.EncryptionKey is { } key
            ? $"{plan.Encryption.Algorithm} with {key.ExistingKeyId ?? "the stack's key"}, bucket key on"
            : plan.Encryption.Algorithm,
        S3BucketSetting.Versioning => "enabled",
        S3BucketSetting.ObjectLock => $"default retention {Lock(plan)}: no version can be deleted or overwritten until then",
        S3BucketSetting.Lifecycle => Lifecycle(plan.Lifecycle),
        S3BucketSetting.Logging => $"server access logs to {LogDestination(plan, naming)}",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    private static List<PlannedResource> Gcs(GcsStoragePlan plan, ResourceNaming naming)
    {
        var bucket = plan.BucketName(naming.Suffix);
        var project = naming.GcpProject(plan);
        var email = plan.ServiceAccountEmail(naming.Suffix, project);
        var resources = new List<PlannedResource>
        {
            Component(PulumiTypes.GcpComponent, plan),
        };
        AddFolder(resources, plan);
        resources.Add(Suffix(plan, naming, plan.CreatesBucket ? "the bucket's and the service account's names" : "the service account's name"));
        if (plan.EncryptionKey is { } key)
        {
            var keyName = key.ExistingKeyId ?? $"the key {GcsStoragePlan.CryptoKeyName} of key ring {plan.KeyRingName(naming.Suffix)}";
            if (key.CreatesKey)
            {
                resources.Add(new(PulumiTypes.GcpKeyRing, Child(plan, "key-ring"), plan.KeyRingName(naming.Suffix),
                    $"Cloud KMS location {key.Location} (the bucket's), project {project}; key rings are never deleted"));
                resources.Add(new(PulumiTypes.GcpCryptoKey, Child(plan, "key"), GcsStoragePlan.CryptoKeyName,
                    $"symmetric encryption key, rotated every {key.RotationDays} days ({plan.KeyRotationPeriod}); {KeyOnDestroy(plan)}"));
            }

            resources.Add(new(PulumiTypes.GcpCryptoKeyIamMember, Child(plan, "key-user"), null,
                $"{plan.KeyRole} on {keyName} for {GcsStoragePlan.KeyUserMember(ResourceNaming.GcpProjectNumberPlaceholder)}, the project's Cloud Storage service agent, before the bucket uses the key"));
        }

        if (plan.AccessLogs is { } logs && logs.Target != AccessLogTarget.ProjectAuditLogs)
        {
            var logBucket = logs.Destination ?? plan.LogBucketName(naming.Suffix);
            if (logs.CreatesLogBucket)
            {
                resources.Add(new(PulumiTypes.GcsBucket, LogBucketResource(plan), logBucket,
                    $"usage and storage logs of {bucket}, {plan.Location} (the bucket's), project {project}, uniform access, public access prevented{SoftDelete(plan)}; {OnDestroy(plan, "with its logs")}"));
            }

            resources.Add(new(PulumiTypes.GcsBucketIamMember, Child(plan, "log-writer"), null, $"{plan.LogWriterRole} on bucket {logBucket} for {plan.LogWriterMember}, which delivers the logs"));
        }

        if (plan.CreatesBucket)
        {
            var encryption = plan.EncryptionKey is { } bucketKey ? $", default key {bucketKey.ExistingKeyId ?? GcsStoragePlan.CryptoKeyName}" : "";
            var usageLogs = plan.AccessLogs is { } bucketLogs && bucketLogs.Target != AccessLogTarget.ProjectAuditLogs ? $", usage logs to {LogDestination(plan, naming)}" : "";
            resources.Add(new(PulumiTypes.GcsBucket, Child(plan, "bucket"), bucket,
                $"{plan.Location}, project {project}, uniform access, public access prevented, versioning {(plan.Versioning ? "on" : "off")}{SoftDelete(plan)}{encryption}{usageLogs}, {RetentionPolicy(plan)}lifecycle: {Lifecycle(plan.Lifecycle)}; {OnDestroy(plan, "with its objects")}"));
        }

        if (plan.AccessLogs is { Target: AccessLogTarget.ProjectAuditLogs })
        {
            resources.Add(new(PulumiTypes.GcpAuditConfig, Child(plan, "audit-logs"), null,
                $"Data Access audit logs ({string.Join(", ", plan.AuditLogTypes)}) for {plan.AuditedService} in project {project}, every bucket of it; it replaces the project's audit config for {plan.AuditedService} (its other log types and exempted members too) and leaves other services' as they are; {(plan.KeepsAuditLogsOnDelete ? "left on on destroy" : "removed on destroy, with whatever the project had for the service before")}"));
        }

        resources.Add(new(PulumiTypes.GcpServiceAccount, Child(plan, "writer"), email, plan.ServiceAccountDisplayName));
        resources.Add(new PlannedResource(PulumiTypes.GcsBucketIamMember, Child(plan, "writer-access"), null,
            $"{plan.BucketRole} on bucket {bucket} for {GcsGrants.ServiceAccountMember(email)}, "
            + (plan.ScopesRoleToPath ? "conditioned to the path" : "no condition: the whole bucket is the storage"))
        {
            Document = plan.ScopesRoleToPath ? new IamConditionDocument(plan.RoleConditionTitle, plan.RoleCondition(bucket)) : null,
        });
        if (plan.KeyCreationException)
        {
            foreach (var constraint in GcsStoragePlan.KeyCreationConstraints)
            {
                resources.Add(new(PulumiTypes.GcpOrgPolicy, plan.KeyCreationPolicyResource(constraint), GcsStoragePlan.KeyCreationPolicyName(project, constraint),
                    $"rule enforce: false: lifts {constraint} on project {project} only, before the key"));
            }
        }

        var afterException = plan.KeyWaitsForExceptionOf is { } owner ? $"; made after {owner}'s key-creation exception on the project" : "";
        resources.Add(new(PulumiTypes.GcpServiceAccountKey, Child(plan, "writer-key"), null, $"sent to Stream as gcs_credentials{afterException}{Rotation(plan)}"));
        resources.Add(Registration(plan, $"gcs bucket {bucket}", "with the writer's key"));
        return resources;
    }

    private static List<PlannedResource> Azure(AzureStoragePlan plan, ResourceNaming naming)
    {
        var account = plan.AccountName(naming.Suffix);
        var container = $"{account}/{plan.ContainerName}";
        var resources = new List<PlannedResource> { Component(PulumiTypes.AzureComponent, plan) };
        AddFolder(resources, plan);
        if (plan.CreatesBucket || plan.AccessLogs is { CreatesLogBucket: true })
        {
            resources.Add(Suffix(plan, naming, plan.CreatesBucket ? "the storage account's name" : "the log account's name"));
        }

        if (plan.CreatesBucket && plan.CreateResourceGroup)
        {
            resources.Add(new(PulumiTypes.AzureResourceGroup, Child(plan, "group"), plan.ResourceGroupName, $"{plan.Location}; {OnDestroy(plan, "with everything in it")}"));
        }

        if (plan.EncryptionKey is { } key)
        {
            resources.Add(new(PulumiTypes.AzureUserAssignedIdentity, Child(plan, "key-identity"), plan.KeyIdentityName,
                $"the identity the account reads its key with, in resource group {plan.ResourceGroupName}; {KeyReaderOnDestroy(plan)}"));
            var keyName = plan.GivenKey is { } given
                ? $"{given.KeyName} in the owner's vault {given.VaultName} (resource group {given.ResourceGroupName})"
                : $"{AzureStoragePlan.KeyName} in vault {plan.KeyVaultName(naming.Suffix)}";
            if (key.CreatesKey)
            {
                resources.Add(new(PulumiTypes.AzureKeyVault, Child(plan, "key-vault"), plan.KeyVaultName(naming.Suffix),
                    $"{key.Location}, RBAC authorization, soft delete with purge protection (a deleted key stays recoverable); {KeyOnDestroy(plan)}"));
                resources.Add(new(PulumiTypes.AzureKeyVaultKey, Child(plan, "key"), AzureStoragePlan.KeyName,
                    string.Create(CultureInfo.InvariantCulture, $"RSA {AzureStoragePlan.KeySizeBits}-bit key, a new version every {key.RotationDays} days by its rotation policy (the account follows the newest); {KeyOnDestroy(plan)}")));
            }

            resources.Add(new(PulumiTypes.AzureRoleAssignment, Child(plan, "key-access"), null,
                $"{plan.KeyRoleName} (wrap and unwrap) for the key identity, scope: key {keyName}, before the account uses it; {KeyReaderOnDestroy(plan)}"));
        }

        if (plan.CreatesBucket)
        {
            var encryption = plan.EncryptionKey is { } accountKey
                ? $"encrypted with key {plan.GivenKey?.KeyName ?? AzureStoragePlan.KeyName} (no version: its newest) through the key identity"
                : "encrypted with Microsoft-managed keys";
            resources.Add(new(PulumiTypes.AzureStorageAccount, Child(plan, "account"), account,
                $"{plan.Location} in resource group {plan.ResourceGroupName}, StorageV2 {plan.AccountSku}, HTTPS only, TLS 1.2, no shared keys, no public blobs, {encryption}"
                + (plan.InfrastructureEncryption ? ", infrastructure encryption on" : "") + $"{VersionImmutability(plan)}; {OnDestroy(plan, "with its blobs")}"));
            if (plan.SetsBlobService)
            {
                resources.Add(new(PulumiTypes.AzureBlobServiceProperties, Child(plan, "blob-service"), null, BlobService(plan)));
            }


            resources.Add(new(PulumiTypes.AzureBlobContainer, Child(plan, "container"), container, $"private; {OnDestroy(plan, "with its blobs")}"));
            if (plan.Lifecycle.Count > 0)
            {
                resources.Add(new(PulumiTypes.AzureManagementPolicy, Child(plan, "lifecycle"), null,
                    $"block blobs under {plan.ContainerName}/{plan.Path}: {Lifecycle(plan.Lifecycle)}"));
            }
        }

        if (plan.AccessLogs is { } logs)
        {
            if (logs.CreatesLogBucket)
            {
                resources.Add(new(PulumiTypes.AzureStorageAccount, Child(plan, "log-account"), plan.LogAccountName(naming.Suffix),
                    $"access logs of {account}, {plan.Location ?? "the recordings' account's region"} in resource group {plan.ResourceGroupName}, StorageV2 {AzureStoragePlan.LogAccountSku}, HTTPS only, TLS 1.2, no public blobs; {OnDestroy(plan, "with its logs")}"));
            }

            resources.Add(new(PulumiTypes.AzureDiagnosticSetting, Child(plan, "access-logs"), null,
                $"{string.Join(", ", AzureStoragePlan.AccessLogCategories)} of {account}'s blob service to {LogDestination(plan, naming)}"));
        }

        resources.Add(new(PulumiTypes.EntraApplication, Child(plan, "app"), plan.ApplicationName, "Stream's identity"));
        resources.Add(new(PulumiTypes.EntraServicePrincipal, Child(plan, "principal"), null, "the application's service principal, which the role is assigned to"));
        resources.Add(new(PulumiTypes.EntraApplicationPassword, Child(plan, "secret"), null,
            $"client secret valid for {plan.ClientSecretLifetime}, sent to Stream as abs_client_secret{Rotation(plan)}"));
        string role;
        if (plan.Role == AzureRole.WriteOnly)
        {
            role = plan.WriteOnlyRoleName(account);
            resources.Add(new(PulumiTypes.AzureRoleDefinition, Child(plan, "writer-role"), role,
                $"{plan.WriteOnlyRoleDescription} Assignable in resource group {plan.ResourceGroupName}.")
            {
                Document = new JsonGrantDocument(DataActionsDocument(plan.WriteOnlyDataActions)),
            });
        }
        else
        {
            role = "Storage Blob Data Contributor (built-in)";
        }

        resources.Add(new(PulumiTypes.AzureRoleAssignment, Child(plan, "writer-access"), null,
            $"{role} for the application's service principal, scope: container {container}, "
            + (plan.ScopesRoleToPath ? "conditioned to the path" : "no condition: the whole container is the storage"))
        {
            Document = plan.RoleCondition is { } condition ? new RoleAssignmentConditionDocument(plan.RoleConditionVersion!, condition) : null,
        });
        resources.Add(Registration(plan, $"abs container {container}", "with the application's client secret"));
        return resources;
    }

    private static List<PlannedResource> S3Compatible(S3CompatibleStoragePlan plan) =>
    [
        Component(PulumiTypes.S3CompatibleComponent, plan),
        Registration(plan, $"s3 bucket {plan.Bucket} at {plan.Endpoint} (region {plan.Region})",
            "with the store's access key, given as secret configuration; nothing is created at the store"),
    ];

    private static PlannedResource Component(string type, StoragePlan plan) =>
        new(type, plan.StreamName, null, "the storage's component: every resource below is its child");

    /// <summary>The unguessable folder, drawn before anything that names the path (<paramref name="plan"/> has it drawn).</summary>
    private static void AddFolder(List<PlannedResource> resources, StoragePlan plan)
    {
        if (plan.UnguessablePath)
        {
            resources.Add(new(PulumiTypes.RandomId, Child(plan, "folder"), null,
                string.Create(CultureInfo.InvariantCulture, $"{ResourceNames.FolderBytes} random bytes, drawn once; their hex ({plan.Folder}) is the folder Stream writes into, '{plan.Path}', which Stream's registration, its grant and the lifecycle rules name")));
        }
    }

    private static PlannedResource Suffix(StoragePlan plan, ResourceNaming naming, string names) =>
        new(PulumiTypes.RandomId, Child(plan, "suffix"), null,
            string.Create(CultureInfo.InvariantCulture, $"{ResourceNames.SuffixBytes} random bytes, drawn once; their hex ({naming.Suffix}) ends {names}"));

    private static PlannedResource Registration(StoragePlan plan, string bucket, string access)
    {
        var path = plan.Path.Length == 0 ? "at the root" : $"path '{plan.Path}'";
        return new(PulumiTypes.ExternalStorage, plan.StreamName, plan.StreamName,
            string.Create(CultureInfo.InvariantCulture, $"Stream's storage: {bucket}, {path}, {access}; checked within {plan.CheckDeadlineSeconds} s"));
    }

    private static string Child(StoragePlan plan, string resource) => $"{plan.StreamName}-{resource}";

    /// <summary>The log bucket the stack creates for a storage; its settings are named after it (<c>…-log-bucket-policy</c>).</summary>
    public static string LogBucketResource(StoragePlan plan) => Child(plan, "log-bucket");

    /// <summary>Whether <paramref name="resource"/> is the storage's log bucket or one of its settings.</summary>
    public static bool OfLogBucket(StoragePlan plan, PlannedResource resource) =>
        resource.Name == LogBucketResource(plan) || resource.Name.StartsWith($"{LogBucketResource(plan)}-", StringComparison.Ordinal);

    /// <summary>Where access logs are delivered, as the listing shows it.</summary>
    private static string LogDestination(StoragePlan plan, ResourceNaming? naming)
    {
        var logs = plan.AccessLogs!;
        var created = naming is null ? "the log bucket" : plan switch
        {
            S3StoragePlan s3 => s3.LogBucketName(naming.Suffix),
            GcsStoragePlan gcs => gcs.LogBucketName(naming.Suffix),
            AzureStoragePlan azure => azure.LogAccountName(naming.Suffix),
            _ => "the log bucket",
        };
        return logs.Target switch
        {
            AccessLogTarget.CreatedLogBucket when logs.Prefix.Length > 0 => $"{created}/{logs.Prefix}",
            AccessLogTarget.CreatedLogBucket => $"storage account {created}",
            AccessLogTarget.ExistingLogBucket when logs.Prefix.Length > 0 => $"{logs.Destination}/{logs.Prefix}" + (plan is S3StoragePlan ? " (its owner merges the logging service's statement into its policy)" : ""),
            AccessLogTarget.ExistingLogBucket => $"storage account {logs.Destination}",
            AccessLogTarget.LogAnalyticsWorkspace => $"Log Analytics workspace {logs.Destination}",
            _ => "the project's audit logs",
        };
    }

    /// <summary>A created key lives as long as the recordings it encrypts: deleting it would make them unreadable.</summary>
    private static string KeyOnDestroy(StoragePlan plan) =>
        plan.Data.ForceDestroy ? "scheduled for deletion on destroy, with the recordings" : "kept on destroy with the recordings it encrypts" + (plan.Data.Protect ? ", protected" : "");

    /// <summary>The identity and grant a kept account reads its key with are kept with it: without them its recordings are unreadable.</summary>
    private static string KeyReaderOnDestroy(StoragePlan plan) =>
        plan.Data.ForceDestroy ? "deleted on destroy, with the account" : "kept on destroy with the account that reads its key through it" + (plan.Data.Protect ? ", protected" : "");

    /// <summary>What destroy does to a resource that holds recordings (<see cref="StoragePlan.Data"/>).</summary>
    private static string OnDestroy(StoragePlan plan, string contents) =>
        (plan.Data.ForceDestroy ? $"deleted {contents} on destroy" : "kept on destroy") + (plan.Data.Protect ? ", protected" : "");

    private static string Rotation(StoragePlan plan) => plan.CredentialRotation is { } rotation
        ? $"; replaced, the new one first, when credentialRotation changes (now '{rotation}')"
        : "";

    /// <summary>A locked GCS bucket's retention policy, which GCS locks for good in compliance mode.</summary>
    private static string RetentionPolicy(GcsStoragePlan plan) => plan is { LocksBucket: true, Immutability: { } immutability }
        ? string.Create(CultureInfo.InvariantCulture, $"retention policy of {DayCount.Of(immutability.Days)}, {(immutability.Mode == ImmutabilityMode.Compliance ? "locked for good" : "unlocked")}, ")
        : "";

    /// <summary>The soft delete the stack sets on the buckets it creates; nothing where Cloud Storage's default holds.</summary>
    private static string BlobService(AzureStoragePlan plan) => string.Join(
        "; ",
        new[]
        {
            plan.LocksBucket ? "blob versioning on, whose versions the immutability policy keeps" : null,
            plan.SoftDeleteDays is { } days and > 0 ? $"blob soft delete: a deleted or overwritten blob restorable for {DayCount.Of(days)}" : "blob soft delete off",
        }.OfType<string>());

    private static string SoftDelete(GcsStoragePlan plan) => plan.SoftDeleteDays switch
    {
        null => "",
        0 => ", soft delete off",
        var days => string.Create(CultureInfo.InvariantCulture, $", soft-deleted objects kept {days} days"),
    };

    /// <summary>A locked Azure account's version-level immutability, which Azure turns on only when it creates the account.</summary>
    private static string VersionImmutability(AzureStoragePlan plan) => plan is { LocksBucket: true, Immutability: { } immutability }
        ? string.Create(CultureInfo.InvariantCulture, $", version-level immutability of {DayCount.Of(immutability.Days)}, policy {(immutability.Mode == ImmutabilityMode.Compliance ? "locked for good" : "unlocked")} (chosen at creation)")
        : "";

    /// <summary>The retention lock in words: its days and its mode, which says who may lift it.</summary>
    private static string Lock(StoragePlan plan) => plan.Immutability is { } immutability
        ? string.Create(CultureInfo.InvariantCulture, $"of {DayCount.Of(immutability.Days)}, {(immutability.Mode == ImmutabilityMode.Compliance ? "compliance mode (nobody can lift it)" : "governance mode (those granted to may lift it)")}")
        : throw new ArgumentException("the storage has no retention lock", nameof(plan));

    private static string Lifecycle(IReadOnlyList<LifecycleRule> rules) =>
        string.Join("; ", rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id} after {r.Days} d")));

    /// <summary>The role's permissions as Azure shows them.</summary>
    private static string DataActionsDocument(IReadOnlyList<string> actions) =>
        new JsonObject { ["dataActions"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]) }.ToJsonString(IndentedJson);

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true, NewLine = "\n" };
}
