using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Preflight;

/// <summary>
/// The HTTP client every preflight REST client reads through, and the one place that decides which failed reads are
/// tried again: throttling (429), server errors, 408 and transport faults, with jittered exponential backoff that
/// honours Retry-After. Every preflight request only reads, so every method may repeat.
/// </summary>
public static class PreflightHttp
{
    public static HttpClient Create(PreflightReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipeline = BackoffPipeline.Build(
            options.TimeProvider, options.TotalTimeout, options.Timeout, options.MaxRetries, options.Delay, options.MaxDelay,
            retry =>
            {
                retry.ShouldRetryAfterHeader = true;
                retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken));
            });
        var resilience = new ResilienceHandler(pipeline) { InnerHandler = new ResponseBufferingHandler(new SocketsHttpHandler()) };
        // The deadlines live in the pipeline, bodies included.
        return new HttpClient(resilience, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return NoAnswer.Is(exception, cancellationToken);
        }

        var status = outcome.Result!.StatusCode;
        return status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;
    }
}
