using System.Globalization;
using LocalWorld;
using StackPlanning;
using StorageRegistrar.Declarations;
using StreamStorage.Cli.Reports;
using StorageRegistrar;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// The cloud side of one planned storage, made in the local world: what the Pulumi program's component
/// for that cloud creates, with the plan's names, settings and grant documents. What no local store can
/// enforce (IAM, bucket policies, role assignments) is still named, and said to be not enforced locally.
/// </summary>
internal abstract class StorageStandIn
{
    protected StorageStandIn(StoragePlan plan, string suffix)
    {
        Plan = plan;
        Suffix = suffix;
    }

    public StoragePlan Plan { get; }

    /// <summary>The random suffix the program draws once per storage (a RandomId of <see cref="ResourceNames.SuffixBytes"/> bytes).</summary>
    public string Suffix { get; }

    /// <summary>The bucket, or for Azure the container, Stream writes into.</summary>
    public abstract string Bucket { get; }

    /// <summary>Where recordings land, as the report names it: <c>s3</c>, <c>gcs</c> or <c>azure</c> plus the account.</summary>
    public abstract string Store { get; }

    /// <summary>The cloud name of the stack configuration (<c>s3</c>, <c>gcs</c>, <c>abs</c>, <c>s3compatible</c>).</summary>
    public virtual string Cloud => Plan.StorageType;

    /// <summary>Whether <c>pulumi destroy</c> leaves the bucket, as the plan decides it (<see cref="StoragePlan.KeepsBucket"/>).</summary>
    public bool BucketKept => Plan.KeepsBucket;

    /// <summary>Whether the bucket is there to be left: once the rehearsal made it, the stack's or the owner's existing one.</summary>
    public bool BucketThere => BucketMade;

    /// <summary>
    /// Set when the rehearsal made the bucket: the stack's, before any refusal that stopped it, or the owner's existing one
    /// it puts in place before the up (a rehearsal stopped before then, by preflight say, has made neither).
    /// </summary>
    protected bool BucketMade { get; set; }

    /// <summary>Why the bucket stays after destroy, for the report: what <see cref="StoragePlan.KeepsBucket"/> reads, then the lock its recordings are under.</summary>
    public string KeptBecause =>
        (!Plan.CreatesBucket ? "existing bucket" : Plan.Data.Protect ? "protected" : "dataProtection: retain")
        + (_bucketLock is { } locked ? $"; retention lock: no recording can be deleted for {DayCount.Of(locked.Days)} after it is written ({ModeWord(locked.Mode)})" : "");

    /// <summary>
    /// The storage's retention lock as the local stores enforce it: applied to a bucket the stack creates, and present on an
    /// existing bucket, whose owner is expected to have it. Null when recordings are not locked.
    /// </summary>
    public RetentionLock? RetentionLock => Plan.Immutability is { } locked
        ? new RetentionLock(locked.Days, locked.Mode == ImmutabilityMode.Compliance ? RetentionLockMode.Compliance : RetentionLockMode.Governance)
        : null;

    /// <summary>Said wherever the rehearsal shows a lock at work: no emulator has one of its own.</summary>
    public const string EnforcedLocally = "enforced locally by the rehearsal's lock layer";

    /// <summary>The configuration's word for a lock's mode.</summary>
    public static string ModeName(ImmutabilityMode mode) => mode == ImmutabilityMode.Compliance ? "compliance" : "governance";

    /// <summary>Said of a protection the local store cannot apply; the reason follows it.</summary>
    public const string NotEnforcedLocally = "not enforced locally";

    /// <summary>The plan's customer-managed key and what the local store made of it; null when the cloud's own keys encrypt.</summary>
    public RehearsedProtection? Encryption => Plan.EncryptionKey is { } key
        ? new RehearsedProtection(
            key.CreatesKey
                ? string.Create(CultureInfo.InvariantCulture, $"a customer-managed key the stack creates{(key.Location is null ? "" : $" in {key.Location}")}, rotated every {key.RotationDays} days")
                : $"the customer-managed key {key.ExistingKeyId}",
            EnforcedLocally: false,
            $"{NotEnforcedLocally} ({KeyNotEnforcedBecause})")
        : null;

    /// <summary>The plan's tiers and what the local store made of them; null without tiers.</summary>
    public RehearsedProtection? Tiers => Plan.Tiers.Count > 0
        ? new RehearsedProtection(
            string.Join(", ", Plan.Tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.StorageClass} after {DayCount.Of(t.AfterDays)}"))),
            TiersKept,
            TiersKept ? TiersKeptLocally : $"{NotEnforcedLocally} ({TiersNotEnforcedBecause})")
        : null;

