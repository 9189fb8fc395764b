using System.Globalization;
using StackPlanning.Storages;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;
using StorageRegistrar.Preflight.Gcp;
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

    /// <summary>What the program does with the guardrails it reads before registering any resource.</summary>
    public PreflightMode Preflight { get; init; } = PreflightMode.Warn;
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

/// <summary>What one lifecycle rule does (each cloud maps it to its own rule shape).</summary>
public enum LifecycleAction
{
    AbortIncompleteMultipartUpload,
    ExpireNoncurrentVersions,
    ExpireCheckFiles,
    ExpireRecordings,

    /// <summary>Move recordings to <see cref="LifecycleRule.StorageClass"/> (S3 transition, GCS SetStorageClass, Azure tierTo*).</summary>
    TransitionRecordings,
}

/// <summary>
/// One lifecycle rule: act on objects under <see cref="Prefix"/> (and, where the cloud can filter by
/// them, ending in <see cref="Suffix"/>, smaller than <see cref="MaxObjectBytes"/> or larger than
/// <see cref="MinObjectBytes"/>) after <see cref="Days"/>; a transition moves them to <see cref="StorageClass"/>,
/// the cloud's own name for it.
/// </summary>
public sealed record LifecycleRule(
    string Id,
    LifecycleAction Action,
    int Days,
    string Prefix = "",
    string? Suffix = null,
    int? MaxObjectBytes = null,
    string? StorageClass = null,
    int? MinObjectBytes = null)
{
    /// <summary>Whether the rule acts on the storage's objects under its path (so an unguessable folder moves it), not on the whole bucket.</summary>
    public bool UnderPath => Action is LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings or LifecycleAction.TransitionRecordings;

    /// <summary>
    /// How S3 takes the rule's filter: S3 combines predicates only through <c>And</c>, which needs two of them, so a lone
    /// prefix (empty: the whole bucket) or a lone size bound stands by itself.
    /// </summary>
    /// <param name="prefixed">Whether the rule's prefix, once an unguessable folder is drawn, is not empty (<see cref="StoragePlan.PrefixedOnceDrawn"/>).</param>
    public S3FilterShape S3Filter(bool prefixed)
    {
        var sizeBounds = (MinObjectBytes is null ? 0 : 1) + (MaxObjectBytes is null ? 0 : 1);
        return sizeBounds == 0 ? S3FilterShape.Prefix
            : sizeBounds == 1 && !prefixed ? S3FilterShape.Size
            : S3FilterShape.And;
    }
}

/// <summary>The shape of an S3 lifecycle rule's filter (<see cref="LifecycleRule.S3Filter"/>).</summary>
public enum S3FilterShape
{
    /// <summary>The prefix alone.</summary>
    Prefix,

    /// <summary>The one size bound alone, on the whole bucket.</summary>
    Size,

    /// <summary>An <c>And</c> of the prefix (where not empty) and the size bounds.</summary>
    And,
}

/// <summary>
/// A customer-managed key recordings are encrypted with: one the stack creates (and rotates), or an existing one,
/// which its owner rotates and whose policy stays the owner's.
/// </summary>
public sealed record CustomerKeyPlan
{
    /// <summary>The existing key's id as its cloud names it; null when the stack creates the key.</summary>
    public string? ExistingKeyId { get; init; }

    public bool CreatesKey => ExistingKeyId is null;

    /// <summary>
    /// Where the key is, as its cloud names the place: the bucket's AWS region, the Cloud KMS location matching the
    /// bucket's, the account's Azure region. Null for an existing Key Vault key, whose id does not say.
    /// </summary>
    public string? Location { get; init; }

    /// <summary>Days between the automatic rotations of a key the stack creates; null for an existing key.</summary>
    public int? RotationDays { get; init; }
}

/// <summary>
/// Where a storage's access logs go (<see cref="Target"/>; <see cref="Destination"/> names an existing bucket, account or
/// workspace), under <see cref="Prefix"/> where the destination is a bucket. A log bucket the stack creates is treated on
/// destroy as the recordings are (<see cref="StoragePlan.Data"/>): kept, unless the stack is ephemeral with forceDestroy.
/// </summary>
public sealed record AccessLogsPlan(AccessLogTarget Target, string? Destination, string Prefix)
{
    public bool CreatesLogBucket => Target == AccessLogTarget.CreatedLogBucket;
}

