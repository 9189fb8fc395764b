using StorageRegistrar.Validation;

namespace StreamStorage.Cli.Reports;

/// <summary>
/// What a command run with <c>--json</c> prints when it stops before its own document: the exit code, the message standard
/// error shows, and for a refused stack or declaration every problem on its key path, for a pipeline to annotate each.
/// </summary>
internal sealed record FailureReport(int ExitCode, string Error, IReadOnlyList<ValidationProblem> Problems);
