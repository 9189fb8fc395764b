using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Stream;

/// <summary>
/// Stream's server-side API for external storage and call types, authenticated like the official
/// SDKs. Every failure surfaces as <see cref="StreamApiException"/>; secrets never reach a log line or
/// an exception message.
/// </summary>
public partial class StreamClient : IDisposable
{
    private const string ExternalStoragePath = "/api/v2/external_storage";
    private const string CallTypesPath = "/api/v2/video/calltypes";
    private const string CallPath = "/api/v2/video/call";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http = null!;
    private readonly StreamTokenSource _tokens = null!;
    private readonly SecretString _apiSecret = null!;
    private readonly string _apiKey = "";
    private readonly string _baseUrl = "";
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly TimeSpan _longestRequestedWait;

    public StreamClient(string apiKey, SecretString apiSecret)
        : this(new StreamClientOptions { ApiKey = apiKey, ApiSecret = apiSecret })
    {
    }

    public StreamClient(StreamClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException(
                $"The Stream API key is missing: set StreamClientOptions.ApiKey or the {StreamClientOptions.ApiKeyVariable} environment variable.",
                nameof(options));
        }

        if (options.ApiSecret is null || options.ApiSecret.Length == 0)
        {
            throw new ArgumentException(
                $"The Stream API secret is missing: set StreamClientOptions.ApiSecret or the {StreamClientOptions.ApiSecretVariable} environment variable.",
                nameof(options));
        }

        if (!StreamClientOptions.IsAllowedBaseUrl(options.BaseUrl))
        {
            throw new ArgumentException($"StreamClientOptions.BaseUrl {StreamClientOptions.BaseUrlRule}.", nameof(options));
        }

        _apiKey = options.ApiKey;
        _apiSecret = options.ApiSecret;
        _tokens = new StreamTokenSource(options.ApiSecret);
        _baseUrl = options.BaseUrl.AbsoluteUri.TrimEnd('/');
        _logger = options.LoggerFactory?.CreateLogger<StreamClient>() ?? NullLogger<StreamClient>.Instance;
        _time = options.TimeProvider;
        _longestRequestedWait = options.Retry.MaxDelay;

