using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TestSupport;

/// <summary>
/// A local stand-in, on loopback, for the two Google APIs preflight reads, answering in their documented shapes:
/// Org Policy v2 <c>GET v2/projects/{project}/policies/{constraint}:getEffectivePolicy</c> (a <c>Policy</c> named with
/// the project's number; a constraint no policy touches has an empty spec) and Resource Manager v3
/// <c>POST v3/projects/{project}:testIamPermissions</c> (the asked permissions that are granted; <c>{}</c> when none).
/// Requests need <see cref="Token"/> as their bearer. Scripted faults answer a path's next requests first.
/// </summary>
public sealed class GoogleGuardrailServer : IAsyncDisposable
{
    public const string Token = "owner-access-token";

    public const string ProjectNumber = "204863951702";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Project, string Constraint), string> _specs = new();
    private readonly ConcurrentDictionary<string, HashSet<string>> _granted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GoogleRequest> _requests = new();

    private GoogleGuardrailServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The root both APIs answer under, as <c>https://orgpolicy.googleapis.com/</c> would be.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request in the order it arrived.</summary>
    public IReadOnlyList<GoogleRequest> Requests => [.. _requests];

    public static async Task<GoogleGuardrailServer> StartAsync(CancellationToken cancellationToken)
    {
        GoogleGuardrailServer? server = null;
        var (app, endpoint) = await LoopbackApi.StartAsync(context => server!.AnswerAsync(context), cancellationToken);
        server = new GoogleGuardrailServer(app, endpoint);
        return server;
    }

    /// <summary>The effective policy of <paramref name="constraint"/> on <paramref name="project"/>: its spec as JSON, e.g. <c>{"rules":[{"enforce":true}]}</c>.</summary>
    public GoogleGuardrailServer SetPolicy(string project, string constraint, string specJson)
    {
        _specs[(project, constraint)] = specJson;
        return this;
    }

    /// <summary>Grants the caller <paramref name="permissions"/> on <paramref name="project"/>.</summary>
    public GoogleGuardrailServer Grant(string project, params IEnumerable<string> permissions)
    {
        _granted.AddOrUpdate(project, _ => [.. permissions], (_, held) => [.. held, .. permissions]);
        return this;
    }

    /// <summary>The next request for a constraint's effective policy gets this answer instead.</summary>
    public GoogleGuardrailServer FailPolicy(string project, string constraint, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        _faults.GetOrAdd(PolicyPath(project, constraint), _ => new()).Enqueue(new Fault(status, body, retryAfter));
        return this;
    }

    /// <summary>The next permission test on the project gets this answer instead.</summary>
    public GoogleGuardrailServer FailPermissions(string project, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        _faults.GetOrAdd(PermissionsPath(project), _ => new()).Enqueue(new Fault(status, body, retryAfter));
        return this;
    }

    /// <summary>Google's error body: <c>{"error": {"code", "message", "status"}}</c>.</summary>
    public static string Error(HttpStatusCode status, string message, string reason) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = (int)status, ["message"] = message, ["status"] = reason } }.ToJsonString();

    public static string PolicyPath(string project, string constraint) => $"/v2/projects/{project}/policies/{constraint}:getEffectivePolicy";

    public static string PermissionsPath(string project) => $"/v3/projects/{project}:testIamPermissions";

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        _requests.Enqueue(new GoogleRequest(context.Request.Method, path, context.Request.Headers.Authorization.ToString(), body));
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await WriteAsync(context, HttpStatusCode.Unauthorized, Error(HttpStatusCode.Unauthorized, "Request had invalid authentication credentials.", "UNAUTHENTICATED"));
            return;
        }

        if (_faults.TryGetValue(path, out var faults) && faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, fault.Status, fault.Body);
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == "GET" && segments is ["v2", "projects", var project, "policies", var policy] && policy.EndsWith(":getEffectivePolicy", StringComparison.Ordinal))
        {
            var constraint = policy[..^":getEffectivePolicy".Length];
            var spec = _specs.GetValueOrDefault((project, constraint), "{}");
            await WriteAsync(context, HttpStatusCode.OK, $$"""{"name":"projects/{{ProjectNumber}}/policies/{{constraint}}","spec":{{spec}}}""");
            return;
        }

        if (context.Request.Method == "POST" && segments is ["v3", "projects", var tested] && tested.EndsWith(":testIamPermissions", StringComparison.Ordinal))
        {
            var asked = JsonNode.Parse(body)!["permissions"]!.AsArray().Select(p => p!.GetValue<string>());
            var held = _granted.GetValueOrDefault(tested[..^":testIamPermissions".Length], []);
            var answer = asked.Where(held.Contains).ToList();
            await WriteAsync(context, HttpStatusCode.OK, answer.Count == 0 ? "{}" : new JsonObject { ["permissions"] = new JsonArray([.. answer.Select(p => JsonValue.Create(p))]) }.ToJsonString());
            return;
        }

        await WriteAsync(context, HttpStatusCode.NotFound, Error(HttpStatusCode.NotFound, $"No such method: {context.Request.Method} {path}", "NOT_FOUND"));
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Fault(HttpStatusCode Status, string Body, TimeSpan? RetryAfter);
}

/// <param name="Authorization">The Authorization header as sent.</param>
public sealed record GoogleRequest(string Method, string Path, string Authorization, string Body);