/// <summary>
/// What a storage's plan holds whatever its cloud: the stack and Stream names, the path, how its data is treated on
/// delete, its tags and the bucket it writes into when that exists already (see <see cref="StoragePlan"/>).
/// </summary>
public sealed record StoragePlanBasics(
    string StackName, string StreamName, string Path, DataResourcePolicy Data, IReadOnlyDictionary<string, string> Tags, string? ExistingBucket);

/// <summary>One storage: its Stream registration and the cloud resources behind it.</summary>
public abstract record StoragePlan
{
    /// <summary>What the storage's plan holds whatever its cloud, which the members below read.</summary>
    public required StoragePlanBasics Basics { get; init; }

    public string StackName => Basics.StackName;

    /// <summary>The name Stream knows the storage by; also the prefix of its Pulumi resource names.</summary>
    public string StreamName => Basics.StreamName;

    /// <summary>Stream's storage type: <c>s3</c>, <c>gcs</c> or <c>abs</c>.</summary>
    public abstract string StorageType { get; }

    /// <summary>Where the storage lives, as the configuration says it (<see cref="CloudName"/>).</summary>
    public abstract Cloud Cloud { get; }

    /// <summary>The configuration's word for <see cref="Cloud"/>: <c>s3</c>, <c>gcs</c>, <c>abs</c> or <c>s3compatible</c>.</summary>
    public string CloudName => StorageSections.CloudName(Cloud);

    /// <summary>
    /// Where Stream writes: the configured path, or, once <see cref="Folder"/> is drawn, the path followed by that folder
    /// (<see cref="WithFolder"/>). Every grant and lifecycle rule of the plan is derived from it.
    /// </summary>
    public string Path => Basics.Path;

    /// <summary>
    /// The stack draws a random folder under the path (<c>unguessablePath</c>), so that another Stream app cannot guess
    /// where this storage writes. The program draws it with a <c>RandomId</c> of <see cref="ResourceNames.FolderBytes"/>
    /// bytes; the rehearsal draws its own.
    /// </summary>
    public bool UnguessablePath { get; init; }

    /// <summary>The drawn folder (hex), once <see cref="WithFolder"/> has placed it in <see cref="Path"/>; null before.</summary>
    public string? Folder { get; init; }