        var transport = options.Transport ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var resilience = new ResilienceHandler(StreamRetryPipeline.Build(options, _logger)) { InnerHandler = new ResponseBufferingHandler(transport) };
        // Attempt and total deadlines live in the retry pipeline, bodies included, so HttpClient's own timeout stays out of the way.
        _http = new HttpClient(resilience, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>For mocking frameworks.</summary>
    protected StreamClient()
    {
    }

    /// <summary>The <c>X-Stream-Client</c> value: this project's name and version, as each official SDK sends its own.</summary>
    public static string ClientIdentifier { get; } = "streamstorage-registrar-" + ProductVersion();

    // External storage

    public virtual Task<ListExternalStorageResponse> ListExternalStoragesAsync(CancellationToken cancellationToken = default) =>
        SendAsync("ListExternalStorage", HttpMethod.Get, ExternalStoragePath, null, StreamJsonContext.Default.ListExternalStorageResponse, cancellationToken);

    public virtual Task<Response> CreateExternalStorageAsync(CreateExternalStorageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync("CreateExternalStorage", HttpMethod.Post, ExternalStoragePath, Body(request, StreamJsonContext.Default.CreateExternalStorageRequest), StreamJsonContext.Default.Response, cancellationToken, request.Secrets);
    }

    /// <summary>Replaces a storage's settings; the name stays.</summary>
    public virtual Task<UpdateExternalStorageResponse> UpdateExternalStorageAsync(string name, UpdateExternalStorageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync("UpdateExternalStorage", HttpMethod.Put, $"{ExternalStoragePath}/{Segment(name)}", Body(request, StreamJsonContext.Default.UpdateExternalStorageRequest), StreamJsonContext.Default.UpdateExternalStorageResponse, cancellationToken, request.Secrets);
    }

    public virtual Task<Response> DeleteExternalStorageAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteExternalStorage", HttpMethod.Delete, $"{ExternalStoragePath}/{Segment(name)}", null, StreamJsonContext.Default.Response, cancellationToken);

    /// <summary>
    /// <see cref="CheckExternalStorageAsync(string, IReadOnlyList{SecretString}, CancellationToken)"/> for a caller without the
    /// storage's credentials (the CLI's check and doctor): only the API secret is masked in an error.
    /// </summary>
    public Task<CheckExternalStorageResponse> CheckExternalStorageAsync(string name, CancellationToken cancellationToken = default) =>
        CheckExternalStorageAsync(name, [], cancellationToken);

    /// <summary>
    /// Asks Stream to upload a new <c>stream-&lt;uuid&gt;.md</c> into the storage; fails if it cannot. Retried here
    /// only on Stream's rate limit (429, code 9): an attempt whose answer is lost may have uploaded a file no caller
    /// ever sees, so the caller's own loop, which keeps the last file's URL, decides about another. <paramref name="storageSecrets"/> are the storage's
    /// credentials, when the caller has them: the check is the one call where Stream uses them, and the cloud's refusal it
    /// passes back may quote them, so they are masked in the error as a create's are.
    /// </summary>
    public virtual Task<CheckExternalStorageResponse> CheckExternalStorageAsync(string name, IReadOnlyList<SecretString?> storageSecrets, CancellationToken cancellationToken = default) =>
        SendAsync("CheckExternalStorage", HttpMethod.Get, $"{ExternalStoragePath}/{Segment(name)}/check", null, StreamJsonContext.Default.CheckExternalStorageResponse, cancellationToken, storageSecrets, repeatable: false);

    // Call types

    public virtual Task<ListCallTypeResponse> ListCallTypesAsync(CancellationToken cancellationToken = default) =>
        SendAsync("ListCallTypes", HttpMethod.Get, CallTypesPath, null, StreamJsonContext.Default.ListCallTypeResponse, cancellationToken);

    public virtual Task<CallTypeResponse> GetCallTypeAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync("GetCallType", HttpMethod.Get, $"{CallTypesPath}/{Segment(name)}", null, StreamJsonContext.Default.CallTypeResponse, cancellationToken);

    public virtual Task<CallTypeResponse> CreateCallTypeAsync(CreateCallTypeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync("CreateCallType", HttpMethod.Post, CallTypesPath, Body(request, StreamJsonContext.Default.CreateCallTypeRequest), StreamJsonContext.Default.CallTypeResponse, cancellationToken);
    }

    /// <summary>Partial update: only the sections present in <paramref name="request"/> change.</summary>
    public virtual Task<CallTypeResponse> UpdateCallTypeAsync(string name, UpdateCallTypeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync("UpdateCallType", HttpMethod.Put, $"{CallTypesPath}/{Segment(name)}", Body(request, StreamJsonContext.Default.UpdateCallTypeRequest), StreamJsonContext.Default.CallTypeResponse, cancellationToken);
    }

    public virtual Task<Response> DeleteCallTypeAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteCallType", HttpMethod.Delete, $"{CallTypesPath}/{Segment(name)}", null, StreamJsonContext.Default.Response, cancellationToken);

    // Call recordings

    /// <param name="recordingType"><c>composite</c>, <c>individual</c> or <c>raw</c>.</param>
    public virtual Task<Response> StartRecordingAsync(string callType, string callId, string recordingType, StartRecordingRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync("StartRecording", HttpMethod.Post, $"{CallPrefix(callType, callId)}/recordings/{Segment(recordingType)}/start", Body(request ?? new StartRecordingRequest(), StreamJsonContext.Default.StartRecordingRequest), StreamJsonContext.Default.Response, cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http?.Dispose();
        }
    }

    private static string CallPrefix(string callType, string callId) => $"{CallPath}/{Segment(callType)}/{Segment(callId)}";

    // Stream's SDKs disagree on escaping; Uri.EscapeDataString keeps any name a single, exact path segment.
    private static string Segment(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string parameter = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        return Uri.EscapeDataString(value);
    }

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<TResponse> SendAsync<TResponse>(
        string operation,
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        IReadOnlyList<SecretString?>? requestSecrets = null,
        bool repeatable = true)
    {
        using var request = new HttpRequestMessage(method, $"{_baseUrl}{path}?api_key={Uri.EscapeDataString(_apiKey)}") { Content = content };
        request.Options.Set(StreamRetryPipeline.Repeatable, repeatable);
        _tokens.Authorize(request);
        request.Headers.Add("stream-auth-type", "jwt");
        request.Headers.Add("X-Stream-Client", ClientIdentifier);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (NoAnswer.Is(exception, cancellationToken))
        {
            LogNoAnswer(_logger, operation, method.Method, path, exception.GetType().Name);
            var reason = exception is TimeoutRejectedException or OperationCanceledException ? "timed out" : exception.Message;
            var neverSent = NoAnswer.BeforeSending(exception, request)
                && !(request.Options.TryGetValue(StreamRetryPipeline.MayHaveReachedStream, out var reached) && reached);
            throw new StreamApiException(new StreamApiError { Operation = operation, Message = reason, NeverSent = neverSent }, exception);
        }

        using (response)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                LogAnswered(_logger, operation, method.Method, path, (int)response.StatusCode, elapsed.TotalMilliseconds);
                return Deserialize(operation, response, body, responseType);
            }

            var error = ReadError(operation, response, body, requestSecrets ?? []);
            LogFailed(_logger, operation, method.Method, path, (int)response.StatusCode, error.Code, elapsed.TotalMilliseconds);
            throw new StreamApiException(error);
        }
    }

    private static TResponse Deserialize<TResponse>(string operation, HttpResponseMessage response, byte[] body, JsonTypeInfo<TResponse> responseType)
    {
        // Nothing of a duration-only answer is read, so a 2xx without a body (a DELETE answered 204) is success as well.
        if (body.Length == 0 && new Response() is TResponse durationOnly)
        {
            return durationOnly;
        }

        try
        {
            return JsonSerializer.Deserialize(body, responseType)
                ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException exception)
        {
            throw new StreamApiException(
                new StreamApiError
                {
                    Operation = operation,
                    StatusCode = (int)response.StatusCode,
                    Message = $"the answer is not a valid {typeof(TResponse).Name} ({exception.Message})",
                },
                exception);
        }
    }

    private StreamApiError ReadError(string operation, HttpResponseMessage response, byte[] body, IReadOnlyList<SecretString?> requestSecrets)
    {
        // Null when the body is not Stream's error shape (a proxy's page, for instance): the HTTP status alone is reported.
        var parsed = StreamErrorBody.Read(body);
        return new StreamApiError
        {
            Operation = operation,
            StatusCode = (int)response.StatusCode,
            Code = parsed?.Code,
            Message = string.IsNullOrEmpty(parsed?.Message) ? $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd() : Redact(parsed.Message, requestSecrets),
            Unrecoverable = parsed?.Unrecoverable ?? false,
            ExceptionFields = parsed?.ExceptionFields.ToDictionary(f => f.Key, f => Redact(f.Value, requestSecrets)) ?? new Dictionary<string, string>(),
            RateLimit = RateLimitHeaders.Read(response.Headers),
            // Read as the retry reads it, so the wait reported is the one the retries kept to.
            RetryAfter = RateLimitHeaders.RequestedWait(response, _time.GetUtcNow(), _longestRequestedWait),
        };
    }

    /// <summary>
    /// Stream's messages may quote the input; the secrets it was sent must not travel on in an exception. A secret may
    /// come back escaped or in part (a service account key's JSON quoted inside the message, one line of its private
    /// key), so besides the whole value every long run of its key characters is masked wherever it stands.
    /// </summary>
    private string Redact(string text, IReadOnlyList<SecretString?> requestSecrets)
    {
        foreach (var secret in requestSecrets.Append(_apiSecret))
        {
            // Very short values would mask innocent words; real credentials are far longer.
            if (secret is { Length: >= 8 })
            {
                var value = secret.Reveal();
                text = text.Replace(value, SecretString.Mask, StringComparison.Ordinal);
                // A key file's JSON writes its PEM line breaks as \n: the lines are read without the escape's n.
                // Longest first: a piece masked before the run that holds it would leave the rest of that run showing.
                var runs = KeyFileValues(value).Prepend(value.Replace("\\n", "\n", StringComparison.Ordinal))
                    .SelectMany(source => CredentialRun().Matches(source).Select(m => m.Value))
                    .Distinct(StringComparer.Ordinal)
                    .OrderByDescending(run => run.Length);
                foreach (var run in runs)
                {
                    text = text.Replace(run, SecretString.Mask, StringComparison.Ordinal);
                }
            }
        }

        // A key the caller does not hold (the CLI's check and doctor know no storage's credentials) is still a key:
        // a private key block, escaped or not, is masked whoever quotes it.
        return PrivateKeyBlock().Replace(text, SecretString.Mask);
    }

    /// <summary>A PEM private key, its line breaks as they are or escaped (<c>\n</c>), begun and perhaps cut short.</summary>
    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:(?!-----END)[\s\S])*(?:-----END [A-Z ]*PRIVATE KEY-----)?")]
    private static partial Regex PrivateKeyBlock();

    /// <summary>
    /// The string values of a secret that is a JSON object (a service account key file), decoded: a writer may escape
    /// characters of the private key (System.Text.Json writes + as \u002B), which would cut its lines in the raw text.
    /// </summary>
    private static IEnumerable<string> KeyFileValues(string secret)
    {
        if (!secret.TrimStart().StartsWith('{'))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(secret);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? [.. document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A run of base64 or hex long enough to be key material rather than a word of a key file's JSON.</summary>
    [GeneratedRegex("[A-Za-z0-9+/=]{20,}")]
    private static partial Regex CredentialRun();

    private static string ProductVersion()
    {
        var version = typeof(StreamClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Operation} ({Method} {Path}) answered {Status} in {ElapsedMs:0.#} ms")]
    private static partial void LogAnswered(ILogger logger, string operation, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Operation} ({Method} {Path}) failed with {Status}, Stream code {Code}, after {ElapsedMs:0.#} ms")]
    private static partial void LogFailed(ILogger logger, string operation, string method, string path, int status, int? code, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Operation} ({Method} {Path}) got no answer: {Failure}")]
    private static partial void LogNoAnswer(ILogger logger, string operation, string method, string path, string failure);
}
