using System.Text.Json;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>Whether the deployer may register an Entra application: every user may, or the deployer holds a directory role that may.</summary>
/// <param name="RolesThatMay">The deployer's active directory roles that may register applications; read only when users may not.</param>
public sealed record AppRegistrationRight(bool UsersMayRegister, IReadOnlyList<string> RolesThatMay);

/// <summary>
/// Microsoft Graph v1.0, read-only: the tenant's authorization policy (<c>GET policies/authorizationPolicy</c>,
/// <c>defaultUserRolePermissions.allowedToCreateApps</c>) and, when users may not register applications, the signed-in
/// deployer's directory roles (<c>GET me/transitiveMemberOf/microsoft.graph.directoryRole</c>, which includes roles
/// held through a role-assignable group).
/// </summary>
public sealed class EntraAppRegistrationClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    /// <summary>
    /// The built-in roles that may register applications whatever the tenant's setting, by template id (the same in
    /// every tenant; Microsoft Entra built-in roles reference).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RegisteringRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["cf1c38e5-3621-4004-a7cb-879624dced7c"] = "Application Developer",
        ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"] = "Application Administrator",
        ["158c047a-c907-4556-b7ef-446551a6b5f7"] = "Cloud Application Administrator",
        ["62e90394-69f5-4237-9190-012177145e10"] = "Global Administrator",
    };

    /// <summary>Microsoft Graph's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://graph.microsoft.com/");

    /// <summary>The API's root; tests point it at a local server.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    public async Task<CloudRead<AppRegistrationRight>> ReadAsync(CancellationToken cancellationToken)
    {
        var policy = await ReadAsync(
            new Uri(Endpoint, "v1.0/policies/authorizationPolicy"),
            "the tenant's authorization policy (Microsoft Graph)",
            body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.AuthorizationPolicyJson) is { DefaultUserRolePermissions.AllowedToCreateApps: not null } read
                ? read
                : throw new JsonException("no defaultUserRolePermissions.allowedToCreateApps"),
            cancellationToken).ConfigureAwait(false);
        if (policy.Value is not { } answer)
        {
            return CloudRead<AppRegistrationRight>.Refused(policy.Refusal!, policy.Denied);
        }

        if (answer.DefaultUserRolePermissions!.AllowedToCreateApps == true)
        {
            return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: true, []));
        }

        var roles = new List<string>();
        Uri? next = new(Endpoint, "v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId");
        while (next is not null)
        {
            var page = await ReadAsync(
                next,
                "your directory roles (Microsoft Graph)",
                body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.DirectoryRolePageJson) ?? throw new JsonException("null instead of a page"),
                cancellationToken).ConfigureAwait(false);
            if (page.Value is not { } roleJson)
            {
                return CloudRead<AppRegistrationRight>.Refused(page.Refusal!, page.Denied);
            }

            roles.AddRange((roleJson.Value ?? []).Select(r => r.RoleTemplateId is { } id ? RegisteringRoles.GetValueOrDefault(id) : null).OfType<string>());
            next = roleJson.NextLink is { } link ? new Uri(Endpoint, new Uri(link).PathAndQuery) : null;
        }

        return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, [.. roles.Distinct(StringComparer.Ordinal)]));
    }

    private Task<CloudRead<T>> ReadAsync<T>(Uri uri, string what, Func<string, T> parse, CancellationToken cancellationToken)
        where T : class =>
        PreflightRest.ReadAsync(
            http, ownerToken, CredentialAgeProbe.GraphScope, AzureGuardrails.OwnerSignIn, () => new HttpRequestMessage(HttpMethod.Get, uri), what, parse, cancellationToken);
}
