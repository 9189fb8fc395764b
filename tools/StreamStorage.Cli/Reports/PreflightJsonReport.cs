using StorageRegistrar.Preflight;

namespace StreamStorage.Cli.Reports;

/// <summary>
/// <c>preflight --json</c>: one document for pipelines. <see cref="Blocked"/> when some guardrail would stop
/// <c>pulumi up</c>; per storage of the plan, in its order, every guardrail judged with its outcome
/// (<c>met</c>, <c>blocks</c>, <c>notExamined</c>), message, fix and who grants it.
/// </summary>
internal sealed record PreflightJsonReport(string Stack, bool Blocked, IReadOnlyList<PreflightStorageReport> Storages)
{
    public static PreflightJsonReport From(PreflightReport report) =>
        new(report.Stack, report.Blocked, [.. report.Storages.Select(s => new PreflightStorageReport(s.Name, s.Cloud, s.Checks))]);
}

/// <param name="Checks">Empty where the stack creates nothing in any cloud (an S3-compatible store).</param>
internal sealed record PreflightStorageReport(string Name, string Cloud, IReadOnlyList<GuardrailCheck> Checks);
