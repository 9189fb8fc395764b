using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace StreamStorage.Cli.Interaction;

/// <summary>
/// Writes through two consoles (out and error). Every string is made <see cref="Printable"/> here, and escaped
/// and shown as plain text; renderables are built by the commands from <see cref="Printable.Cell"/> cells.
/// </summary>
internal sealed class ConsoleInteractionService(IAnsiConsole output, IAnsiConsole error, bool interactive) : IInteractionService
{
    public async Task<T> ShowStatusAsync<T>(string status, Func<Action<string>, Task<T>> work)
    {
        if (!interactive)
        {
            error.WriteLine(Printable.Text(status));
            return await work(update => error.WriteLine(Printable.Text(update))).ConfigureAwait(false);
        }

        return await error.Status()
            .Spinner(Spinner.Known.Dots)
            // Progress lines carry Stream's and the clouds' words: printed as plain text above the spinner, never as its markup.
            .StartAsync(Printable.Markup(status), _ => work(update => error.WriteLine(Printable.Text(update))))
            .ConfigureAwait(false);
    }

    public async Task<T> ShowBoardAsync<T>(string title, Func<Action<string, string>, Task<T>> work)
    {
        if (!interactive)
        {
            error.WriteLine(Printable.Text(title));
            var gate = new Lock();
            return await work((row, state) =>
            {
                lock (gate)
                {
                    error.WriteLine($"  {Printable.Text(row)}: {Printable.Text(state)}");
                }
            }).ConfigureAwait(false);
        }

        var table = new Table().Title(Printable.Markup(title)).AddColumns("Resource", "State");
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var tableGate = new Lock();
        return await error.Live(table).AutoClear(false).StartAsync(context => work((row, state) =>
        {
            lock (tableGate)
            {
                if (rows.TryGetValue(row, out var index))
                {
                    table.UpdateCell(index, 1, Printable.Cell(state));
                }
                else
                {
                    rows[row] = table.Rows.Count;
                    table.AddRow(Printable.Cell(row), Printable.Cell(state));
                }

                context.Refresh();
            }
        })).ConfigureAwait(false);
    }

    public void Display(IRenderable renderable) => output.Write(renderable);

    public void DisplayLine(string text) => output.WriteLine(Printable.Text(text));

    public void DisplaySuccess(string text) => output.WriteLine(Printable.Text(text), new Style(Color.Green));

    public void DisplayWarning(string text) => output.WriteLine(Printable.Text(text), new Style(Color.Yellow));

    public void DisplayError(string text) => error.WriteLine(Printable.Text(text), new Style(Color.Red));

    public void DisplayInfo(string text) => error.WriteLine(Printable.Text(text));

    /// <summary>The serializer's default encoder writes every control and non-ASCII character as a \u escape.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) =>
        output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
}
