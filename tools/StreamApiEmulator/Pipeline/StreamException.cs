using System.Net;

namespace StreamApiEmulator.Pipeline;

/// <summary>
/// An error Stream would answer with. The pipeline turns it into an <c>APIError</c> body whose message
/// reads <c>"&lt;Operation&gt; failed with error: \"&lt;Reason&gt;\""</c>, as the live API words it.
/// </summary>
public sealed class StreamException : Exception
{
    public StreamException(
        StreamErrorCode code,
        string reason,
        IReadOnlyDictionary<string, string>? exceptionFields = null,
        HttpStatusCode? status = null)
        : base(reason)
    {
        Code = code;
        ExceptionFields = exceptionFields;
        Status = status ?? code.Status();
    }

    public StreamErrorCode Code { get; }

    public IReadOnlyDictionary<string, string>? ExceptionFields { get; }

    public HttpStatusCode Status { get; }

    /// <summary>Seconds a rate-limited caller should wait, sent as <c>Retry-After</c>; null for Stream's own 429, which sends none.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static StreamException InputError(string field, string problem) =>
        new(StreamErrorCode.InputError, $"{field} {problem}", new Dictionary<string, string> { [field] = problem });

    public static StreamException NotFound(string reason) => new(StreamErrorCode.DoesNotExist, reason);
}

/// <summary>Stream's error codes (https://getstream.io/chat/docs/api_errors_response).</summary>
public enum StreamErrorCode
{
    InternalError = -1,
    AccessKeyError = 2,
    InputError = 4,
    AuthenticationError = 5,
    RateLimited = 9,
    DoesNotExist = 16,
    NotAllowed = 17,
    TokenExpired = 40,
    TokenNotValidYet = 41,
    TokenIssuedInFuture = 42,
    TokenSignatureInvalid = 43,
}

public static class StreamErrorCodeExtensions
{
    public static HttpStatusCode Status(this StreamErrorCode code) => code switch
    {
        StreamErrorCode.InternalError => HttpStatusCode.InternalServerError,
        StreamErrorCode.InputError => HttpStatusCode.BadRequest,
        StreamErrorCode.RateLimited => HttpStatusCode.TooManyRequests,
        StreamErrorCode.DoesNotExist => HttpStatusCode.NotFound,
        StreamErrorCode.NotAllowed => HttpStatusCode.Forbidden,
        _ => HttpStatusCode.Unauthorized,
    };
}