    /// <summary>
    /// The plan with its unguessable folder drawn: <see cref="Path"/> becomes <c>path/FOLDER/</c>, and the lifecycle rules on
    /// the path's objects follow it. Unchanged when the storage has no unguessable path or its folder is drawn already.
    /// </summary>
    public StoragePlan WithFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!UnguessablePath || Folder is not null)
        {
            return this;
        }

        var path = $"{Path}{folder}/";
        IReadOnlyList<LifecycleRule> Moved(IReadOnlyList<LifecycleRule> rules) =>
            [.. rules.Select(r => r.UnderPath ? r with { Prefix = path + r.Prefix[Path.Length..] } : r)];
        return this switch
        {
            S3StoragePlan s3 => s3 with { Basics = Basics with { Path = path }, Folder = folder, Lifecycle = Moved(s3.Lifecycle) },
            GcsStoragePlan gcs => gcs with { Basics = Basics with { Path = path }, Folder = folder, Lifecycle = Moved(gcs.Lifecycle) },
            AzureStoragePlan azure => azure with { Basics = Basics with { Path = path }, Folder = folder, Lifecycle = Moved(azure.Lifecycle) },
            _ => throw new InvalidOperationException($"{StreamName}: only S3, GCS and Azure storages draw a folder."),
        };
    }

    /// <summary>Whether a lifecycle rule names a prefix once the folder is drawn: its own, or the folder that <see cref="WithFolder"/> puts before it.</summary>
    public bool PrefixedOnceDrawn(LifecycleRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Prefix.Length > 0 || (UnguessablePath && rule.UnderPath);
    }

    public DataResourcePolicy Data => Basics.Data;

    /// <summary>The stack's tags plus the storage's own.</summary>
    public IReadOnlyDictionary<string, string> Tags => Basics.Tags;

    /// <summary>
    /// The bucket (Azure: container) Stream writes into when it exists already; null when the stack
    /// creates it. An existing bucket is never created, changed or deleted: the stack only grants
    /// Stream access to it, and destroy leaves it and its objects where they were.
    /// </summary>
    public string? ExistingBucket => Basics.ExistingBucket;

    /// <summary>Whether the stack creates (and on destroy, by <see cref="Data"/>, keeps or deletes) the bucket.</summary>
    public bool CreatesBucket => ExistingBucket is null;

    /// <summary>
    /// Whether <c>pulumi destroy</c> leaves the bucket (Azure: the container and its account): one the stack did not
    /// create, or one it keeps with its recordings (<see cref="DataResourcePolicy.RetainOnDelete"/>, whatever its lock;
    /// a lock that would stop forceDestroy is refused when the stack is read).
    /// </summary>
    public bool KeepsBucket => !CreatesBucket || Data.RetainOnDelete;

    /// <summary>The credential the storage hands to Stream; <see cref="CredentialKind.None"/> when Stream needs none.</summary>
    public abstract CredentialKind Credential { get; }

    /// <summary>
    /// Whether the stack issues that credential (an IAM user's access key, a service account's key, an Entra client
    /// secret), which <see cref="CredentialRotation"/> replaces; a store's own key is its owner's to rotate.
    /// </summary>
    public bool IssuesCredential => Credential is CredentialKind.AwsAccessKey or CredentialKind.GcsServiceAccountKey or CredentialKind.AzureClientSecret;

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

    /// <summary>The customer-managed key recordings are encrypted with; null when the cloud's own keys encrypt them.</summary>
    public CustomerKeyPlan? EncryptionKey { get; init; }

    /// <summary>
    /// The classes recordings under the path move through as they age, coldest last; empty when they stay where they are
    /// written. Each is a <see cref="LifecycleAction.TransitionRecordings"/> rule of the cloud's lifecycle, which check files
    /// are kept out of where the cloud can filter them.
    /// </summary>
    public IReadOnlyList<Tier> Tiers { get; init; } = [];

    /// <summary>Where requests to the bucket are logged; null when they are not.</summary>
    public AccessLogsPlan? AccessLogs { get; init; }

    /// <summary>The keeper's name; Azure's client secrets were rotated with it before rotation applied to every cloud.</summary>
    public const string CredentialRotationKeeper = "rotation";

    private static readonly RegistrarOptions RegistrarDefaults = new();

    /// <summary>The deadline the stack gives every storage's check (<c>streamstorage:checkDeadlineSeconds</c>); null: none.</summary>
    public int? StackCheckDeadlineSeconds { get; init; }

    /// <summary>
    /// How long registration keeps retrying Stream's check while the new grant propagates: the stack's, else the
    /// registrar's default for the storage type (<see cref="RegistrarOptions.CheckDeadlines"/> says why each cloud needs its own).
    /// </summary>
    public int CheckDeadlineSeconds => StackCheckDeadlineSeconds ?? (int)RegistrarDefaults.CheckDeadlineFor(StorageType).TotalSeconds;

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

    /// <summary>Server access logging into the log bucket (<see cref="StoragePlan.AccessLogs"/>).</summary>
    Logging,
}

