using StorageRegistrar.Preflight.Gcp;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// Soft delete: the cloud keeps a deleted (and on Azure an overwritten) recording restorable, and billed, for a number of
/// days. <c>softDeleteDays</c> sets it where the stack creates the bucket or account, 0 turning it off. GCS: every bucket
/// the stack creates, 7 to 90 days (7 unless set; organizations that require a duration, <c>storage.softDeletePolicySeconds</c>,
/// refuse a bucket without an allowed one, the default included). Azure: the blob service of the account the stack creates,
/// 1 to 365 days, <see cref="AzureStoragePlan.DefaultSoftDeleteDays"/> unless set: the write-only role may overwrite a
/// blob, and without soft delete (or the lock's versions) nothing would bring the recording back.
/// </summary>
internal sealed class SoftDeleteSection : StorageSection
{
    /// <summary>The days each cloud keeps a soft-deleted object, besides 0 (off).</summary>
    private static readonly IReadOnlyDictionary<Cloud, (int Min, int Max, string Keeper)> Ranges = new Dictionary<Cloud, (int, int, string)>
    {
        [Cloud.Gcs] = (GcpPreflightTarget.MinSoftDeleteDays, GcpPreflightTarget.MaxSoftDeleteDays, "Cloud Storage keeps soft-deleted objects"),
        [Cloud.Abs] = (1, 365, "Azure keeps soft-deleted blobs"),
    };

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.SoftDeleteDays, [Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3] = $"S3 has no soft delete: a bucket the stack creates keeps a deleted recording's earlier versions instead ({Keys.Versioning}, {Keys.NoncurrentVersionDays}). Remove it.",
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store: keep deleted objects with the store's own settings, and remove it.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage)
    {
        var (min, max, keeper) = reader.Cloud is { } cloud && Ranges.TryGetValue(cloud, out var range) ? range : Ranges[Cloud.Gcs];
        var days = reader.ReadDays(Keys.SoftDeleteDays, 0, max);
        if (days is > 0 && days < min)
        {
            reader.Problem(Keys.SoftDeleteDays, $"is {days} days, but {keeper} {min} to {max} days: set one of those, or 0 to turn soft delete off.");
            return storage;
        }

        return storage with { SoftDeleteDays = days };
    }

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.ExistingBucket is not null && reader.Has(Keys.SoftDeleteDays))
        {
            reader.Problem(Keys.SoftDeleteDays, $"shapes only buckets and accounts the stack creates; {Keys.ExistingBucket} keeps the soft delete policy its owner set: remove it, and change the bucket itself if needed.");
        }
    }
}
