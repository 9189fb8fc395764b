namespace StorageRegistrar.Validation;

/// <summary>
/// One thing wrong with a declaration. <see cref="Field"/> is the declaration's camelCase path
/// (for example <c>awsS3.region</c>); <see cref="Message"/> says what is wrong and how to fix it,
/// and never repeats a secret value.
/// </summary>
public sealed record ValidationProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
