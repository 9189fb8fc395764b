using StorageRegistrar.Validation;

namespace StreamStorage.Cli.Interaction;

/// <summary>
/// Text fit for the terminal. Names, paths, keys and messages come from a stack file, from Stream or from a
/// cloud: each control and invisible format character is shown as its code point (<see cref="UnsafeText.Escape"/>),
/// so that no such text can move the cursor, clear or add a line, or reorder what follows it.
/// </summary>
internal static class Printable
{
    /// <summary>One line of plain text: line breaks inside it are escaped too, so it cannot forge a line of its own.</summary>
    public static string Text(string text) => UnsafeText.Escape(text);

    /// <summary>
    /// A cell or node of a table or tree, as plain text: markup would also turn a <c>:name:</c> in it into an emoji, which
    /// no escape prevents.
    /// </summary>
    public static Spectre.Console.Text Cell(string text) => new(UnsafeText.Escape(text));

    /// <summary>
    /// Where Spectre takes only markup (a spinner's status, a table's title): brackets escaped, but a <c>:name:</c> may still
    /// show as an emoji, so only the tool's own words and the names of storages Stream holds go there.
    /// </summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(UnsafeText.Escape(text));

    /// <summary>A block our own code laid out in lines (a grant document): each line escaped, its line breaks kept.</summary>
    public static string Lines(string text) => string.Join('\n', text.Split('\n').Select(UnsafeText.Escape));
}
