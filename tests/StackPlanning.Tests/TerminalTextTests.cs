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
