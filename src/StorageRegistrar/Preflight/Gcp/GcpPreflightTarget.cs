using StorageRegistrar.Declarations;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>What a GCS storage's plan asks of its project: the resources it creates there and the permissions they take.</summary>
/// <param name="Project">The project of the service account, and of the bucket the stack creates.</param>
public sealed record GcpPreflightTarget(string StorageName, string Project) : PreflightTarget(StorageName, StorageTypes.Gcs)
{
    /// <summary>The existing bucket Stream is granted; null when the stack creates the bucket.</summary>
    public string? ExistingBucket { get; init; }

    public bool CreatesBucket => ExistingBucket is null;

    /// <summary>Where the created bucket lives (a GCS location such as <c>EU</c> or <c>europe-west1</c>); null for an existing bucket.</summary>
    public string? BucketLocation { get; init; }

    /// <summary>The created bucket's retention policy in seconds; null when it has none.</summary>
    public long? RetentionSeconds { get; init; }

    /// <summary>
    /// The soft delete duration, in seconds, the stack sets on every bucket it creates (the recordings' and the log
    /// bucket; 0: off); null when it sets none and Cloud Storage gives them its default.
    /// </summary>
    public long? SoftDeleteSeconds { get; init; }

    /// <summary>
    /// The soft delete duration Cloud Storage gives a bucket created without one: 7 days, unless a
    /// <c>storage.defaultSoftDeletePolicy</c> tag on the project or above sets another, which preflight does not read.
    /// </summary>
    public const long DefaultSoftDeleteSeconds = MinSoftDeleteDays * TimeSpan.SecondsPerDay;

    /// <summary>The soft delete duration, in seconds, Cloud Storage gives each bucket the stack creates, as far as preflight can know it.</summary>
    public long EffectiveSoftDeleteSeconds => SoftDeleteSeconds ?? DefaultSoftDeleteSeconds;

    /// <summary>The shortest soft delete duration Cloud Storage takes, in days, short of 0 (off).</summary>
    public const int MinSoftDeleteDays = 7;

    /// <summary>The longest soft delete duration Cloud Storage's JSON API takes, in days.</summary>
    public const int MaxSoftDeleteDays = 90;

    /// <summary>
    /// The project of the created bucket's default customer-managed key: the one its existing key's name says, or the
    /// project the stack creates the key in; null when the bucket gets Google-managed encryption.
    /// </summary>
    public string? KeyProject { get; init; }

    /// <summary>The Cloud KMS location of the key ring the stack creates for the bucket's key (<c>europe</c> for an <c>EU</c> bucket); null when it creates none.</summary>
    public string? KeyRingLocation { get; init; }

    public bool CreatesKey => KeyRingLocation is not null;

    /// <summary>The protection level of the key the stack creates: it sets none, and Cloud KMS's default is software.</summary>
    public const string CreatedKeyProtectionLevel = "SOFTWARE";

    /// <summary>Whether the created bucket gets a customer-managed key by default (the stack's own or an existing one).</summary>
    public bool HasCustomerManagedKey => KeyProject is not null;

    /// <summary>Whether the stack creates a bucket for the usage logs: in the project, with Google-managed encryption and no retention policy.</summary>
    public bool CreatesLogBucket { get; init; }

    /// <summary>The existing bucket the usage logs go to (<c>accessLogs: BUCKET</c>), which may be in another project; null otherwise.</summary>
    public string? ExistingLogBucketName { get; init; }

    /// <summary>Whether the stack grants Google's usage-log writer (<see cref="Grants.GcsGrants.UsageLogsWriterMember"/>) on a log bucket, created or existing.</summary>
    public bool GrantsUsageLogsWriter => CreatesLogBucket || ExistingLogBucketName is not null;

    public required bool CreatesServiceAccount { get; init; }

    public required bool CreatesServiceAccountKey { get; init; }

    /// <summary>
    /// The storage whose <c>keyCreationException</c> makes the stack own the project's policies that lift the key
    /// constraints before the key: this storage, or another of the same project whose exception its key waits for;
    /// null when none does.
    /// </summary>
    public string? KeyCreationExceptionOwner { get; init; }

    /// <summary>Whether the stack lifts the key constraints before the key: an enforced one then stops nothing, if the deployer may set the policies.</summary>
    public bool LiftsKeyCreationConstraints => KeyCreationExceptionOwner is not null;

    /// <summary>What the plan creates in the project or grants there, each by the resource type custom constraints name, for the organization's custom constraints.</summary>
    public IReadOnlyList<GcpConstrainedResource> ConstrainedResources { get; init; } = [];

    /// <summary>The grants the plan makes on an existing key or log bucket, tested on that key or bucket.</summary>
    public IReadOnlyList<GcpForeignGrant> ForeignGrants { get; init; } = [];

    /// <summary>Whether this storage creates the project's policies that lift the key constraints (its own <c>keyCreationException</c>).</summary>
    public bool OwnsKeyCreationException => KeyCreationExceptionOwner == StorageName;

    /// <summary>
    /// The boolean constraints that forbid creating the service account's key: the legacy one and its managed counterpart.
    /// Each is its own constraint with its own policies, so the stack's exception is one project policy per constraint.
    /// </summary>
    public static readonly IReadOnlyList<string> KeyCreationConstraints = [GcpGuardrails.DisableServiceAccountKeyCreation.Id, GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id];

    /// <summary>What creating, updating and reading back a project's policy takes (Org Policy v2).</summary>
    public static readonly IReadOnlyList<string> KeyCreationPolicyPermissions = ["orgpolicy.policies.create", "orgpolicy.policies.update", "orgpolicy.policy.get"];

    /// <summary>Every permission creating the plan's resources takes, once each, with the resource that needs it.</summary>
    public required IReadOnlyList<GcpPermissionNeed> Permissions { get; init; }
}

/// <param name="Resource">The logical name of the resource that needs it (<c>dev-recordings-gcs-writer-key</c>).</param>
/// <param name="OnExistingBucket">
/// Needed on an existing bucket, where the deployer may hold it on the bucket alone: the project's answer cannot
/// tell a missing permission from one granted on the bucket.
/// </param>
public sealed record GcpPermissionNeed(string Permission, string Resource, bool OnExistingBucket = false);

/// <param name="ResourceType">As custom constraints name it: <c>storage.googleapis.com/Bucket</c>, <c>iam.googleapis.com/AllowPolicy</c> for a grant.</param>
/// <param name="Resource">The logical name of the planned resource (<c>rec-bucket</c>).</param>
public sealed record GcpConstrainedResource(string ResourceType, string Resource);

/// <summary>
/// A grant the plan makes on a resource that is not the project's to test: an existing customer-managed key (perhaps
/// another project's) or an existing log bucket. The permissions are tested on the resource itself.
/// </summary>
/// <param name="Resource">The planned resource that makes the grant (<c>rec-key-user</c>, <c>rec-log-writer</c>).</param>
/// <param name="On">What the grant is on.</param>
/// <param name="Name">The key's resource name, or the bucket's name.</param>
public sealed record GcpForeignGrant(string Resource, GcpGrantTarget On, string Name, IReadOnlyList<string> Permissions);

/// <summary>The kind of resource a <see cref="GcpForeignGrant"/> is made on.</summary>
public enum GcpGrantTarget
{
    CryptoKey,
    Bucket,
}
