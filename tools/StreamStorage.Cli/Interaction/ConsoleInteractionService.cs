using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace StreamStorage.Cli.Interaction;

/// <summary>Writes through two consoles (out and error). Every dynamic string is escaped before it meets markup.</summary>
internal sealed class ConsoleInteractionService(IAnsiConsole output, IAnsiConsole error, bool interactive) : IInteractionService
{
    public async Task<T> ShowStatusAsync<T>(string status, Func<Action<string>, Task<T>> work)
    {
        if (!interactive)
        {
            error.WriteLine(status);
            return await work(update => error.WriteLine(update)).ConfigureAwait(false);
        }

        return await error.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape(status), context => work(update => context.Status(Markup.Escape(update))))
            .ConfigureAwait(false);
    }

    public async Task<T> ShowBoardAsync<T>(string title, Func<Action<string, string>, Task<T>> work)
    {
        if (!interactive)
        {
            error.WriteLine(title);
            var gate = new Lock();
            return await work((row, state) =>
            {
                lock (gate)
                {
                    error.WriteLine($"  {row}: {state}");
                }
            }).ConfigureAwait(false);
        }

        var table = new Table().Title(Markup.Escape(title)).AddColumns("Resource", "State");
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var tableGate = new Lock();
        return await error.Live(table).AutoClear(false).StartAsync(context => work((row, state) =>
        {
            lock (tableGate)
            {
                if (rows.TryGetValue(row, out var index))
                {
                    table.UpdateCell(index, 1, Markup.Escape(state));
                }
                else
                {
                    rows[row] = table.Rows.Count;
                    table.AddRow(Markup.Escape(row), Markup.Escape(state));
                }

                context.Refresh();
            }
        })).ConfigureAwait(false);
    }

    public void Display(IRenderable renderable) => output.Write(renderable);

    public void DisplayLine(string text) => output.WriteLine(text);

    public void DisplaySuccess(string text) => output.MarkupLine($"[green]{Markup.Escape(text)}[/]");

    public void DisplayError(string text) => error.MarkupLine($"[red]{Markup.Escape(text)}[/]");

    public void DisplayInfo(string text) => error.WriteLine(text);

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) =>
        output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
}
