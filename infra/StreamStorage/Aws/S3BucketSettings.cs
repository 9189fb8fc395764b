using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>
/// The settings of a bucket the stack creates, one resource each in <see cref="S3StoragePlan.SettingsOrder"/>,
/// each waiting for the one before: S3 refuses concurrent changes to one bucket.
/// </summary>
internal static class S3BucketSettings
{
    /// <param name="createdKeyArn">The ARN of the key the stack creates (<see cref="S3CustomerKey"/>); null otherwise.</param>
    /// <param name="logs">Where server access logs go (<see cref="S3AccessLogs"/>); null when the storage logs nothing.</param>
    /// <returns>The last setting, which Stream's check waits for.</returns>
    /// <param name="drawn">The plan with its unguessable folder in the path, for the policy and the lifecycle rules.</param>
    public static Resource CreateInOrder(
        Resource parent, string name, S3StoragePlan plan, Output<S3StoragePlan> drawn, S3.Bucket bucket, Output<string>? createdKeyArn, S3LogTarget? logs)
    {
        Resource previous = bucket;
        foreach (var setting in plan.SettingsOrder)
        {
            var options = ChildOptions.Of(parent, previous);
            options.RetainOnDelete = plan.KeepsSettingOnDelete(setting);
            var settingName = $"{name}-{S3StoragePlan.SettingResourceName(setting)}";
            previous = setting switch
            {
                S3BucketSetting.PublicAccessBlock => BlockPublicAccess(settingName, plan.Region, bucket.Id, options),
                S3BucketSetting.BucketPolicy => new S3.BucketPolicy(settingName, new S3.BucketPolicyArgs
                {
                    Bucket = bucket.Id,
                    Region = plan.Region,
                    Policy = Output.Tuple(bucket.BucketName, drawn).Apply(t => t.Item2.BucketPolicy(t.Item1)),
                }, options),
                S3BucketSetting.OwnershipControls => EnforceBucketOwner(settingName, plan.Region, bucket.Id, options),
                S3BucketSetting.Encryption => S3CustomerKey.DefaultEncryption(settingName, plan.Region, bucket.Id, plan.Encryption, createdKeyArn, options),
                S3BucketSetting.Versioning => new S3.BucketVersioning(settingName, new S3.BucketVersioningArgs
                {
                    Bucket = bucket.Id,
                    Region = plan.Region,
                    VersioningConfiguration = new S3.Inputs.BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
                }, options),
                S3BucketSetting.ObjectLock => S3ObjectLock.DefaultRetention(settingName, plan, bucket, options),
                S3BucketSetting.Lifecycle => new S3.BucketLifecycleConfiguration(settingName, new S3.BucketLifecycleConfigurationArgs
                {
                    Bucket = bucket.Id,
                    Region = plan.Region,
                    Rules = S3Lifecycle.Rules(plan, drawn),
                }, options),
                S3BucketSetting.Logging => S3AccessLogs.Logging(settingName, plan, bucket, logs
                    ?? throw new InvalidOperationException($"{plan.StreamName}: the logging setting is planned without access logs."), options),
                _ => throw new ArgumentOutOfRangeException(nameof(plan), setting, null),
            };
        }

        return previous;
    }

    /// <summary>All four public-access blocks on: no public ACL or policy takes effect.</summary>
    public static S3.BucketPublicAccessBlock BlockPublicAccess(string name, string region, Input<string> bucket, CustomResourceOptions options) =>
        new(name, new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket,
            Region = region,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, options);

    /// <summary>ACLs off: the bucket's owner owns every object, whoever writes it.</summary>
    public static S3.BucketOwnershipControls EnforceBucketOwner(string name, string region, Input<string> bucket, CustomResourceOptions options) =>
        new(name, new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket,
            Region = region,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options);
}