/// <summary>
/// Default encryption of new objects: SSE-S3 (<c>AES256</c>) or SSE-KMS with a customer key, the existing key's ARN, or
/// null for the key the stack creates (whose ARN the program passes on).
/// </summary>
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
        ? S3Grants.StreamWriterStatement(bucket, Path, StreamName)
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
        S3BucketSetting.Logging => "logging",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>
    /// Whether a setting stays on the bucket when Pulumi deletes it: a bucket that outlives the stack keeps its
    /// hardening and its lock, but not a bucket policy that grants Stream's account. Versioning is not kept, so that
    /// turning it off in the configuration suspends it on the bucket, except under Object Lock: S3 refuses to suspend
    /// a locked bucket's versioning (409 InvalidBucketState), so it leaves the stack with the bucket, kept or deleted.
    /// </summary>
    public bool KeepsSettingOnDelete(S3BucketSetting setting) => setting switch
    {
        S3BucketSetting.Versioning => LocksBucket,
        S3BucketSetting.BucketPolicy => Data.RetainOnDelete && AuthMode == S3AuthMode.Keys,
        _ => Data.RetainOnDelete,
    };

    /// <summary>
    /// Whether <c>pulumi destroy</c> empties a bucket under the stack's governance lock: the provider's forceDestroy deletes
    /// each object version bypassing its retention, which S3 refuses (403 AccessDenied) to a deployer not allowed
    /// s3:DeleteObjectVersion and s3:BypassGovernanceRetention on the bucket's objects. A compliance lock never gets here:
    /// forceDestroy under it is refused when the stack is read.
    /// </summary>
    public bool BypassesGovernanceOnDestroy => LocksBucket && !KeepsBucket;

    /// <summary>The IAM user whose access key Stream gets (keys mode).</summary>
    public string IamUserName(string suffix) => ResourceNames.IamUserName(StackName, StreamName, suffix);

    /// <summary>Policy mode grants Stream's account here; keys mode only refuses insecure transport.</summary>
    public string BucketPolicy(string bucket) => AuthMode == S3AuthMode.Policy
        ? S3Grants.StreamWriterBucketPolicy(bucket, Path)
        : S3Grants.TlsOnlyBucketPolicy(bucket);

    /// <summary>The IAM user's inline policy (keys mode); <paramref name="createdKeyArn"/> is the ARN of the key the stack creates.</summary>
    public string UserPolicy(string bucket, string? createdKeyArn = null) =>
        S3Grants.WriterUserPolicy(bucket, Path, Encryption.KmsKeyArn ?? createdKeyArn, Region);

    /// <summary>
    /// The policy of the key the stack creates: the account administers it through IAM, and in policy mode Stream's account
    /// may use it for this bucket only, through S3 in the bucket's region.
    /// </summary>
    public string KeyPolicy(string bucket, string accountId) =>
        S3Grants.KeyPolicy(accountId, AuthMode == S3AuthMode.Policy ? (bucket, Region) : null);

    /// <summary>
    /// Policy mode with an existing key: Stream's statement for the key's owner to merge into its policy (stream-storage plan prints it),
    /// as for an existing bucket's policy; the key's policy stays the owner's. Null otherwise.
    /// </summary>
    public string? KeyStatementToMerge(string bucket) => EncryptionKey is { CreatesKey: false } && AuthMode == S3AuthMode.Policy
        ? S3Grants.StreamKeyStatement(bucket, Region, StreamName)
        : null;

    /// <summary>The log bucket the stack creates for <see cref="StoragePlan.AccessLogs"/>.</summary>
    public string LogBucketName(string suffix) => ResourceNames.LogBucketName(StackName, StreamName, suffix);

    /// <summary>A log bucket the stack creates gets the recording bucket's hardening, in the same order, each waiting for the one before.</summary>
    public static IReadOnlyList<S3BucketSetting> LogBucketSettingsOrder { get; } =
        [S3BucketSetting.PublicAccessBlock, S3BucketSetting.BucketPolicy, S3BucketSetting.OwnershipControls, S3BucketSetting.Encryption];

    /// <summary>SSE-S3: S3's log delivery does not write into buckets encrypted with a customer key.</summary>
    public static S3Encryption LogBucketEncryption { get; } = new("AES256", KmsKeyArn: null, BucketKeyEnabled: false);

    /// <summary>
    /// Whether the settings of the log bucket the stack creates stay on it when Pulumi deletes them: a kept log bucket keeps
    /// its hardening and its policy, which grants only S3's logging service, as the kept recording bucket keeps its logging.
    /// </summary>
    public bool KeepsLogBucketSettingsOnDelete => Data.RetainOnDelete;

    /// <summary>Whether <c>pulumi destroy</c> deletes the log bucket the stack creates, with its logs, as it deletes the recordings' bucket (<c>dataProtection: forceDestroy</c>).</summary>
    public bool DeletesLogBucketOnDestroy => AccessLogs is { CreatesLogBucket: true } && !Data.RetainOnDelete;

    /// <summary>The log bucket's policy: TLS only, and the logging service writing only this bucket's logs, for this account.</summary>
    public string LogBucketPolicy(string logBucket, string bucket, string accountId) =>
        S3Grants.AccessLogBucketPolicy(logBucket, AccessLogs!.Prefix, bucket, accountId);

    /// <summary>An existing log bucket: the logging service's statement for its owner to merge into its policy (a stack output).</summary>
    public string LogStatementToMerge(string bucket, string accountId) =>
        S3Grants.AccessLogWriterStatement(AccessLogs!.Destination!, AccessLogs.Prefix, bucket, accountId, StreamName);

    public string ConsoleUrl(string bucket) => ConsoleUrls.S3(bucket, Region, Path);

    /// <summary>
    /// Policy mode grants Stream's AWS account, with no external ID: any Stream app that learns the bucket and path can
    /// make Stream write into it. Keys mode trusts only the holder of the stack's own key.
    /// </summary>
    public bool TrustsEveryStreamApp => AuthMode == S3AuthMode.Policy;

    /// <summary>
    /// The stack declares that it knows and accepts <see cref="TrustsEveryStreamApp"/> (<c>acceptsEveryStreamApp: true</c>):
    /// the doctor then notes the trust rather than warning of it, so that a daily drift check stays green.
    /// </summary>
    public bool AcceptsEveryStreamApp { get; init; }
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

    /// <summary>
    /// How many days the buckets the stack creates (the recordings' and the log bucket) keep deleted objects restorable;
    /// 0 turns soft delete off; null leaves Cloud Storage's default (<see cref="GcpPreflightTarget.DefaultSoftDeleteSeconds"/>,
    /// or the one a tag sets on the project).
    /// </summary>
    public int? SoftDeleteDays { get; init; }

    /// <summary><see cref="SoftDeleteDays"/> as Cloud Storage counts it, in seconds; null when the stack sets none.</summary>
    public long? SoftDeleteSeconds => SoftDeleteDays * TimeSpan.SecondsPerDay;

    /// <summary>The role Stream's service account gets, on this bucket only.</summary>
    public string BucketRole => GcsGrants.ObjectCreatorRole;

    /// <summary>The existing bucket, or the name of the one the stack creates.</summary>
    public string BucketName(string suffix) => ExistingBucket ?? ResourceNames.BucketName(StackName, StreamName, suffix);

    public string ServiceAccountId(string suffix) => ResourceNames.GcpServiceAccountId(StreamName, suffix);

    /// <summary>The service account's email, which the grant names: its id at its project's IAM domain.</summary>
    public string ServiceAccountEmail(string suffix, string project) => $"{ServiceAccountId(suffix)}@{project}.iam.gserviceaccount.com";

    /// <summary>Whether the role is conditioned to the path; with an empty path (and no drawn folder) the bucket is the scope.</summary>
    public bool ScopesRoleToPath => Path.Length > 0 || UnguessablePath;

    /// <summary>The IAM condition that keeps the role to objects under <see cref="StoragePlan.Path"/>.</summary>
    public string RoleCondition(string bucket) => GcsGrants.PathConditionExpression(bucket, Path);

    public string RoleConditionTitle => GcsGrants.PathConditionTitle;

    public string ServiceAccountDisplayName => ResourceNames.GcpServiceAccountDisplayName(StackName, StreamName);

    public string ConsoleUrl(string bucket, string project) => ConsoleUrls.Gcs(bucket, project, Path);

    /// <summary>The key created for a bucket, in a key ring of its own (rings and keys are never deleted from Cloud KMS).</summary>
    public const string CryptoKeyName = "recordings";

    /// <summary>The role the project's Cloud Storage service agent gets on the key, so that it encrypts with it.</summary>
    public string KeyRole => GcsGrants.KmsKeyRole;

    /// <summary>The member that role goes to: the Cloud Storage service agent of the bucket's project.</summary>
    public static string KeyUserMember(string projectNumber) => GcsGrants.ServiceAgentMember(projectNumber);

    /// <summary>
    /// Whether the service agent's grant on the key stays when the stack is destroyed: with a kept bucket, whose recordings
    /// cannot be read without it; and always on an existing key, where the agent may have held the role before the stack
    /// (for other buckets of the project): deleting a member takes the role away whoever granted it.
    /// </summary>
    public bool KeepsKeyGrantOnDelete => Data.RetainOnDelete || EncryptionKey is { CreatesKey: false };

    /// <summary>A created key's rotation period in Cloud KMS's form (seconds); null without one.</summary>
    public string? KeyRotationPeriod => EncryptionKey?.RotationDays is { } days ? string.Create(CultureInfo.InvariantCulture, $"{days * 86400}s") : null;

    /// <summary>The key ring of a created key; ring names stay taken in their project and location for good, hence the suffix.</summary>
    public string KeyRingName(string suffix) => ResourceNames.GcpKeyRingName(StackName, StreamName, suffix);

    /// <summary>
    /// The Cloud KMS location whose keys a bucket in <paramref name="bucketLocation"/> can use: the same region or
    /// multi-region, named in lowercase, except that the EU multi-region is <c>europe</c> in Cloud KMS.
    /// </summary>
    public static string KeyLocationFor(string bucketLocation)
    {
        ArgumentNullException.ThrowIfNull(bucketLocation);
        var lowercase = bucketLocation.ToLowerInvariant();
        return lowercase == "eu" ? "europe" : lowercase;
    }

    /// <summary>The log bucket the stack creates for usage and storage logs (<see cref="StoragePlan.AccessLogs"/>).</summary>
    public string LogBucketName(string suffix) => ResourceNames.LogBucketName(StackName, StreamName, suffix);

    /// <summary>Who writes usage and storage logs into the log bucket, granted object creation there.</summary>
    public string LogWriterMember => GcsGrants.UsageLogsWriterMember;

    public string LogWriterRole => GcsGrants.ObjectCreatorRole;

    /// <summary>
    /// Whether the log writer's grant stays when the stack is destroyed: with a kept bucket, which keeps logging there; and
    /// always on an existing log bucket, where the same writer may deliver other buckets' logs.
    /// </summary>
    public bool KeepsLogWriterOnDelete => Data.RetainOnDelete || AccessLogs is { Target: AccessLogTarget.ExistingLogBucket };

    /// <summary>The constraints the stack's exception lifts, one project policy each (<see cref="GcpPreflightTarget.KeyCreationConstraints"/>).</summary>
    public static readonly IReadOnlyList<string> KeyCreationConstraints = GcpPreflightTarget.KeyCreationConstraints;

    /// <summary>How long Google says a new organization policy can take to take effect.</summary>
    public const int OrgPolicyPropagationMinutes = 15;

    /// <summary>Whether the stack owns the project policies that lift <see cref="KeyCreationConstraints"/> on its project, before the key.</summary>
    public bool KeyCreationException { get; init; }

    /// <summary>
    /// The storage of the stack (its Stream name) whose <see cref="KeyCreationException"/> lifts the key constraints on
    /// this storage's project, when this one does not own the exception itself: its key waits for those policies too.
    /// </summary>
    public string? KeyWaitsForExceptionOf { get; init; }

    /// <summary>The logical name of the policy resource that lifts <paramref name="constraint"/>.</summary>
    public string KeyCreationPolicyResource(string constraint) =>
        $"{StreamName}-{(constraint.StartsWith("iam.managed.", StringComparison.Ordinal) ? "managed-" : "")}key-creation-exception";

    /// <summary>The project policy that lifts <paramref name="constraint"/> (Org Policy v2 names it by project and constraint).</summary>
    public static string KeyCreationPolicyName(string project, string constraint) => $"projects/{project}/policies/{constraint}";

    /// <summary>The project's Data Access audit logs for Cloud Storage: the service and the log types turned on.</summary>
    public string AuditedService => GcsGrants.StorageService;

    public IReadOnlyList<string> AuditLogTypes => GcsGrants.DataAccessLogTypes;

    /// <summary>
    /// Whether the project's audit logs stay on when the stack is destroyed: they may cover other buckets of the project by
    /// then, so only an ephemeral stack that deletes its recordings (forceDestroy) turns them off.
    /// </summary>
    public bool KeepsAuditLogsOnDelete => Data.RetainOnDelete;
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

    /// <summary>Blob soft delete on an account the stack creates unless <c>softDeleteDays</c> says otherwise: a week, Azure's portal default.</summary>
    public const int DefaultSoftDeleteDays = 7;

    /// <summary>
    /// How many days the blob service of the account the stack creates keeps a deleted or overwritten blob restorable
    /// (the previous content of an overwritten one as a soft-deleted snapshot); 0: off; null with an existing container,
    /// whose account keeps its owner's setting.
    /// </summary>
    public int? SoftDeleteDays { get; init; }

    /// <summary>
    /// Whether the stack sets the account's blob service: on every account it creates, its soft delete (off included, so
    /// that 0 turns off what an earlier run turned on) and, under a lock, versioning, whose versions the lock keeps.
    /// </summary>
    public bool SetsBlobService => SoftDeleteDays is not null;

    /// <summary>The existing container, or the one the stack creates in its own account.</summary>
    public string ContainerName => ExistingBucket ?? ResourceNames.AzureContainerName;

    public required AzureRole Role { get; init; }

    public IReadOnlyList<string> WriteOnlyDataActions => AzureGrants.WriteOnlyDataActions;

    /// <summary><see cref="Role"/> with what it grants, as the doctor holds Stream's principal to it.</summary>
    public AzureStreamRole StreamRole => Role == AzureRole.WriteOnly ? AzureStreamRole.WriteOnly : AzureStreamRole.BlobDataContributor;

    /// <summary>The data actions <see cref="Role"/> grants, each of which <see cref="RoleCondition"/> keeps to the path.</summary>
    public IReadOnlyList<string> RoleDataActions => StreamRole.DataActions;

    /// <summary>Whether the role assignment carries <see cref="RoleCondition"/>; with an empty path (and no drawn folder) the container is the scope.</summary>
    public bool ScopesRoleToPath => Path.Length > 0 || UnguessablePath;

    /// <summary>
    /// The role assignment's condition: every data action of the role only on blobs under <see cref="StoragePlan.Path"/>
    /// (and, for the contributor, listing only under it); null when <see cref="ScopesRoleToPath"/> is false.
    /// </summary>
    public string? RoleCondition => ScopesRoleToPath ? AzureGrants.PathCondition(Path, RoleDataActions) : null;

    /// <summary>The role assignment's <c>conditionVersion</c>, set with <see cref="RoleCondition"/>.</summary>
    public string? RoleConditionVersion => ScopesRoleToPath ? AzureGrants.ConditionVersion : null;

    public string WriteOnlyRoleDescription => AzureGrants.WriteOnlyRoleDescription;

    /// <summary>How many days the client secret lives from its creation (<c>clientSecretDays</c>).</summary>
    public required int ClientSecretDays { get; init; }

    /// <summary>The client secret's lifetime from its creation, in Entra's relative form (hours).</summary>
    public string ClientSecretLifetime => string.Create(CultureInfo.InvariantCulture, $"{ClientSecretDays * 24}h");

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

    /// <summary>The ARM id of an account's blob service, which the access logs' diagnostic setting is set on.</summary>
    public static string BlobServiceId(string accountId) => $"{accountId}/blobServices/default";

    /// <summary>The ARM id of the container, the scope of Stream's role assignment.</summary>
    public string ContainerId(string subscriptionId, string accountName) =>
        $"{BlobServiceId(AccountId(subscriptionId, accountName))}/containers/{ContainerName}";

    public string ConsoleUrl(string storageAccountId) => ConsoleUrls.Azure(storageAccountId);

    /// <summary>How a created account keeps its copies.</summary>
    public AzureRedundancy Redundancy { get; init; }

    /// <summary>The created account's SKU.</summary>
    public string AccountSku => $"Standard_{Storages.PlacementSection.RedundancyName(Redundancy)}";

    /// <summary>A second layer of encryption at the infrastructure level, set when the account is created.</summary>
    public bool InfrastructureEncryption { get; init; }

    /// <summary>
    /// The tier rules of the account's lifecycle management policy (their prefixes are under the container, which the
    /// policy names first); empty without tiers. Azure's filters cannot tell check files from recordings.
    /// </summary>
    public IReadOnlyList<LifecycleRule> Lifecycle { get; init; } = [];

    /// <summary>Where a rule of <see cref="Lifecycle"/> applies: Azure's prefixes start with the container, then the path.</summary>
    public string LifecyclePrefix(LifecycleRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"{ContainerName}/{rule.Prefix}";
    }

    /// <summary>The identity the account reads its key with: user-assigned, so that it exists before the account does.</summary>
    public string KeyIdentityName => ResourceNames.AzureKeyIdentityName(StackName, StreamName);

    /// <summary>
    /// The existing key the account is encrypted with (<c>encryptionKey</c>, its resource id): the key identity is granted
    /// the key on this scope and the account names the key by its vault and name; null without a key or with a created one.
    /// </summary>
    public KeyVaultKeyId? GivenKey => EncryptionKey?.ExistingKeyId is { } keyId ? KeyVaultKeyId.TryParse(keyId) : null;

    /// <summary>The vault of a created key (purge protection on); vault names are global, hence the suffix.</summary>
    public string KeyVaultName(string suffix) => ResourceNames.AzureKeyVaultName(StreamName, suffix);

    public const string KeyName = "recordings";

    /// <summary>A created key's RSA modulus in bits (Azure Storage takes 2048, 3072 or 4096).</summary>
    public const int KeySizeBits = 3072;

    /// <summary>
    /// When a created key's rotation policy makes its next version: <see cref="CustomerKeyPlan.RotationDays"/> after the
    /// current one was created, as an ISO 8601 duration; null without a created key.
    /// </summary>
    public string? KeyRotationAfterCreate => EncryptionKey is { CreatesKey: true, RotationDays: { } days }
        ? string.Create(CultureInfo.InvariantCulture, $"P{days}D")
        : null;

    /// <summary>
    /// The role the identity gets on the key: wrap and unwrap, nothing else. Named in the key's subscription, where it is
    /// assigned: the owner's key may be in another subscription than the one the stack deploys into.
    /// </summary>
    public string KeyRoleDefinitionId(string deploymentSubscriptionId) =>
        AzureGrants.BuiltInRoleDefinitionId(GivenKey?.SubscriptionId ?? deploymentSubscriptionId, AzureGrants.KeyVaultCryptoServiceEncryptionUserRoleGuid);

    public string KeyRoleName => AzureGrants.KeyVaultCryptoServiceEncryptionUserRoleName;

    /// <summary>The storage account the stack creates for access logs (<see cref="StoragePlan.AccessLogs"/>).</summary>
    public string LogAccountName(string suffix) => ResourceNames.AzureLogAccountName(StreamName, suffix);

    /// <summary>The log account keeps one copy: its logs are a record of the recordings' account, not recordings.</summary>
    public const string LogAccountSku = "Standard_LRS";

    /// <summary>The blob service's log categories the diagnostic setting sends: reads, writes and deletes.</summary>
    public static IReadOnlyList<string> AccessLogCategories => AzureGrants.AccessLogCategories;
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

/// <summary>Draws a plan's folder without losing its cloud's type.</summary>
public static class StoragePlanFolders
{
    /// <inheritdoc cref="StoragePlan.WithFolder"/>
    public static TPlan Drawn<TPlan>(this TPlan plan, string folder)
        where TPlan : StoragePlan
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (TPlan)plan.WithFolder(folder);
    }
}
