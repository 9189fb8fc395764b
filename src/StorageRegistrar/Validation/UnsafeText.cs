using System.Globalization;

namespace StorageRegistrar.Validation;

/// <summary>
/// Characters that have no place in a name, identifier or path and can rewrite what a terminal shows:
/// control characters (ESC, BEL, CR, newline...), invisible format characters such as the bidirectional
/// overrides (U+202E) and zero-width joiners, and the line and paragraph separators (U+2028, U+2029).
/// </summary>
public static class UnsafeText
{
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>What is wrong with <paramref name="value"/>, naming the first unsafe character by its code point, or null when it has none.</summary>
    public static string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = value.AsSpan().IndexOfAny(UnsafeCharacters);
        return index < 0
            ? null
            : $"contains U+{(int)value[index]:X4} at position {index + 1}, one of the control characters or invisible format characters (a newline, an escape, a bidirectional override...) that have no place here: remove it.";
    }

    /// <summary>
    /// <paramref name="value"/> fit to print: each unsafe character as <c>\u</c> and its code point, so
    /// nothing read from input can move the cursor, clear a line or reorder what follows it.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(UnsafeCharacters) < 0)
        {
            return value;
        }

        var builder = new System.Text.StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (IsUnsafe(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> UnsafeCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(char.MinValue, char.MaxValue + 1).Select(i => (char)i).Where(IsUnsafe)]);
}
