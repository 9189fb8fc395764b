using System.Text.RegularExpressions;

namespace LocalWorld;

/// <summary>How to start an emulator process and how to recognise that it is ready.</summary>
public sealed class EmulatorProcessOptions
{
    /// <param name="fileName">The executable, for example <c>node</c> or <c>dotnet</c>; looked up on PATH.</param>
    /// <param name="isReadyLine">True for the stdout line that says the server accepts requests.</param>
    public EmulatorProcessOptions(string fileName, Func<string, bool> isReadyLine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(isReadyLine);
        FileName = fileName;
        IsReadyLine = isReadyLine;
        DisplayName = Path.GetFileName(fileName);
    }

    /// <param name="fileName">The executable, for example <c>node</c> or <c>dotnet</c>; looked up on PATH.</param>
    /// <param name="readyLine">Matches the stdout line that says the server accepts requests.</param>
    public EmulatorProcessOptions(string fileName, Regex readyLine)
        : this(fileName, (readyLine ?? throw new ArgumentNullException(nameof(readyLine))).IsMatch)
    {
    }

    public string FileName { get; }

    public Func<string, bool> IsReadyLine { get; }

    public IList<string> Arguments { get; } = [];

    /// <summary>Variables added to (or, with a null value, removed from) the inherited environment.</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    public string? WorkingDirectory { get; init; }

    /// <summary>Names the process in error messages.</summary>
    public string DisplayName { get; init; }

    /// <summary>Upper bound for the ready line to appear, on top of the caller's cancellation token.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Appended to startup errors, e.g. how to install what the process needs.</summary>
    public string? StartupFailureHint { get; init; }

    /// <summary>
    /// The process shuts down cleanly when its stdin closes; disposal then closes stdin and waits
    /// <see cref="ShutdownGracePeriod"/> before killing the process tree.
    /// </summary>
    public bool StopsWhenStandardInputCloses { get; init; }

    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
