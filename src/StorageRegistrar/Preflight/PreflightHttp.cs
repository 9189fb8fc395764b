using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace StorageRegistrar.Preflight;

/// <summary>
/// The HTTP client every preflight REST client reads through, and the one place that decides which failed reads are
/// tried again: throttling (429), server errors, 408 and transport faults, with jittered exponential backoff that
/// honours Retry-After. Every preflight request only reads, so every method may repeat.
/// </summary>
public static class PreflightHttp
{
    /// <param name="transport">Sends the requests; null: a fresh <see cref="SocketsHttpHandler"/>.</param>
    public static HttpClient Create(PreflightReadOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken)),
            });
        }

        builder.AddTimeout(options.Timeout);
        var resilience = new ResilienceHandler(builder.Build()) { InnerHandler = transport ?? new SocketsHttpHandler() };
        // The deadlines live in the pipeline.
        return new HttpClient(resilience, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return !cancellationToken.IsCancellationRequested && exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var status = outcome.Result!.StatusCode;
        return status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;
    }
}
