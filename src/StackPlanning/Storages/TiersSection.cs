using Keys = StackPlanning.ConfigKeys.Storage;
using TierKeys = StackPlanning.ConfigKeys.Storage.Tier;
using StorageRegistrar;

namespace StackPlanning.Storages;

/// <summary>
/// Storage tiers: recordings under the path move to colder, cheaper classes as they age (check files never do). Each
/// tier names a class in the configuration's words (<c>infrequent</c>, <c>cold</c>, <c>archive</c>) or the cloud's own;
/// the order and each cloud's minimums are held here, so that the cloud never refuses the lifecycle at <c>pulumi up</c>.
/// </summary>
internal sealed class TiersSection : StorageSection
{
    /// <summary>S3 moves objects to STANDARD_IA or ONEZONE_IA only at this age, and out of them only this long after.</summary>
    public const int S3InfrequentAccessMinDays = 30;

    private const string Expected = "e.g. `tiers: [{afterDays: 30, class: infrequent}, {afterDays: 180, class: archive}]`.";

    private static readonly string[] S3InfrequentAccessClasses = ["STANDARD_IA", "ONEZONE_IA"];

    /// <summary>
    /// Each cloud's classes from the warmest to the coldest, as its lifecycle moves objects down them; the configuration's
    /// words map to S3 STANDARD_IA / GLACIER_IR / DEEP_ARCHIVE, GCS NEARLINE / COLDLINE / ARCHIVE, Azure Cool / Cold / Archive.
    /// </summary>
    private static readonly IReadOnlyDictionary<Cloud, ClassTable> Tables = new Dictionary<Cloud, ClassTable>
    {
        [Cloud.S3] = new(["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], Infrequent: "STANDARD_IA", Cold: "GLACIER_IR", Archive: "DEEP_ARCHIVE"),
        [Cloud.Gcs] = new(["NEARLINE", "COLDLINE", "ARCHIVE"], Infrequent: "NEARLINE", Cold: "COLDLINE", Archive: "ARCHIVE"),
        [Cloud.Abs] = new(["Cool", "Cold", "Archive"], Infrequent: "Cool", Cold: "Cold", Archive: "Archive"),
    };

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.Tiers, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store, so it cannot set its lifecycle: use the store's own lifecycle rules, where it has them, and remove it.",
        }),
    ];

    /// <summary>Azure's Archive tier exists only on accounts without zone redundancy.</summary>
    public static bool OffersArchive(AzureRedundancy redundancy) => redundancy is AzureRedundancy.Lrs or AzureRedundancy.Grs;

    public override StorageConfig Read(StorageReader reader, StorageConfig storage)
    {
        if (reader.ReadObjects(Keys.Tiers, Expected) is not { } items)
        {
            return storage;
        }

        var table = reader.Cloud is { } cloud ? Tables.GetValueOrDefault(cloud) : null;
        var tiers = new List<Tier>();
        foreach (var item in items)
        {
            if (item is null)
            {
                continue;
            }

            item.CheckOnlyKeys([TierKeys.AfterDays, TierKeys.Class]);
            var days = item.ReadDays(TierKeys.AfterDays, 1, BucketSection.MaxDays);
            var storageClass = table is null ? item.ReadString(TierKeys.Class) : item.ReadChoice(TierKeys.Class, table.Words)?.Name;
            item.Required(TierKeys.AfterDays, "is required: set how many days after it is written a recording moves to this tier.");
            item.Required(TierKeys.Class, $"is required: set \"infrequent\", \"cold\" or \"archive\"{(table is null ? "" : $", or one of the cloud's classes ({string.Join(", ", table.Classes)})")}.");

            if (days is not null && storageClass is not null)
            {
                tiers.Add(new Tier(days.Value, storageClass));
            }
        }

        // Order and minimums are only judged on a list read whole: a tier missing would shift every comparison.
        return tiers.Count == items.Count ? storage with { Tiers = tiers } : storage;
    }

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Tiers is not { } tiers || Tables.GetValueOrDefault(storage.Cloud) is not { } table)
        {
            return;
        }

        if (storage.ExistingBucket is not null)
        {
            reader.Problem(Keys.Tiers, $"shape only buckets the stack creates; {Keys.ExistingBucket} keeps the lifecycle its owner set: remove them, and add tiers to the bucket's own lifecycle if wanted.");
            return;
        }

        for (var index = 0; index < tiers.Count; index++)
        {
            var at = $"{Keys.Tiers}[{index}]";
            var tier = tiers[index];
            var previous = index > 0 ? tiers[index - 1] : null;
            if (previous is not null && tier.AfterDays <= previous.AfterDays)
            {
                reader.Problem($"{at}.{TierKeys.AfterDays}", $"{tier.AfterDays} is not after the previous tier's {DayCount.Of(previous.AfterDays)}: list the tiers from the earliest, each later than the one before.");
            }

            if (previous is not null && table.Coldness(tier.StorageClass) <= table.Coldness(previous.StorageClass))
            {
                reader.Problem($"{at}.{TierKeys.Class}", $"{tier.StorageClass} is not colder than the previous tier's {previous.StorageClass}: each tier moves recordings to a colder class, in the order {string.Join(", ", table.Classes)}.");
            }
            else
            {
                CheckCloudRules(reader, storage, at, tier, previous);
            }
        }

        var last = tiers[^1];
        if (storage.RetentionDays is { } retentionDays && retentionDays <= last.AfterDays)
        {
            reader.Problem(Keys.RetentionDays, $"expires recordings after {DayCount.Of(retentionDays)}, before their last tier ({last.StorageClass} after {DayCount.Of(last.AfterDays)}) is reached: set it above {last.AfterDays}, or remove the tiers it cuts short.");
        }
    }

    private static void CheckCloudRules(StorageReader reader, StorageConfig storage, string at, Tier tier, Tier? previous)
    {
        switch (storage.Cloud)
        {
            case Cloud.S3 when S3InfrequentAccessClasses.Contains(tier.StorageClass) && tier.AfterDays < S3InfrequentAccessMinDays:
                reader.Problem($"{at}.{TierKeys.AfterDays}", $"{tier.AfterDays} is too early for {tier.StorageClass}: S3 moves objects there only once they are {S3InfrequentAccessMinDays} days old. Set {S3InfrequentAccessMinDays} or more.");
                break;
            case Cloud.S3 when previous is not null && S3InfrequentAccessClasses.Contains(previous.StorageClass) && tier.AfterDays < previous.AfterDays + S3InfrequentAccessMinDays:
                reader.Problem($"{at}.{TierKeys.AfterDays}", $"{tier.AfterDays} leaves recordings only {DayCount.Of(tier.AfterDays - previous.AfterDays)} in {previous.StorageClass}, and S3 keeps objects there {S3InfrequentAccessMinDays} days before moving them on: set {previous.AfterDays + S3InfrequentAccessMinDays} or more.");
                break;
            case Cloud.S3 when previous is { StorageClass: "ONEZONE_IA" } && tier.StorageClass == "GLACIER_IR":
                reader.Problem($"{at}.{TierKeys.Class}", "GLACIER_IR cannot follow ONEZONE_IA: S3 moves objects out of ONEZONE_IA only to GLACIER or DEEP_ARCHIVE. Choose one of them, or STANDARD_IA before GLACIER_IR.");
                break;
            case Cloud.Abs when tier.StorageClass == "Archive" && !OffersArchive(storage.Redundancy):
                reader.Problem($"{at}.{TierKeys.Class}", $"Archive is offered only on LRS and GRS accounts, and {Keys.Redundancy} is {PlacementSection.RedundancyName(storage.Redundancy)}: set {Keys.Redundancy} to LRS or GRS, or end the tiers at Cold.");
                break;
        }
    }

    /// <summary>A cloud's classes, warmest first, and the words that name them.</summary>
    private sealed record ClassTable(IReadOnlyList<string> Classes, string Infrequent, string Cold, string Archive)
    {
        /// <summary>The configuration's words and the cloud's class names, each to its class.</summary>
        public IReadOnlyDictionary<string, NamedClass> Words { get; } = new[]
            {
                KeyValuePair.Create("infrequent", new NamedClass(Infrequent)),
                KeyValuePair.Create("cold", new NamedClass(Cold)),
                KeyValuePair.Create("archive", new NamedClass(Archive)),
            }
            .Concat(Classes.Select(c => KeyValuePair.Create(c, new NamedClass(c))))
            .ToDictionary(StringComparer.Ordinal);

        public int Coldness(string storageClass) => Classes.ToList().IndexOf(storageClass);
    }

    /// <summary>A class as a configuration word maps to it (a value type, as <see cref="ConfigObjectReader.ReadChoice{T}"/> reads them).</summary>
    private readonly record struct NamedClass(string Name);
}
