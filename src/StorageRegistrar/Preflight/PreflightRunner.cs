namespace StorageRegistrar.Preflight;

/// <summary>
/// Runs every cloud's checker over its storages at once and puts the checks back in the plan's order. A storage no
/// checker takes is reported not examined: a cloud preflight cannot read yet never passes silently.
/// </summary>
public sealed class PreflightRunner(IReadOnlyList<IGuardrailChecker> checkers)
{
    /// <summary>The check of a storage whose cloud has no checker yet.</summary>
    public const string UncheckedGuardrail = "preflight";

    public async Task<PreflightReport> RunAsync(string stack, IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var checks = new IReadOnlyList<GuardrailCheck>[targets.Count];
        var runs = new List<Task>();
        foreach (var checker in checkers)
        {
            var indexes = Enumerable.Range(0, targets.Count).Where(i => checks[i] is null && checker.Checks(targets[i])).ToList();
            if (indexes.Count == 0)
            {
                continue;
            }

            // Claimed before the run starts, so that a second checker taking the same type cannot run it twice.
            foreach (var index in indexes)
            {
                checks[index] = [];
            }

            runs.Add(RunCheckerAsync(checker, indexes, targets, checks, cancellationToken));
        }

        await Task.WhenAll(runs).ConfigureAwait(false);
        return new PreflightReport(stack, [.. targets.Select((target, i) => new StoragePreflight(target.StorageName, target.Cloud, checks[i] ?? [Unchecked(target)]))]);
    }

    private static async Task RunCheckerAsync(
        IGuardrailChecker checker, List<int> indexes, IReadOnlyList<PreflightTarget> targets, IReadOnlyList<GuardrailCheck>[] checks, CancellationToken cancellationToken)
    {
        var results = await checker.CheckAsync([.. indexes.Select(i => targets[i])], cancellationToken).ConfigureAwait(false);
        for (var n = 0; n < indexes.Count; n++)
        {
            checks[indexes[n]] = results[n];
        }
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
