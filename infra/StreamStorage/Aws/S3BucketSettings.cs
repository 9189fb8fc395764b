using Pulumi;
using StackPlanning;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>
/// The settings of a bucket the stack creates, one resource each in <see cref="S3StoragePlan.SettingsOrder"/>,
/// each waiting for the one before: S3 refuses concurrent changes to one bucket.
/// </summary>
internal static class S3BucketSettings
{
    /// <returns>The last setting, which Stream's check waits for.</returns>
    /// <param name="drawn">The plan with its unguessable folder in the path, for the policy and the lifecycle rules.</param>
    public static Resource CreateInOrder(Resource parent, string name, S3StoragePlan plan, Output<S3StoragePlan> drawn, S3.Bucket bucket)
    {
        Resource previous = bucket;
        foreach (var setting in plan.SettingsOrder)
        {
            var options = ChildOptions.Of(parent, previous);
            options.RetainOnDelete = plan.KeepsSettingOnDelete(setting);
            previous = Create($"{name}-{S3StoragePlan.SettingResourceName(setting)}", setting, plan, drawn, bucket, options);
        }

        return previous;
    }

    private static CustomResource Create(
        string name, S3BucketSetting setting, S3StoragePlan plan, Output<S3StoragePlan> drawn, S3.Bucket bucket, CustomResourceOptions options) => setting switch
    {
        S3BucketSetting.PublicAccessBlock => new S3.BucketPublicAccessBlock(name, new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, options),
        S3BucketSetting.BucketPolicy => new S3.BucketPolicy(name, new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Policy = Output.Tuple(bucket.BucketName, drawn).Apply(t => t.Item2.BucketPolicy(t.Item1)),
        }, options),
        S3BucketSetting.OwnershipControls => new S3.BucketOwnershipControls(name, new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options),
        S3BucketSetting.Encryption => new S3.BucketServerSideEncryptionConfiguration(name, new S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rules =
            {
                new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = plan.Encryption.Algorithm,
                        KmsMasterKeyId = InputValues.Optional(plan.Encryption.KmsKeyArn),
                    },
                    BucketKeyEnabled = plan.Encryption.BucketKeyEnabled,
                },
            },
        }, options),
        S3BucketSetting.Versioning => new S3.BucketVersioning(name, new S3.BucketVersioningArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            VersioningConfiguration = new S3.Inputs.BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, options),
        S3BucketSetting.ObjectLock => S3ObjectLock.DefaultRetention(name, plan, bucket, options),
        S3BucketSetting.Lifecycle => new S3.BucketLifecycleConfiguration(name, new S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rules = S3Lifecycle.Rules(plan.Lifecycle, drawn.Apply(p => p.Lifecycle)),
        }, options),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}
