using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TestSupport;

/// <summary>
/// A local stand-in, on loopback, for what Azure preflight reads, answering in the documented shapes: Microsoft Graph
/// v1.0 <c>GET policies/authorizationPolicy</c> and <c>GET me/transitiveMemberOf/microsoft.graph.directoryRole</c>
/// (bearer <see cref="GraphToken"/>); Resource Manager <c>GET {scope}/providers/Microsoft.Authorization/permissions</c>
/// and Policy Insights <c>POST {scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions</c> (bearer
/// <see cref="ArmToken"/>). Deny policies are rules on one field of one resource type: a planned value outside the
/// allowed ones makes the content non-compliant, and a pending field lists the allowed values as required. Scripted
/// faults answer a path's next requests first.
/// </summary>
public sealed class AzureGuardrailServer : IAsyncDisposable
{
    public const string GraphToken = "owner-graph-token";

    public const string ArmToken = "owner-arm-token";

    public const string PolicyPath = "/v1.0/policies/authorizationPolicy";

    public const string RolesPath = "/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _permissions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<DenyRule> _rules = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<AzureRequest> _requests = new();
    private volatile bool _usersMayRegister = true;
    private volatile string[] _roleTemplateIds = [];

    private AzureGuardrailServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The root every API answers under, as <c>https://management.azure.com/</c> would be.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<AzureRequest> Requests => [.. _requests];

    public static async Task<AzureGuardrailServer> StartAsync(CancellationToken cancellationToken)
    {
        AzureGuardrailServer? server = null;
        var (app, endpoint) = await LoopbackApi.StartAsync(context => server!.AnswerAsync(context), cancellationToken);
        server = new AzureGuardrailServer(app, endpoint);
        return server;
    }

    /// <summary>The tenant's <c>allowedToCreateApps</c>, and the template ids of the caller's directory roles.</summary>
    public AzureGuardrailServer SetAppRegistration(bool usersMayRegister, params string[] roleTemplateIds)
    {
        _usersMayRegister = usersMayRegister;
        _roleTemplateIds = roleTemplateIds;
        return this;
    }

