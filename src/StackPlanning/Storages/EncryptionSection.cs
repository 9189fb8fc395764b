using System.Text.RegularExpressions;
using StorageRegistrar.Grants;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// How recordings are encrypted at rest: by the cloud's own keys unless <c>encryptionKey</c> names a customer-managed key,
/// one the stack creates (<c>create</c>) or one that exists. <c>kmsKeyArn</c> is its former, S3 keys-mode-only spelling and
/// keeps its rules.
/// </summary>
internal sealed partial class EncryptionSection : StorageSection
{
    private const string S3KeyExample = "\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"";
    private const string FormerS3Name = $"it is the former S3 name of {Keys.EncryptionKey}, which works on every cloud: use {Keys.EncryptionKey}.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.KmsKeyArn, [Cloud.S3], new Dictionary<Cloud, string>
        {
            [Cloud.Gcs] = FormerS3Name,
            [Cloud.Abs] = FormerS3Name,
        }),
        new(Keys.EncryptionKey, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store, so it cannot choose how the store encrypts: turn on the store's own encryption at rest and remove it.",
        }),
        new(Keys.InfrastructureEncryption, [Cloud.Abs]),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        KmsKeyArn = reader.ReadString(Keys.KmsKeyArn),
        EncryptionKey = reader.ReadString(Keys.EncryptionKey) switch
        {
            null => null,
            Keys.CreateValue => CustomerKey.Created,
            var keyId => new CustomerKey(keyId),
        },
        InfrastructureEncryption = reader.ReadBool(Keys.InfrastructureEncryption) ?? false,
    };

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.KmsKeyArn is not null)
        {
            CheckFormerS3Key(reader, storage);
        }

        if (storage.EncryptionKey is { } key)
        {
            switch (storage.Cloud)
            {
                case Cloud.S3:
                    CheckS3Key(reader, storage, key);
                    break;
                case Cloud.Gcs:
                    CheckGcsKey(reader, storage, key);
                    break;
                case Cloud.Abs:
                    CheckAzureKey(reader, storage, key);
                    break;
            }
        }

        if (storage.InfrastructureEncryption && storage.ExistingBucket is not null)
        {
            reader.Problem(Keys.InfrastructureEncryption, $"can only be set when an account is created, and {Keys.ExistingAccount} exists already: remove it (the account keeps the encryption it was created with).");
        }
    }

    /// <summary><c>kmsKeyArn</c> keeps its rules: keys mode only, a key ARN in the bucket's region.</summary>
    private static void CheckFormerS3Key(StorageReader reader, StorageConfig storage)
    {
        if (storage.EncryptionKey is not null)
        {
            reader.Problem(Keys.KmsKeyArn, $"is the former name of {Keys.EncryptionKey}, which is set too: keep only {Keys.EncryptionKey}.");
        }
        else if (storage.AuthMode == S3AuthMode.Policy)
        {
            reader.Problem(Keys.KmsKeyArn, "needs authMode \"keys\": in policy mode Stream's own account would need the key, which cannot be granted from this side. Remove it (SSE-S3 is used) or set authMode: keys.");
        }
        else if (KmsKeyArn().Match(storage.KmsKeyArn!) is not { Success: true } match)
        {
            reader.Problem(Keys.KmsKeyArn, $"must be a KMS key ARN such as {S3KeyExample} (not an alias or key id).");
        }
        else if (RegionMismatch(storage, match) is { } mismatch)
        {
            reader.Problem(Keys.KmsKeyArn, mismatch);
        }
    }

    private static void CheckS3Key(StorageReader reader, StorageConfig storage, CustomerKey key)
    {
        if (key.ExistingKeyId is not { } arn)
        {
            if (storage.ExistingBucket is not null)
            {
                reader.Problem(Keys.EncryptionKey, $"\"{Keys.CreateValue}\" would make a key for a bucket the stack does not own: {Keys.ExistingBucket} keeps the encryption its owner set. Name the key it encrypts with (its ARN), or remove it.");
            }
        }
        else if (KmsKeyArn().Match(arn) is not { Success: true } match)
        {
            reader.Problem(Keys.EncryptionKey, $"must be \"{Keys.CreateValue}\" or a KMS key ARN such as {S3KeyExample} (not an alias or key id).");
        }
        else if (RegionMismatch(storage, match) is { } mismatch)
        {
            reader.Problem(Keys.EncryptionKey, mismatch);
        }
    }

    private static string? RegionMismatch(StorageConfig storage, Match arn) =>
        storage.Region is not null && arn.Groups[1].Value != storage.Region
            ? $"is in region \"{arn.Groups[1].Value}\", but the bucket is in \"{TerminalText.Shorten(storage.Region)}\": S3 can only use a key from the bucket's region."
            : null;

    /// <summary>
    /// On GCS and Azure an existing bucket's encryption is its owner's, so a key is refused there, for
    /// <paramref name="becauseOfExistingBucket"/>. Returns the given key to check further; null when there is none or it is refused.
    /// </summary>
    private static string? GivenKeyOfCreatedBucket(StorageReader reader, StorageConfig storage, CustomerKey key, string becauseOfExistingBucket)
    {
        if (storage.ExistingBucket is not null)
        {
            reader.Problem(Keys.EncryptionKey, $"cannot be set with {Keys.ExistingBucket}: {becauseOfExistingBucket} Remove it.");
            return null;
        }

        return key.ExistingKeyId;
    }

    private static void CheckGcsKey(StorageReader reader, StorageConfig storage, CustomerKey key)
    {
        const string BecauseOfExistingBucket = "the bucket's default key is its owner's, which the stack never changes, and Stream's writes need nothing from it (the project's Cloud Storage service agent uses the key).";
        if (GivenKeyOfCreatedBucket(reader, storage, key, BecauseOfExistingBucket) is not { } name)
        {
            return;
        }

        if (GcsKeyName().Match(name) is not { Success: true } match)
        {
            reader.Problem(Keys.EncryptionKey, $"must be \"{Keys.CreateValue}\" or a Cloud KMS key name such as \"projects/acme-video/locations/europe/keyRings/recordings/cryptoKeys/recordings\" (the key, not one of its versions).");
        }
        else if (storage.Location is not null && match.Groups[1].Value != GcsStoragePlan.KeyLocationFor(storage.Location))
        {
            reader.Problem(Keys.EncryptionKey, $"is in location \"{match.Groups[1].Value}\", but the bucket is in \"{TerminalText.Shorten(storage.Location)}\": GCS can only use a key of the bucket's location, Cloud KMS location \"{TerminalText.Shorten(GcsStoragePlan.KeyLocationFor(storage.Location))}\".");
        }
    }

    private static void CheckAzureKey(StorageReader reader, StorageConfig storage, CustomerKey key)
    {
        const string BecauseOfExistingBucket = $"encryption is a setting of {Keys.ExistingAccount}, which the stack never changes, and Stream's writes need nothing from the key.";
        if (GivenKeyOfCreatedBucket(reader, storage, key, BecauseOfExistingBucket) is not { } keyId)
        {
            return;
        }

        // The key's resource id rather than its URI plus a sibling key for the vault's resource group: one value, copied
        // from the portal or the CLI, names the key and the scope its identity is granted on, and cannot disagree with itself.
        if (KeyVaultKeyId.TryParse(keyId) is { } id)
        {
            if (!KeyVaultName().IsMatch(id.VaultName))
            {
                reader.Problem(Keys.EncryptionKey, $"names the vault \"{id.VaultName}\", which is not a Key Vault name: 3-24 letters, digits and single hyphens, starting with a letter and not ending with a hyphen.");
            }
        }
        else if (KeyVaultKeyUri().Match(keyId) is { Success: true } uri)
        {
            var vault = uri.Groups["vault"].Value;
            var name = uri.Groups["key"].Value;
            reader.Problem(Keys.EncryptionKey, $"is the key's URI, which does not say the vault's resource group, where the account's identity is granted the key: name the key by its resource id, \"{ResourceIdExample(vault, name)}\" (az keyvault show --name {vault} --query id prints the vault's; add /keys/{name}).");
        }
        else if (VersionedResourceId().Match(keyId) is { Success: true } versioned && KeyVaultKeyId.TryParse(versioned.Groups["key"].Value) is not null)
        {
            reader.Problem(Keys.EncryptionKey, $"names one version of the key: drop \"{versioned.Groups["version"].Value}\" so that the account follows the key's rotation (Azure Storage then uses its newest version).");
        }
        else
        {
            reader.Problem(Keys.EncryptionKey, $"must be \"{Keys.CreateValue}\" or a Key Vault key's resource id such as \"{ResourceIdExample("acme-keys", "recordings")}\".");
        }
    }

    private static string ResourceIdExample(string vault, string key) =>
        $"/subscriptions/SUBSCRIPTION_ID/resourceGroups/VAULT_RESOURCE_GROUP/providers/Microsoft.KeyVault/vaults/{vault}/keys/{key}";

    [GeneratedRegex(@"^arn:aws[a-z-]*:kms:([a-z0-9-]+):[0-9]{12}:key/[A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KmsKeyArn();

    /// <summary><c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>: a project id, a Cloud KMS location, ring and key names of up to 63 letters, digits, '_' and '-'.</summary>
    [GeneratedRegex(@"^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/locations/([a-z0-9-]+)/keyRings/[A-Za-z0-9_-]{1,63}/cryptoKeys/[A-Za-z0-9_-]{1,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsKeyName();

    /// <summary>A key's URI in Azure's public, China or US Government cloud, optionally with a version: the former form of a given key.</summary>
    [GeneratedRegex(@"^https://(?<vault>[A-Za-z0-9-]+)\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net)/keys/(?<key>[A-Za-z0-9-]{1,127})(/[0-9A-Fa-f]{32})?/?\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyVaultKeyUri();

    [GeneratedRegex(@"^(?<key>.+)(?<version>/versions/[0-9A-Fa-f]{32})/?\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedResourceId();

    [GeneratedRegex(@"^(?!.*--)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyVaultName();
}
