using StorageRegistrar.Registration;

namespace StreamStorage.Cli.Reports;

/// <param name="CheckFileKeptUntil">Set when the bucket's retention lock refused the check file's delete, as expected: when the lock ends.</param>
internal sealed record CheckReport(
    string Storage,
    bool Succeeded,
    string? FileUrl,
    IReadOnlyList<CheckAttemptReport> Attempts,
    string? VerifiedObjectKey,
    bool CheckFileDeleted,
    DateTimeOffset? CheckFileKeptUntil,
    string? Error);

internal sealed record CheckAttemptReport(int Number, DateTimeOffset StartedAt, string? Error, int? StatusCode, int? StreamCode)
{
    public static IReadOnlyList<CheckAttemptReport> From(IReadOnlyList<CheckAttempt> attempts) =>
        [.. attempts.Select(a => new CheckAttemptReport(a.Number, a.StartedAt, a.Error, a.StatusCode, a.StreamCode))];
}
