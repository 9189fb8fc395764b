using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace StorageRegistrar.Stream;

/// <summary>
/// The shape every retried HTTP call of the registrar runs in, Stream's and preflight's reads alike: a total deadline
/// around jittered exponential retries around a per-attempt timeout. Each caller decides which outcomes are tried again.
/// </summary>
internal static class BackoffPipeline
{
    /// <param name="decideRetries">Sets which outcomes are retried and how a server's wait hints are read.</param>
    public static ResiliencePipeline<HttpResponseMessage> Build(
        TimeProvider timeProvider,
        TimeSpan totalTimeout,
        TimeSpan attemptTimeout,
        int maxRetries,
        TimeSpan delay,
        TimeSpan maxDelay,
        Action<HttpRetryStrategyOptions> decideRetries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        builder.AddTimeout(totalTimeout);
        if (maxRetries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = delay,
                MaxDelay = maxDelay,
            };
            decideRetries(retry);
            builder.AddRetry(retry);
        }

        builder.AddTimeout(attemptTimeout);
        return builder.Build();
    }
}
