using System.Buffers;
using System.Globalization;
using System.Text;

namespace StorageRegistrar.Validation;

/// <summary>
/// Characters that have no place in a name, identifier or path and can rewrite what a terminal shows:
/// control characters (ESC, BEL, CR, newline...), invisible format characters such as the bidirectional
/// overrides (U+202E), zero-width joiners and the tag characters (U+E0000–U+E007F, which spell invisible text),
/// the line and paragraph separators (U+2028, U+2029), the characters that show as nothing or as a blank though they
/// are neither (see <see cref="IsInvisible"/>), and a surrogate without its other half, which is no character at all.
/// </summary>
public static class UnsafeText
{
    /// <summary>The start of <paramref name="value"/>, at most <paramref name="length"/> characters then "…"; a surrogate pair is not cut in half.</summary>
    public static string Clip(string value, int length)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= length ? value : value[..(char.IsHighSurrogate(value[length - 1]) ? length - 1 : length)] + "…";
    }

    public static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || IsInvisible(rune.Value);

    /// <summary>
    /// Characters a reviewer cannot see, or cannot tell from a plain space, outside the format category: the spaces other than
    /// U+0020 (no-break, em, ideographic...), Unicode's other default-ignorable code points (the combining grapheme joiner,
    /// the Hangul fillers, the Khmer and Mongolian invisibles, the variation selectors, the reserved U+FFF0–U+FFF8 and
    /// U+E0000–U+E0FFF), and the braille blank.
    /// </summary>
    private static bool IsInvisible(int codePoint) =>
        (codePoint != ' ' && Rune.GetUnicodeCategory(new Rune(codePoint)) == UnicodeCategory.SpaceSeparator)
        || codePoint is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x2800 or 0x3164
            or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0xE0000 and <= 0xE0FFF);

    /// <summary>What is wrong with <paramref name="value"/>, naming the first unsafe character by its code point, or null when it has none.</summary>
    public static string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = IndexOfUnsafe(value, out _);
        if (index < 0)
        {
            return null;
        }

        // The position counts characters, as the reader sees them, not UTF-16 units.
        var position = 1;
        foreach (var _ in value.AsSpan(0, index).EnumerateRunes())
        {
            position++;
        }

        return Rune.TryGetRuneAt(value, index, out var rune)
            ? $"contains U+{rune.Value:X4} at position {position}, one of the control characters or invisible characters (a newline, an escape, a bidirectional override, a no-break space...) that have no place here: remove it."
            : $"contains U+{(int)value[index]:X4} at position {position}, half of a surrogate pair without its other half, which is no character: remove it.";
    }

    /// <summary>
    /// <paramref name="value"/> fit to print: each unsafe character as <c>\u</c> and its code point (<c>\U</c> and
    /// eight digits above U+FFFF), so nothing read from input can move the cursor, clear a line, reorder what follows
    /// it or hide text in it.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var rest = value.AsSpan();
        var index = IndexOfUnsafe(rest, out var length);
        if (index < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        while (index >= 0)
        {
            builder.Append(rest[..index]);
            if (length == 2)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\U{char.ConvertToUtf32(rest[index], rest[index + 1]):X8}");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)rest[index]:X4}");
            }

            rest = rest[(index + length)..];
            index = IndexOfUnsafe(rest, out length);
        }

        return builder.Append(rest).ToString();
    }

    /// <summary>Where the first unsafe character of <paramref name="text"/> starts and how many UTF-16 units it takes (1 or 2), or -1.</summary>
    private static int IndexOfUnsafe(ReadOnlySpan<char> text, out int length)
    {
        var offset = 0;
        while (true)
        {
            var found = text[offset..].IndexOfAny(UnsafeOrSurrogate);
            if (found < 0)
            {
                length = 0;
                return -1;
            }

            var index = offset + found;
            if (!char.IsSurrogate(text[index]))
            {
                length = 1;
                return index;
            }

            // A surrogate pair is one character above U+FFFF, unsafe by its category; a lone surrogate always is.
            if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != OperationStatus.Done || IsUnsafe(rune))
            {
                length = consumed;
                return index;
            }

            offset = index + consumed;
        }
    }

    /// <summary>The unsafe characters below U+10000, and the surrogates, whose pairs are looked at one by one.</summary>
    private static readonly SearchValues<char> UnsafeOrSurrogate = SearchValues.Create(
        [.. Enumerable.Range(char.MinValue, char.MaxValue + 1).Select(i => (char)i).Where(c => char.IsSurrogate(c) || IsUnsafe(new Rune(c)))]);
}
