namespace StreamStorage.Cli.Tests;

/// <summary>What a command wrote, compared without depending on where the console's width broke its lines.</summary>
internal static class ConsoleText
{
    /// <summary><paramref name="text"/> as one line: every run of spaces and line breaks becomes one space.</summary>
    public static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
