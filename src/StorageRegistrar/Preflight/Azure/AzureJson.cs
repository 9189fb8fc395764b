using System.Text.Json;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>Graph's <c>authorizationPolicy</c>, as much of it as preflight reads.</summary>
internal sealed record AuthorizationPolicyJson(DefaultUserRolePermissionsJson? DefaultUserRolePermissions);

internal sealed record DefaultUserRolePermissionsJson(bool? AllowedToCreateApps);

/// <summary>A page of Graph <c>directoryObject</c>s cast to <c>directoryRole</c>.</summary>
internal sealed record DirectoryRolePageJson(
    IReadOnlyList<DirectoryRoleJson>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

internal sealed record DirectoryRoleJson(string? DisplayName, string? RoleTemplateId);

/// <summary>A page of Resource Manager's <c>Permission</c>s of the caller at a scope.</summary>
internal sealed record PermissionPageJson(IReadOnlyList<PermissionJson>? Value, string? NextLink);

internal sealed record PermissionJson(IReadOnlyList<string>? Actions, IReadOnlyList<string>? NotActions);

/// <summary>Policy Insights' <c>CheckRestrictionsResult</c>.</summary>
internal sealed record CheckRestrictionsResultJson(IReadOnlyList<FieldRestrictionsJson>? FieldRestrictions, ContentEvaluationJson? ContentEvaluationResult);

internal sealed record FieldRestrictionsJson(string? Field, IReadOnlyList<FieldRestrictionJson>? Restrictions);

/// <param name="Result"><c>Required</c>, <c>Removed</c>, <c>Deny</c> or <c>Audit</c>.</param>
internal sealed record FieldRestrictionJson(string? Result, IReadOnlyList<string>? Values, PolicyReferenceJson? Policy);

internal sealed record ContentEvaluationJson(IReadOnlyList<PolicyEvaluationJson>? PolicyEvaluations);

internal sealed record PolicyEvaluationJson(PolicyReferenceJson? PolicyInfo, string? EvaluationResult, EvaluationDetailsJson? EvaluationDetails);

internal sealed record EvaluationDetailsJson(IReadOnlyList<ExpressionJson>? EvaluatedExpressions, string? Reason);

internal sealed record ExpressionJson(string? Result, string? Expression, string? Path, JsonElement? ExpressionValue, JsonElement? TargetValue, string? Operator);

internal sealed record PolicyReferenceJson(string? PolicyDefinitionId, string? PolicySetDefinitionId, string? PolicyDefinitionReferenceId, string? PolicyAssignmentId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthorizationPolicyJson))]
[JsonSerializable(typeof(DirectoryRolePageJson))]
[JsonSerializable(typeof(PermissionPageJson))]
[JsonSerializable(typeof(CheckRestrictionsResultJson))]
internal sealed partial class AzureJsonContext : JsonSerializerContext;
