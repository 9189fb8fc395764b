namespace StorageRegistrar.Validation;

/// <summary>Every problem found in one declaration; valid when there are none.</summary>
public sealed class ValidationResult
{
    public static ValidationResult Valid { get; } = new([]);

    public ValidationResult(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems;
    }

    public bool IsValid => Problems.Count == 0;

    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <exception cref="DeclarationValidationException">When there is at least one problem.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new DeclarationValidationException(Problems);
        }
    }
}
