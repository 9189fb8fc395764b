using System.Text.RegularExpressions;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>How recordings are encrypted at rest: SSE-S3 unless a customer-managed KMS key is named (S3 keys mode).</summary>
internal sealed partial class EncryptionSection : StorageSection
{
    public override IReadOnlyList<StorageSetting> Settings { get; } = [new(Keys.KmsKeyArn, [Cloud.S3])];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) =>
        storage with { KmsKeyArn = reader.ReadString(Keys.KmsKeyArn) };

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Cloud != Cloud.S3 || storage.KmsKeyArn is null)
        {
            return;
        }

        if (storage.AuthMode == S3AuthMode.Policy)
        {
            reader.Problem(Keys.KmsKeyArn, "needs authMode \"keys\": in policy mode Stream's own account would need the key, which cannot be granted from this side. Remove it (SSE-S3 is used) or set authMode: keys.");
        }
        else if (KmsKeyArn().Match(storage.KmsKeyArn) is not { Success: true } match)
        {
            reader.Problem(Keys.KmsKeyArn, "must be a KMS key ARN such as \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\" (not an alias or key id).");
        }
        else if (storage.Region is not null && match.Groups[1].Value != storage.Region)
        {
            reader.Problem(Keys.KmsKeyArn, $"is in region \"{match.Groups[1].Value}\", but the bucket is in \"{storage.Region}\": S3 can only use a key from the bucket's region.");
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:kms:([a-z0-9-]+):[0-9]{12}:key/[A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KmsKeyArn();
}
