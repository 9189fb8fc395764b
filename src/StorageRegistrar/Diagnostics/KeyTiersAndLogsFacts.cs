using System.Globalization;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// The customer-managed key the stack declares for a storage (its <c>encryptionKey</c>), in the form the doctor is told
/// it: <c>create</c> for a key the stack creates, whose id only the stack knows, or the existing key's id.
/// </summary>
/// <param name="KeyId">The existing key's id as its cloud names it (KMS key ARN, Cloud KMS key name, Key Vault key's resource id or URI); null for a created key.</param>
public sealed record ExpectedKey(string? KeyId)
{
    public const string CreatedValue = "create";

    public bool Created => KeyId is null;

    public override string ToString() => KeyId ?? CreatedValue;

    /// <exception cref="FormatException">When <paramref name="value"/> is empty.</exception>
    public static ExpectedKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim() switch
        {
            "" => throw new FormatException("names no key: pass create (a key the stack creates) or the key's id, e.g. arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab."),
            CreatedValue => new ExpectedKey((string?)null),
            var id => new ExpectedKey(id),
        };
    }
}

/// <summary>One tier the stack declares: recordings move to <see cref="StorageClass"/> (the cloud's name) <see cref="AfterDays"/> days after they are written.</summary>
public sealed record ExpectedTier(int AfterDays, string StorageClass)
{
    /// <summary>How tiers are listed in one value: <c>DAYS:CLASS</c>, comma-separated.</summary>
    public const char Separator = ',';

    public override string ToString() => $"{AfterDays.ToString(CultureInfo.InvariantCulture)}:{StorageClass}";

    public static string Format(IEnumerable<ExpectedTier> tiers) => string.Join(Separator, tiers);

    /// <exception cref="FormatException">When <paramref name="value"/> is not a list of <c>DAYS:CLASS</c> with positive days.</exception>
    public static IReadOnlyList<ExpectedTier> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tiers = new List<ExpectedTier>();
        foreach (var item in value.Split(Separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days <= 0 || parts[1].Length == 0)
            {
                throw new FormatException($"'{item}' is not DAYS:CLASS: pass the storage's tiers as the days and the cloud's class of each, e.g. 30:STANDARD_IA,180:DEEP_ARCHIVE.");
            }

            tiers.Add(new ExpectedTier(days, parts[1]));
        }

        return tiers.Count > 0
            ? tiers
            : throw new FormatException($"'{value}' names no tier: pass the storage's tiers as DAYS:CLASS, comma-separated, e.g. 30:STANDARD_IA,180:DEEP_ARCHIVE.");
    }
}

/// <summary>
/// Where the stack declares a storage's access logs go (its <c>accessLogs</c>): <c>create</c> (a log bucket or account the
/// stack creates), <c>create:NAME</c> (the one it created, as <c>doctorArguments</c> name it once <c>pulumi up</c> made
/// it: the log bucket's name, Azure the log account's resource id), <c>auditLogs</c> (GCS: the project's Data Access audit
/// logs), or the existing destination: a log bucket's name, or an Azure storage account's or Log Analytics workspace's
/// resource id. No bucket name or resource id holds a colon, so <c>create:</c> cannot name an existing one.
/// </summary>
public sealed record ExpectedAccessLogs(string Value)
{
    public const string CreatedValue = ExpectedKey.CreatedValue;

    public const string AuditLogsValue = "auditLogs";

    private const string CreatedPrefix = CreatedValue + ":";

    /// <summary>The access logs of a log bucket or account the stack created, <paramref name="destination"/> when it is known.</summary>
    public static ExpectedAccessLogs CreatedAt(string? destination) => new(destination is null ? CreatedValue : CreatedPrefix + destination);

    public bool Created => Value == CreatedValue || Value.StartsWith(CreatedPrefix, StringComparison.Ordinal);

    public bool ProjectAuditLogs => Value == AuditLogsValue;

    /// <summary>The destination the logs must reach: the existing one, or the created one once named; null for bare <c>create</c> and <c>auditLogs</c>.</summary>
    public string? Destination => ProjectAuditLogs || Value == CreatedValue ? null
        : Value.StartsWith(CreatedPrefix, StringComparison.Ordinal) ? Value[CreatedPrefix.Length..]
        : Value;

    /// <summary>As the stack file says it: <c>create</c> for the created destination, named or not.</summary>
    public string Declared => Created ? CreatedValue : Value;

    public override string ToString() => Value;
}

/// <summary>
/// A lifecycle transition as the cloud reports it: objects under <see cref="Prefix"/> (relative to the bucket; for Azure,
/// to the container) move to <see cref="StorageClass"/> <see cref="AfterDays"/> days after they are written.
/// </summary>
public sealed record TierTransition(int AfterDays, string StorageClass, string Prefix);

/// <summary>
/// What the stack declares about a storage's key, tiers and access logs, and what the owner's credentials read of the
/// bucket. A null expectation is not checked; an unreadable fact is reported as not examined, never as a pass.
/// </summary>
public sealed record KeyTiersAndLogsFacts
{
    /// <summary>Stream's storage type (<c>s3</c>, <c>gcs</c>, <c>abs</c>): each cloud names and fixes these its own way.</summary>
    public required string StorageType { get; init; }

