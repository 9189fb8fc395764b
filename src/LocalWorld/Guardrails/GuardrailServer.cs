using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LocalWorld;

/// <summary>
/// What the cloud API stand-ins preflight reads have in common: a quiet server on loopback, the requests it answered in
/// the order they arrived, scripted faults that answer a path's or operation's next requests first, answers in the
/// API's content type, and a shutdown.
/// </summary>
/// <typeparam name="TRequest">How one answered request is recorded.</typeparam>
public abstract class GuardrailServer<TRequest> : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults;

    /// <param name="faultKeys">How the paths or operations faults are scripted under compare, as the cloud compares them.</param>
    private protected GuardrailServer(WebApplication app, Uri endpoint, StringComparer faultKeys)
    {
        _app = app;
        Endpoint = endpoint;
        _faults = new(faultKeys);
    }

    /// <summary>The root the API answers under, as the cloud's own host would be.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request in the order it arrived.</summary>
    public IReadOnlyList<TRequest> Requests => [.. _requests];

    /// <summary>The content type of every answer, as the cloud's API sends it.</summary>
    private protected abstract string ContentType { get; }

    /// <summary>Starts a server on a free loopback port; <paramref name="create"/> makes the stand-in that answers it.</summary>
    private protected static async Task<TServer> ListenAsync<TServer>(Func<WebApplication, Uri, TServer> create, CancellationToken cancellationToken)
        where TServer : GuardrailServer<TRequest>
    {
        TServer? server = null;
        var (app, endpoint) = await LoopbackApi.StartAsync(context => server!.AnswerAsync(context), cancellationToken).ConfigureAwait(false);
        server = create(app, endpoint);
        return server;
    }

    private protected abstract Task AnswerAsync(HttpContext context);

    private protected void Record(TRequest request) => _requests.Enqueue(request);

    /// <summary>The next request answered under <paramref name="key"/> gets this answer instead, after those scripted before it.</summary>
    private protected void EnqueueFault(string key, HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        _faults.GetOrAdd(key, _ => new()).Enqueue(new Fault(status, body, retryAfter));

    /// <summary>Answers with the next fault scripted under <paramref name="key"/>; false when none is left.</summary>
    private protected async Task<bool> AnswerFaultAsync(HttpContext context, string key)
    {
        if (!_faults.TryGetValue(key, out var faults) || !faults.TryDequeue(out var fault))
        {
            return false;
        }

        if (fault.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        await WriteAsync(context, fault.Status, fault.Body).ConfigureAwait(false);
        return true;
    }

    private protected async Task WriteAsync(HttpContext context, HttpStatusCode status, string body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private sealed record Fault(HttpStatusCode Status, string Body, TimeSpan? RetryAfter);
}
