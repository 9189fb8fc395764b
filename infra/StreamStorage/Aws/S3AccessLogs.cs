using Pulumi.Random;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>Where a bucket's server access logs go: a log bucket and the prefix its logs are written under.</summary>
/// <param name="Ready">What must be in place before S3 delivers there (the created log bucket's last setting); null for an existing log bucket.</param>
internal sealed record S3LogTarget(Input<string> Bucket, string Prefix, Resource? Ready);

/// <summary>
/// Access logs (<see cref="StoragePlan.AccessLogs"/>) on S3: server access logging of the recording bucket, into a log
/// bucket the stack creates (hardened as the recording bucket is, its policy letting only S3's logging service write this
/// bucket's logs for this account) or into an existing one, whose owner merges the logging service's statement.
/// </summary>
internal static class S3AccessLogs
{
    /// <returns>Where the logs go; null when the storage logs nothing.</returns>
    public static S3LogTarget? Target(Resource parent, string name, S3StoragePlan plan, RandomId? suffix, Output<string> bucketName, Lazy<Output<string>> accountId)
    {
        if (plan.AccessLogs is not { } logs)
        {
            return null;
        }

        if (!logs.CreatesLogBucket)
        {
            return new S3LogTarget(logs.Destination!, logs.Prefix, Ready: null);
        }

        // Logs are treated on destroy as the recordings they describe.
        var logBucket = new S3.Bucket($"{name}-log-bucket", new S3.BucketArgs
        {
            BucketName = suffix!.Hex.Apply(hex => plan.LogBucketName(hex)),
            Region = plan.Region,
            ForceDestroy = plan.Data.ForceDestroy,
            Tags = InputValues.Tags(plan),
        }, ChildOptions.Holding(parent, plan.Data));

        Resource previous = logBucket;
        foreach (var setting in S3StoragePlan.LogBucketSettingsOrder)
        {
            var options = ChildOptions.Of(parent, previous);
            options.RetainOnDelete = plan.KeepsLogBucketSettingsOnDelete;
            var settingName = $"{name}-log-bucket-{S3StoragePlan.SettingResourceName(setting)}";
            previous = setting switch
            {
                S3BucketSetting.PublicAccessBlock => S3BucketSettings.BlockPublicAccess(settingName, plan.Region, logBucket.Id, options),
                S3BucketSetting.BucketPolicy => new S3.BucketPolicy(settingName, new S3.BucketPolicyArgs
                {
                    Bucket = logBucket.Id,
                    Region = plan.Region,
                    Policy = Output.Tuple(logBucket.BucketName, bucketName, accountId.Value)
                        .Apply(names => plan.LogBucketPolicy(names.Item1, names.Item2, names.Item3)),
                }, options),
                S3BucketSetting.OwnershipControls => S3BucketSettings.EnforceBucketOwner(settingName, plan.Region, logBucket.Id, options),
                S3BucketSetting.Encryption => S3CustomerKey.DefaultEncryption(settingName, plan.Region, logBucket.Id, S3StoragePlan.LogBucketEncryption, null, options),
                _ => throw new ArgumentOutOfRangeException(nameof(plan), setting, "not a setting of a log bucket"),
            };
        }

        return new S3LogTarget(logBucket.BucketName, logs.Prefix, previous);
    }

    /// <summary>The recording bucket's <see cref="S3BucketSetting.Logging"/> setting, once the log bucket lets S3 deliver.</summary>
    public static S3.BucketLogging Logging(string name, S3StoragePlan plan, S3.Bucket bucket, S3LogTarget target, CustomResourceOptions options)
    {
        if (target.Ready is { } ready)
        {
            options.DependsOn.Add(ready);
        }

        return new S3.BucketLogging(name, new S3.BucketLoggingArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            TargetBucket = target.Bucket,
            TargetPrefix = target.Prefix,
        }, options);
    }
}
