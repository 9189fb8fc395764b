using System.Globalization;
using System.Net.Http.Headers;

namespace StorageRegistrar.Stream;

/// <summary>Reads Stream's throttling headers; one place for both the retry policy and the exception.</summary>
internal static class RateLimitHeaders
{
    private static readonly long EarliestUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static RateLimitInfo? Read(HttpResponseHeaders headers)
    {
        var limit = ReadInt(headers, "X-RateLimit-Limit");
        var remaining = ReadInt(headers, "X-RateLimit-Remaining");
        // Stream documents Unix seconds. A value no date can hold (milliseconds, say) is ignored: guessing its unit could
        // make the client wait far too long or not at all.
        var reset = ReadLong(headers, "X-RateLimit-Reset") is { } seconds && seconds >= EarliestUnixSeconds && seconds <= LatestUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        return limit is null && remaining is null && reset is null ? null : new RateLimitInfo(limit, remaining, reset);
    }

    /// <summary>
    /// The wait Stream asked for, at most <paramref name="longest"/>: Retry-After (seconds or a date) first, else, on a
    /// 429, the rate-limit window's reset. Every answer carries the window's reset; only a throttled one asks to wait for it.
    /// </summary>
    public static TimeSpan? RequestedWait(HttpResponseMessage response, DateTimeOffset now, TimeSpan longest)
    {
        var wait = UncappedWait(response, now);
        return wait > longest ? longest : wait;
    }

    private static TimeSpan? UncappedWait(HttpResponseMessage response, DateTimeOffset now)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return NonNegative(delta);
        }

        if (retryAfter?.Date is { } date)
        {
            return NonNegative(date - now);
        }

        return response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && Read(response.Headers)?.Reset is { } reset && reset > now
            ? reset - now
            : null;
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static int? ReadInt(HttpResponseHeaders headers, string name) =>
        ReadLong(headers, name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    // Proxies sometimes join duplicated headers with commas: the first value is Stream's.
    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && values.SelectMany(v => v.Split(',')).FirstOrDefault() is { } first
        && long.TryParse(first.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
}
