using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Pipeline;

/// <summary>Writing and reading bodies the way Stream does: JSON, and <c>duration</c> in every response.</summary>
public static class StreamResults
{
    private const string StartedAtKey = "stream.started_at";

    public static void MarkStart(HttpContext context) => context.Items[StartedAtKey] = Stopwatch.GetTimestamp();

    /// <summary>Server time spent on the request, formatted as Stream does (<c>"1.23ms"</c>).</summary>
    public static string Duration(HttpContext context)
    {
        var elapsed = context.Items.TryGetValue(StartedAtKey, out var start) && start is long startedAt
            ? Stopwatch.GetElapsedTime(startedAt)
            : TimeSpan.Zero;
        return elapsed.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>200 with the body plus <c>duration</c>.</summary>
    public static IResult Ok<T>(T body, JsonTypeInfo<T> typeInfo) => new StreamJsonResult<T>(body, typeInfo, StatusCodes.Status200OK);

    /// <summary>201, which Stream's spec declares for every POST and PUT.</summary>
    public static IResult Created<T>(T body, JsonTypeInfo<T> typeInfo) => new StreamJsonResult<T>(body, typeInfo, StatusCodes.Status201Created);

    public static IResult Ok() => Ok(new EmptyResponse(), EmulatorJsonContext.Wire.EmptyResponse);

    public static IResult Created() => Created(new EmptyResponse(), EmulatorJsonContext.Wire.EmptyResponse);

    /// <summary>
    /// Reads a JSON body. An absent body counts as <c>{}</c> (every field optional until validated);
    /// malformed JSON or a wrongly typed field is Stream's input error naming the field.
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : new()
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length == 0)
            {
                return new T();
            }

            buffer.Position = 0;
            return await JsonSerializer.DeserializeAsync(buffer, typeInfo, context.RequestAborted) ?? new T();
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            throw StreamException.InputError(field, "has an invalid value: the body must be JSON matching the request schema");
        }
    }

    public static async Task WriteErrorAsync(HttpContext context, string operation, StreamException error)
    {
        var status = (int)error.Status;
        var body = new ApiError
        {
            Code = (int)error.Code,
            Message = $"{operation} failed with error: \"{error.Message}\"",
            StatusCode = status,
            Duration = Duration(context),
            MoreInfo = "https://getstream.io/chat/docs/api_errors_response",
            Details = [],
            Unrecoverable = error.Code == StreamErrorCode.RateLimited ? false : null,
            ExceptionFields = error.ExceptionFields,
        };
        if (error.RetryAfterSeconds is int retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, EmulatorJsonContext.Wire.ApiError, context.RequestAborted);
    }

    private sealed class StreamJsonResult<T>(T body, JsonTypeInfo<T> typeInfo, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var node = JsonSerializer.SerializeToNode(body, typeInfo)!.AsObject();
            node["duration"] = Duration(httpContext);
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, node, EmulatorJsonContext.Wire.JsonObject, httpContext.RequestAborted);
        }
    }
}
