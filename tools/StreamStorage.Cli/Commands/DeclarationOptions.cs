using System.CommandLine;
using System.Globalization;
using StackPlanning;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// What the stack declares about a storage that the doctor holds the cloud to: the retention lock, where the bucket
/// may be, the customer-managed key, tiers, access logs and soft delete, and (Azure) the role Stream's principal is given
/// and the container's ARM id, where Stream's role assignments, the lock, the location, the key, the tiers, the access
/// logs and the soft delete are read.
/// The stack outputs them in <c>doctorArguments</c>.
/// </summary>
internal sealed class DeclarationOptions : PerStorageOptions
{
    public Option<string[]> Immutability { get; } = PerStorage(DoctorArguments.Immutability, "The retention lock the storage's bucket must have, as DAYS:MODE (the stack's immutability, e.g. 2555:compliance); STORAGE=DAYS:MODE for one storage. The bucket's lock is read and held to it.");

    public Option<string[]> AllowedLocations { get; } = PerStorage(DoctorArguments.AllowedLocations, "Where the bucket may be: the stack's allowedLocations, comma-separated (AWS regions, GCS and Azure locations); STORAGE=LIST for one storage. The bucket's real location is read and held to it.");

    public Option<string[]> ContainerId { get; } = PerStorage(DoctorArguments.ContainerId, "Azure: the container's ARM id; STORAGE=ID for one storage. Stream's role assignments (and their path condition), the container's retention policy and the account's location are read there with your az login.");

    public Option<string[]> BucketCreated { get; } = PerStorage(DoctorArguments.BucketCreated, "Whether the stack created the storage's bucket (true or false; STORAGE=true for one storage): a bucket of Stream's own may hold recordings at its root, another bucket's owner keeps objects there too.");

    public Option<string[]> TrustAccepted { get; } = PerStorage(DoctorArguments.TrustAccepted, "S3 policy mode: the stack accepts that Stream's grant trusts every Stream app (acceptsEveryStreamApp; true or false, STORAGE=true for one storage), so the doctor notes the trust instead of warning.");

    public Option<string[]> EncryptionKey { get; } = PerStorage(DoctorArguments.EncryptionKey, "The customer-managed key recordings must be encrypted with: create (one the stack created) or the key's id (KMS key ARN, Cloud KMS key name, Key Vault key's resource id or URI); STORAGE=KEY for one storage. The bucket's default encryption (and on S3 the key's state in KMS) is read and held to it.");

    public Option<string[]> Tiers { get; } = PerStorage(DoctorArguments.Tiers, "The tiers recordings must move through, as DAYS:CLASS with the cloud's classes, comma-separated (e.g. 30:STANDARD_IA,180:DEEP_ARCHIVE); STORAGE=TIERS for one storage. The bucket's lifecycle is read and held to them.");

    public Option<string[]> AccessLogs { get; } = PerStorage(DoctorArguments.AccessLogs, "Where the bucket's access logs must go: create (a log bucket or account the stack created), auditLogs (GCS: the project's audit logs) or the destination (log bucket name; Azure: storage account or Log Analytics workspace id); STORAGE=WHERE for one storage. The bucket's logging (Azure: diagnostic settings) is read and held to it.");

    public Option<string[]> SoftDeleteDays { get; } = PerStorage(DoctorArguments.SoftDeleteDays, "GCS and Azure: the days the stack keeps deleted and overwritten recordings restorable on the bucket (Azure: the account) it creates, 0 for off (its softDeleteDays); STORAGE=DAYS for one storage. The bucket's soft delete policy (Azure: the blob service's, through Resource Manager at --container-id) is read and held to it.");

    public Option<string[]> AzureRole { get; } = PerStorage(DoctorArguments.AzureRole, $"Azure: the role the stack gives Stream's service principal (its azureRole: {AzureStreamRole.WriteOnly}, the default, or {AzureStreamRole.BlobDataContributor}); STORAGE=ROLE for one storage. Stream's role assignments, read at --container-id, are held to it: what they grant beyond it is a warning.");

    protected override IReadOnlyList<Option<string[]>> All => [BucketCreated, TrustAccepted, Immutability, AllowedLocations, EncryptionKey, Tiers, AccessLogs, SoftDeleteDays, AzureRole, ContainerId];

