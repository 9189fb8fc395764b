using StorageRegistrar.Validation;

namespace StreamStorage.Cli.Reports;

/// <summary>
/// What a command run with <c>--json</c> prints when it stops before its own document: the exit code, the message standard
/// error shows, and for a refused stack or declaration its problems on their key paths, for a pipeline to annotate each.
/// </summary>
/// <param name="Problems">The first <see cref="ValidationProblem.MaxListed"/> problems, as standard error lists them.</param>
/// <param name="ProblemCount">How many problems there are in all.</param>
internal sealed record FailureReport(int ExitCode, string Error, IReadOnlyList<ValidationProblem> Problems, int ProblemCount)
{
    /// <summary>
    /// The report of <paramref name="problems"/> as standard error lists them: a key path and a message may quote the
    /// input, escaped here as there (a pipeline printing them raw must not hand a terminal its escapes), and input can
    /// make as many problems as it likes.
    /// </summary>
    public static FailureReport Of(int exitCode, string error, IReadOnlyList<ValidationProblem> problems) => new(
        exitCode,
        error,
        [.. problems.Take(ValidationProblem.MaxListed).Select(p => new ValidationProblem(UnsafeText.Escape(p.Field), UnsafeText.Escape(p.Message)))],
        problems.Count);
}