    /// <summary>A role the caller holds at <paramref name="scope"/>: its actions and not-actions.</summary>
    public AzureGuardrailServer Grant(string scope, IEnumerable<string> actions, IEnumerable<string>? notActions = null)
    {
        var permission = new JsonObject
        {
            ["actions"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]),
            ["notActions"] = new JsonArray([.. (notActions ?? []).Select(a => JsonValue.Create(a))]),
            ["dataActions"] = new JsonArray(),
            ["notDataActions"] = new JsonArray(),
        };
        _permissions.AddOrUpdate(scope, _ => [permission], (_, held) => [.. held, permission]);
        return this;
    }

    /// <summary>
    /// An assignment of a deny policy: resources of <paramref name="resourceType"/> whose <paramref name="field"/>
    /// (<c>location</c>, <c>properties.publicNetworkAccess</c>) is not one of <paramref name="allowed"/> are refused.
    /// </summary>
    public AzureGuardrailServer Deny(string assignmentId, string definitionId, string resourceType, string field, params string[] allowed)
    {
        _rules.Enqueue(new DenyRule(assignmentId, definitionId, resourceType, field, allowed));
        return this;
    }

    /// <summary>The next request to <paramref name="path"/> gets this answer instead.</summary>
    public AzureGuardrailServer Fail(string path, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        _faults.GetOrAdd(path, _ => new()).Enqueue(new Fault(status, body, retryAfter));
        return this;
    }

    /// <summary>Azure's error body: <c>{"error": {"code", "message"}}</c>.</summary>
    public static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    public static string PermissionsPath(string scope) => $"{scope}/providers/Microsoft.Authorization/permissions";

    public static string RestrictionsPath(string scope) => $"{scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions";

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var authorization = context.Request.Headers.Authorization.ToString();
        _requests.Enqueue(new AzureRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "", authorization, body));
        var graph = path.StartsWith("/v1.0/", StringComparison.Ordinal);
        if (authorization != $"Bearer {(graph ? GraphToken : ArmToken)}")
        {
            await WriteAsync(context, HttpStatusCode.Unauthorized, Error("InvalidAuthenticationToken", "Access token validation failure."));
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

        var answer = (context.Request.Method, path) switch
        {
            ("GET", PolicyPath) => new JsonObject
            {
                ["id"] = "authorizationPolicy",
                ["displayName"] = "Authorization Policy",
                ["defaultUserRolePermissions"] = new JsonObject { ["allowedToCreateApps"] = _usersMayRegister, ["allowedToCreateSecurityGroups"] = true },
            },
            ("GET", RolesPath) => new JsonObject
            {
                ["value"] = new JsonArray([.. _roleTemplateIds.Select(id => new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.directoryRole",
                    ["displayName"] = $"role {id}",
                    ["roleTemplateId"] = id,
                })]),
            },
            ("GET", _) when path.EndsWith("/providers/Microsoft.Authorization/permissions", StringComparison.OrdinalIgnoreCase) => new JsonObject
            {
                ["value"] = new JsonArray([.. _permissions.GetValueOrDefault(path[..^"/providers/Microsoft.Authorization/permissions".Length], []).Select(p => p.DeepClone())]),
            },
            ("POST", _) when path.EndsWith("/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", StringComparison.OrdinalIgnoreCase) => Restrictions(JsonNode.Parse(body)!.AsObject()),
            _ => null,
        };
        if (answer is null)
        {
            await WriteAsync(context, HttpStatusCode.NotFound, Error("NotFound", $"No such method: {context.Request.Method} {path}"));
            return;
        }

        await WriteAsync(context, HttpStatusCode.OK, answer.ToJsonString());
    }

    private JsonObject Restrictions(JsonObject request)
    {
        var content = request["resourceDetails"]!["resourceContent"]!.AsObject();
        var type = content["type"]!.GetValue<string>();
        var rules = _rules.Where(r => string.Equals(r.ResourceType, type, StringComparison.OrdinalIgnoreCase)).ToList();
        var evaluations = new JsonArray();
        foreach (var rule in rules)
        {
            var value = rule.Field.Split('.').Aggregate((JsonNode?)content, (node, segment) => node?[segment])?.GetValue<string>();
            if (value is not null && !rule.Allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                evaluations.Add(new JsonObject
                {
                    ["policyInfo"] = Reference(rule),
                    ["evaluationResult"] = "NonCompliant",
                    ["evaluationDetails"] = new JsonObject
                    {
                        ["evaluatedExpressions"] = new JsonArray(new JsonObject
                        {
                            ["result"] = "True",
                            ["expressionKind"] = "Field",
                            ["expression"] = rule.Field,
                            ["path"] = rule.Field,
                            ["expressionValue"] = value,
                            ["targetValue"] = new JsonArray([.. rule.Allowed.Select(a => JsonValue.Create(a))]),
                            ["operator"] = "notIn",
                        }),
                    },
                });
            }
        }

        var pending = (request["pendingFields"]?.AsArray() ?? []).Select(f => f!["field"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var fields = new JsonArray([.. rules.Where(r => pending.Contains(r.Field)).GroupBy(r => r.Field).Select(g => new JsonObject
        {
            ["field"] = g.Key,
            ["restrictions"] = new JsonArray([.. g.Select(r => new JsonObject
            {
                ["result"] = "Required",
                ["values"] = new JsonArray([.. r.Allowed.Select(a => JsonValue.Create(a))]),
                ["policy"] = Reference(r),
            })]),
        })]);
        return new JsonObject { ["fieldRestrictions"] = fields, ["contentEvaluationResult"] = new JsonObject { ["policyEvaluations"] = evaluations } };
    }

    private static JsonObject Reference(DenyRule rule) => new()
    {
        ["policyDefinitionId"] = rule.DefinitionId,
        ["policySetDefinitionId"] = "",
        ["policyDefinitionReferenceId"] = "",
        ["policyAssignmentId"] = rule.AssignmentId,
    };

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record DenyRule(string AssignmentId, string DefinitionId, string ResourceType, string Field, string[] Allowed);

    private sealed record Fault(HttpStatusCode Status, string Body, TimeSpan? RetryAfter);
}

/// <param name="Authorization">The Authorization header as sent.</param>
public sealed record AzureRequest(string Method, string Path, string Query, string Authorization, string Body);
