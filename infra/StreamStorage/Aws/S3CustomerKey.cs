using Kms = Pulumi.Aws.Kms;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>
/// The customer-managed key (<see cref="StoragePlan.EncryptionKey"/>) on S3: a KMS key the stack creates, rotated and
/// with the key policy the plan writes, or an existing key's ARN; and the bucket's default encryption, SSE-KMS with
/// Bucket Keys on, or SSE-S3 without a customer key.
/// </summary>
internal static class S3CustomerKey
{
    /// <returns>The created key; null when the stack uses an existing key or none.</returns>
    public static Kms.Key? Create(Resource parent, string name, S3StoragePlan plan, Output<string> bucketName, Lazy<Output<string>> accountId)
    {
        if (plan.EncryptionKey is not { CreatesKey: true } key)
        {
            return null;
        }

        // The key lives as long as the recordings it encrypts: deleting it would make them unreadable.
        return new Kms.Key($"{name}-key", new Kms.KeyArgs
        {
            Region = InputValues.Optional(key.Location),
            EnableKeyRotation = true,
            RotationPeriodInDays = InputValues.Optional(key.RotationDays),
            Policy = Output.Tuple(bucketName, accountId.Value).Apply(names => plan.KeyPolicy(names.Item1, names.Item2)),
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));
    }

    /// <summary>The default encryption of new objects, the <see cref="S3BucketSetting.Encryption"/> setting of a bucket the stack creates.</summary>
    /// <param name="createdKeyArn">The ARN of the key the stack creates, used when <paramref name="encryption"/> names no key.</param>
    public static S3.BucketServerSideEncryptionConfiguration DefaultEncryption(
        string name, string region, Input<string> bucket, S3Encryption encryption, Output<string>? createdKeyArn, CustomResourceOptions options) =>
        new(name, new S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket,
            Region = region,
            Rules =
            {
                new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = encryption.Algorithm,
                        KmsMasterKeyId = InputValues.Optional(encryption.KmsKeyArn) ?? InputValues.Optional(createdKeyArn),
                    },
                    BucketKeyEnabled = encryption.BucketKeyEnabled,
                },
            },
        }, options);
}