    /// <summary>Refuses a value that is not of its option's form, before anything is asked of Stream.</summary>
    public void Validate(ParseResult parseResult)
    {
        ParseEach(parseResult, Immutability, ExpectedLock.Parse, (_, reason) => $"{DoctorArguments.Immutability} {reason}");
        foreach (var value in parseResult.GetValue(AllowedLocations) ?? [])
        {
            if (ValuesOf(value).All(v => Locations(v).Count == 0))
            {
                throw new ArgumentException($"{DoctorArguments.AllowedLocations} '{value}' names no location: pass the stack's allowedLocations, e.g. {DoctorArguments.AllowedLocations} eu-west-1,westeurope.");
            }
        }

        ParseEach(parseResult, BucketCreated, bool.Parse, NeitherTrueNorFalse(DoctorArguments.BucketCreated));
        ParseEach(parseResult, TrustAccepted, bool.Parse, NeitherTrueNorFalse(DoctorArguments.TrustAccepted));
        ParseEach(parseResult, EncryptionKey, ExpectedKey.Parse, (value, reason) => $"{DoctorArguments.EncryptionKey} '{value}' {reason}");
        ParseEach(parseResult, Tiers, ExpectedTier.ParseList, (_, reason) => $"{DoctorArguments.Tiers} {reason}");
        foreach (var value in parseResult.GetValue(AccessLogs) ?? [])
        {
            if (ValuesOf(value).All(v => v.Trim().Length == 0))
            {
                throw new ArgumentException($"{DoctorArguments.AccessLogs} '{value}' names no destination: pass the stack's doctorArguments, e.g. {DoctorArguments.AccessLogs} recordings-s3=create.");
            }
        }

        ParseEach(parseResult, SoftDeleteDays, Days, (value, _) =>
            $"{DoctorArguments.SoftDeleteDays} '{value}' is not a number of days: pass the storage's softDeleteDays (0: off), e.g. {DoctorArguments.SoftDeleteDays} recordings-gcs=7.");
        ParseEach(parseResult, AzureRole, AzureStreamRole.Parse, (value, reason) =>
            $"{DoctorArguments.AzureRole} '{value}' {reason}, e.g. {DoctorArguments.AzureRole} recordings-abs={AzureStreamRole.BlobDataContributor}.");
        ParseEach(parseResult, ContainerId, ContainerAccountId, (value, reason) => $"{DoctorArguments.ContainerId} '{value}' {reason}");
    }

    /// <summary>Refuses a value <paramref name="storage"/> is given that its reader refuses, before anything is asked of the storage.</summary>
    public void ValidateFor(ParseResult parseResult, string storage)
    {
        ReadFor(DoctorArguments.Immutability, storage, () => LockFor(parseResult, storage));
        ReadFor(DoctorArguments.BucketCreated, storage, () => BucketCreatedFor(parseResult, storage));
        ReadFor(DoctorArguments.TrustAccepted, storage, () => TrustAcceptedFor(parseResult, storage));
        ReadFor(DoctorArguments.EncryptionKey, storage, () => KeyFor(parseResult, storage));
        ReadFor(DoctorArguments.Tiers, storage, () => TiersFor(parseResult, storage));
        ReadFor(DoctorArguments.SoftDeleteDays, storage, () => SoftDeleteDaysFor(parseResult, storage));
        ReadFor(DoctorArguments.AzureRole, storage, () => AzureRoleFor(parseResult, storage));
        ReadFor(DoctorArguments.ContainerId, storage, () =>
        {
            if (ContainerIdFor(parseResult, storage) is { } containerId)
            {
                ContainerAccountId(containerId);
            }
        });
    }

    /// <summary>The account of a container's ARM id, refused as the value of an option is.</summary>
    private static string ContainerAccountId(string containerId)
    {
        try
        {
            return AzureResourceProbe.AccountIdOf(containerId);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(AzureResourceProbe.NotAContainerId, e);
        }
    }

    public ExpectedLock? LockFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, Immutability, storage) is { } value ? ExpectedLock.Parse(value) : null;

    public IReadOnlyList<string>? AllowedLocationsFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, AllowedLocations, storage) is { } value ? Locations(value) : null;

    /// <summary>Null when not told: the doctor then cannot tell a bucket of Stream's own from another's.</summary>
    public bool? BucketCreatedFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, BucketCreated, storage) is { } value ? bool.Parse(value) : null;

    /// <summary>Whether the stack accepts that policy mode trusts every Stream app; false when not told.</summary>
    public bool TrustAcceptedFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, TrustAccepted, storage) is { } value && bool.Parse(value);

    public ExpectedKey? KeyFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, EncryptionKey, storage) is { } value ? ExpectedKey.Parse(value) : null;

    public IReadOnlyList<ExpectedTier>? TiersFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, Tiers, storage) is { } value ? ExpectedTier.ParseList(value) : null;

    public ExpectedAccessLogs? AccessLogsFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, AccessLogs, storage) is { } value ? new ExpectedAccessLogs(value.Trim()) : null;

    /// <summary>The days of soft delete the stack sets, 0 for off; null where it sets none (S3, an existing bucket, Cloud Storage's default).</summary>
    public int? SoftDeleteDaysFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, SoftDeleteDays, storage) is { } value ? Days(value) : null;

    public string? ContainerIdFor(ParseResult parseResult, string storage) => ValueFor(parseResult, ContainerId, storage);

    /// <summary>The role the stack gives Stream's principal; its own <see cref="AzureStreamRole.WriteOnly"/> when not told, as the stack's doctorArguments leave it.</summary>
    public AzureStreamRole AzureRoleFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, AzureRole, storage) is { } value ? AzureStreamRole.Parse(value) : AzureStreamRole.WriteOnly;

    /// <summary>A whole number of days, 0 included.</summary>
    private static int Days(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : throw new FormatException("is not a number of days");

    private static Func<string, string, string> NeitherTrueNorFalse(string option) =>
        (value, _) => $"{option} '{value}' is neither true nor false: pass the stack's doctorArguments, e.g. {option} recordings-s3=true.";

    private static List<string> Locations(string value) =>
        [.. value.Split(DoctorArguments.LocationSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
