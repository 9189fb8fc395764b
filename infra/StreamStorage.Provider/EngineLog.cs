using Microsoft.Extensions.Logging;
using Pulumi.Experimental;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Validation;

namespace StreamStorage.Provider;

/// <summary>
/// What the registrar and Stream's client log, sent to the engine: the registrar's warnings and errors show in
/// <c>pulumi up</c>, the rest (each call to Stream and its answer, each retry) with <c>--debug</c>. A log written while
/// the provider works on a resource (<see cref="About"/>) shows under that resource, with the values the program made
/// secret there masked.
/// </summary>
internal sealed class EngineLog : ILoggerProvider
{
    private readonly IEngine _engine;
    private readonly TimeSpan _deliveryWait;
    private readonly AsyncLocal<Resource?> _resource = new();
    private readonly Lock _sending = new();

    // ILogger.Log cannot wait for the engine: each message is sent once the one before is taken or its wait is over, and
    // a resource's operation waits, as long as one message may, for those logged before it ends: an engine that takes
    // them has them in order and before the outcome.
    private Task _sent = Task.CompletedTask;

    public EngineLog(IEngine engine)
        : this(engine, TimeSpan.FromSeconds(5))
    {
    }

    /// <param name="deliveryWait">
    /// How long a message, and an operation for the messages before it, waits for the engine: a log the engine does not
    /// take holds neither the messages after it nor the resource's operation for longer.
    /// </param>
    public EngineLog(IEngine engine, TimeSpan deliveryWait)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _deliveryWait = deliveryWait;
        Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(this));
    }

    /// <summary>The factory the registrar and Stream's client log through.</summary>
    public ILoggerFactory Factory { get; }

    /// <summary>
    /// Logs are about <paramref name="urn"/>, with <paramref name="hidden"/> masked, until the result is disposed,
    /// which waits until the engine has them.
    /// </summary>
    public IAsyncDisposable About(global::Pulumi.Urn urn, IReadOnlyCollection<string> hidden)
    {
        var outer = _resource.Value;
        _resource.Value = new Resource(urn, hidden);
        return new Scope(this, outer);
    }

    // Stream's client logs every refusal, those the registrar goes on from too (a 404 while Stream's list catches up):
    // detail, where the registrar's own warnings say what came of them.
    public ILogger CreateLogger(string categoryName) => new Logger(this, detailOnly: categoryName != typeof(ExternalStorageRegistrar).FullName);

    // The factory holds this provider and disposes it; there is nothing of its own to release.
    public void Dispose()
    {
    }

    private static LogSeverity SeverityOf(LogLevel level, bool detailOnly) => detailOnly ? LogSeverity.Debug : level switch
    {
        LogLevel.Critical or LogLevel.Error => LogSeverity.Error,
        LogLevel.Warning => LogSeverity.Warning,
        _ => LogSeverity.Debug,
    };

    private void Send(LogLevel level, bool detailOnly, string message)
    {
        // Names in the registrar's messages come from Stream and the stack: escaped, as everything else the provider says.
        var resource = _resource.Value;
        var shown = UnsafeText.Escape(resource is null ? message : ResourceOperationException.Masked(message, resource.Hidden));
        var request = new LogRequest(SeverityOf(level, detailOnly), shown, resource?.Urn);
        lock (_sending)
        {
            _sent = _sent.ContinueWith(_ => _engine.LogAsync(request).WaitAsync(_deliveryWait), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private Task Sent()
    {
        lock (_sending)
        {
            return _sent.WaitAsync(_deliveryWait);
        }
    }

    private sealed class Logger(EngineLog log, bool detailOnly) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // The message alone: where an exception matters, the registrar words it into the message.
                log.Send(logLevel, detailOnly, formatter(state, null));
            }
        }
    }

    /// <summary>The resource an operation is about, and the values the program made secret in it.</summary>
    private sealed record Resource(global::Pulumi.Urn Urn, IReadOnlyCollection<string> Hidden);

    private sealed class Scope(EngineLog log, Resource? outer) : IAsyncDisposable
    {
        // Not async itself, so that the resource it restores holds in the caller's flow.
        public ValueTask DisposeAsync()
        {
            log._resource.Value = outer;
            return DeliveredAsync(log.Sent());
        }

        // A message the engine did not take, or not in time, is not a reason to fail the resource's operation.
        private static async ValueTask DeliveredAsync(Task sent) => await sent.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
