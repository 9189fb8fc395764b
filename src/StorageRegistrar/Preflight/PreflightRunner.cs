namespace StorageRegistrar.Preflight;

/// <summary>
/// Runs every checker over the storages it takes, all at once, and puts the checks back in the plan's order. A storage no
/// checker takes is reported not examined: a cloud preflight cannot read yet never passes silently.
/// </summary>
public sealed class PreflightRunner(IReadOnlyList<IGuardrailChecker> checkers)
{
    /// <summary>The check of a storage whose cloud has no checker yet.</summary>
    public const string UncheckedGuardrail = "preflight";

    public async Task<PreflightReport> RunAsync(string stack, IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var runs = checkers
            .Select(checker => (Checker: checker, Indexes: Enumerable.Range(0, targets.Count).Where(i => checker.Checks(targets[i])).ToList()))
            .Where(run => run.Indexes.Count > 0)
            .Select(async run => (run.Indexes, Checks: await run.Checker.CheckAsync([.. run.Indexes.Select(i => targets[i])], cancellationToken).ConfigureAwait(false)))
            .ToList();

        // A storage may be taken by its cloud's checker and by the existing bucket's: its checks follow the checkers' order.
        var checks = targets.Select(_ => (List<GuardrailCheck>?)null).ToArray();
        foreach (var (indexes, results) in await Task.WhenAll(runs).ConfigureAwait(false))
        {
            for (var n = 0; n < indexes.Count; n++)
            {
                (checks[indexes[n]] ??= []).AddRange(results[n]);
            }
        }

        return new PreflightReport(stack, [.. targets.Select((target, i) => new StoragePreflight(target.StorageName, target.Cloud, checks[i] ?? [Unchecked(target)]))]);
    }

    private static GuardrailCheck Unchecked(PreflightTarget target) => new(
        UncheckedGuardrail,
        PreflightOutcome.NotExamined,
        $"not yet checked by preflight: the guardrails of cloud \"{target.Cloud}\" (policies, and the deployer's rights) are not read yet, so nothing is known of them.")
    {
        Fix = "Review the account's policies and the deployer's rights by hand before pulumi up, or run pulumi preview and up in a stack that may fail.",
        GrantedBy = "the account's administrators",
    };
}
