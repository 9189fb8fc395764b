using System.Net.Mime;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>A policy assignment, and the definition in it, that refuses a planned resource or one of its values.</summary>
/// <param name="Field">The field it refuses (<c>location</c>, <c>properties.publicNetworkAccess</c>), when the answer says.</param>
/// <param name="Why">What it refuses, in the cloud's words: the field and its values, or the evaluated expressions.</param>
public sealed record PolicyDenial(string AssignmentId, string? DefinitionReferenceId, string? Field, string Why)
{
    /// <summary>The assignment's name, the last segment of its id.</summary>
    public string AssignmentName => AssignmentId[(AssignmentId.LastIndexOf('/') + 1)..];
}

/// <summary>A field's restriction by one policy: the values it requires (<c>Required</c>) or refuses (<c>Deny</c>; none: any value).</summary>
public sealed record PolicyFieldRestriction(string Field, bool Required, IReadOnlyList<string> Values, PolicyDenial Policy);

/// <summary>What Azure Policy would do to one planned resource: the deny policies its content breaks, and the restrictions on its pending fields.</summary>
/// <param name="Unevaluated">The policies whose evaluation of the content ended in an error rather than a verdict, each with what it ended in.</param>
public sealed record PolicyRestrictions(IReadOnlyList<PolicyDenial> ContentDenials, IReadOnlyList<PolicyFieldRestriction> FieldRestrictions, IReadOnlyList<PolicyDenial> Unevaluated);

/// <summary>
/// Azure Policy Insights, read-only: which policies would refuse a resource before it is created
/// (<c>POST {scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions</c>, api-version 2022-03-01), given
/// the resource's planned content and the fields whose restrictions to list.
/// </summary>
public sealed class PolicyRestrictionsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : OwnerRestClient(http, ownerToken, AzureResourceProbe.ArmScope, AzureGuardrails.OwnerSignIn, DefaultEndpoint)
{
    private const string ApiVersion = "2022-03-01";

    /// <summary>Resource Manager's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://management.azure.com/");

    /// <param name="scope">Where to ask: the subscription or an existing resource group.</param>
    /// <param name="resource">The planned resource: its content (type, location, tags, properties...), api-version and the scope it is created in.</param>
    /// <param name="pendingFields">The fields whose restrictions to list, each with the value the plan gives it.</param>
    public Task<CloudRead<PolicyRestrictions>> CheckAsync(
        string scope, PlannedArmResource resource, IReadOnlyDictionary<string, string> pendingFields, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(pendingFields);
        var uri = new Uri(Endpoint, $"{scope.TrimStart('/')}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version={ApiVersion}");
        var body = new JsonObject
        {
            ["resourceDetails"] = new JsonObject
            {
                ["resourceContent"] = JsonNode.Parse(resource.Content.ToJsonString()),
                ["apiVersion"] = resource.ApiVersion,
                ["scope"] = resource.Scope,
            },
            ["pendingFields"] = new JsonArray([.. pendingFields.Select(f => new JsonObject { ["field"] = f.Key, ["values"] = new JsonArray(f.Value) })]),
        }.ToJsonString();
        return ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, MediaTypeNames.Application.Json) },
            $"the policy restrictions on {resource.What} at {scope}",
            Parse,
            cancellationToken);
    }

    private static PolicyRestrictions Parse(string body)
    {
        var result = JsonSerializer.Deserialize(body, AzureJsonContext.Default.CheckRestrictionsResultJson) ?? throw new JsonException("null instead of a result");
        // Without includeAuditEffect only deny policies are evaluated; an evaluation is listed when the content breaks it,
        // or, with another result than NonCompliant, when its evaluation met an error (Policy Insights' own words).
        var evaluations = result.ContentEvaluationResult?.PolicyEvaluations ?? [];
        var denials = evaluations
            .Where(e => string.Equals(e.EvaluationResult, "NonCompliant", StringComparison.OrdinalIgnoreCase))
            .Select(e => Denial(e.PolicyInfo, Decisive(e.EvaluationDetails).Select(x => x.Path).FirstOrDefault(), Describe(e.EvaluationDetails)))
            .ToList();
        var unevaluated = evaluations
            .Where(e => !string.Equals(e.EvaluationResult, "NonCompliant", StringComparison.OrdinalIgnoreCase) && !string.Equals(e.EvaluationResult, "Compliant", StringComparison.OrdinalIgnoreCase))
            .Select(e => Denial(e.PolicyInfo, field: null, $"its evaluation ended in '{e.EvaluationResult}' rather than a verdict"))
            .ToList();
        var restrictions = (result.FieldRestrictions ?? [])
            .SelectMany(f => (f.Restrictions ?? []).Select(r => (Field: f.Field ?? throw new JsonException("a field restriction without its field"), Restriction: r)))
            .Where(f => f.Restriction.Result is "Deny" or "Required")
            .Select(f => new PolicyFieldRestriction(
                f.Field,
                f.Restriction.Result == "Required",
                f.Restriction.Values ?? [],
                Denial(f.Restriction.Policy, f.Field, $"{f.Field} {(f.Restriction.Result == "Required" ? "must be one of" : "must not be")} {(f.Restriction.Values is { Count: > 0 } values ? string.Join(", ", values) : "set")}")))
            .ToList();
        return new PolicyRestrictions(denials, restrictions, unevaluated);
    }

    private static PolicyDenial Denial(PolicyReferenceJson? policy, string? field, string why) => new(
        policy?.PolicyAssignmentId ?? throw new JsonException("a policy without its assignment id"),
        // Empty outside an initiative.
        string.IsNullOrEmpty(policy.PolicyDefinitionReferenceId) ? null : policy.PolicyDefinitionReferenceId,
        field,
        why);

    /// <summary>The expressions that held, and so decided the denial.</summary>
    private static IEnumerable<ExpressionJson> Decisive(EvaluationDetailsJson? details) =>
        (details?.EvaluatedExpressions ?? []).Where(e => string.Equals(e.Result, "True", StringComparison.OrdinalIgnoreCase));

    /// <summary>The expressions that decided the denial: <c>path operator target</c>, with the value the content gave.</summary>
    private static string Describe(EvaluationDetailsJson? details)
    {
        var expressions = Decisive(details)
            .Select(e => $"{e.Path ?? e.Expression} {e.Operator} {Text(e.TargetValue)} (planned: {Text(e.ExpressionValue)})")
            .ToList();
        return expressions.Count > 0 ? string.Join("; ", expressions) : details?.Reason ?? "the planned content breaks the policy";
    }

    private static string Text(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "nothing",
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { } other => other.GetRawText(),
    };
}

/// <summary>A resource the plan creates, as Policy Insights evaluates it.</summary>
/// <param name="What">Words for it in messages (<c>the storage account</c>).</param>
/// <param name="Content">Its ARM body: <c>type</c>, <c>location</c>, <c>tags</c>, <c>properties</c>...</param>
/// <param name="Scope">Where it is created (its resource group, or the subscription for the group itself).</param>
public sealed record PlannedArmResource(string What, string Resource, JsonObject Content, string ApiVersion, string Scope);
