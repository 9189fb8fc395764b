using System.Text.Json;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>Graph's <c>authorizationPolicy</c>, as much of it as preflight reads.</summary>
internal sealed record AuthorizationPolicyJson(DefaultUserRolePermissionsJson? DefaultUserRolePermissions, string? GuestUserRoleId);

/// <summary>Graph's <c>user</c>, as much of it as <c>me?$select=userType</c> answers.</summary>
internal sealed record SignedInUserJson(string? UserType);

internal sealed record DefaultUserRolePermissionsJson(bool? AllowedToCreateApps);

/// <summary>Graph's <c>tenantAppManagementPolicy</c>, as much of it as preflight reads: the restrictions on applications' passwords.</summary>
internal sealed record TenantAppManagementPolicyJson(bool? IsEnabled, AppManagementConfigurationJson? ApplicationRestrictions);

internal sealed record AppManagementConfigurationJson(IReadOnlyList<PasswordCredentialConfigurationJson>? PasswordCredentials);

/// <param name="RestrictionType"><c>passwordAddition</c>, <c>passwordLifetime</c>, or others preflight does not judge.</param>
/// <param name="State"><c>enabled</c> or <c>disabled</c>; absent where Graph predates it, and then evaluated.</param>
/// <param name="MaxLifetime">An ISO 8601 duration (<c>P90D</c>), with <c>passwordLifetime</c>.</param>
internal sealed record PasswordCredentialConfigurationJson(
    string? RestrictionType,
    string? State,
    string? MaxLifetime,
    DateTimeOffset? RestrictForAppsCreatedAfterDateTime,
    ActorExemptionsJson? ExcludeActors);

internal sealed record ActorExemptionsJson(IReadOnlyList<CustomSecurityAttributeExemptionJson>? CustomSecurityAttributes);

/// <param name="Id">The attribute, <c>AttributeSetName_AttributeName</c>.</param>
internal sealed record CustomSecurityAttributeExemptionJson(string? Id, string? Operator, string? Value);

/// <summary>A page of Graph <c>directoryObject</c>s cast to <c>directoryRole</c>.</summary>
internal sealed record DirectoryRolePageJson(
    IReadOnlyList<DirectoryRoleJson>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

internal sealed record DirectoryRoleJson(string? DisplayName, string? RoleTemplateId);

/// <summary>A page of Graph <c>unifiedRoleAssignment</c>s with their role definitions expanded.</summary>
internal sealed record RoleAssignmentPageJson(
    IReadOnlyList<RoleAssignmentJson>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

/// <param name="DirectoryScopeId"><c>/</c> for the whole tenant; an administrative unit or an object otherwise.</param>
internal sealed record RoleAssignmentJson(string? DirectoryScopeId, RoleDefinitionJson? RoleDefinition);

internal sealed record RoleDefinitionJson(string? DisplayName, IReadOnlyList<RolePermissionJson>? RolePermissions);

internal sealed record RolePermissionJson(IReadOnlyList<string>? AllowedResourceActions);

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

internal sealed record PolicyReferenceJson(string? PolicyDefinitionReferenceId, string? PolicyAssignmentId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthorizationPolicyJson))]
[JsonSerializable(typeof(SignedInUserJson))]
[JsonSerializable(typeof(TenantAppManagementPolicyJson))]
[JsonSerializable(typeof(DirectoryRolePageJson))]
[JsonSerializable(typeof(RoleAssignmentPageJson))]
[JsonSerializable(typeof(PermissionPageJson))]
[JsonSerializable(typeof(CheckRestrictionsResultJson))]
internal sealed partial class AzureJsonContext : JsonSerializerContext;
