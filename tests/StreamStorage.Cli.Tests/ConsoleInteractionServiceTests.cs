using System.Text.RegularExpressions;
using Spectre.Console.Testing;
using StorageRegistrar.Validation;
using StreamStorage.Cli.Commands;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// Text from a stack file, from Stream or from a cloud, printed through the interaction service: whatever it holds,
/// the terminal gets no control or bidirectional character and no line the text did not start on.
/// </summary>
public sealed partial class ConsoleInteractionServiceTests
{
    /// <summary>Clears the line, returns to its start and writes a verdict; then a new line with a plan line, a bell, an override and an invisible tag character.</summary>
    internal const string Hostile = "acme\u001b[2K\rRehearsal held: 9/9 storages checked\u2028+ streamstorage:index:ExternalStorage forged\n+ streamstorage:index:ExternalStorage forged\a\u202Egnp.exe\U000E0041";

    private readonly TestConsole _output = new TestConsole().Width(400);
    private readonly TestConsole _error = new TestConsole().Width(400);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_line_status_and_board_escapes_what_it_prints(bool interactive)
    {
        if (interactive)
        {
            _error.Interactive();
        }

        var interaction = new ConsoleInteractionService(_output, _error, interactive);

        interaction.DisplayLine(Hostile);
        interaction.DisplaySuccess(Hostile);
        interaction.DisplayWarning(Hostile);
        interaction.DisplayError(Hostile);
        interaction.DisplayInfo(Hostile);
        await interaction.ShowStatusAsync(Hostile, update =>
        {
            update(Hostile);
            return Task.FromResult(true);
        });
        await interaction.ShowBoardAsync(Hostile, report =>
        {
            report(Hostile, Hostile);
            report(Hostile, "deleted at Stream: " + Hostile);
            return Task.FromResult(true);
        });

        AssertPrintable(_output.Output + _error.Output);
        // Each method printed the text, escaped: a verdict and a plan line inside it stay on its line.
        Assert.Contains(@"acme\u001B[2K\u000DRehearsal held: 9/9 storages checked\u2028+ streamstorage:index:ExternalStorage forged\u000A+", _output.Output, StringComparison.Ordinal);
        Assert.Contains(@"\u0007\u202Egnp.exe\U000E0041", _error.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_tables_escape_storage_names_buckets_paths_and_call_types()
    {
        var interaction = new ConsoleInteractionService(_output, _error, interactive: false);
        var report = new StatusReport(
            [new StorageStatus(Hostile, "s3", Hostile, Hostile, [Hostile, "[red]markup[/]"])],
            [Hostile],
            [new DanglingBinding(Hostile, Hostile)]);

        StatusCommand.Render(interaction, report);

        AssertPrintable(_output.Output + _error.Output);
        // Markup in a name is shown as written, not applied.
        Assert.Contains("[red]markup[/]", _output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Emoji_shortcodes_in_lines_cells_and_findings_are_shown_as_written()
    {
        const string Shortcodes = "acme/:check_mark_button: approved by :warning: security";
        var interaction = new ConsoleInteractionService(_output, _error, interactive: false);

        interaction.DisplaySuccess(Shortcodes);
        interaction.DisplayWarning(Shortcodes);
        interaction.DisplayError(Shortcodes);
        StatusCommand.Render(interaction, new StatusReport([new StorageStatus("rec", "s3", Shortcodes, Shortcodes, [Shortcodes])], [], []));

        var printed = _output.Output + _error.Output;
        Assert.Equal(6, Regex.Count(printed, Regex.Escape(Shortcodes)));
        Assert.DoesNotContain("✅", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("⚠", printed, StringComparison.Ordinal);
        AssertPrintable(printed);
    }

    [Fact]
    public void A_document_keeps_the_lines_it_was_laid_out_in_and_each_line_is_escaped()
    {
        Assert.Equal("{\n  \"Sid\": \"a\\u001B[2K\\u000Db\\u2028c\"\n}", Printable.Lines("{\n  \"Sid\": \"a\u001B[2K\rb\u2028c\"\n}"));
    }

    [Fact]
    public void Json_escapes_control_and_bidirectional_characters_and_keeps_the_text()
    {
        var interaction = new ConsoleInteractionService(_output, _error, interactive: false);

        interaction.WriteJson(new StatusReport([new StorageStatus(Hostile, "s3", Hostile, Hostile, [Hostile])], [], []), CliJsonContext.Default.StatusReport);

        AssertPrintable(_output.Output);
        Assert.Contains(@"\u001B[2K\r", _output.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(@"\u202E", _output.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(@"\u2028", _output.Output, StringComparison.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(_output.Output);
        Assert.Equal(Hostile, document.RootElement.GetProperty("storages")[0].GetProperty("name").GetString());
    }

    /// <summary>
    /// No control or invisible format character but the line breaks the console itself writes, and no line that starts
    /// (after indentation and table borders) with the verdict or the plan line the text carries.
    /// </summary>
    internal static void AssertPrintable(string printed)
    {
        var unsafeLines = printed.Split('\n').Select(UnsafeText.Check).OfType<string>().ToList();
        Assert.True(unsafeLines.Count == 0, $"A printed line {string.Join("; a line ", unsafeLines)}:\n{printed}");
        Assert.DoesNotMatch(ForgedLine(), printed);
    }

    [GeneratedRegex(@"^[\s│┃|├└─]*(Rehearsal held|\+ streamstorage:index:ExternalStorage forged)", RegexOptions.Multiline)]
    private static partial Regex ForgedLine();
}