    /// <summary>The plan's access logs and what the local store made of them; null when they are off.</summary>
    public RehearsedProtection? AccessLogs => Plan.AccessLogs is { } logs
        ? new RehearsedProtection(
            logs.Target switch
            {
                AccessLogTarget.CreatedLogBucket => $"a log {(Plan.Cloud == StackPlanning.Cloud.Abs ? "storage account" : "bucket")} the stack creates{Prefix(logs)}",
                AccessLogTarget.ExistingLogBucket => $"{(Plan.Cloud == StackPlanning.Cloud.Abs ? "storage account" : "log bucket")} {logs.Destination}{Prefix(logs)}",
                AccessLogTarget.LogAnalyticsWorkspace => $"Log Analytics workspace {logs.Destination}",
                _ => "the project's Data Access audit logs",
            },
            EnforcedLocally: false,
            $"{NotEnforcedLocally} ({LogsNotEnforcedBecause})")
        : null;

    /// <summary>Why the local store cannot encrypt with a customer-managed key.</summary>
    protected abstract string KeyNotEnforcedBecause { get; }

    /// <summary>Why the local store cannot move recordings between classes.</summary>
    protected abstract string TiersNotEnforcedBecause { get; }

    /// <summary>Why the local store writes no access logs.</summary>
    protected abstract string LogsNotEnforcedBecause { get; }

    /// <summary>Whether the local store kept the tiers' rules, as read back from it (none does today; the S3 stand-in tries).</summary>
    protected virtual bool TiersKept => false;

    /// <summary>Said when the local store kept the tiers' rules.</summary>
    protected const string TiersKeptLocally = "set and read back from the local store; its rules act after days, so no recording moves during the rehearsal";

    /// <summary>The soft delete the plan sets on the buckets the stack creates, and what the local store made of it; null where the cloud's default holds.</summary>
    public virtual RehearsedProtection? SoftDelete => null;

    /// <summary>Shows the plan's key, tiers, access logs and soft delete on the storage's rows, each with what the local store made of it.</summary>
    public void ReportProtections(Action<string, string> report)
    {
        foreach (var (row, protection) in new[] { ("encryption-key", Encryption), ("tiers", Tiers), ("access-logs", AccessLogs), ("soft-delete", SoftDelete) })
        {
            if (protection is not null)
            {
                report(Row(row), $"{protection.Declared}; {protection.Locally}");
            }
        }
    }

    private static string Prefix(AccessLogsPlan logs) => logs.Prefix.Length > 0 ? $", under {logs.Prefix}" : "";

    /// <summary>The object an owner already keeps in an existing bucket; destroy must leave it there.</summary>
    protected const string OwnersObjectKey = "owners-own/kept-by-the-owner.txt";

    /// <summary>The plan's resources of this storage (<see cref="StoragePlan.Resources"/>), named with the drawn suffix.</summary>
    public abstract IReadOnlyList<PlannedResource> Preview();

