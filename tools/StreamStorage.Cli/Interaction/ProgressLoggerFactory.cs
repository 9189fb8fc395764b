using Microsoft.Extensions.Logging;

namespace StreamStorage.Cli.Interaction;

/// <summary>
/// Shows the registrar's progress messages (each check attempt and the wait before the next) as the
/// spinner's status. The registrar's messages carry names and timings, never credentials.
/// </summary>
internal sealed class ProgressLoggerFactory(Action<string> report) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new ProgressLogger(report);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ProgressLogger(Action<string> report) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                report(formatter(state, exception));
            }
        }
    }
}
