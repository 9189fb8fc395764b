using StorageRegistrar.Diagnostics;

namespace StreamStorage.Cli.Reports;

internal sealed record DoctorReport(
    string Storage,
    string Type,
    string Bucket,
    string Path,
    bool CheckSucceeded,
    string? CheckError,
    IReadOnlyList<Finding> Findings)
{
    public bool HasProblems => !CheckSucceeded || Findings.Any(f => f.Severity == FindingSeverity.Problem);
}
