using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// Storage tiers (<see cref="StoragePlan.Tiers"/>) on Azure: the account's lifecycle management policy, one rule per tier of
/// <see cref="AzureStoragePlan.Lifecycle"/>, moving block blobs under the container's path to the tier once they are old enough.
/// </summary>
internal static class BlobTiers
{
    /// <summary>The account's management policy; null without tiers.</summary>
    /// <param name="drawn">The plan with its unguessable folder in the path, whose rules' prefixes name it.</param>
    public static Storage.ManagementPolicy? Policy(
        Resource parent, string name, AzureStoragePlan plan, Output<AzureStoragePlan> drawn, Storage.StorageAccount account, Input<string> resourceGroupName) =>
        plan.Lifecycle.Count > 0
            ? new Storage.ManagementPolicy($"{name}-lifecycle", new Storage.ManagementPolicyArgs
            {
                AccountName = account.Name,
                ResourceGroupName = resourceGroupName,

                // An account has one management policy, and Azure names it "default".
                ManagementPolicyName = "default",
                Policy = new Storage.Inputs.ManagementPolicySchemaArgs
                {
                    Rules = plan.Lifecycle.Select((rule, index) => Rule(rule, drawn.Apply(p => p.LifecyclePrefix(p.Lifecycle[index])))).ToList(),
                },
            }, ChildOptions.Of(parent))
            : null;

    private static Storage.Inputs.ManagementPolicyRuleArgs Rule(LifecycleRule rule, Output<string> prefix) => new()
    {
        Name = rule.Id,
        Type = Storage.RuleType.Lifecycle,
        Enabled = true,
        Definition = new Storage.Inputs.ManagementPolicyDefinitionArgs
        {
            // Tiering applies to block blobs only, which is what Stream uploads.
            Filters = new Storage.Inputs.ManagementPolicyFilterArgs { BlobTypes = { "blockBlob" }, PrefixMatch = { prefix } },
            Actions = new Storage.Inputs.ManagementPolicyActionArgs { BaseBlob = Tiering(rule) },
        },
    };

    /// <summary>The move to the rule's tier, Azure's Cool, Cold or Archive, days after the blob was last written.</summary>
    private static Storage.Inputs.ManagementPolicyBaseBlobArgs Tiering(LifecycleRule rule)
    {
        if (rule.Action != LifecycleAction.TransitionRecordings)
        {
            throw new ArgumentException($"Azure's lifecycle holds tier rules only, and {rule.Id} is {rule.Action}.", nameof(rule));
        }

        var after = new Storage.Inputs.DateAfterModificationArgs { DaysAfterModificationGreaterThan = rule.Days };
        return rule.StorageClass switch
        {
            "Cool" => new() { TierToCool = after },
            "Cold" => new() { TierToCold = after },
            "Archive" => new() { TierToArchive = after },
            _ => throw new ArgumentException($"{rule.StorageClass} is not an Azure access tier.", nameof(rule)),
        };
    }
}
