using System.Text.Json.Serialization.Metadata;
using Spectre.Console.Rendering;

namespace StreamStorage.Cli.Interaction;

/// <summary>
/// All output of the commands: results to standard output, progress and errors to standard error, so
/// that <c>--json</c> output stays parseable.
/// </summary>
internal interface IInteractionService
{
    /// <summary>
    /// Runs <paramref name="work"/> under a spinner when a person is watching; otherwise each status
    /// update is written as a line to standard error. The callback updates the status.
    /// </summary>
    Task<T> ShowStatusAsync<T>(string status, Func<Action<string>, Task<T>> work);

    void Display(IRenderable renderable);

    void DisplayLine(string text);

    void DisplaySuccess(string text);

    void DisplayError(string text);

    void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo);
}
