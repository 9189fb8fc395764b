namespace StorageRegistrar.Validation;

/// <summary>
/// One thing wrong with a declaration. <see cref="Field"/> is the declaration's camelCase path
/// (for example <c>awsS3.region</c>); <see cref="Message"/> says what is wrong and how to fix it,
/// and never repeats a secret value.
/// </summary>
public sealed record ValidationProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";

    /// <summary>How many problems <see cref="DescribeAll"/> lists: enough to fix in one go, few enough to read.</summary>
    public const int MaxListed = 50;

    /// <summary>
    /// "<paramref name="subject"/> is invalid (N problems):" followed by each problem on its own indented line, the first
    /// <see cref="MaxListed"/> of them and then how many more (input can make as many as it likes). A problem
    /// may quote what it refuses (an unknown key, a value): it is <see cref="UnsafeText.Escape"/>d, so the message's lines
    /// are exactly its headline and its problems.
    /// </summary>
    public static string DescribeAll(string subject, IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            return $"{subject} is invalid.";
        }

        var unlisted = problems.Count - MaxListed;
        return $"{subject} is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
            + string.Concat(problems.Take(MaxListed).Select(p => Environment.NewLine + "  " + UnsafeText.Escape(p.ToString())))
            + (unlisted > 0 ? $"{Environment.NewLine}  ... and {unlisted} more" : "");
    }
}
