using StackPlanning;
using Gcs = Pulumi.Gcp.Storage;

namespace StreamStorage.Gcp;

/// <summary>The plan's lifecycle rules in GCS's shape: one action and the condition that triggers it, each.</summary>
internal static class GcsLifecycle
{
    public static List<Gcs.Inputs.BucketLifecycleRuleArgs> Rules(IEnumerable<LifecycleRule> rules) =>
        rules.Select(Rule).ToList();

    private static Gcs.Inputs.BucketLifecycleRuleArgs Rule(LifecycleRule rule)
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
            condition.MatchesPrefixes.Add(rule.Prefix);
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
