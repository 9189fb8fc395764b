using StorageRegistrar.Validation;

namespace StackPlanning;

/// <summary>
/// Text from the input made safe to print: control and bidirectional-formatting characters (which a terminal
/// would act on, or which reorder what is shown) written as <c>\uXXXX</c> (<c>\UXXXXXXXX</c> above U+FFFF), and long values shortened.
/// </summary>
public static class TerminalText
{
    /// <summary>How many characters of a value a message repeats: enough to recognise it.</summary>
    public const int EchoLength = 40;

    /// <summary><paramref name="text"/> with every character a terminal would act on, or that hides text, written as <c>\uXXXX</c> or <c>\UXXXXXXXX</c> (<see cref="UnsafeText"/>).</summary>
    public static string Escape(string text) => UnsafeText.Escape(text);

    /// <summary><see cref="Escape"/> line by line: a message of several lines keeps its line breaks.</summary>
    public static string EscapeLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(Environment.NewLine, text.Split(Environment.NewLine).Select(Escape));
    }

    /// <summary>The start of <paramref name="value"/> (at most <see cref="EchoLength"/> characters, then "…"), escaped.</summary>
    public static string Shorten(string value) => Escape(Clip(value));

    /// <summary>
    /// The start of <paramref name="value"/> as <see cref="Shorten"/> cuts it, not escaped: for a problem's key path,
    /// which <see cref="ValidationProblem.DescribeAll"/> escapes where it is printed.
    /// </summary>
    public static string Clip(string value) => UnsafeText.Clip(value, EchoLength);
}
