namespace StorageRegistrar.Validation;

/// <summary>
/// A declaration that must not be sent to Stream. The message lists every problem, one per line,
/// so a single failed run shows everything there is to fix.
/// </summary>
public sealed class DeclarationValidationException : Exception
{
    public DeclarationValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(ValidationProblem.DescribeAll("The declaration", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ValidationProblem> Problems { get; }
}
