using StorageRegistrar.Declarations;

namespace StackPlanning;

/// <summary>Where a storage lives.</summary>
public enum Cloud
{
    /// <summary>Amazon S3 (Stream's type <c>s3</c>).</summary>
    S3,

    /// <summary>Google Cloud Storage (<c>gcs</c>).</summary>
    Gcs,

    /// <summary>Azure Blob Storage (<c>abs</c>).</summary>
    Abs,

    /// <summary>
    /// An S3-compatible store (R2, MinIO, Wasabi...) reached at its own endpoint: Stream's type
    /// <c>s3</c> with a custom endpoint. The stack creates nothing there.
    /// </summary>
    S3Compatible,
}

/// <summary>How Stream authenticates to an S3 bucket.</summary>
public enum S3AuthMode
{
    /// <summary>Stream's AWS account is granted by the bucket policy; Stream gets no keys.</summary>
    Policy,

    /// <summary>A dedicated IAM user's access key is handed to Stream.</summary>
    Keys,
}

/// <summary>Who writes Stream's grant into an existing S3 bucket's policy (policy mode).</summary>
public enum S3BucketPolicyMode
{
    /// <summary>The stack writes the whole bucket policy: only for buckets it creates.</summary>
    Managed,

    /// <summary>The owner merges Stream's statement (a stack output) into the bucket's own policy.</summary>
    Manual,
}

/// <summary>What happens to recordings when the stack or the storage is destroyed.</summary>
public enum DataProtection
{
    /// <summary>The bucket and its recordings stay in the cloud; Pulumi only forgets them.</summary>
    Retain,

    /// <summary>The bucket is emptied and deleted. Only for ephemeral stacks.</summary>
    ForceDestroy,
}

/// <summary>The role Stream's service principal gets on an Azure container.</summary>
public enum AzureRole
{
    /// <summary>A custom role holding only blob write and add: Stream cannot read, list or delete.</summary>
    WriteOnly,

    /// <summary>The built-in Storage Blob Data Contributor role.</summary>
    BlobDataContributor,
}

/// <summary>How strictly a retention lock holds.</summary>
public enum ImmutabilityMode
{
    /// <summary>Holds against everyone but those granted to bypass or lift it (S3 governance, an unlocked GCS or Azure policy).</summary>
    Governance,

    /// <summary>Holds against everyone, the account's root included, until each object's retention ends; it cannot be undone.</summary>
    Compliance,
}

/// <summary>A retention lock: no recording can be deleted or overwritten for <see cref="Days"/> days after it is written.</summary>
public sealed record Immutability(int Days, ImmutabilityMode Mode);

/// <summary>
/// A customer-managed encryption key: one the stack creates (no <see cref="ExistingKeyId"/>), or one that exists, named
/// as its cloud names it (a KMS key ARN, a Cloud KMS key name, a Key Vault key's resource id).
/// </summary>
public sealed record CustomerKey(string? ExistingKeyId)
{
    public static readonly CustomerKey Created = new((string?)null);
}

/// <summary>How an Azure storage account keeps its copies (its SKU is <c>Standard_</c> and this).</summary>
public enum AzureRedundancy
{
    /// <summary>Three copies in one datacenter.</summary>
    Lrs,

    /// <summary>Three copies across the region's availability zones.</summary>
    Zrs,

    /// <summary>LRS, and three more copies in the paired region.</summary>
    Grs,

    /// <summary>ZRS, and three more copies in the paired region.</summary>
    Gzrs,
}

/// <summary>One step of <c>tiers</c>: recordings move to <see cref="StorageClass"/> (the cloud's own name) <see cref="AfterDays"/> days after they are written.</summary>
public sealed record Tier(int AfterDays, string StorageClass);

/// <summary>Where a storage's access logs go.</summary>
public enum AccessLogTarget
{
    /// <summary>A log bucket the stack creates for the storage (Azure: a log storage account).</summary>
    CreatedLogBucket,

    /// <summary>A log bucket that exists (Azure: a storage account, by its resource id).</summary>
    ExistingLogBucket,

    /// <summary>Azure: a Log Analytics workspace, by its resource id.</summary>
    LogAnalyticsWorkspace,

    /// <summary>GCS: the project's Data Access audit logs for Cloud Storage.</summary>
    ProjectAuditLogs,
}

/// <summary>Where access logs go; <see cref="Destination"/> names an existing bucket, account or workspace.</summary>
public sealed record AccessLogs(AccessLogTarget Target, string? Destination = null);

/// <summary>A validated stack configuration.</summary>
public sealed record StackConfig(
    string StackName,
    bool Production,
    IReadOnlyList<StorageConfig> Storages,
    IReadOnlyList<BindingConfig> Bindings,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Where the stack's storages may be (regions and locations as each cloud names them); null when anywhere.</summary>
    public IReadOnlyList<string>? AllowedLocations { get; init; }

    /// <summary>What the program does with the guardrails it reads before it makes anything.</summary>
    public PreflightMode Preflight { get; init; } = PreflightMode.Warn;

    /// <summary>The check deadline the stack gives every storage (<c>streamstorage:checkDeadlineSeconds</c>); null: each cloud's own.</summary>
    public int? CheckDeadlineSeconds { get; init; }

    /// <summary>The Pulumi ESC environments whose configuration the plan cannot see (<see cref="StackConfigInput.UnseenEnvironments"/>).</summary>
    public IReadOnlyList<string> UnseenEnvironments { get; init; } = [];
}

