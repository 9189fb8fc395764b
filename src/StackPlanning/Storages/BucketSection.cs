using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// The bucket: one the stack creates and shapes (versioning, expiry, what destroy does with it), or one that
/// exists already and stays as its owner set it up.
/// </summary>
internal sealed class BucketSection : StorageSection
{
    public const int DefaultNoncurrentVersionDays = 30;

    public const int MaxDays = 36500;

    private static readonly IReadOnlyDictionary<string, DataProtection> DataProtections = new Dictionary<string, DataProtection>(StringComparer.Ordinal)
    {
        ["retain"] = DataProtection.Retain,
        ["forceDestroy"] = DataProtection.ForceDestroy,
    };

    private static readonly Cloud[] CreatingClouds = [Cloud.S3, Cloud.Gcs];

    /// <summary>Settings that shape a bucket the stack creates, refused for a bucket that exists already.</summary>
    private static readonly string[] OwnedBucketKeys = [Keys.RetentionDays, Keys.Versioning, Keys.NoncurrentVersionDays];

    private const string UseExistingBucket = $"to use a bucket that exists already, set {Keys.ExistingBucket} instead.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.DataProtection, StorageSetting.AllClouds),
        new(Keys.RetentionDays, CreatingClouds),
        new(Keys.Versioning, CreatingClouds),
        new(Keys.NoncurrentVersionDays, CreatingClouds),
        new(Keys.ExistingBucket, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = $"an s3compatible storage always writes into a bucket that exists: name it with {Keys.Bucket}.",
        }),
        new(Keys.ExistingAccount, [Cloud.Abs]),
        new(Keys.Bucket, [Cloud.S3Compatible], new Dictionary<Cloud, string>
        {
            [Cloud.S3] = UseExistingBucket,
            [Cloud.Gcs] = UseExistingBucket,
            [Cloud.Abs] = $"to use a container that exists already, set {Keys.ExistingBucket} (and {Keys.ExistingAccount}) instead.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage)
    {
        var cloud = reader.Cloud;
        var existingBucket = reader.ReadString(cloud == Cloud.S3Compatible ? Keys.Bucket : Keys.ExistingBucket);
        var createsBucket = existingBucket is null && cloud != Cloud.S3Compatible;
        var noncurrentDays = reader.ReadDays(Keys.NoncurrentVersionDays, 1, MaxDays);
        var versioning = reader.ReadBool(Keys.Versioning) ?? (createsBucket && cloud != Cloud.Abs);
        if (createsBucket && noncurrentDays is not null && !versioning)
        {
            reader.Problem(Keys.NoncurrentVersionDays, $"has no effect with {Keys.Versioning}: false: remove it, or turn versioning on.");
        }

        return storage with
        {
            ExistingBucket = existingBucket,
            ExistingAccount = reader.ReadString(Keys.ExistingAccount),
            DataProtection = ReadDataProtection(reader, createsBucket),
            RetentionDays = reader.ReadDays(Keys.RetentionDays, 1, MaxDays),
            Versioning = versioning,
            NoncurrentVersionDays = noncurrentDays ?? DefaultNoncurrentVersionDays,
        };
    }

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Cloud == Cloud.S3Compatible)
        {
            if (storage.ExistingBucket is null)
            {
                reader.Required(Keys.Bucket, "is required for cloud \"s3compatible\": set the name of the bucket at the store (create it there first).");
            }

            return;
        }

        if (storage.ExistingBucket is not null)
        {
            foreach (var key in OwnedBucketKeys.Where(reader.Has))
            {
                reader.Problem(key, $"shapes only buckets the stack creates; {Keys.ExistingBucket} stays as its owner set it up: remove it, and change the bucket itself if needed.");
            }
        }

        if (storage.Cloud == Cloud.Abs)
        {
            CheckExistingAccount(reader, storage);
        }
    }

    private static void CheckExistingAccount(StorageReader reader, StorageConfig storage)
    {
        if (storage.ExistingBucket is null)
        {
            if (storage.ExistingAccount is not null)
            {
                reader.Problem(Keys.ExistingAccount, $"applies only with {Keys.ExistingBucket}: set {Keys.ExistingBucket} to the name of the container in that account, or remove it.");
            }

            return;
        }

        if (storage.ExistingAccount is null)
        {
            reader.Required(Keys.ExistingAccount, $"is required with {Keys.ExistingBucket}: set the storage account that holds the container, e.g. \"acmerecordings\".");
        }
        else if (StorageRegistrar.Validation.DeclarationValidator.CheckAzureAccountName(storage.ExistingAccount) is { } accountProblem)
        {
            reader.Problem(Keys.ExistingAccount, accountProblem);
        }
    }

    /// <summary>Only a bucket the stack creates can be force-destroyed, and only outside production.</summary>
    private static DataProtection ReadDataProtection(StorageReader reader, bool createsBucket)
    {
        var dataProtection = reader.ReadEnum(Keys.DataProtection, DataProtections) ?? DataProtection.Retain;
        if (dataProtection != DataProtection.ForceDestroy)
        {
            return dataProtection;
        }

        if (reader.Cloud == Cloud.S3Compatible)
        {
            reader.Problem(Keys.DataProtection, "\"forceDestroy\" has nothing to delete: the stack creates no bucket on an S3-compatible store. Remove it.");
        }
        else if (!createsBucket)
        {
            reader.Problem(Keys.DataProtection, $"\"forceDestroy\" would delete a bucket this stack does not own: {Keys.ExistingBucket} is never deleted, with or without it. Remove it.");
        }
        else if (reader.Production)
        {
            reader.Problem(Keys.DataProtection, $"\"forceDestroy\" would delete recordings, and this is a production stack: use \"retain\", or set `{ConfigKeys.Production}: false` for an ephemeral stack.");
        }

        return dataProtection;
    }
}