    /// <summary>Creates the bucket, its settings and the credential Stream gets; returns the storage as the program registers it.</summary>
    public abstract Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken);

    /// <summary>Puts the owner's existing bucket in place as it is before the stack (<see cref="PrepareExistingAsync"/>).</summary>
    public async Task PutOwnersBucketInPlaceAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        await PrepareExistingAsync(world, report, cancellationToken).ConfigureAwait(false);
        BucketMade = true;
    }

    /// <summary>
    /// The owner's existing bucket as the local world holds it. Storages on one bucket, each under its path, share it as they
    /// do in the cloud: one puts it in place, the others find it there (<see cref="FindOwnersBucketInPlace"/>).
    /// </summary>
    public virtual string LocalBucket => $"{Store} {Bucket}";

    /// <summary>For a storage on an existing bucket that <paramref name="putInPlaceBy"/> put in place: the bucket is there, under the lock it has.</summary>
    public void FindOwnersBucketInPlace(StorageStandIn putInPlaceBy, Action<string, string> report)
    {
        BucketMade = true;
        _bucketLock = putInPlaceBy._bucketLock;
        report(Row("bucket"), $"{Bucket}, the owner's, shared with {putInPlaceBy.Plan.StreamName}{(_bucketLock is { } locked ? $"; its lock: {DayCount.Of(locked.Days)}, {ModeWord(locked.Mode)}" : "")}");
    }

    /// <summary>For a storage on an existing bucket: the bucket as its owner already has it, with an object of theirs.</summary>
    protected virtual Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Issues a second credential next to the one Stream holds (create-before-delete) and returns the storage
    /// with it; <see cref="RevokePreviousCredentialAsync"/> deletes the first once Stream holds the new one.
    /// </summary>
    public StorageDeclaration IssueNextCredential(RehearsalWorld world, Action<string, string> report)
    {
        _previousCredential = Credential ?? throw new InvalidOperationException($"Storage '{Plan.StreamName}' has no credential to rotate.");
        return NewCredential(world, report);
    }

    /// <summary>Deletes the credential Stream held before the rotation; returns whether the local store refuses it now (null where it cannot tell).</summary>
    public Task<bool?> RevokePreviousCredentialAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var previous = _previousCredential ?? throw new InvalidOperationException($"Storage '{Plan.StreamName}' has no previous credential: rotate first.");
        _previousCredential = null;
        return RevokeCredentialAsync(world, previous, report, cancellationToken);
    }

    /// <summary>The credential Stream holds (an access key id, a key file, a client secret); null where the stack issues none.</summary>
    protected virtual string? Credential => null;

    /// <summary>Issues the credential Stream gets, which becomes <see cref="Credential"/>; returns the storage with it.</summary>
    protected virtual StorageDeclaration NewCredential(RehearsalWorld world, Action<string, string> report) =>
        throw new InvalidOperationException($"Storage '{Plan.StreamName}' has no credential to issue.");

    /// <summary>Deletes <paramref name="credential"/>; returns whether the local store refuses it now (null where it cannot tell).</summary>
    protected virtual Task<bool?> RevokeCredentialAsync(RehearsalWorld world, string credential, Action<string, string> report, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Storage '{Plan.StreamName}' has no credential to revoke.");

    /// <summary>During a rotation, the credential Stream held before it.</summary>
    private string? _previousCredential;

    /// <summary>
    /// Puts <see cref="RetentionLock"/> on the bucket in the local store, as the cloud's own lock (<paramref name="lockName"/>) is
    /// put on it, and reports it on <paramref name="row"/>.
    /// </summary>
    protected void LockBucket(RetentionLocks locks, string lockedBucket, string lockName, Action<string, string> report, string row)
    {
        if (RetentionLock is { } retention)
        {
            LockBucket(locks, lockedBucket, retention, lockName, report, row);
        }
    }

    /// <summary>Locks the bucket with <paramref name="retention"/>: an existing bucket's own, as a guardrails file describes it.</summary>
    protected void LockBucket(RetentionLocks locks, string lockedBucket, RetentionLock retention, string lockName, Action<string, string> report, string row)
    {
        locks.Lock(lockedBucket, retention);
        _bucketLock = retention;
        report(row, Locked(lockName, retention));
    }

    /// <summary>The lock <see cref="LockBucket(RetentionLocks, string, string, Action{string, string}, string)"/> put on the bucket; null where it has none (an existing bucket the guardrails file describes so).</summary>
    public RetentionLock? BucketLock => _bucketLock;

    private RetentionLock? _bucketLock;

    /// <summary>What a board row says of the plan's lock, which the rehearsal's lock layer enforces.</summary>
    protected string Locked(string lockName) => Locked(lockName, RetentionLock!);

    private static string Locked(string lockName, RetentionLock retention) => $"{lockName}: {DayCount.Of(retention.Days)}, {ModeWord(retention.Mode)}; {EnforcedLocally}";

    private static string ModeWord(RetentionLockMode mode) => ModeName(mode == RetentionLockMode.Compliance ? ImmutabilityMode.Compliance : ImmutabilityMode.Governance);

    /// <summary>
    /// Deletes <paramref name="key"/> as the owner would to remove it for good; returns the store's refusal (its status and
    /// code) when its retention lock keeps the object, or null when the object was deleted. Any other failure is thrown.
    /// </summary>
    public abstract Task<string?> DeleteAsOwnerAsync(RehearsalWorld world, string key, CancellationToken cancellationToken);

    /// <summary>Whether the object <paramref name="key"/> is in the bucket, as the owner sees it.</summary>
    public abstract Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the credential and grants, then the bucket unless it is kept.</summary>
    public abstract Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken);

    /// <summary>What of this storage is still there after <see cref="RemoveAsync"/>, besides a kept bucket.</summary>
    public abstract Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken);

    /// <summary>The storage as the program hands it to the provider, with the credential Stream gets.</summary>
    protected StorageDeclaration Declaration() => new()
    {
        Name = Plan.StreamName,
        StorageType = Plan.StorageType,
        Bucket = Bucket,
        Path = Plan.Path,
    };

    /// <summary>The row name of a resource of this storage, like the program's child resource names.</summary>
    protected string Row(string resource) => $"{Plan.StreamName}-{resource}";
}
