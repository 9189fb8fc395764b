using System.Text.Json.Serialization.Metadata;
using Spectre.Console.Rendering;

namespace StreamStorage.Cli.Interaction;

/// <summary>
/// All output of the commands: results to standard output, progress and errors to standard error, so
/// that <c>--json</c> output stays parseable. Every string is printed <see cref="Printable"/>: it may come from a stack
/// file, from Stream or from a cloud, and is one line whatever it holds.
/// </summary>
internal interface IInteractionService
{
    /// <summary>
    /// Runs <paramref name="work"/> under a spinner when a person is watching; otherwise each status
    /// update is written as a line to standard error. The callback updates the status.
    /// </summary>
    Task<T> ShowStatusAsync<T>(string status, Func<Action<string>, Task<T>> work);

    /// <summary>
    /// Runs <paramref name="work"/> while a board of rows (a resource and its latest state) is shown: a live
    /// table when a person is watching, otherwise a line per update on standard error. The callback
    /// reports a row's state.
    /// </summary>
    Task<T> ShowBoardAsync<T>(string title, Func<Action<string, string>, Task<T>> work);

    /// <summary>A table or tree whose cells the command made with <see cref="Printable.Cell"/>.</summary>
    void Display(IRenderable renderable);

    void DisplayLine(string text);

    void DisplaySuccess(string text);

    /// <summary>Something allowed but risky, with its fix, on standard output beside the result it belongs to.</summary>
    void DisplayWarning(string text);

    void DisplayError(string text);

    /// <summary>A progress or information line on standard error, which keeps standard output for results.</summary>
    void DisplayInfo(string text);

    void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo);
}
