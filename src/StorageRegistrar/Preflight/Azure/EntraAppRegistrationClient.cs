using System.Text.Json;
using System.Xml;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>
/// Whether the deployer may register an Entra application: as a user, every user may, or the deployer holds a directory
/// role that may; as a service principal, it holds a Microsoft Graph application permission or a directory role that may.
/// </summary>
/// <param name="UsersMayRegister">The tenant's <c>allowedToCreateApps</c>; false for a service principal, to which it does not apply (it is not read).</param>
/// <param name="PolicyUnread">Why the tenant's authorization policy could not be read, when a role that may register decided instead; null otherwise.</param>
/// <param name="RolesThatMay">
/// The deployer's active directory roles that may register applications, built-in or custom; read only when nothing
/// else lets it.
/// </param>
public sealed record AppRegistrationRight(bool UsersMayRegister, IReadOnlyList<string> RolesThatMay)
{
    public string? PolicyUnread { get; init; }

    /// <summary>Why a user's role assignments, where a custom role that may would show, could not be read; null when read or not needed.</summary>
    public string? CustomRolesUnread { get; init; }

    /// <summary>
    /// The user signs in as a guest whom <c>allowedToCreateApps</c> does not cover: the setting is the default user role's,
    /// and the tenant gives guests another role (<c>guestUserRoleId</c>).
    /// </summary>
    public bool Guest { get; init; }

    /// <summary>Why the user's type (member or guest) could not be read, where the tenant lets members register and no role decided; null otherwise.</summary>
    public string? UserTypeUnread { get; init; }

    /// <summary>Null: the deployer signs in as a user.</summary>
    public ServicePrincipalSignIn? ServicePrincipal { get; init; }
}

/// <summary>A deployer signed in as a service principal (an app-only Graph token).</summary>
/// <param name="AppId">Its application (client) id, when the token names it.</param>
/// <param name="PermissionsThatMay">Its Microsoft Graph application permissions that may create applications.</param>
/// <param name="RolesUnread">Why its directory roles could not be read; null when they were read or not needed.</param>
public sealed record ServicePrincipalSignIn(string? AppId, IReadOnlyList<string> PermissionsThatMay, string? RolesUnread);

/// <summary>
/// What the tenant's default app management policy holds against applications' passwords, as far as it evaluates them
/// (the policy enabled, the restriction not disabled); empty when nothing.
/// </summary>
public sealed record AppPasswordPolicy(IReadOnlyList<AppPasswordRestriction> Restrictions);

/// <summary>One restriction on applications' passwords (<c>passwordAddition</c> or <c>passwordLifetime</c>).</summary>
/// <param name="MaxLifetime">Null: no password may be added at all; else the longest lifetime one may have.</param>
/// <param name="AppsCreatedFrom">It holds for applications created from then on; null: for every application.</param>
/// <param name="ExemptActors">
/// The custom security attributes whose holders it spares (<c>Set_Attribute equals value</c>): the caller adding the
/// password, not the application, is exempt.
/// </param>
public sealed record AppPasswordRestriction(TimeSpan? MaxLifetime, DateTimeOffset? AppsCreatedFrom, IReadOnlyList<string> ExemptActors);

