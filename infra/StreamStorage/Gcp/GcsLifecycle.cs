using Pulumi;
using StackPlanning;
using Gcs = Pulumi.Gcp.Storage;

namespace StreamStorage.Gcp;

/// <summary>The plan's lifecycle rules in GCS's shape: one action and the condition that triggers it, each.</summary>
internal static class GcsLifecycle
{
    /// <param name="drawn">The same rules once the unguessable folder is drawn, whose prefixes name it.</param>
    public static List<Gcs.Inputs.BucketLifecycleRuleArgs> Rules(IReadOnlyList<LifecycleRule> rules, Output<IReadOnlyList<LifecycleRule>> drawn) =>
        rules.Select((rule, index) => Rule(rule, drawn.Apply(d => d[index].Prefix))).ToList();

    private static Gcs.Inputs.BucketLifecycleRuleArgs Rule(LifecycleRule rule, Output<string> prefix)
    {
        var condition = new Gcs.Inputs.BucketLifecycleRuleConditionArgs();
        var action = "Delete";
        switch (rule.Action)
        {
            case LifecycleAction.AbortIncompleteMultipartUpload:
                action = "AbortIncompleteMultipartUpload";
                condition.Age = rule.Days;
                break;
            case LifecycleAction.ExpireNoncurrentVersions:
                condition.DaysSinceNoncurrentTime = rule.Days;
                condition.WithState = "ARCHIVED";
                break;
            case LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings:
                condition.Age = rule.Days;
                break;
        }

        if (rule.Prefix.Length > 0)
        {
            condition.MatchesPrefixes.Add(prefix);
        }

        if (rule.Suffix is not null)
        {
            condition.MatchesSuffixes.Add(rule.Suffix);
        }

        return new Gcs.Inputs.BucketLifecycleRuleArgs
        {
            Action = new Gcs.Inputs.BucketLifecycleRuleActionArgs { Type = action },
            Condition = condition,
        };
    }
}
