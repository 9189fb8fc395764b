using System.Text.RegularExpressions;

namespace StackPlanning;

/// <summary>Pulumi's rule for stack and project names, which the program puts into cloud resource names.</summary>
public static partial class PulumiNames
{
    /// <summary>The characters and length Pulumi allows a stack or project name.</summary>
    public const string Rule = "1 to 100 letters, digits, '-', '_' or '.'";

    public static bool IsValid(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