/// <summary>
/// What <c>pulumi preview</c> and <c>pulumi up</c> do with the guardrails read before any resource is registered.
/// A guardrail that blocks always stops the stack unless preflight is off; the modes differ on one that could not be read.
/// </summary>
public enum PreflightMode
{
    /// <summary>No guardrail is read: for a deployer who cannot read them and knows the stack passes.</summary>
    Off,

    /// <summary>A blocking guardrail stops the stack; one that could not be read is a warning. The default.</summary>
    Warn,

    /// <summary>A blocking guardrail and one that could not be read both stop the stack: nothing is made on a guess.</summary>
    Strict,
}

/// <summary>One storage as configured; the cloud-specific members are set only for their cloud.</summary>
public sealed record StorageConfig
{
    public required string Name { get; init; }

    public required Cloud Cloud { get; init; }

    public string Path { get; init; } = "";

    /// <summary>Whether the stack draws a random folder under <see cref="Path"/> for Stream to write into.</summary>
    public bool UnguessablePath { get; init; }

    public int? RetentionDays { get; init; }

    public bool Versioning { get; init; }

    public int NoncurrentVersionDays { get; init; }

    public DataProtection DataProtection { get; init; }

    /// <summary>AWS region (s3), or the signing region of an S3-compatible store.</summary>
    public string? Region { get; init; }

    public S3AuthMode AuthMode { get; init; }

    /// <summary>Customer-managed KMS key for SSE-KMS (s3, keys mode only): the former spelling of <see cref="EncryptionKey"/>.</summary>
    public string? KmsKeyArn { get; init; }

    /// <summary>The customer-managed key recordings are encrypted with; null for the cloud's own encryption.</summary>
    public CustomerKey? EncryptionKey { get; init; }

    /// <summary><see cref="EncryptionKey"/>, or the key <see cref="KmsKeyArn"/> names.</summary>
    public CustomerKey? Key => EncryptionKey ?? (KmsKeyArn is { } arn ? new CustomerKey(arn) : null);

    /// <summary>Azure's infrastructure encryption, a second layer under the account's own (abs, accounts the stack creates).</summary>
    public bool InfrastructureEncryption { get; init; }

    /// <summary>How an Azure account the stack creates keeps its copies.</summary>
    public AzureRedundancy Redundancy { get; init; }

    /// <summary>The storage classes recordings move through, coldest last; null when they stay where they are written.</summary>
    public IReadOnlyList<Tier>? Tiers { get; init; }

    /// <summary>Where requests to the bucket are logged; null when they are not.</summary>
    public AccessLogs? AccessLogs { get; init; }

    /// <summary>GCS: how long the buckets the stack creates keep deleted objects (0: soft delete off); null for Cloud Storage's default.</summary>
    public int? SoftDeleteDays { get; init; }

    /// <summary>GCP project (gcs); the provider's default project when absent.</summary>
    public string? Project { get; init; }

    /// <summary>Whether the stack owns the project's exception to the service-account key constraints (gcs).</summary>
    public bool KeyCreationException { get; init; }

    /// <summary>GCS bucket location or Azure region.</summary>
    public string? Location { get; init; }

    /// <summary>An existing Azure resource group (abs); a new one is created when absent.</summary>
    public string? ResourceGroup { get; init; }

    public AzureRole AzureRole { get; init; }

    public int ClientSecretDays { get; init; }

    /// <summary>Any value; changing it replaces the credential Stream holds, the new one before the old one goes.</summary>
    public string? CredentialRotation { get; init; }

    /// <summary>How old an S3 access key or GCS key may grow before the doctor asks for a rotation.</summary>
    public int? CredentialMaxAgeDays { get; init; }

    /// <summary>A bucket (Azure: container) that exists already: the stack only grants Stream access to it.</summary>
    public string? ExistingBucket { get; init; }

    /// <summary>The storage account of <see cref="ExistingBucket"/> (abs).</summary>
    public string? ExistingAccount { get; init; }

    public S3BucketPolicyMode BucketPolicy { get; init; }

    /// <summary>S3 policy mode: the stack accepts that Stream's grant trusts every Stream app (<see cref="ConfigKeys.Storage.AcceptsEveryStreamApp"/>).</summary>
    public bool AcceptsEveryStreamApp { get; init; }

    /// <summary>The S3-compatible store's endpoint, <c>https://host[:port]</c> (s3compatible).</summary>
    public string? Endpoint { get; init; }

    /// <summary>The store's access key (s3compatible); masked wherever the record is printed.</summary>
    public SecretString? AccessKeyId { get; init; }

    public SecretString? SecretAccessKey { get; init; }

    /// <summary>The retention lock: applied to a bucket the stack creates, expected of an existing one; null when none.</summary>
    public Immutability? Immutability { get; init; }
}

/// <summary>A call type pointed at a storage of this stack, or back at Stream's own (<c>stream-s3</c>).</summary>
public sealed record BindingConfig(string CallType, string Storage);
