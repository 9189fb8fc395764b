using System.Text.Json;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>Org Policy v2's <c>Policy</c>, as much of it as preflight reads (the effective policy has no etag or condition of its own).</summary>
internal sealed record PolicyJson(string? Name, PolicySpecJson? Spec);

internal sealed record PolicySpecJson(IReadOnlyList<PolicyRuleJson>? Rules);

/// <summary>
/// One rule: <c>values</c>, <c>allowAll</c>, <c>denyAll</c> (list constraints) or <c>enforce</c> (boolean and managed
/// constraints), with a managed constraint's <c>parameters</c>. Proto3 JSON leaves false out, so a missing flag is false.
/// </summary>
internal sealed record PolicyRuleJson(StringValuesJson? Values, bool? AllowAll, bool? DenyAll, bool? Enforce, JsonElement? Condition, MemberParametersJson? Parameters);

/// <summary>The parameters of <c>iam.managed.allowedPolicyMembers</c>, the only managed constraint preflight reads parameters of.</summary>
internal sealed record MemberParametersJson(IReadOnlyList<string>? AllowedMemberSubjects, IReadOnlyList<string>? AllowedPrincipalSets);

internal sealed record StringValuesJson(IReadOnlyList<string>? AllowedValues, IReadOnlyList<string>? DeniedValues);

/// <summary>Resource Manager's <c>TestIamPermissionsRequest</c> and <c>TestIamPermissionsResponse</c>: the permissions asked, the ones held.</summary>
internal sealed record PermissionsJson(IReadOnlyList<string>? Permissions);

/// <summary>Resource Manager v1's <c>GetAncestryResponse</c>: the project, then each ancestor up to the organization.</summary>
internal sealed record AncestryJson(IReadOnlyList<AncestorJson>? Ancestor);

internal sealed record AncestorJson(ResourceIdJson? ResourceId);

/// <summary>A resource's <c>type</c> (<c>project</c>, <c>folder</c>, <c>organization</c>) and <c>id</c>.</summary>
internal sealed record ResourceIdJson(string? Type, string? Id);

/// <summary>Org Policy v2's <c>ListCustomConstraintsResponse</c>: the constraints, and the token of a next page, which Org Policy says it does not use yet.</summary>
internal sealed record CustomConstraintListJson(IReadOnlyList<CustomConstraintJson>? CustomConstraints, string? NextPageToken);

/// <summary>A <c>CustomConstraint</c>, named <c>organizations/{id}/customConstraints/custom.{name}</c>.</summary>
internal sealed record CustomConstraintJson(string? Name, IReadOnlyList<string>? ResourceTypes, IReadOnlyList<string>? MethodTypes, string? Condition, string? ActionType);

/// <summary>Cloud KMS v1's <c>CryptoKey</c>, as much of it as the doctor reads: the primary version, absent when the key has none.</summary>
internal sealed record CryptoKeyJson(CryptoKeyVersionJson? Primary);

/// <summary>A <c>CryptoKeyVersion</c>'s full name and state (<c>ENABLED</c>, <c>DISABLED</c>, <c>DESTROYED</c>...).</summary>
internal sealed record CryptoKeyVersionJson(string? Name, string? State);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyJson))]
[JsonSerializable(typeof(PermissionsJson))]
[JsonSerializable(typeof(CryptoKeyJson))]
[JsonSerializable(typeof(AncestryJson))]
[JsonSerializable(typeof(CustomConstraintListJson))]
internal sealed partial class GoogleJsonContext : JsonSerializerContext;