/// <summary>
/// Microsoft Graph v1.0, read-only. For users and service principals alike, the tenant's default app management policy
/// (<c>GET policies/defaultAppManagementPolicy</c>, <c>applicationRestrictions.passwordCredentials</c>, which needs
/// Policy.Read.All or a Policy.*.ApplicationConfiguration permission). For a user: the tenant's authorization policy
/// (<c>GET policies/authorizationPolicy</c>,
/// <c>defaultUserRolePermissions.allowedToCreateApps</c>, and <c>guestUserRoleId</c>: a guest has the default user role's
/// permissions only where the tenant gives guests the User role; unless it does, the user's own <c>userType</c>, from
/// <c>GET me?$select=userType</c>) and, when users may not register applications, the signed-in
/// deployer's directory roles (<c>GET me/transitiveMemberOf/microsoft.graph.directoryRole</c>, which includes roles
/// held through a role-assignable group) and, without a built-in one that may, its role assignments with their
/// definitions (<c>GET roleManagement/directory/roleAssignments?$filter=principalId eq '{oid}'&amp;$expand=roleDefinition</c>,
/// assigned to the user itself), where a custom role, which never shows among directory roles, may allow creating
/// applications. For a service principal, to which neither applies (<see cref="GraphCaller"/>
/// tells them apart): its token's Microsoft Graph application permissions and, without one that may, its directory roles
/// (<c>GET servicePrincipals/{id}/transitiveMemberOf/microsoft.graph.directoryRole</c>, which needs Application.Read.All
/// or Directory.Read.All). Graph answers a directory object the token may not read with its id and type only (limited
/// information): a role without its template id is unknown, never taken for one that may not register.
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

    /// <summary>
    /// The Microsoft Graph application permissions that let a service principal create applications (Create application,
    /// <c>POST /applications</c>), least privileged first, with their app role ids in Microsoft Graph (permissions reference).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string AppRoleId)> RegisteringPermissions =
    [
        ("Application.ReadWrite.OwnedBy", "18a4783c-866b-4cc7-a460-3d5e5662c884"),
        ("Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"),
    ];

    /// <summary>Microsoft Graph's own application id, which <c>az ad app permission add --api</c> names.</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>
    /// The Microsoft Graph permissions that read directory roles (List directoryRoles), least privileged first; without
    /// one, Graph lists a caller's roles with their id and type only.
    /// </summary>
    public static readonly IReadOnlyList<string> RoleReaders = ["RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>
    /// The Microsoft Graph permissions, delegated or application, that read the tenant's default app management policy
    /// (Get tenantAppManagementPolicy), least privileged first.
    /// </summary>
    public static readonly IReadOnlyList<string> AppManagementPolicyReaders = ["Policy.Read.All", "Policy.Read.ApplicationConfiguration", "Policy.ReadWrite.ApplicationConfiguration"];

    /// <summary>The directory actions that let a role's holder create applications whatever the tenant lets users do.</summary>
    public static readonly IReadOnlyList<string> RegisteringActions = ["microsoft.directory/applications/create", "microsoft.directory/applications/createAsOwner"];

    /// <summary>
    /// The Microsoft Graph permissions that list directory role assignments (List unifiedRoleAssignments), least
    /// privileged first; a user also needs a role that reads them, such as Directory Readers.
    /// </summary>
    public static readonly IReadOnlyList<string> AssignmentReaders = ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "Directory.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.ReadWrite.All"];

    private const string PolicyRead = "the tenant's authorization policy (Microsoft Graph)";

    private const string AssignmentsRead = "your directory role assignments (Microsoft Graph)";

    private const string AppManagementPolicyRead = "the tenant's default app management policy (Microsoft Graph)";

    private const string UserTypeRead = "whether you are the tenant's member or its guest (Microsoft Graph, your userType)";

    /// <summary>
    /// The template id of Entra's built-in User role: the tenant's <c>guestUserRoleId</c> when guests have the same access
    /// as members, the default user role's permissions included (Guest User, <c>10dae51f-…</c>, is Entra's default).
    /// </summary>
    public const string MemberUserRoleTemplateId = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

    private const string PasswordAddition = "passwordAddition";

    private const string PasswordLifetime = "passwordLifetime";

    /// <summary>Microsoft Graph's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://graph.microsoft.com/");

    /// <summary>The API's root; tests point it at a local server.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    public async Task<CloudRead<AppRegistrationRight>> ReadAsync(CancellationToken cancellationToken)
    {
        var token = await PreflightRest.OwnerTokenAsync(ownerToken, CredentialAgeProbe.GraphScope, AzureGuardrails.OwnerSignIn, PolicyRead, cancellationToken).ConfigureAwait(false);
        if (token.Value is not { } bearer)
        {
            return CloudRead<AppRegistrationRight>.Refused(token.Refusal!, token.Denied);
        }

        var caller = GraphCaller.Of(bearer);
        return caller.IsServicePrincipal
            ? await ReadServicePrincipalAsync(bearer, caller, cancellationToken).ConfigureAwait(false)
            : await ReadUserAsync(bearer, caller.ObjectId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The restrictions on applications' passwords the tenant's default app management policy evaluates.</summary>
    public async Task<CloudRead<AppPasswordPolicy>> ReadPasswordPolicyAsync(CancellationToken cancellationToken)
    {
        var token = await PreflightRest.OwnerTokenAsync(ownerToken, CredentialAgeProbe.GraphScope, AzureGuardrails.OwnerSignIn, AppManagementPolicyRead, cancellationToken).ConfigureAwait(false);
        return token.Value is { } bearer
            ? await ReadAsync(
                bearer,
                () => new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, "v1.0/policies/defaultAppManagementPolicy")),
                AppManagementPolicyRead,
                PasswordPolicy,
                cancellationToken).ConfigureAwait(false)
            : CloudRead<AppPasswordPolicy>.Refused(token.Refusal!, token.Denied);
    }

    private static AppPasswordPolicy PasswordPolicy(string body)
    {
        var policy = JsonSerializer.Deserialize(body, AzureJsonContext.Default.TenantAppManagementPolicyJson) is { IsEnabled: not null } read
            ? read
            : throw new JsonException("no isEnabled");
        if (policy.IsEnabled == false)
        {
            return new AppPasswordPolicy([]);
        }

        return new AppPasswordPolicy([.. (policy.ApplicationRestrictions?.PasswordCredentials ?? [])
            .Where(r => r.RestrictionType is PasswordAddition or PasswordLifetime && !string.Equals(r.State, "disabled", StringComparison.Ordinal))
            .Select(r => new AppPasswordRestriction(
                r.RestrictionType == PasswordLifetime ? Duration(r.MaxLifetime) : null,
                r.RestrictForAppsCreatedAfterDateTime,
                [.. (r.ExcludeActors?.CustomSecurityAttributes ?? []).Select(a => $"{a.Id} {a.Operator} {a.Value}")]))]);
    }

    /// <summary>A <c>passwordLifetime</c> restriction's <c>maxLifetime</c>, an ISO 8601 duration (<c>P90D</c>, <c>P4DT12H</c>).</summary>
    private static TimeSpan Duration(string? maxLifetime)
    {
        try
        {
            return XmlConvert.ToTimeSpan(maxLifetime ?? throw new JsonException("a passwordLifetime restriction without maxLifetime"));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new JsonException($"maxLifetime \"{maxLifetime}\" is not an ISO 8601 duration");
        }
    }

    private async Task<CloudRead<AppRegistrationRight>> ReadUserAsync(string token, string? objectId, CancellationToken cancellationToken)
    {
        var policy = await ReadAsync(
            token,
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, "v1.0/policies/authorizationPolicy")),
            PolicyRead,
            body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.AuthorizationPolicyJson) is { DefaultUserRolePermissions.AllowedToCreateApps: not null } read
                ? read
                : throw new JsonException("no defaultUserRolePermissions.allowedToCreateApps"),
            cancellationToken).ConfigureAwait(false);
        if (policy.Value is not { } answer)
        {
            // Reading the policy takes Policy.Read.All, which a deployer's own sign-in often lacks (the Azure CLI's Graph
            // token may lack it): a role that may register applications whatever the policy still decides.
            var (instead, _) = await ReadUserRolesAsync(token, objectId, cancellationToken).ConfigureAwait(false);
            return instead.Value is { Count: > 0 } registering
                ? CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, registering) { PolicyUnread = policy.Refusal })
                : CloudRead<AppRegistrationRight>.Refused(policy.Refusal!, policy.Denied);
        }

        CloudRead<string>? userType = null;
        if (answer.DefaultUserRolePermissions!.AllowedToCreateApps == true)
        {
            if (string.Equals(answer.GuestUserRoleId, MemberUserRoleTemplateId, StringComparison.OrdinalIgnoreCase))
            {
                return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: true, []));
            }

            userType = await ReadUserTypeAsync(token, cancellationToken).ConfigureAwait(false);
            if (userType.Value == MemberUserType)
            {
                return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: true, []));
            }
        }

        // The tenant lets no user register, or lets members only and the deployer is a guest or not known to be a member:
        // a role that may register decides.
        var (roles, customUnread) = await ReadUserRolesAsync(token, objectId, cancellationToken).ConfigureAwait(false);
        return roles.Value is { } held
            ? CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, held)
            {
                CustomRolesUnread = customUnread,
                Guest = userType?.Value == GuestUserType,
                UserTypeUnread = userType?.Refusal,
            })
            : CloudRead<AppRegistrationRight>.Refused(roles.Refusal!, roles.Denied);
    }

    private const string MemberUserType = "Member";

    private const string GuestUserType = "Guest";

    /// <summary>The signed-in user's <c>userType</c>: <c>Member</c> or <c>Guest</c>, which reading one's own profile (User.Read) gives.</summary>
    private Task<CloudRead<string>> ReadUserTypeAsync(string token, CancellationToken cancellationToken) =>
        ReadAsync(
            token,
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, "v1.0/me?$select=userType")),
            UserTypeRead,
            body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.SignedInUserJson) is { UserType: MemberUserType or GuestUserType } read
                ? read.UserType
                : throw new JsonException("no userType Member or Guest"),
            cancellationToken);

    /// <summary>
    /// The user's roles that may register applications: its built-in directory roles, else the definitions of its role
    /// assignments; with none among the first, why the second could not be read, never taken for none.
    /// </summary>
    private async Task<(CloudRead<IReadOnlyList<string>> Roles, string? CustomRolesUnread)> ReadUserRolesAsync(string token, string? objectId, CancellationToken cancellationToken)
    {
        var builtIn = await ReadRolesAsync(
            token, new Uri(Endpoint, "v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId"), "your directory roles (Microsoft Graph)", eventual: false, cancellationToken).ConfigureAwait(false);
        if (builtIn.Value is not { Count: 0 })
        {
            return (builtIn, null);
        }

        var assigned = objectId is null
            ? CloudRead<IReadOnlyList<string>>.Refused($"{AssignmentsRead}: the token names no user (no oid claim).")
            : await ReadAssignedRolesAsync(token, objectId, cancellationToken).ConfigureAwait(false);
        return assigned.Value is not null ? (assigned, null) : (builtIn, assigned.Refusal);
    }

    /// <summary>
    /// The roles assigned to the user on the whole tenant (<c>directoryScopeId</c> <c>/</c>) whose definition allows one of
    /// <see cref="RegisteringActions"/>, every page of them.
    /// </summary>
    private async Task<CloudRead<IReadOnlyList<string>>> ReadAssignedRolesAsync(string token, string objectId, CancellationToken cancellationToken)
    {
        var roles = new List<string>();
        Uri? next = new(Endpoint, $"v1.0/roleManagement/directory/roleAssignments?$filter={Uri.EscapeDataString($"principalId eq '{objectId}'")}&$expand=roleDefinition");
        while (next is not null)
        {
            var uri = next;
            var page = await ReadAsync(
                token,
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                AssignmentsRead,
                body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.RoleAssignmentPageJson) is { } read
                    ? (read.Value ?? []).All(a => a.RoleDefinition is not null) ? read : throw new JsonException("a role assignment without its roleDefinition")
                    : throw new JsonException("null instead of a page"),
                cancellationToken).ConfigureAwait(false);
            if (page.Value is not { } assignments)
            {
                return CloudRead<IReadOnlyList<string>>.Refused(page.Refusal!, page.Denied);
            }

            foreach (var assignment in (assignments.Value ?? []).Where(a => a.DirectoryScopeId == "/"))
            {
                var definition = assignment.RoleDefinition!;
                var action = (definition.RolePermissions ?? []).SelectMany(p => p.AllowedResourceActions ?? [])
                    .FirstOrDefault(a => RegisteringActions.Contains(a, StringComparer.OrdinalIgnoreCase));
                if (action is not null)
                {
                    roles.Add($"{definition.DisplayName ?? "an unnamed role"} ({action})");
                }
            }

            next = assignments.NextLink is { } link ? new Uri(Endpoint, new Uri(link).PathAndQuery) : null;
        }

        return CloudRead<IReadOnlyList<string>>.Of([.. roles.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The token's permissions first; its roles only without one, and a refused read of them is said, never taken for none.</summary>
    private async Task<CloudRead<AppRegistrationRight>> ReadServicePrincipalAsync(string token, GraphCaller caller, CancellationToken cancellationToken)
    {
        var signIn = new ServicePrincipalSignIn(
            caller.AppId,
            [.. RegisteringPermissions.Select(p => p.Name).Where(p => caller.AppPermissions.Contains(p, StringComparer.Ordinal))],
            RolesUnread: null);
        if (signIn.PermissionsThatMay.Count > 0)
        {
            return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, []) { ServicePrincipal = signIn });
        }

        if (caller.ObjectId is null)
        {
            return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, [])
            {
                ServicePrincipal = signIn with { RolesUnread = "the token names no service principal (no oid claim)." },
            });
        }

        // Graph documents its advanced queries (an OData cast among them) with ConsistencyLevel: eventual and $count.
        var roles = await ReadRolesAsync(
            token,
            new Uri(Endpoint, $"v1.0/servicePrincipals/{Uri.EscapeDataString(caller.ObjectId)}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=displayName,roleTemplateId"),
            "your service principal's directory roles (Microsoft Graph)",
            eventual: true,
            cancellationToken).ConfigureAwait(false);
        if (roles.Value is { Count: 0 })
        {
            // A custom role is no directoryRole membership: its assignment's definition says what it allows, as for a user.
            roles = await ReadAssignedRolesAsync(token, caller.ObjectId, cancellationToken).ConfigureAwait(false);
        }

        return CloudRead<AppRegistrationRight>.Of(new AppRegistrationRight(UsersMayRegister: false, roles.Value ?? [])
        {
            ServicePrincipal = signIn with { RolesUnread = roles.Refusal },
        });
    }

    /// <summary>
    /// The roles that may register applications among the caller's directory roles, every page of them; refused when
    /// none may and some came without their template id, since any of those may be one that may.
    /// </summary>
    private async Task<CloudRead<IReadOnlyList<string>>> ReadRolesAsync(string token, Uri first, string what, bool eventual, CancellationToken cancellationToken)
    {
        var roles = new List<string>();
        var limited = 0;
        Uri? next = first;
        while (next is not null)
        {
            var uri = next;
            var page = await ReadAsync(
                token,
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    if (eventual)
                    {
                        request.Headers.Add("ConsistencyLevel", "eventual");
                    }

                    return request;
                },
                what,
                body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.DirectoryRolePageJson) ?? throw new JsonException("null instead of a page"),
                cancellationToken).ConfigureAwait(false);
            if (page.Value is not { } roleJson)
            {
                return CloudRead<IReadOnlyList<string>>.Refused(page.Refusal!, page.Denied);
            }

            var entries = roleJson.Value ?? [];
            limited += entries.Count(r => r.RoleTemplateId is null);
            roles.AddRange(entries.Select(r => r.RoleTemplateId is { } id ? RegisteringRoles.GetValueOrDefault(id) : null).OfType<string>());
            next = roleJson.NextLink is { } link ? new Uri(Endpoint, new Uri(link).PathAndQuery) : null;
        }

        return roles.Count == 0 && limited > 0
            ? CloudRead<IReadOnlyList<string>>.Refused(
                $"Microsoft Graph listed {limited} of {what} with only an id and a type (limited information), as it does for directory objects the token may not read; any of {string.Join(", ", RoleReaders)} lets it read directory roles.",
                denied: true)
            : CloudRead<IReadOnlyList<string>>.Of([.. roles.Distinct(StringComparer.Ordinal)]);
    }

    private Task<CloudRead<T>> ReadAsync<T>(string token, Func<HttpRequestMessage> createRequest, string what, Func<string, T> parse, CancellationToken cancellationToken)
        where T : class =>
        PreflightRest.ReadAsync(
            http, (_, _) => Task.FromResult(token), CredentialAgeProbe.GraphScope, AzureGuardrails.OwnerSignIn, createRequest, what, parse, cancellationToken);
}
