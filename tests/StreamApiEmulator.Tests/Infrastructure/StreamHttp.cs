using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StreamApiEmulator.Tests.Infrastructure;

/// <summary>A Stream response as the wire carried it: status, headers and the parsed JSON body.</summary>
public sealed record StreamResponse(HttpStatusCode Status, HttpResponseHeaders Headers, JsonObject Body, string RawBody)
{
    public int? ErrorCode => Body["code"]?.GetValue<int>();

    public string Message => Body["message"]?.GetValue<string>() ?? string.Empty;

    public JsonObject? ExceptionFields => Body["exception_fields"] as JsonObject;

    public string Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}

/// <summary>
/// Sends requests as Stream's server SDKs do: <c>?api_key=</c>, a raw HS256 JWT in <c>Authorization</c>
/// and <c>stream-auth-type: jwt</c>. Each part can be overridden to break one rule at a time.
/// </summary>
public sealed class StreamHttp : IDisposable
{
    private readonly HttpClient _http;

    public StreamHttp(StreamEmulatorProcess emulator)
    {
        ApiKey = emulator.ApiKey;
        ApiSecret = emulator.ApiSecret;
        _http = new HttpClient { BaseAddress = emulator.BaseUrl };
    }

    public string ApiKey { get; }

    public string ApiSecret { get; }

    /// <summary>A token signed with <paramref name="secret"/> (the app's by default) carrying exactly <paramref name="claims"/>.</summary>
    public string Token(IDictionary<string, object>? claims = null, string? secret = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims ?? new Dictionary<string, object> { ["server"] = true },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret ?? ApiSecret)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static long UnixSeconds(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();

    public Task<StreamResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<StreamResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<StreamResponse> PostAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<StreamResponse> PutAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Put, path, body);

    public async Task<StreamResponse> SendAsync(
        HttpMethod method,
        string path,
        JsonNode? body = null,
        string? apiKey = "",
        string? authorization = "",
        string? authType = "jwt")
    {
        var key = apiKey == string.Empty ? ApiKey : apiKey;
        var uri = key is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}api_key={Uri.EscapeDataString(key)}";
        using var request = new HttpRequestMessage(method, uri.TrimStart('/'));
        var token = authorization == string.Empty ? Token() : authorization;
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (authType is not null)
        {
            request.Headers.TryAddWithoutValidation("stream-auth-type", authType);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = raw.Length == 0 ? new JsonObject() : JsonNode.Parse(raw)!.AsObject();
        return new StreamResponse(response.StatusCode, response.Headers, json, raw);
    }

    public void Dispose() => _http.Dispose();
}
