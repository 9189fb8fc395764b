using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

/// <summary>The plan's lifecycle rules in S3's shape: a prefix (and size) filter and one action, each.</summary>
internal static class S3Lifecycle
{
    /// <param name="drawn">The plan once the unguessable folder is drawn, whose rules' prefixes name it.</param>
    public static List<S3.Inputs.BucketLifecycleConfigurationRuleArgs> Rules(S3StoragePlan plan, Output<S3StoragePlan> drawn) =>
        plan.Lifecycle.Select((rule, index) => Rule(rule, plan.PrefixedOnceDrawn(rule), drawn.Apply(d => d.Lifecycle[index].Prefix))).ToList();

    private static S3.Inputs.BucketLifecycleConfigurationRuleArgs Rule(LifecycleRule rule, bool prefixed, Output<string> prefix)
    {
        var args = new S3.Inputs.BucketLifecycleConfigurationRuleArgs
        {
            Id = rule.Id,
            Status = "Enabled",
            Filter = Filter(rule, prefixed, prefix),
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
            case LifecycleAction.TransitionRecordings:
                args.Transitions.Add(new S3.Inputs.BucketLifecycleConfigurationRuleTransitionArgs
                {
                    Days = rule.Days,
                    StorageClass = rule.StorageClass ?? throw new ArgumentException($"The transition rule {rule.Id} names no storage class.", nameof(rule)),
                });
                break;
            default:
                // An action mapped to nothing would leave a rule S3 refuses, or one that does what was not planned.
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Action, $"no S3 lifecycle action for rule {rule.Id}");
        }

        return args;
    }

    /// <summary>The objects a rule acts on: under its prefix and within its size bounds, in the shape the plan gives S3.</summary>
    /// <param name="prefixed">Whether the rule's prefix, once the folder is drawn, is not empty.</param>
    private static S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs Filter(LifecycleRule rule, bool prefixed, Output<string> prefix) => rule.S3Filter(prefixed) switch
    {
        // An empty prefix: the whole bucket.
        S3FilterShape.Prefix => new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = prefix },
        S3FilterShape.Size => new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs
        {
            ObjectSizeGreaterThan = InputValues.Optional(rule.MinObjectBytes),
            ObjectSizeLessThan = InputValues.Optional(rule.MaxObjectBytes),
        },
        _ => new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs
        {
            And = new S3.Inputs.BucketLifecycleConfigurationRuleFilterAndArgs
            {
                Prefix = prefixed ? (Input<string>)prefix : null,
                ObjectSizeGreaterThan = InputValues.Optional(rule.MinObjectBytes),
                ObjectSizeLessThan = InputValues.Optional(rule.MaxObjectBytes),
            },
        },
    };
}
