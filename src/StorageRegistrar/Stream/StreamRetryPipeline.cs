using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Stream;

/// <summary>
/// The one place that decides which failed Stream calls are tried again, and how long to wait, within the
/// <see cref="BackoffPipeline"/> every retried call of the registrar runs in.
/// </summary>
internal static partial class StreamRetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(StreamClientOptions options, ILogger logger)
    {
        var retry = options.Retry;
        return BackoffPipeline.Build(
            options.TimeProvider, retry.TotalTimeout, options.Timeout, retry.MaxRetries, retry.Delay, retry.MaxDelay,
            strategy =>
            {
                // Stream's own wait hints are read by DelayGenerator, which also understands X-RateLimit-Reset.
                strategy.ShouldRetryAfterHeader = false;
                strategy.ShouldHandle = ShouldRetryAsync;
                strategy.DelayGenerator = args => ValueTask.FromResult(RequestedWait(args, options.TimeProvider, retry.MaxDelay));
                strategy.OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    if (request is not null && !(args.Outcome.Exception is { } failure && NoAnswer.BeforeSending(failure, request)))
                    {
                        request.Options.Set(MayHaveReachedStream, true);
                    }

                    LogRetry(
                        logger,
                        request?.Method.Method ?? "?",
                        request?.RequestUri?.AbsolutePath ?? "?",
                        args.AttemptNumber + 1,
                        args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?",
                        args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                };
            });
    }

    /// <summary>
    /// Set to false on a request whose every call leaves something behind although its method is GET: Stream's
    /// check uploads a new file each time, and only the caller sees the file of the attempt that answered.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("StreamStorage.Repeatable");

    /// <summary>
    /// Set on a request once an attempt that was tried again may have reached Stream: anything but a failure before the
    /// request was sent (<see cref="NoAnswer.BeforeSending"/>). The last attempt's failure alone does not say whether an
    /// earlier one was carried out.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> MayHaveReachedStream = new("StreamStorage.MayHaveReachedStream");

    /// <summary>
    /// Requests whose repetition changes nothing (GET, PUT, DELETE, unless marked <see cref="Repeatable"/> false) are
    /// retried on 429 and on what may hide a write that happened (server errors, 408, transport faults). Any other is
    /// retried only when it did nothing: on a 429 of Stream's rate limiter (its code 9), which refuses a request before
    /// doing anything (a 429 from elsewhere cannot be said to have done nothing), and on a failure before it was sent
    /// (<see cref="NoAnswer.BeforeSending"/>). A body that says <c>unrecoverable</c> is never retried.
    /// </summary>
    private static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var request = args.Context.GetRequestMessage();
        var repeatable = IsRepeatable(request);
        if (args.Outcome.Exception is { } exception)
        {
            return NoAnswer.Is(exception, args.Context.CancellationToken)
                && (repeatable || (request is not null && NoAnswer.BeforeSending(exception, request)));
        }

        var response = args.Outcome.Result!;
        var status = (int)response.StatusCode;
        if (response.StatusCode != HttpStatusCode.TooManyRequests && !(repeatable && StreamApiException.StatusMayHideAWrite(status)))
        {
            return false;
        }

        var error = await ReadErrorAsync(response, args.Context.CancellationToken).ConfigureAwait(false);
        return error?.Unrecoverable != true
            && (repeatable || !StreamApiException.AnswerMayHideAWrite(status, error?.Code));
    }

    private static bool IsRepeatable(HttpRequestMessage? request)
    {
        if (request is null || (request.Options.TryGetValue(Repeatable, out var marked) && !marked))
        {
            return false;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head;
    }

    private static async ValueTask<StreamErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Buffered so that the caller can still read the body of the last answer.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return StreamErrorBody.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    private static TimeSpan? RequestedWait(RetryDelayGeneratorArguments<HttpResponseMessage> args, TimeProvider timeProvider, TimeSpan maxDelay) =>
        args.Outcome.Result is { } response ? RateLimitHeaders.RequestedWait(response, timeProvider.GetUtcNow(), maxDelay) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Method} {Path}: attempt {Attempt} failed ({Outcome}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string method, string path, int attempt, string outcome, double delayMs);
}
