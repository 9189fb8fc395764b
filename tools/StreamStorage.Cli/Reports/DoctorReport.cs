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

    /// <summary>What a drift check reports: a problem, or a warning that something may break recordings; notes do not count.</summary>
    public bool NeedsAttention => HasProblems || Findings.Any(f => f.Severity == FindingSeverity.Warning);
}

/// <summary><c>doctor --all</c>: every storage of the app, examined or not.</summary>
internal sealed record DoctorAllReport(IReadOnlyList<DoctorReport> Storages, IReadOnlyList<StorageNotExamined> NotExamined)
{
    public bool NeedsAttention => NotExamined.Count > 0 || Storages.Any(s => s.NeedsAttention);
}

/// <summary>A storage <c>doctor --all</c> could not examine, and the setting it lacked.</summary>
/// <param name="Type">Stream's storage type; null for a storage the arguments name and Stream does not list.</param>
internal sealed record StorageNotExamined(string Storage, string? Type, string Reason);
