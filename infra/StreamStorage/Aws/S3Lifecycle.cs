using Pulumi;
using StackPlanning;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>The plan's lifecycle rules in S3's shape: a prefix (and size) filter and one action, each.</summary>
internal static class S3Lifecycle
{
    /// <param name="drawn">The same rules once the unguessable folder is drawn, whose prefixes name it.</param>
    public static List<S3.Inputs.BucketLifecycleConfigurationRuleArgs> Rules(IReadOnlyList<LifecycleRule> rules, Output<IReadOnlyList<LifecycleRule>> drawn) =>
        rules.Select((rule, index) => Rule(rule, drawn.Apply(d => d[index].Prefix))).ToList();

    private static S3.Inputs.BucketLifecycleConfigurationRuleArgs Rule(LifecycleRule rule, Output<string> prefix)
    {
        var args = new S3.Inputs.BucketLifecycleConfigurationRuleArgs
        {
            Id = rule.Id,
            Status = "Enabled",
            Filter = rule.MaxObjectBytes is { } maxBytes
                ? new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs
                {
                    And = new S3.Inputs.BucketLifecycleConfigurationRuleFilterAndArgs { Prefix = prefix, ObjectSizeLessThan = maxBytes },
                }
                : new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = prefix },
        };
        switch (rule.Action)
        {
            case LifecycleAction.AbortIncompleteMultipartUpload:
                args.AbortIncompleteMultipartUpload = new S3.Inputs.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs { DaysAfterInitiation = rule.Days };
                break;
            case LifecycleAction.ExpireNoncurrentVersions:
                args.NoncurrentVersionExpiration = new S3.Inputs.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs { NoncurrentDays = rule.Days };
                break;
            case LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings:
                args.Expiration = new S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs { Days = rule.Days };
                break;
        }

        return args;
    }
}
