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

        if (rule.Prefix.Length > 0)
        {
            condition.MatchesPrefixes.Add(rule.Prefix);
        }

        if (rule.Suffix is not null)
        {
            condition.MatchesSuffixes.Add(rule.Suffix);
        }

        return new Gcs.Inputs.BucketLifecycleRuleArgs { Action = action, Condition = condition };
    }
}
