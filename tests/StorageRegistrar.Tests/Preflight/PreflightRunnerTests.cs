using StorageRegistrar.Preflight;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>The runner: the plan's order kept across checkers, a cloud without a checker never passed, and the report's verdict.</summary>
public sealed class PreflightRunnerTests
{
    private static readonly Guardrail Lock = new("test.lock", GuardrailCloud.Gcp, "the lock's keeper");

    [Fact]
    public async Task A_storage_whose_cloud_has_no_checker_is_not_examined_and_the_others_keep_the_plans_order()
    {
        PreflightTarget[] targets = [new("s3-first", "s3"), new BlockedTarget("gcs-second"), new("abs-third", "abs")];

        var report = await new PreflightRunner([new LockChecker()]).RunAsync("prod", targets, TestContext.Current.CancellationToken);

        Assert.Equal("prod", report.Stack);
        Assert.Equal(["s3-first", "gcs-second", "abs-third"], report.Storages.Select(s => s.Name));
        Assert.Equal(["s3", "gcs", "abs"], report.Storages.Select(s => s.Cloud));
        var pending = report.Storages[0].Checks.Single();
        Assert.Equal((PreflightRunner.UncheckedGuardrail, PreflightOutcome.NotExamined), (pending.Guardrail, pending.Outcome));
        Assert.StartsWith("not yet checked by preflight", pending.Message, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Blocks, report.Storages[1].Outcome);
        Assert.True(report.Blocked);
        Assert.Equal(PreflightOutcome.Blocks, report.Outcome);
    }

    [Fact]
    public void A_report_is_as_bad_as_its_worst_check()
    {
        StoragePreflight Storage(params PreflightOutcome[] outcomes) => new("s", "gcs", [.. outcomes.Select(o => new GuardrailCheck("g", o, "m"))]);

        Assert.Equal(PreflightOutcome.Met, new PreflightReport("dev", [Storage(PreflightOutcome.Met), Storage()]).Outcome);
        Assert.Equal(PreflightOutcome.NotExamined, new PreflightReport("dev", [Storage(PreflightOutcome.Met, PreflightOutcome.NotExamined)]).Outcome);
        var blocked = new PreflightReport("dev", [Storage(PreflightOutcome.NotExamined), Storage(PreflightOutcome.Blocks, PreflightOutcome.Met)]);
        Assert.Equal(PreflightOutcome.Blocks, blocked.Outcome);
        Assert.True(blocked.Blocked);
    }

    private sealed record BlockedTarget(string Name) : PreflightTarget(Name, "gcs");

    private sealed class LockChecker : GuardrailChecker<BlockedTarget>
    {
        protected override Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<BlockedTarget> targets, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IReadOnlyList<GuardrailCheck>>>([.. targets.Select(t => (IReadOnlyList<GuardrailCheck>)[GuardrailCheck.Blocks(Lock, $"{t.Name} is locked", "unlock")])]);
    }
}
