using System.Collections.Concurrent;
using System.Net;
using System.Text;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// A transport that answers from a script, one step per request, and records every request as it
/// arrived on the wire (headers and body included).
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new();
    private readonly ConcurrentQueue<RecordedHttpRequest> _requests = new();

    public IReadOnlyList<RecordedHttpRequest> Requests => [.. _requests];

    /// <summary>A Stream client that sends through this script (nothing reaches the network), with retry delays of milliseconds.</summary>
    public StreamClient CreateClient(string apiKey, string apiSecret, Action<StreamClientOptions>? configure = null)
    {
        var options = new StreamClientOptions
        {
            ApiKey = apiKey,
            ApiSecret = new SecretString(apiSecret),
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            Transport = this,
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return new StreamClient(options);
    }

    public ScriptedHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        _steps.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public ScriptedHandler Fail(Exception exception)
    {
        _steps.Enqueue(_ => throw exception);
        return this;
    }

    /// <summary>Throws what <paramref name="failure"/> makes when the request arrives, after any side effect it has.</summary>
    public ScriptedHandler Fail(Func<Exception> failure)
    {
        _steps.Enqueue(_ => throw failure());
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedHttpRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.ToString(),
            body));
        if (!_steps.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"The script has no answer for request #{_requests.Count}: {request.Method} {request.RequestUri}");
        }

        var response = step(request);
        response.RequestMessage = request;
        return response;
    }
}

public sealed record RecordedHttpRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string? Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"header {name} not sent");
}
