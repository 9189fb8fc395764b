using StorageRegistrar.Diagnostics;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// The credential the stack issues to Stream (an IAM user's key, a service account key, an Entra client
/// secret): its lifetime, how old it may grow and the trigger that rotates it.
/// </summary>
internal sealed class CredentialSection : StorageSection
{
    public const int DefaultClientSecretDays = 180;

    /// <summary>Entra portal's longest client secret lifetime.</summary>
    public const int MaxClientSecretDays = 730;

    /// <summary>The fewest days <see cref="Keys.CredentialMaxAgeDays"/> may be: the doctor warns this many days ahead.</summary>
    public const int MinCredentialMaxAgeDays = CredentialAgeAnalyzer.WarningDays + 1;

    private const string FormerAzureName = $"it is the former Azure-only name: use {Keys.CredentialRotation}, which works on every cloud.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.CredentialRotation, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = $"the stack does not create this store's keys: create a new key at the store, set {Keys.AccessKeyId} and {Keys.SecretAccessKey} to it and run pulumi up (Stream's storage is updated with it), then delete the old key at the store.",
        }),
        new(Keys.CredentialMaxAgeDays, [Cloud.S3, Cloud.Gcs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = "the stack does not create this store's keys, so it cannot tell their age: track their rotation at the store. Remove it.",
            [Cloud.Abs] = $"Azure client secrets expire on their own: set their lifetime with {Keys.ClientSecretDays}. Remove it.",
        }),
        new(Keys.ClientSecretDays, [Cloud.Abs]),
        new(Keys.ClientSecretRotation, [Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3] = FormerAzureName,
            [Cloud.Gcs] = FormerAzureName,
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        ClientSecretDays = reader.ReadDays(Keys.ClientSecretDays, 1, MaxClientSecretDays) ?? DefaultClientSecretDays,
        CredentialRotation = ReadRotation(reader),
        CredentialMaxAgeDays = reader.ReadDays(Keys.CredentialMaxAgeDays, MinCredentialMaxAgeDays, BucketSection.MaxDays),
    };

    /// <summary>In S3 policy mode Stream holds no credential: its AWS account is granted in the bucket policy.</summary>
    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Cloud != Cloud.S3 || storage.AuthMode != S3AuthMode.Policy)
        {
            return;
        }

        const string NoCredential = "in authMode \"policy\": Stream gets no credential there (its AWS account is granted in the bucket policy). Remove it, or set authMode: keys to give Stream an IAM user's access key.";
        if (storage.CredentialRotation is not null)
        {
            reader.Problem(Keys.CredentialRotation, $"has nothing to rotate {NoCredential}");
        }

        if (reader.Has(Keys.CredentialMaxAgeDays))
        {
            reader.Problem(Keys.CredentialMaxAgeDays, $"has no key to age {NoCredential}");
        }
    }

    /// <summary><see cref="Keys.ClientSecretRotation"/> is read as the Azure alias of <see cref="Keys.CredentialRotation"/>.</summary>
    private static string? ReadRotation(StorageReader reader)
    {
        var rotation = reader.ReadString(Keys.CredentialRotation);
        if (reader.Cloud != Cloud.Abs)
        {
            return rotation;
        }

        var alias = reader.ReadString(Keys.ClientSecretRotation);
        if (rotation is not null && alias is not null)
        {
            reader.Problem(Keys.ClientSecretRotation, $"is the former name of {Keys.CredentialRotation}, which is set too: keep only {Keys.CredentialRotation} (with the value Stream's secret was last rotated with, so that renaming does not rotate it).");
        }

        return rotation ?? alias;
    }
}
