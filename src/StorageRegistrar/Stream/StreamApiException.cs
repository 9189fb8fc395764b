using System.Net;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Stream;

/// <summary>
/// A Stream call that did not succeed: an error answer (with Stream's <see cref="Code"/>) or, with
/// <see cref="StatusCode"/> 0, no answer at all (connection refused or reset, timeout; <see cref="NeverSent"/> when no
/// attempt got as far as sending the request).
/// </summary>
public class StreamApiException : Exception
{
    /// <summary>Stream's input error code (HTTP 400): the request was refused as invalid, e.g. a reserved name.</summary>
    public const int InputErrorCode = 4;

    /// <summary>Stream's "does not exist" code (HTTP 404).</summary>
    public const int DoesNotExistCode = 16;

    /// <summary>Stream's rate-limit code (HTTP 429).</summary>
    public const int RateLimitCode = 9;

    /// <summary>Stream's "app suspended" code (HTTP 403): nothing the app asks succeeds until Stream lifts it.</summary>
    public const int AppSuspendedCode = 99;

    /// <summary>Stream's "not allowed" code (HTTP 403): the credentials may not do this, which asking again does not change.</summary>
    public const int NotAllowedCode = 17;

    public StreamApiException(StreamApiError error, Exception? innerException = null)
        : base(FormatMessage(error), innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Operation = error.Operation;
        StatusCode = error.StatusCode;
        Code = error.Code;
        StreamMessage = error.Message;
        Unrecoverable = error.Unrecoverable;
        ExceptionFields = error.ExceptionFields;
        RateLimit = error.RateLimit;
        RetryAfter = error.RetryAfter;
        NeverSent = error.NeverSent;
    }

    /// <summary>Stream's operation id, e.g. <c>CreateExternalStorage</c>.</summary>
    public string Operation { get; }

    /// <summary>HTTP status; 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>Stream's error code (<c>code</c> in the body); null when the body was not Stream's.</summary>
    public int? Code { get; }

    /// <summary>Stream's own <c>message</c>.</summary>
    public string? StreamMessage { get; }

    /// <summary>Stream says retrying the same request cannot succeed.</summary>
    public bool Unrecoverable { get; }

    /// <summary>Per-field details from <c>exception_fields</c>.</summary>
    public IReadOnlyDictionary<string, string> ExceptionFields { get; } = new Dictionary<string, string>();

    /// <summary>The <c>X-RateLimit-*</c> headers of the answer, when present.</summary>
    public RateLimitInfo? RateLimit { get; }

    /// <summary>
    /// How long Stream asked to wait (Retry-After, else on a 429 X-RateLimit-Reset), when it said, at most
    /// <see cref="StreamRetryOptions.MaxDelay"/>.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Stream says the storage or call type does not exist (its code 16). A 404 without Stream's error body came
    /// from something else, such as a proxy or a wrong base URL, and says nothing about what exists.
    /// </summary>
    public bool IsNotFound => Code == DoesNotExistCode;

    public bool IsRateLimited => StatusCode == (int)HttpStatusCode.TooManyRequests || Code == RateLimitCode;

    /// <summary>True when no HTTP answer arrived at all.</summary>
    public bool IsTransportFailure => StatusCode == 0;

    /// <summary>
    /// No attempt of the call could have reached Stream: each failed before its request was sent (the connection
    /// refused, Stream's name not resolved, the TLS handshake failed, a proxy refused the tunnel, or the connect timeout
    /// ran out before the connection was made), so Stream did nothing. Only a call with a body can tell (see
    /// <see cref="NoAnswer.BeforeSending"/>).
    /// </summary>
    public bool NeverSent { get; }

    /// <summary>
    /// The request may have been carried out though it failed: no answer unless it <see cref="NeverSent"/>, a timeout
    /// (408), a server error, a 429 that is not Stream's rate limit, or a success (2xx) whose body could not be read.
    /// </summary>
    public bool MayHideAWrite => !NeverSent && (AnswerMayHideAWrite(StatusCode, Code) || StatusCode is >= 200 and <= 299);

    /// <summary>Whether an answer of <paramref name="status"/> (0: none) may hide a write that happened.</summary>
    internal static bool StatusMayHideAWrite(int status) => status is 0 or (int)HttpStatusCode.RequestTimeout or >= 500;

    /// <summary>
    /// Whether an error answer of <paramref name="status"/> with Stream's <paramref name="code"/> may hide a write that
    /// happened. Stream's rate limiter (code 9) refuses before doing anything; a 429 from elsewhere, such as a proxy or a
    /// gateway in front of Stream, cannot be said to have done nothing.
    /// </summary>
    internal static bool AnswerMayHideAWrite(int status, int? code) =>
        StatusMayHideAWrite(status) || (status == (int)HttpStatusCode.TooManyRequests && code != RateLimitCode);

    private static string FormatMessage(StreamApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.StatusCode == 0)
        {
            return error.NeverSent
                ? $"{error.Operation} failed: no answer from Stream ({error.Message}); the request never reached Stream, so nothing was done."
                : $"{error.Operation} failed: no answer from Stream ({error.Message}).";
        }

        var text = $"{error.Operation} failed with HTTP {error.StatusCode}";
        if (error.Code is { } code)
        {
            text += $", Stream code {code}";
        }

        // Stream's words may quote any input; they reach a terminal through the CLI and through Pulumi.
        text += $": {UnsafeText.Escape(error.Message)}";
        if (error.Code is null && error.StatusCode == (int)HttpStatusCode.NotFound)
        {
            text += ". The answer is not Stream's error, so it does not say whether this exists: check the Stream base URL and any proxy in between";
        }

        if (error.ExceptionFields.Count > 0)
        {
            text += " (" + string.Join("; ", error.ExceptionFields.Select(f => $"{UnsafeText.Escape(f.Key)}: {UnsafeText.Escape(f.Value)}")) + ")";
        }

        if (error.RetryAfter is { } wait)
        {
            text += $" Retry after {wait.TotalSeconds:0.###} s.";
        }

        return text;
    }
}

/// <summary>What a failed Stream call reported; the input of <see cref="StreamApiException"/>.</summary>
public sealed record StreamApiError
{
    public required string Operation { get; init; }

    public int StatusCode { get; init; }

    public int? Code { get; init; }

    public required string Message { get; init; }

    public bool Unrecoverable { get; init; }

    public IReadOnlyDictionary<string, string> ExceptionFields { get; init; } = new Dictionary<string, string>();

    public RateLimitInfo? RateLimit { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>No attempt got as far as sending the request; only with no answer (<see cref="StatusCode"/> 0).</summary>
    public bool NeverSent { get; init; }
}

/// <summary>Stream's rate-limit headers: the window's limit, what remains, and when it resets.</summary>
public sealed record RateLimitInfo(int? Limit, int? Remaining, DateTimeOffset? Reset);
