using StorageRegistrar.Preflight.Gcp;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// GCS soft delete: Cloud Storage keeps a deleted object restorable, and billed, for a bucket's soft delete duration
/// (7 days unless set). <c>softDeleteDays</c> sets it on every bucket the stack creates for the storage: 7 to 90 days,
/// or 0 to turn it off (with versioning off too, a deleted recording is then gone). Organizations that require a
/// duration (<c>storage.softDeletePolicySeconds</c>) refuse a bucket without an allowed one, the default included.
/// </summary>
internal sealed class SoftDeleteSection : StorageSection
{
    private const int MinDays = GcpPreflightTarget.MinSoftDeleteDays;

    private const int MaxDays = GcpPreflightTarget.MaxSoftDeleteDays;

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.SoftDeleteDays, [Cloud.Gcs], new Dictionary<Cloud, string>
        {
            [Cloud.S3] = $"S3 has no soft delete: a bucket the stack creates keeps a deleted recording's earlier versions instead ({Keys.Versioning}, {Keys.NoncurrentVersionDays}). Remove it.",
            [Cloud.Abs] = "blob soft delete is a setting of the Azure storage account, which the stack leaves as Azure makes it: set it on the account, and remove it here.",
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store: keep deleted objects with the store's own settings, and remove it.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage)
    {
        var days = reader.ReadDays(Keys.SoftDeleteDays, 0, MaxDays);
        if (days is > 0 and < MinDays)
        {
            reader.Problem(Keys.SoftDeleteDays, $"is {days} days, but Cloud Storage keeps soft-deleted objects {MinDays} to {MaxDays} days: set one of those, or 0 to turn soft delete off.");
            return storage;
        }

        return storage with { SoftDeleteDays = days };
    }

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.ExistingBucket is not null && reader.Has(Keys.SoftDeleteDays))
        {
            reader.Problem(Keys.SoftDeleteDays, $"shapes only buckets the stack creates; {Keys.ExistingBucket} keeps the soft delete policy its owner set: remove it, and change the bucket itself if needed.");
        }
    }
}
