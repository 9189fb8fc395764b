using System.Globalization;
using Microsoft.Extensions.Options;

namespace StreamApiEmulator.Pipeline;

/// <summary>
/// Stream's per-endpoint limit over one-minute windows, with the <c>X-RateLimit-*</c> headers it sends
/// on every response (<c>Reset</c> in Unix seconds). A window opens with the first request after the
/// previous one closed, so counts never jump at a wall-clock minute boundary in the middle of a test.
/// </summary>
public sealed class StreamRateLimiter(IOptions<EmulatorOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private const long WindowSeconds = 60;

    private readonly Dictionary<string, (long WindowStart, int Count)> _usage = new(StringComparer.Ordinal);
    private readonly int _limit = options.Value.RateLimitPerMinute;

    public void Count(HttpContext context, string operation)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        (long WindowStart, int Count) usage;
        lock (_lock)
        {
            usage = _usage.TryGetValue(operation, out var current) && now < current.WindowStart + WindowSeconds
                ? (current.WindowStart, current.Count + 1)
                : (now, 1);
            _usage[operation] = usage;
        }

        var count = usage.Count;
        var reset = usage.WindowStart + WindowSeconds;
        WriteHeaders(context, Math.Max(0, _limit - count), reset);
        if (count > _limit)
        {
            throw Limited(retryAfterSeconds: null);
        }
    }

    /// <summary>
    /// A 429 as if the window were exhausted for <paramref name="retryAfterSeconds"/> more seconds; with
    /// <paramref name="retryAfterHeader"/> it also carries <c>Retry-After</c>, which Stream does not document sending.
    /// </summary>
    public StreamException Injected(HttpContext context, int retryAfterSeconds, bool retryAfterHeader)
    {
        WriteHeaders(context, 0, time.GetUtcNow().ToUnixTimeSeconds() + retryAfterSeconds);
        return Limited(retryAfterHeader ? Math.Max(1, retryAfterSeconds) : null);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _usage.Clear();
        }
    }

    private void WriteHeaders(HttpContext context, int remaining, long reset)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = _limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
    }

    private static StreamException Limited(int? retryAfterSeconds) =>
        new(StreamErrorCode.RateLimited, "Too many requests, check response headers for more information.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };
}
