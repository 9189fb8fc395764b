using Microsoft.Extensions.Logging;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream;

/// <summary>Settings for <see cref="StreamClient"/>.</summary>
public sealed class StreamClientOptions
{
    public const string ApiKeyVariable = "STREAM_API_KEY";
    public const string ApiSecretVariable = "STREAM_API_SECRET";
    public const string BaseUrlVariable = "STREAM_BASE_URL";

    /// <summary>The host every official SDK uses by default; it serves both the common and the video API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://chat.stream-io-api.com");

    /// <summary>What <see cref="IsAllowedBaseUrl"/> demands, worded to follow a field name.</summary>
    internal static readonly string BaseUrlRule =
        $"must be an absolute https URL such as {DefaultBaseUrl} (http only for a local emulator on 127.0.0.1)";

    /// <summary>
    /// Stream's API over https; plain http only to this machine (a local emulator), because every
    /// request carries a token signed with the API secret.
    /// </summary>
    internal static bool IsAllowedBaseUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    public string? ApiKey { get; set; }

    public SecretString? ApiSecret { get; set; }

    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Limit for one HTTP attempt; <see cref="StreamRetryOptions.TotalTimeout"/> bounds all attempts together.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public StreamRetryOptions Retry { get; } = new();

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The innermost handler, below authentication and retries; tests pass a scripted one.</summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>Clock for retry delays and timeouts.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Options from <c>STREAM_API_KEY</c>, <c>STREAM_API_SECRET</c> and <c>STREAM_BASE_URL</c>, the variables
    /// the official SDKs read. Absent variables leave the defaults; the client reports what is missing.
    /// </summary>
    public static StreamClientOptions FromEnvironment()
    {
        var options = new StreamClientOptions
        {
            ApiKey = NullIfEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)),
            ApiSecret = SecretString.From(NullIfEmpty(Environment.GetEnvironmentVariable(ApiSecretVariable))),
        };
        var baseUrl = NullIfEmpty(Environment.GetEnvironmentVariable(BaseUrlVariable));
        if (baseUrl is not null)
        {
            options.BaseUrl = Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) && IsAllowedBaseUrl(parsed)
                ? parsed
                : throw new ArgumentException($"{BaseUrlVariable} {BaseUrlRule}.");
        }

        return options;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// How the client retries. Reads (and idempotent writes) are retried on 429, 5xx, 408 and transport
/// errors; a create (POST) only on Stream's own rate limit (429 with its code 9), which refuses a request before doing
/// anything: a 429 from elsewhere, such as a proxy in front of Stream, may hide a create that happened.
/// </summary>
public sealed class StreamRetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base of the jittered exponential backoff.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap for any single wait, including one Stream asks for with Retry-After or X-RateLimit-Reset.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on one call including every attempt and wait.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
