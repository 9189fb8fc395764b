using StackPlanning.Storages;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;
using StorageRegistrar.Registration;

namespace StackPlanning;

/// <summary>
/// Everything the program creates for a stack, decided ahead of the cloud calls. Names that must be
/// globally unique are functions of a random suffix the program draws per storage; everything else
/// is a plain value.
/// </summary>
public sealed record StackPlan(
    string StackName,
    bool Production,
    IReadOnlyList<StoragePlan> Storages,
    IReadOnlyList<BindingPlan> Bindings)
{
    /// <summary>What the stack allows but a reviewer should weigh, each on its key path with the fix; shown by every preview.</summary>
    public IReadOnlyList<PlanWarning> Warnings { get; init; } = [];

    /// <summary>The residency rule every storage the stack creates was held to; null when unrestricted.</summary>
    public IReadOnlyList<string>? AllowedLocations { get; init; }
}

/// <summary>A choice the configuration makes that is allowed but risky: where (<see cref="Field"/>), why, and the fix.</summary>
public sealed record PlanWarning(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// How a resource that holds recordings is treated on delete. <see cref="RetainOnDelete"/> keeps it
/// in the cloud when Pulumi deletes it; <see cref="Protect"/> refuses the delete altogether.
/// </summary>
public sealed record DataResourcePolicy(bool ForceDestroy, bool RetainOnDelete, bool Protect);

/// <summary>What one lifecycle rule does (S3 and GCS map each to their own rule shape).</summary>
public enum LifecycleAction
{
    AbortIncompleteMultipartUpload,
    ExpireNoncurrentVersions,
    ExpireCheckFiles,
    ExpireRecordings,
}

/// <summary>
/// One lifecycle rule: act on objects under <see cref="Prefix"/> (and, where the cloud can filter by
/// them, ending in <see cref="Suffix"/> or smaller than <see cref="MaxObjectBytes"/>) after <see cref="Days"/>.
/// </summary>
public sealed record LifecycleRule(
    string Id,
    LifecycleAction Action,
    int Days,
    string Prefix = "",
    string? Suffix = null,
    int? MaxObjectBytes = null);

/// <summary>One storage: its Stream registration and the cloud resources behind it.</summary>
public abstract record StoragePlan
{
    public required string StackName { get; init; }

    /// <summary>The name Stream knows the storage by; also the prefix of its Pulumi resource names.</summary>
    public required string StreamName { get; init; }

    /// <summary>Stream's storage type: <c>s3</c>, <c>gcs</c> or <c>abs</c>.</summary>
    public abstract string StorageType { get; }

    /// <summary>Where the storage lives, as the configuration says it (<see cref="CloudName"/>).</summary>
    public abstract Cloud Cloud { get; }

    /// <summary>The configuration's word for <see cref="Cloud"/>: <c>s3</c>, <c>gcs</c>, <c>abs</c> or <c>s3compatible</c>.</summary>
    public string CloudName => StorageSections.CloudName(Cloud);

    public required string Path { get; init; }

    public required DataResourcePolicy Data { get; init; }

    /// <summary>The stack's tags plus the storage's own.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>
    /// The bucket (Azure: container) Stream writes into when it exists already; null when the stack
    /// creates it. An existing bucket is never created, changed or deleted: the stack only grants
    /// Stream access to it, and destroy leaves it and its objects where they were.
    /// </summary>
    public string? ExistingBucket { get; init; }

    /// <summary>Whether the stack creates (and on destroy, by <see cref="Data"/>, keeps or deletes) the bucket.</summary>
    public bool CreatesBucket => ExistingBucket is null;

    /// <summary>The credential the storage hands to Stream; <see cref="CredentialKind.None"/> when Stream needs none.</summary>
    public abstract CredentialKind Credential { get; }

    /// <summary>
    /// The rotation trigger: any text; a new value replaces the credential the stack creates, the new
    /// one first, then Stream's storage is updated with it and checked, and only then the old one is
    /// deleted. Null when never rotated on demand. Only set for credentials the stack creates.
    /// </summary>
    public string? CredentialRotation { get; init; }

    /// <summary>
    /// <see cref="CredentialRotation"/> in the form of the keeper maps that force a credential's
    /// replacement (GCS key <c>keepers</c>, Entra password <c>rotateWhenChanged</c>): empty when unset,
    /// so that a storage without a rotation keeps its credential.
    /// </summary>
    public IReadOnlyDictionary<string, string> CredentialKeepers => CredentialRotation is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { [CredentialRotationKeeper] = CredentialRotation };

    /// <summary>How old the credential may grow before the doctor warns; null when it may age freely.</summary>
    public int? CredentialMaxAgeDays { get; init; }

    /// <summary>
    /// The retention lock: each cloud's piece applies it to a bucket the stack creates (<see cref="LocksBucket"/>); on an
    /// existing bucket it is what the owner's lock is expected to be. Null when recordings are not locked.
    /// </summary>
    public Immutability? Immutability { get; init; }

    /// <summary>
    /// The stack's <c>allowedLocations</c>, which this storage's bucket must be in: checked when planning a bucket the stack
    /// creates, and by the doctor for every bucket, an existing one included. Null when unrestricted.
    /// </summary>
    public IReadOnlyList<string>? AllowedLocations { get; init; }

    /// <summary>Whether the stack puts <see cref="Immutability"/> on the bucket (it never changes an existing one).</summary>
    public bool LocksBucket => Immutability is not null && CreatesBucket;

    /// <summary>The keeper's name; Azure's client secrets were rotated with it before rotation applied to every cloud.</summary>
    public const string CredentialRotationKeeper = "rotation";

    private static readonly RegistrarOptions RegistrarDefaults = new();

    /// <summary>
    /// How long registration keeps retrying Stream's check while the new grant propagates: the registrar's
    /// default for the storage type (<see cref="RegistrarOptions.CheckDeadlines"/> says why each cloud needs its own).
    /// </summary>
    public int CheckDeadlineSeconds => (int)RegistrarDefaults.CheckDeadlineFor(StorageType).TotalSeconds;

    /// <summary>Every resource the program registers for the storage, in its order (<see cref="ResourceListing"/>).</summary>
    public IReadOnlyList<PlannedResource> Resources(ResourceNaming naming) => ResourceListing.Of(this, naming);
}

/// <summary>The S3 bucket settings, each a resource of its own, in the order they are applied.</summary>
public enum S3BucketSetting
{
    PublicAccessBlock,
    BucketPolicy,
    OwnershipControls,
    Encryption,
    Versioning,

    /// <summary>The default retention of a bucket under a retention lock (<see cref="StoragePlan.LocksBucket"/>); Object Lock protects versions, so it follows versioning.</summary>
    ObjectLock,
    Lifecycle,
}

/// <summary>Default encryption of new objects: SSE-S3 (<c>AES256</c>) or SSE-KMS with a customer key.</summary>
public sealed record S3Encryption(string Algorithm, string? KmsKeyArn, bool BucketKeyEnabled);

public sealed record S3StoragePlan : StoragePlan
{
    public override string StorageType => StorageTypes.S3;

    public override Cloud Cloud => Cloud.S3;

    public override CredentialKind Credential => AuthMode == S3AuthMode.Keys ? CredentialKind.AwsAccessKey : CredentialKind.None;

    public required string Region { get; init; }

    public required S3AuthMode AuthMode { get; init; }

    /// <summary>
    /// Whether the stack writes the bucket policy. It does for a bucket it creates; for an existing bucket
    /// in policy mode the owner merges <see cref="StatementToMerge"/> into the bucket's own policy,
    /// and an existing bucket in keys mode keeps its policy untouched.
    /// </summary>
    public bool WritesBucketPolicy => CreatesBucket;

    /// <summary>
    /// Policy mode on an existing bucket: Stream's statement for the owner to merge into the bucket's
    /// policy (a stack output); registration's check fails until it is there. Null otherwise.
    /// </summary>
    public string? StatementToMerge => ExistingBucket is { } bucket && AuthMode == S3AuthMode.Policy
        ? S3Grants.StreamWriterStatement(bucket, Path)
        : null;

    public required S3Encryption Encryption { get; init; }

    public required IReadOnlyList<LifecycleRule> Lifecycle { get; init; }

    /// <summary>
    /// Applied one after another (each waits for the previous): S3 answers "OperationAborted: A
    /// conflicting conditional operation" when bucket settings change at once. Empty for an
    /// existing bucket, whose settings belong to its owner.
    /// </summary>
    public required IReadOnlyList<S3BucketSetting> SettingsOrder { get; init; }

    /// <summary>The existing bucket, or the name of the one the stack creates.</summary>
    public string BucketName(string suffix) => ExistingBucket ?? ResourceNames.BucketName(StackName, StreamName, suffix);

    /// <summary>How a setting's resource is named after its storage: <c>&lt;storage&gt;-&lt;this&gt;</c>.</summary>
    public static string SettingResourceName(S3BucketSetting setting) => setting switch
    {
        S3BucketSetting.PublicAccessBlock => "public-access-block",
        S3BucketSetting.BucketPolicy => "policy",
        S3BucketSetting.OwnershipControls => "ownership",
        S3BucketSetting.Encryption => "encryption",
        S3BucketSetting.Versioning => "versioning",
        S3BucketSetting.ObjectLock => "object-lock",
        S3BucketSetting.Lifecycle => "lifecycle",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>
    /// Whether a setting stays on a kept bucket when Pulumi deletes it: a bucket that outlives the
    /// stack keeps its hardening and its lock, but not a bucket policy that grants Stream's account. Versioning
    /// is not kept, so that turning it off in the configuration suspends it on the bucket.
    /// </summary>
    public bool KeepsSettingOnDelete(S3BucketSetting setting) => Data.RetainOnDelete && setting switch
    {
        S3BucketSetting.BucketPolicy => AuthMode == S3AuthMode.Keys,
        S3BucketSetting.Versioning => false,
        _ => true,
    };

    /// <summary>The IAM user whose access key Stream gets (keys mode).</summary>
    public string IamUserName(string suffix) => ResourceNames.IamUserName(StackName, StreamName, suffix);

    /// <summary>Policy mode grants Stream's account here; keys mode only refuses insecure transport.</summary>
    public string BucketPolicy(string bucket) => AuthMode == S3AuthMode.Policy
        ? S3Grants.StreamWriterBucketPolicy(bucket, Path)
        : S3Grants.TlsOnlyBucketPolicy(bucket);

    /// <summary>The IAM user's inline policy (keys mode).</summary>
    public string UserPolicy(string bucket) => S3Grants.WriterUserPolicy(bucket, Path, Encryption.KmsKeyArn);

    public string ConsoleUrl(string bucket) => ConsoleUrls.S3(bucket, Region, Path);

    /// <summary>
    /// Policy mode grants Stream's AWS account, with no external ID: any Stream app that learns the bucket and path can
    /// make Stream write into it. Keys mode trusts only the holder of the stack's own key.
    /// </summary>
    public bool TrustsEveryStreamApp => AuthMode == S3AuthMode.Policy;
}

public sealed record GcsStoragePlan : StoragePlan
{
    public override string StorageType => StorageTypes.Gcs;

    public override Cloud Cloud => Cloud.Gcs;

    public override CredentialKind Credential => CredentialKind.GcsServiceAccountKey;

    /// <summary>The project of the service account (and of a created bucket); the provider's default project when null.</summary>
    public required string? Project { get; init; }

    /// <summary>Where a created bucket lives; null for an existing bucket.</summary>
    public required string? Location { get; init; }

    public required bool Versioning { get; init; }

    public required IReadOnlyList<LifecycleRule> Lifecycle { get; init; }

    /// <summary>The role Stream's service account gets, on this bucket only.</summary>
    public string BucketRole => GcsGrants.ObjectCreatorRole;

    /// <summary>The existing bucket, or the name of the one the stack creates.</summary>
    public string BucketName(string suffix) => ExistingBucket ?? ResourceNames.BucketName(StackName, StreamName, suffix);

    public string ServiceAccountId(string suffix) => ResourceNames.GcpServiceAccountId(StreamName, suffix);

    /// <summary>The service account's email, which the grant names: its id at its project's IAM domain.</summary>
    public string ServiceAccountEmail(string suffix, string project) => $"{ServiceAccountId(suffix)}@{project}.iam.gserviceaccount.com";

    /// <summary>Whether the role is conditioned to the path; with an empty path the bucket is the scope.</summary>
    public bool ScopesRoleToPath => Path.Length > 0;

    /// <summary>The IAM condition that keeps the role to objects under <see cref="StoragePlan.Path"/>.</summary>
    public string RoleCondition(string bucket) => GcsGrants.PathConditionExpression(bucket, Path);

    public string RoleConditionTitle => GcsGrants.PathConditionTitle;

    public string ServiceAccountDisplayName => ResourceNames.GcpServiceAccountDisplayName(StackName, StreamName);

    public string ConsoleUrl(string bucket, string project) => ConsoleUrls.Gcs(bucket, project, Path);
}

public sealed record AzureStoragePlan : StoragePlan
{
    public override string StorageType => StorageTypes.Abs;

    public override Cloud Cloud => Cloud.Abs;

    public override CredentialKind Credential => CredentialKind.AzureClientSecret;

    /// <summary>The region of a created group and account; null with an existing container.</summary>
    public required string? Location { get; init; }

    /// <summary>The resource group to create, or the existing one to use (with an existing container: its account's).</summary>
    public required string ResourceGroupName { get; init; }

    /// <summary>False when the group already exists and is only referenced.</summary>
    public required bool CreateResourceGroup { get; init; }

    /// <summary>The storage account of an existing container; null when the stack creates the account.</summary>
    public string? ExistingAccount { get; init; }

    /// <summary>The existing container, or the one the stack creates in its own account.</summary>
    public string ContainerName => ExistingBucket ?? ResourceNames.AzureContainerName;

    public required AzureRole Role { get; init; }

    public IReadOnlyList<string> WriteOnlyDataActions => AzureGrants.WriteOnlyDataActions;

    /// <summary>The data actions <see cref="Role"/> grants, each of which <see cref="RoleCondition"/> keeps to the path.</summary>
    public IReadOnlyList<string> RoleDataActions => Role == AzureRole.WriteOnly ? AzureGrants.WriteOnlyDataActions : AzureGrants.BlobDataContributorDataActions;

    /// <summary>Whether the role assignment carries <see cref="RoleCondition"/>; with an empty path the container is the scope.</summary>
    public bool ScopesRoleToPath => Path.Length > 0;

    /// <summary>
    /// The role assignment's condition: every data action of the role only on blobs under <see cref="StoragePlan.Path"/>
    /// (and, for the contributor, listing only under it); null when <see cref="ScopesRoleToPath"/> is false.
    /// </summary>
    public string? RoleCondition => ScopesRoleToPath ? AzureGrants.PathCondition(Path, RoleDataActions) : null;

    /// <summary>The role assignment's <c>conditionVersion</c>, set with <see cref="RoleCondition"/>.</summary>
    public string? RoleConditionVersion => ScopesRoleToPath ? AzureGrants.ConditionVersion : null;

    public string WriteOnlyRoleDescription => AzureGrants.WriteOnlyRoleDescription;

    /// <summary>The client secret's lifetime from its creation, in Entra's relative form (hours).</summary>
    public required string ClientSecretLifetime { get; init; }

    public string ApplicationName => ResourceNames.AzureApplicationName(StackName, StreamName);

    /// <summary>The existing account, or the name of the one the stack creates.</summary>
    public string AccountName(string suffix) => ExistingAccount ?? ResourceNames.AzureAccountName(StreamName, suffix);

    /// <summary>
    /// Role names are unique in the tenant: a created account is this storage's alone, while an existing
    /// account may hold several storages' containers, so there the container is named too.
    /// </summary>
    public string WriteOnlyRoleName(string accountName) =>
        ResourceNames.AzureWriteOnlyRoleName(CreatesBucket ? accountName : $"{accountName}/{ContainerName}");

    /// <summary>The built-in role's definition id in a subscription (when <see cref="Role"/> is <see cref="AzureRole.BlobDataContributor"/>).</summary>
    public static string BlobDataContributorRoleDefinitionId(string subscriptionId) =>
        AzureGrants.BuiltInRoleDefinitionId(subscriptionId, AzureGrants.StorageBlobDataContributorRoleGuid);

    /// <summary>The ARM id of <see cref="ResourceGroupName"/>, for an existing group the program does not create.</summary>
    public string ResourceGroupId(string subscriptionId) => $"/subscriptions/{subscriptionId}/resourceGroups/{ResourceGroupName}";

    /// <summary>The ARM id of an existing account, which the program references rather than creates.</summary>
    public string AccountId(string subscriptionId, string accountName) =>
        $"{ResourceGroupId(subscriptionId)}/providers/Microsoft.Storage/storageAccounts/{accountName}";

    /// <summary>The ARM id of the container, the scope of Stream's role assignment.</summary>
    public string ContainerId(string subscriptionId, string accountName) =>
        $"{AccountId(subscriptionId, accountName)}/blobServices/default/containers/{ContainerName}";

    public string ConsoleUrl(string storageAccountId) => ConsoleUrls.Azure(storageAccountId);
}

/// <summary>
/// A bucket at an S3-compatible store (R2, MinIO, Wasabi...): nothing is created in any cloud; the
/// store's own key, given as secret configuration, is registered with Stream with the endpoint.
/// </summary>
public sealed record S3CompatibleStoragePlan : StoragePlan
{
    public override string StorageType => StorageTypes.S3;

    public override Cloud Cloud => Cloud.S3Compatible;

    public override CredentialKind Credential => CredentialKind.StoreAccessKey;

    /// <summary>Stream's <c>s3_custom_endpoint_url</c>: scheme, host and port, no path.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The bucket at the store (<see cref="StoragePlan.ExistingBucket"/>).</summary>
    public string Bucket => ExistingBucket!;

    /// <summary>The signing region the store expects (<c>auto</c> for R2).</summary>
    public required string Region { get; init; }

    /// <summary>Masked when printed; revealed only into a Pulumi secret.</summary>
    public required SecretString AccessKeyId { get; init; }

    public required SecretString SecretAccessKey { get; init; }

    /// <summary>The bucket at its path, path-style at the store's endpoint (stores have no common console).</summary>
    public string BucketUrl => $"{Endpoint}/{Bucket}/{Path}";
}

/// <summary>A call type pointed at a storage of this stack, or at Stream's own when <see cref="Storage"/> is null.</summary>
public sealed record BindingPlan(string CallType, string StorageName, StoragePlan? Storage);
