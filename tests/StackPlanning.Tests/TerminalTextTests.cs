using StorageRegistrar.Validation;

namespace StackPlanning.Tests;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text: kept", "plain text: kept")]
    [InlineData("\u001B]0;owned\u0007", "\\u001B]0;owned\\u0007")]
    [InlineData("line\nbreak\ttab", "line\\u000Abreak\\u0009tab")]
    [InlineData("\u202Egnp.exe", "\\u202Egnp.exe")]
    [InlineData("\u009B31m", "\\u009B31m")]
    [InlineData("calls/\U000E0041/", "calls/\\U000E0041/")]
    [InlineData("\U000E0041\U000E007F", "\\U000E0041\\U000E007F")]
    [InlineData("emoji \U0001F600 kept", "emoji \U0001F600 kept")]
    public void Characters_a_terminal_acts_on_are_written_as_escapes(string text, string expected)
    {
        Assert.Equal(expected, TerminalText.Escape(text));
    }

    [Theory]
    [InlineData(0x00A0)]
    [InlineData(0x2003)]
    [InlineData(0x3000)]
    [InlineData(0x034F)]
    [InlineData(0x115F)]
    [InlineData(0x3164)]
    [InlineData(0xFFA0)]
    [InlineData(0x17B4)]
    [InlineData(0x180B)]
    [InlineData(0xFE0F)]
    [InlineData(0xE0100)]
    [InlineData(0x2800)]
    public void Characters_that_show_as_nothing_or_as_a_blank_are_written_as_escapes_and_refused(int codePoint)
    {
        var invisible = char.ConvertFromUtf32(codePoint);
        var escaped = codePoint > 0xFFFF ? $"\\U{codePoint:X8}" : $"\\u{codePoint:X4}";

        Assert.Equal($"ca{escaped}ll/", TerminalText.Escape($"ca{invisible}ll/"));
        Assert.StartsWith($"contains U+{codePoint:X4} at position 3", UnsafeText.Check($"ca{invisible}ll/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team video")]
    [InlineData("équipe-vidéo")]
    [InlineData("録画チーム")]
    [InlineData("녹화")]
    public void Letters_of_any_script_and_the_plain_space_are_kept(string text)
    {
        Assert.Equal(text, TerminalText.Escape(text));
        Assert.Null(UnsafeText.Check(text));
    }

    /// <summary>In code, not in test data, which would not carry half a surrogate pair through to the test intact.</summary>
    [Fact]
    public void Half_a_surrogate_pair_is_written_as_an_escape()
    {
        Assert.Equal("half \\uD83D of a pair", TerminalText.Escape("half \uD83D of a pair"));
        Assert.Equal("ends with half \\uD83D", TerminalText.Escape("ends with half \uD83D"));
        Assert.Equal("\\uDE00 second half first", TerminalText.Escape("\uDE00 second half first"));
        Assert.Equal("reversed \\uDE00\\uD83D pair", TerminalText.Escape("reversed \uDE00\uD83D pair"));
        Assert.Equal("\\uD83D\U0001F600", TerminalText.Escape("\uD83D\U0001F600"));
    }

    [Fact]
    public void A_long_value_is_shortened_to_its_start()
    {
        Assert.Equal(new string('x', TerminalText.EchoLength) + "…", TerminalText.Shorten(new string('x', 20_000_000)));
        Assert.Equal("short", TerminalText.Shorten("short"));
    }

    [Fact]
    public void Shortening_neither_splits_a_character_nor_keeps_a_control_character()
    {
        var emoji = new string('x', TerminalText.EchoLength - 1) + "😀" + "tail";

        Assert.Equal(new string('x', TerminalText.EchoLength - 1) + "…", TerminalText.Shorten(emoji));
        Assert.Equal("\\u001B" + new string('x', TerminalText.EchoLength - 1) + "…", TerminalText.Shorten("\u001B" + new string('x', 100)));
    }

    [Fact]
    public void A_message_of_several_lines_keeps_its_line_breaks_and_nothing_else()
    {
        var message = $"invalid:{Environment.NewLine}  region: \"\u001B[2J\"";

        Assert.Equal($"invalid:{Environment.NewLine}  region: \"\\u001B[2J\"", TerminalText.EscapeLines(message));
    }
}
