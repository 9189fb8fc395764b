using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>
/// The retention lock (<see cref="StoragePlan.Immutability"/>) on S3: Object Lock, which S3 turns on only when it
/// creates a bucket, and a default retention that every new object version gets.
/// </summary>
internal static class S3ObjectLock
{
    /// <summary>The bucket's Object Lock switch: on for a bucket the stack locks; otherwise absent (off, S3's default).</summary>
    public static Input<bool>? Enabled(S3StoragePlan plan) => plan.LocksBucket ? (Input<bool>)true : null;

    /// <summary>The default retention, the <see cref="S3BucketSetting.ObjectLock"/> setting.</summary>
    public static S3.BucketObjectLockConfiguration DefaultRetention(string name, S3StoragePlan plan, S3.Bucket bucket, CustomResourceOptions options)
    {
        var immutability = plan.Immutability ?? throw new InvalidOperationException($"{plan.StreamName}: the Object Lock setting is planned without a retention lock.");
        return new S3.BucketObjectLockConfiguration(name, new S3.BucketObjectLockConfigurationArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rule = new S3.Inputs.BucketObjectLockConfigurationRuleArgs
            {
                DefaultRetention = new S3.Inputs.BucketObjectLockConfigurationRuleDefaultRetentionArgs
                {
                    Mode = immutability.Mode == ImmutabilityMode.Compliance ? "COMPLIANCE" : "GOVERNANCE",
                    Days = immutability.Days,
                },
            },
        }, options);
    }
}
