using Gcs = Pulumi.Gcp.Storage;

namespace StreamStorage.Gcp;

/// <summary>The plan's lifecycle rules in GCS's shape: one action and the condition that triggers it, each.</summary>
internal static class GcsLifecycle
{
    /// <param name="drawn">The plan once the unguessable folder is drawn, whose rules' prefixes name it.</param>
    public static List<Gcs.Inputs.BucketLifecycleRuleArgs> Rules(GcsStoragePlan plan, Output<GcsStoragePlan> drawn) =>
        plan.Lifecycle.Select((rule, index) => Rule(rule, plan.PrefixedOnceDrawn(rule), drawn.Apply(d => d.Lifecycle[index].Prefix))).ToList();

    /// <param name="prefixed">Whether the rule's prefix, once the folder is drawn, is not empty.</param>
    private static Gcs.Inputs.BucketLifecycleRuleArgs Rule(LifecycleRule rule, bool prefixed, Output<string> prefix)
    {
        var condition = new Gcs.Inputs.BucketLifecycleRuleConditionArgs();
        // Every action is named: a rule that fell through to Delete would delete what it was meant to move or keep.
        var action = rule.Action switch
        {
            LifecycleAction.AbortIncompleteMultipartUpload => new Gcs.Inputs.BucketLifecycleRuleActionArgs { Type = "AbortIncompleteMultipartUpload" },
            LifecycleAction.ExpireNoncurrentVersions or LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings =>
                new Gcs.Inputs.BucketLifecycleRuleActionArgs { Type = "Delete" },
            LifecycleAction.TransitionRecordings => new Gcs.Inputs.BucketLifecycleRuleActionArgs
            {
                Type = "SetStorageClass",
                StorageClass = rule.StorageClass ?? throw new ArgumentException($"The transition rule {rule.Id} names no storage class.", nameof(rule)),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Action, $"no GCS lifecycle action for rule {rule.Id}"),
        };
        if (rule.Action == LifecycleAction.ExpireNoncurrentVersions)
        {
            condition.DaysSinceNoncurrentTime = rule.Days;
            condition.WithState = "ARCHIVED";
        }
        else
        {
            condition.Age = rule.Days;
        }

        if (prefixed)
        {
            condition.MatchesPrefixes.Add(prefix);
        }

        if (rule.Suffix is not null)
        {
            condition.MatchesSuffixes.Add(rule.Suffix);
        }

        return new Gcs.Inputs.BucketLifecycleRuleArgs { Action = action, Condition = condition };
    }
}
