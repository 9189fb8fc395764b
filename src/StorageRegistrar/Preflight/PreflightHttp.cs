using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Preflight;

/// <summary>
/// The HTTP client every preflight REST client reads through, and the one place that decides which failed reads are
/// tried again: throttling (429, and AWS's 400 with a throttling code), server errors, 408 and transport faults, with
/// jittered exponential backoff that honours Retry-After. Every preflight request only reads, so every method may repeat.
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
                retry.ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context.CancellationToken);
            });
        var resilience = new ResilienceHandler(pipeline) { InnerHandler = new ResponseBufferingHandler(new SocketsHttpHandler()) };
        // The deadlines live in the pipeline, bodies included.
        return new HttpClient(resilience, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return NoAnswer.Is(exception, cancellationToken);
        }

        var response = outcome.Result!;
        var status = response.StatusCode;
        if (status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500)
        {
            return true;
        }

        // The body is buffered below the pipeline, so reading it here leaves it for the read's own parsing.
        return status == HttpStatusCode.BadRequest && AwsRest.IsThrottling(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }
}
