using StorageRegistrar.Validation;

namespace StackPlanning;

/// <summary>
/// A stack configuration that must not be deployed. The message lists every problem, one per line,
/// each naming its configuration key and the fix, so one failed preview shows everything to change.
/// </summary>
public sealed class StackConfigException : Exception
{
    public StackConfigException(IReadOnlyList<ValidationProblem> problems)
        : base(ValidationProblem.DescribeAll("The stack configuration", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem of <paramref name="subject"/>, a file other than the stack's (e.g. "The guardrails file x.yaml").</summary>
    public StackConfigException(string subject, IReadOnlyList<ValidationProblem> problems)
        : base(ValidationProblem.DescribeAll(subject, problems))
    {
        Problems = problems;
    }

    public StackConfigException()
        : this([])
    {
    }

    public StackConfigException(string message)
        : base(message)
    {
        Problems = [];
    }

    private StackConfigException(string message, ValidationProblem? problem, Exception? innerException)
        : base(message, innerException)
    {
        Problems = problem is null ? [] : [problem];
    }

    /// <summary>
    /// The file <paramref name="shownFile"/> (as a terminal may show it) refused for one key path's <paramref name="problem"/>,
    /// which is then its one problem, for a pipeline to annotate; a refusal at the file's top level names no key.
    /// </summary>
    internal static StackConfigException AtKey(string shownFile, KeyPath keyPath, string problem, Exception? innerException = null) =>
        new($"{shownFile}: {keyPath} {problem}", keyPath.IsTop ? null : new ValidationProblem(keyPath.ToString(), problem), innerException);

    public StackConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<ValidationProblem> Problems { get; }
}
