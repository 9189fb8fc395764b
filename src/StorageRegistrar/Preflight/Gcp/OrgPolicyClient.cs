using StorageRegistrar.Diagnostics;
using System.Net;
using System.Text.Json;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Org Policy API v2, read-only: a constraint's effective policy on a project
/// (<c>GET v2/projects/{project}/policies/{constraint}:getEffectivePolicy</c>), the policy set on the project itself
/// (<c>GET v2/projects/{project}/policies/{constraint}</c>, 404 when there is none), and an organization's custom
/// constraints (<c>GET v2/organizations/{organization}/customConstraints</c>, which needs the role on the organization);
/// all need <c>roles/orgpolicy.policyViewer</c>. No SDK package for the API is served here, so this is its one REST client.
/// </summary>
/// <param name="http">Sends the requests, with the retries of <see cref="PreflightHttp"/>.</param>
/// <param name="ownerToken">The owner's bearer token for a scope (Google application default credentials).</param>
public sealed class OrgPolicyClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : OwnerRestClient(http, ownerToken, CredentialAgeProbe.GoogleScope, GcpGuardrails.OwnerSignIn, DefaultEndpoint)
{
    /// <summary>The Org Policy API's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://orgpolicy.googleapis.com/");

    /// <param name="project">The project id (the API also takes its number, and answers with the number).</param>
    public Task<CloudRead<EffectivePolicy>> GetEffectivePolicyAsync(string project, string constraint, CancellationToken cancellationToken)
    {
        var uri = PolicyUri(project, constraint, ":getEffectivePolicy");
        return ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            $"the effective policy of {constraint} on project {project}",
            body => new EffectivePolicy(Parse(body, constraint)),
            cancellationToken);
    }

    /// <summary>The project's own policy on <paramref name="constraint"/>, not what it inherits; <see cref="ProjectPolicy.None"/> when it has none.</summary>
    public Task<CloudRead<ProjectPolicy>> GetProjectPolicyAsync(string project, string constraint, CancellationToken cancellationToken)
    {
        var uri = PolicyUri(project, constraint);
        return ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            $"project {project}'s own policy on {constraint}",
            body => new ProjectPolicy(Parse(body, constraint)),
            cancellationToken,
            absent: (status, _) => status == HttpStatusCode.NotFound ? ProjectPolicy.None : null);
    }

    /// <summary>
    /// The organization's custom constraints, page after page while the answer names a next one (the API says it may start
    /// to); the managed constraints the list also holds are left out, as are names of no custom constraint's form.
    /// </summary>
    /// <param name="organization">The organization's number (<c>570033</c>).</param>
    public async Task<CloudRead<IReadOnlyList<CustomConstraint>>> ListCustomConstraintsAsync(string organization, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(organization);
        var constraints = new List<CustomConstraint>();
        var query = "";
        for (var page = 0; page < MaxCustomConstraintPages; page++)
        {
            var uri = new Uri(Endpoint, $"v2/organizations/{Uri.EscapeDataString(organization)}/customConstraints{query}");
            var read = await ReadAsync(
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                $"the custom constraints of organization {organization}",
                body => JsonSerializer.Deserialize(body, GoogleJsonContext.Default.CustomConstraintListJson) ?? throw new JsonException("null instead of a list of custom constraints"),
                cancellationToken).ConfigureAwait(false);
            if (read.Value is not { } answer)
            {
                return CloudRead<IReadOnlyList<CustomConstraint>>.Refused(read.Refusal!, read.Denied);
            }

            constraints.AddRange((answer.CustomConstraints ?? []).Select(CustomConstraintOf).OfType<CustomConstraint>());
            if (string.IsNullOrEmpty(answer.NextPageToken))
            {
                return CloudRead<IReadOnlyList<CustomConstraint>>.Of(constraints);
            }

            query = $"?pageToken={Uri.EscapeDataString(answer.NextPageToken)}";
        }

        return CloudRead<IReadOnlyList<CustomConstraint>>.Refused($"the custom constraints of organization {organization} named a next page after {MaxCustomConstraintPages} pages");
    }

    /// <summary>How many pages of custom constraints are read before the list is taken for endless: an organization holds at most 1,000.</summary>
    private const int MaxCustomConstraintPages = 100;

    /// <summary>A listed constraint named <c>organizations/{id}/customConstraints/custom.{name}</c>; null for a managed one, or any other name.</summary>
    private static CustomConstraint? CustomConstraintOf(CustomConstraintJson listed) =>
        listed.Name?.Split('/') is [.., "customConstraints", var id] && CustomConstraint.IdPattern().IsMatch(id)
            ? new CustomConstraint(id, listed.ResourceTypes ?? [], listed.MethodTypes ?? [], listed.Condition ?? "", listed.ActionType ?? "")
            : null;

    /// <param name="method">A custom method of the policy (<c>:getEffectivePolicy</c>), or none for the policy itself.</param>
    private Uri PolicyUri(string project, string constraint, string method = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(constraint);
        return new Uri(Endpoint, $"v2/projects/{Uri.EscapeDataString(project)}/policies/{Uri.EscapeDataString(constraint)}{method}");
    }

    private static IReadOnlyList<PolicyRule> Parse(string body, string constraint)
    {
        var policy = JsonSerializer.Deserialize(body, GoogleJsonContext.Default.PolicyJson) ?? throw new JsonException("null instead of a policy");
        // The name is projects/{number}/policies/{constraint}: an answer about another constraint is no answer.
        if (policy.Name is { } name && !name.EndsWith($"/policies/{constraint}", StringComparison.Ordinal))
        {
            throw new JsonException($"the policy is named \"{name}\", not for {constraint}");
        }

        return [.. (policy.Spec?.Rules ?? []).Select(rule => new PolicyRule(
            rule.Enforce == true,
            rule.AllowAll == true,
            rule.DenyAll == true,
            rule.Values?.AllowedValues ?? [],
            rule.Values?.DeniedValues ?? [],
            rule.Condition is { ValueKind: not JsonValueKind.Null } condition ? condition.GetRawText() : null)
        {
            AllowedMemberSubjects = rule.Parameters?.AllowedMemberSubjects ?? [],
            AllowedPrincipalSets = rule.Parameters?.AllowedPrincipalSets ?? [],
        })];
    }
}

/// <summary>A policy set on a project itself (Org Policy v2 <c>projects.policies.get</c>), which the project has one of per constraint at most.</summary>
/// <param name="Rules">Its rules; null when the project has no policy of its own on the constraint.</param>
public sealed record ProjectPolicy(IReadOnlyList<PolicyRule>? Rules)
{
    public static ProjectPolicy None { get; } = new(Rules: null);

    public bool Exists => Rules is not null;
}