    /// <summary>The bucket as people name it: S3 and GCS bucket names, Azure <c>account/container</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>The storage's path, which the tiers' rules must cover.</summary>
    public required string Path { get; init; }

    public ExpectedKey? ExpectedKey { get; init; }

    /// <summary>The customer-managed key new objects are encrypted with; null when the cloud's own keys encrypt them (or see <see cref="EncryptionError"/>).</summary>
    public string? KeyId { get; init; }

    /// <summary>S3: whether the default encryption uses an S3 Bucket Key; null elsewhere or when unread.</summary>
    public bool? BucketKeyEnabled { get; init; }

    public string? EncryptionError { get; init; }

    /// <summary>
    /// The key's state in its key service, as that service says it; null when not read. S3: the KMS key's state
    /// (<c>Enabled</c>, <c>Disabled</c>, <c>PendingDeletion</c>...). GCS: the state of the Cloud KMS key's primary version
    /// (<c>ENABLED</c>, <c>DISABLED</c>, <c>DESTROY_SCHEDULED</c>, <c>DESTROYED</c>...), or <see cref="NoPrimaryVersion"/>.
    /// Azure: the Key Vault key's attributes as <c>Enabled</c>, <c>Disabled</c>, <see cref="ExpiredKey"/> or <see cref="NotYetValidKey"/>,
    /// or <see cref="DeletedKey"/>.
    /// </summary>
    public string? KeyState { get; init; }

    /// <summary>GCS: the <see cref="KeyState"/> of a Cloud KMS key without a primary version, which encrypts nothing.</summary>
    public const string NoPrimaryVersion = "NO_PRIMARY_VERSION";

    /// <summary>Azure: the <see cref="KeyState"/> of an enabled Key Vault key whose expiry has passed.</summary>
    public const string ExpiredKey = "Expired";

    /// <summary>Azure: the <see cref="KeyState"/> of an enabled Key Vault key whose activation date (not before) is still to come.</summary>
    public const string NotYetValidKey = "NotYetValid";

    /// <summary>Azure: the <see cref="KeyState"/> of a key (or pinned version) the vault does not have: deleted, or soft-deleted.</summary>
    public const string DeletedKey = "Deleted";

    /// <summary>S3: the key's ARN as KMS resolves <see cref="KeyId"/> (an alias or a bare id), for comparing with the declared ARN.</summary>
    public string? KeyArn { get; init; }

    /// <summary>
    /// The key version whose state <see cref="KeyState"/> is: GCS, the full name of the key's primary version; Azure, the
    /// version the account pins (null when it follows the key's newest version, as the stack's accounts do).
    /// </summary>
    public string? KeyVersion { get; init; }

    /// <summary>Why the key's state could not be read from its key service.</summary>
    public string? KeyStateError { get; init; }

    public IReadOnlyList<ExpectedTier>? ExpectedTiers { get; init; }

    /// <summary>The lifecycle's enabled transitions; empty when it has none.</summary>
    public IReadOnlyList<TierTransition> Transitions { get; init; } = [];

    public string? TransitionsError { get; init; }

    public ExpectedAccessLogs? ExpectedAccessLogs { get; init; }

    /// <summary>Where the bucket's access logs go: log buckets (S3, GCS) or the resource ids of diagnostic settings' destinations (Azure); empty when off.</summary>
    public IReadOnlyList<string> LogDestinations { get; init; } = [];

    /// <summary>GCS <c>auditLogs</c>: whether the project's Data Access audit logs cover Cloud Storage; null when not read.</summary>
    public bool? ProjectAuditLogsOn { get; init; }

    public string? AccessLogsError { get; init; }

    /// <summary>GCS <c>auditLogs</c>, on: whom the audit configs of the project and those above it leave out of the logs.</summary>
    public IReadOnlyList<AuditLogExemption> AuditLogExemptions { get; init; } = [];

    /// <summary>GCS <c>auditLogs</c>, on: why the policies above the project, whose exemptions count too, were not all read.</summary>
    public string? AuditLogExemptionsError { get; init; }

    /// <summary>GCS: Stream's service account as IAM names members (<c>serviceAccount:EMAIL</c>), where the doctor was told it.</summary>
    public string? StreamMember { get; init; }

    /// <summary>What the stack declares of <paramref name="bucket"/>'s key, tiers and access logs, before anything of it is read.</summary>
    public static KeyTiersAndLogsFacts Declared(
        string storageType, string bucket, string path, ExpectedKey? expectedKey, IReadOnlyList<ExpectedTier>? expectedTiers, ExpectedAccessLogs? expectedAccessLogs) =>
        new()
        {
            StorageType = storageType,
            Bucket = bucket,
            Path = path,
            ExpectedKey = expectedKey,
            ExpectedTiers = expectedTiers,
            ExpectedAccessLogs = expectedAccessLogs,
        };

    /// <summary>These facts with neither the encryption, the lifecycle nor the logging read, for <paramref name="reason"/>: what is declared of them is reported as not examined.</summary>
    public KeyTiersAndLogsFacts NotExamined(string reason) => this with { EncryptionError = reason, TransitionsError = reason, AccessLogsError = reason };
}
