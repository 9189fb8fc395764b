using Keys = StackPlanning.ConfigKeys.Storage;
using Lock = StackPlanning.ConfigKeys.Storage.Lock;
using StorageRegistrar;
using StorageRegistrar.Validation;

namespace StackPlanning.Storages;

/// <summary>
/// The retention lock: for <c>days</c> after it is written, no recording can be deleted or overwritten, in
/// <c>governance</c> (those granted to may lift it) or <c>compliance</c> mode (nobody can, and it cannot be undone).
/// A bucket the stack creates gets it; an existing bucket is expected to have it (preflight and doctor compare).
/// </summary>
internal sealed class ImmutabilitySection : StorageSection
{
    /// <summary>The longest lock each cloud takes, in days: S3's default retention and GCS's retention period (100 years), Azure's time-based policy.</summary>
    public static readonly IReadOnlyDictionary<Cloud, int> MaxDays = new Dictionary<Cloud, int>
    {
        [Cloud.S3] = 36500,
        [Cloud.Gcs] = 36525,
        [Cloud.Abs] = 146000,
    };

    /// <summary>
    /// Why a governance lock still stops destroy's delete on the clouds where it does; S3's forceDestroy bypasses
    /// governance retention as it empties the bucket, so S3 is not here.
    /// </summary>
    private static readonly IReadOnlyDictionary<Cloud, string> UndeletableUnderGovernance = new Dictionary<Cloud, string>
    {
        [Cloud.Gcs] = "a GCS retention policy refuses to delete a recording younger than its period whether it is locked or not, and the provider's forceDestroy deletes objects without removing the policy.",
        [Cloud.Abs] = "Azure refuses to delete a storage account or container while it holds a blob version under an immutability policy, unlocked (governance) too, and the provider removes no blob's policy first.",
    };

    private static readonly IReadOnlyDictionary<string, ImmutabilityMode> Modes = new Dictionary<string, ImmutabilityMode>(StringComparer.Ordinal)
    {
        ["governance"] = ImmutabilityMode.Governance,
        ["compliance"] = ImmutabilityMode.Compliance,
    };

    private const string Expected = "set days and mode, e.g. `immutability: {days: 2555, mode: governance}`.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.Immutability, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store, so it cannot lock its bucket: turn on the store's own object lock (where it has one) and remove it.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage)
    {
        if (reader.ReadObject(Keys.Immutability, Expected) is not { } lockReader)
        {
            return storage;
        }

        lockReader.CheckOnlyKeys([Lock.Days, Lock.Mode]);
        var maxDays = reader.Cloud is { } cloud ? MaxDays.GetValueOrDefault(cloud, BucketSection.MaxDays) : BucketSection.MaxDays;
        var days = lockReader.ReadDays(Lock.Days, 1, maxDays);
        var mode = lockReader.ReadEnum(Lock.Mode, Modes);
        lockReader.Required(Lock.Days, $"is required: set how many days each recording is kept from deletion, 1 to {maxDays}.");
        lockReader.Required(Lock.Mode, "is required: set \"governance\" (those granted to may lift the lock) or \"compliance\" (nobody can, ever).");

        if (days is null || mode is null)
        {
            return storage;
        }

        // GCS keeps no object versions in a bucket with a retention policy: a locked bucket is unversioned unless told otherwise (then refused below).
        var unversioned = reader.Cloud == Cloud.Gcs && storage.ExistingBucket is null && !reader.Has(Keys.Versioning);
        return storage with { Immutability = new Immutability(days.Value, mode.Value), Versioning = !unversioned && storage.Versioning };
    }

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Immutability is not { } immutability)
        {
            return;
        }

        var at = $"{Keys.Immutability}.{Lock.Mode}";
        if (immutability.Mode == ImmutabilityMode.Compliance)
        {
            if (storage.DataProtection == DataProtection.ForceDestroy)
            {
                reader.Problem(at, $"\"compliance\" keeps every recording for {DayCount.Of(immutability.Days)}, so \"forceDestroy\" could never delete the bucket: use dataProtection: retain, or mode: governance.");
            }

            if (!reader.Production)
            {
                reader.Problem(at, $"\"compliance\" cannot be undone, and this stack is ephemeral (`{ConfigKeys.Production}: false`): use \"governance\" here and \"compliance\" on the production stack.");
            }
        }

        else if (storage is { DataProtection: DataProtection.ForceDestroy, ExistingBucket: null } && UndeletableUnderGovernance.GetValueOrDefault(storage.Cloud) is { } why)
        {
            reader.Problem(
                Keys.DataProtection,
                $"\"forceDestroy\" could not delete the bucket for {DayCount.Of(immutability.Days)}: {why} Use dataProtection: retain, or no immutability on this ephemeral storage.");
        }

        if (storage.RetentionDays is { } retentionDays && retentionDays < immutability.Days)
        {
            reader.Problem(Keys.RetentionDays, $"expires recordings after {DayCount.Of(retentionDays)}, before their {immutability.Days}-day lock ends, when the cloud refuses to delete them: set it to at least {immutability.Days}, or remove it.");
        }

        if (storage.ExistingBucket is not null)
        {
            return;
        }

        switch (storage.Cloud)
        {
            case Cloud.S3 when !storage.Versioning:
                reader.Problem(Keys.Versioning, "is false, but S3 Object Lock protects object versions and needs versioning on: remove it.");
                break;
            case Cloud.Gcs when storage.Versioning:
                reader.Problem(Keys.Versioning, "is true, but GCS keeps no object versions in a bucket with a retention policy: remove it (a locked GCS bucket is unversioned).");
                break;
            case Cloud.Gcs when reader.Has(Keys.NoncurrentVersionDays):
                reader.Problem(Keys.NoncurrentVersionDays, "has no versions to expire: a locked GCS bucket is unversioned. Remove it.");
                break;
        }
    }

    /// <summary>
    /// Storages on one existing bucket (each under its path) find one lock there, the bucket's: where two declare a lock,
    /// they declare the same, or preflight and the doctor would hold the bucket to two rules and one would always fail.
    /// </summary>
    public static void CheckAcrossStorages(IReadOnlyList<(int Index, StorageConfig Storage)> storages, List<ValidationProblem> problems)
    {
        var locked = storages.Where(s => s.Storage is { ExistingBucket: not null, Immutability: not null }).ToList();
        foreach (var (index, storage) in locked)
        {
            var earlier = locked.FirstOrDefault(other => other.Index < index && OnOneBucket(other.Storage, storage));
            if (earlier.Storage is { Immutability: { } first } && first != storage.Immutability)
            {
                problems.Add(new(
                    $"{ConfigKeys.Storages}[{index}].{Keys.Immutability}",
                    $"differs from {ConfigKeys.Storages}[{earlier.Index}]'s ({DayCount.Of(first.Days)}, {Describe(first.Mode)}), which is on the same {Keys.ExistingBucket} \"{TerminalText.Shorten(storage.ExistingBucket!)}\": a bucket has one lock. Declare the lock the bucket has on both."));
            }
        }
    }

    private static bool OnOneBucket(StorageConfig one, StorageConfig other) =>
        one.Cloud == other.Cloud && one.ExistingBucket == other.ExistingBucket && (one.Cloud != Cloud.Abs || one.ExistingAccount == other.ExistingAccount);

    private static string Describe(ImmutabilityMode mode) => Modes.First(m => m.Value == mode).Key;
}
