using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning;

/// <summary>
/// What the plan decides that the Pulumi program does not yet turn into resources. A stack that uses it is refused
/// by <c>pulumi preview</c> and <c>pulumi up</c> and by the rehearsal, with the key path and the fix, rather than have
/// a protection silently skipped or mapped to the wrong lifecycle action; <c>stream-storage plan</c> shows it among the
/// warnings, so the decision can be reviewed before the program applies it.
/// </summary>
public static class ProgramSupport
{
    private const string NotYet = "is planned but not yet created by the Pulumi program, which refuses the stack rather than leave it out: remove it for now.";

    private const string ExistingAzureKey =
        "names an existing Key Vault key, which the Pulumi program does not use yet (the key id does not say the vault's resource group, where the account's identity must be granted the key): use \"create\", or remove it for now.";

    public static IReadOnlyList<ValidationProblem> NotYetApplied(StackPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<ValidationProblem>();
        for (var index = 0; index < plan.Storages.Count; index++)
        {
            var storage = plan.Storages[index];
            var at = $"{ConfigKeys.Storages}[{index}]";
            if (storage is AzureStoragePlan)
            {
                // The program creates every Azure protection; of the keys, only one it creates.
                if (storage.EncryptionKey is { CreatesKey: false })
                {
                    problems.Add(new($"{at}.{Keys.EncryptionKey}", ExistingAzureKey));
                }

                continue;
            }

            if (storage.EncryptionKey is not null)
            {
                problems.Add(new($"{at}.{Keys.EncryptionKey}", NotYet));
            }

            if (storage.Tiers.Count > 0)
            {
                problems.Add(new($"{at}.{Keys.Tiers}", NotYet));
            }

            if (storage.AccessLogs is not null)
            {
                problems.Add(new($"{at}.{Keys.AccessLogs}", NotYet));
            }
        }

        return problems;
    }

    /// <summary>The plan's warnings, then what the program does not create yet, as <c>stream-storage plan</c> shows them.</summary>
    public static IReadOnlyList<PlanWarning> WarningsWithNotYetApplied(StackPlan plan) =>
        [.. plan.Warnings, .. NotYetApplied(plan).Select(p => new PlanWarning(p.Field, p.Message))];

    /// <exception cref="StackConfigException">When the plan holds what the program does not create yet.</exception>
    public static void EnsureApplied(StackPlan plan)
    {
        var problems = NotYetApplied(plan);
        if (problems.Count > 0)
        {
            throw new StackConfigException(problems);
        }
    }
}
