using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight.Azure;

namespace LocalWorld;

/// <summary>
/// A local stand-in, on loopback, for what Azure preflight reads, answering in the documented shapes: Microsoft Graph
/// v1.0 <c>GET policies/authorizationPolicy</c> (with the tenant's <c>guestUserRoleId</c>), <c>GET me</c> (the deployer's
/// <c>userType</c>, refused without a scope that reads the user's profile), <c>GET policies/defaultAppManagementPolicy</c> (refused without a
/// permission that reads it), <c>GET roleManagement/directory/roleAssignments</c> (the deployer's, with their role
/// definitions expanded), <c>GET me/transitiveMemberOf/microsoft.graph.directoryRole</c> and
/// <c>GET servicePrincipals/{id}/transitiveMemberOf/microsoft.graph.directoryRole</c> (bearer <see cref="GraphToken"/>,
/// an unsigned access token in Entra's shape for the deployer: a user whose delegated scopes are its <c>scp</c>, refused
/// the authorization policy without Policy.Read.All or Policy.ReadWrite.Authorization, or a service principal whose
/// Graph application permissions are its <c>roles</c>, its directory roles listed with their id and type only unless
/// one of them reads directory roles); Resource Manager <c>GET {scope}/providers/Microsoft.Authorization/permissions</c>
/// and Policy Insights <c>POST {scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions</c> (bearer
/// <see cref="ArmToken"/>), and <c>GET {account id}</c> of the owner's storage accounts a guardrails file describes, with
/// their <c>location</c> (404 for any other). Deny policies are rules on one field of one resource type (or of every type that has the
/// field): a planned value outside the allowed ones, or among the refused ones, makes the content non-compliant, and a
/// pending field lists the allowed values as required (the refused ones as denied). Started with a guardrails file, it
/// answers from it, the caller holding every action on every scope but its denied ones (refused at a create with 403 <c>AuthorizationFailed</c>); scripted faults answer a path's next requests first.
/// </summary>
public sealed class AzureGuardrailServer : GuardrailServer<AzureGuardrailRequest>
{
    public const string ArmToken = "owner-arm-token";

    /// <summary>The tenant the deployer signs in to (<c>tid</c>).</summary>
    public const string LocalTenantId = "00000000-0000-4000-8000-0000000000d0";

    public const string PolicyPath = "/v1.0/policies/authorizationPolicy";

    public const string MePath = "/v1.0/me";

    /// <summary>The template id of Entra's Guest User role, the <c>guestUserRoleId</c> a tenant has unless it changed it.</summary>
    public const string GuestUserRoleTemplateId = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

    public const string RolesPath = "/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole";

    public const string AppManagementPolicyPath = "/v1.0/policies/defaultAppManagementPolicy";

    public const string RoleAssignmentsPath = "/v1.0/roleManagement/directory/roleAssignments";

    /// <summary>The id Graph gives the tenant's default app management policy.</summary>
    public const string DefaultAppManagementPolicyId = "00000000-0000-0000-0000-000000000000";

    /// <summary>Since when the default app management policy's restrictions hold: before any application the stand-in sees created.</summary>
    private const string RestrictionsSince = "2024-01-01T00:00:00Z";

    /// <summary>The deployer's object id (<c>oid</c>), as a user or as a service principal.</summary>
    public const string DeployerObjectId = "00000000-0000-4000-8000-0000000000d1";

    /// <summary>The application of a service principal deployer (<c>appid</c>).</summary>
    public const string DeployerAppId = "00000000-0000-4000-8000-0000000000d2";

    public const string ServicePrincipalRolesPath = $"/v1.0/servicePrincipals/{DeployerObjectId}/transitiveMemberOf/microsoft.graph.directoryRole";

    /// <summary>The Graph application permissions that may read a service principal's memberships (List servicePrincipal transitive memberOf).</summary>
    private static readonly string[] MembershipReaders = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>The delegated Graph permissions that may read the tenant's authorization policy (Get authorizationPolicy).</summary>
    private static readonly string[] PolicyReaders = ["Policy.Read.All", "Policy.ReadWrite.Authorization"];

    /// <summary>The delegated Graph permissions that read the signed-in user's own profile (Get user, <c>/me</c>), least privileged first.</summary>
    private static readonly string[] ProfileReaders = ["User.Read", "User.ReadWrite", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];

    /// <summary>
    /// A user's delegated scopes (<c>scp</c>) until <see cref="SignInAsUser"/>: with User.Read, Policy.Read.All and
    /// RoleManagement.Read.Directory, so the deployer reads its own profile, the tenant's policies and its own role assignments.
    /// </summary>
    private static readonly string[] DefaultUserScopes = ["openid", "profile", "email", "User.Read", "Policy.Read.All", "RoleManagement.Read.Directory"];

    private readonly bool _everyActionGranted;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _permissions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Destinations whose linked action (by their id) the deployer's roles leave out.</summary>
    private readonly ConcurrentDictionary<string, string> _linkedAccessDenied = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The actions no role of the deployer grants anywhere, as notActions write them (<c>*</c> for any characters): the guardrails file's <c>deniedActions</c>.</summary>
    private volatile string[] _deniedActions = [];

    private readonly ConcurrentQueue<DenyRule> _rules = new();

    /// <summary>The owner's storage accounts the guardrails file describes, by ARM id, with their location.</summary>
    private readonly ConcurrentDictionary<string, string> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _usersMayRegister = true;
    private volatile string _guestUserRoleId = GuestUserRoleTemplateId;
    private volatile string _userType = "Member";
    private volatile string[] _roleTemplateIds = [];
    private volatile CustomRole[] _customRoles = [];
    private volatile PasswordRestrictions _passwordRestrictions = new(AdditionBlocked: false, MaxLifetimeDays: null);

    /// <summary>Null: the deployer signs in as a user.</summary>
    private volatile string[]? _graphPermissions;
    private volatile string[] _userScopes = DefaultUserScopes;
    private volatile string _graphToken = UserAccessToken(DefaultUserScopes);

    private AzureGuardrailServer(WebApplication app, Uri endpoint, bool everyActionGranted)
        : base(app, endpoint, StringComparer.OrdinalIgnoreCase)
    {
        _everyActionGranted = everyActionGranted;
    }

    private protected override string ContentType => "application/json; charset=utf-8";

    /// <param name="guardrails">The tenant's setting and the subscription's deny policies; null: none, and no permission until <see cref="Grant"/>.</param>
    /// <param name="subscriptionId">The subscription the guardrails file's policies are assigned in.</param>
    public static async Task<AzureGuardrailServer> StartAsync(CancellationToken cancellationToken, AzureGuardrailSettings? guardrails = null, string? subscriptionId = null)
    {
        var server = await ListenAsync((app, endpoint) => new AzureGuardrailServer(app, endpoint, everyActionGranted: guardrails is not null), cancellationToken).ConfigureAwait(false);
        if (guardrails is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
            server.SetAppRegistration(guardrails.UsersCanRegisterApplications);
            if (guardrails.Guest)
            {
                server.SignInAsGuest();
            }

            if (guardrails.AppManagementPolicy is { } appPolicy)
            {
                server.RestrictPasswords(appPolicy.PasswordAdditionBlocked, appPolicy.MaxPasswordLifetimeDays);
            }
            if (guardrails.ServicePrincipalGraphPermissions is { } permissions)
            {
                server.SignInAsServicePrincipal([.. permissions]);
            }

            if (guardrails.AllowedLocations is { } locations)
            {
                server.Deny(AssignmentId(subscriptionId, AzureGuardrailSettings.AllowedLocationsPolicy), DefinitionId(AzureGuardrailSettings.AllowedLocationsPolicy), resourceType: null, "location", [.. locations]);
            }

            foreach (var account in guardrails.ExistingAccounts)
            {
                server._accounts[account.Id] = account.Location;
            }

            server._deniedActions = [.. guardrails.DeniedActions];
            foreach (var (id, action) in guardrails.LinkedAccessDenied)
            {
                server._linkedAccessDenied[id] = action;
            }

            foreach (var policy in guardrails.DenyPolicies)
            {
                server._rules.Enqueue(new DenyRule(AssignmentId(subscriptionId, policy.Name), DefinitionId(policy.Name), policy.ResourceType, policy.Field, [.. policy.Values], Refused: true));
            }
        }

        return server;
    }

    /// <summary>A policy assignment's id in the subscription, as Azure Policy names it.</summary>
    public static string AssignmentId(string subscriptionId, string name) => $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyAssignments/{name}";

    /// <summary>The id of the policy definition a guardrails file's policy assigns.</summary>
    public static string DefinitionId(string name) => $"/providers/Microsoft.Authorization/policyDefinitions/{name}";

    /// <summary>The tenant's <c>allowedToCreateApps</c>, and the template ids of the caller's directory roles.</summary>
    public AzureGuardrailServer SetAppRegistration(bool usersMayRegister, params string[] roleTemplateIds)
    {
        _usersMayRegister = usersMayRegister;
        _roleTemplateIds = roleTemplateIds;
        return this;
    }

    /// <summary>The deployer is the tenant's guest (<c>userType</c> Guest), with the role the tenant gives guests.</summary>
    public AzureGuardrailServer SignInAsGuest()
    {
        _userType = "Guest";
        return this;
    }

    /// <summary>The role the tenant gives guests (<c>guestUserRoleId</c>), by template id: Entra's User role gives them members' access.</summary>
    public AzureGuardrailServer SetGuestRole(string roleTemplateId)
    {
        _guestUserRoleId = roleTemplateId;
        return this;
    }

    /// <summary>A custom directory role assigned to the deployer at <paramref name="directoryScopeId"/> (<c>/</c>: the tenant), allowing these directory actions.</summary>
    public AzureGuardrailServer AssignCustomRole(string displayName, string directoryScopeId, params string[] allowedResourceActions)
    {
        _customRoles = [.. _customRoles, new CustomRole(displayName, directoryScopeId, allowedResourceActions)];
        return this;
    }

    /// <summary>
    /// The tenant's default app management policy, enabled with these restrictions on applications' passwords for
    /// applications created since <see cref="RestrictionsSince"/>; with neither, it stays off, as Entra ships it.
    /// </summary>
    public AzureGuardrailServer RestrictPasswords(bool additionBlocked, int? maxLifetimeDays)
    {
        _passwordRestrictions = new PasswordRestrictions(additionBlocked, maxLifetimeDays);
        return this;
    }

    /// <summary>The deployer's Microsoft Graph access token, which the Graph paths accept: a user's until <see cref="SignInAsServicePrincipal"/>.</summary>
    public string GraphToken => _graphToken;

    /// <summary>The deployer signs in as a service principal granted these Microsoft Graph application permissions (<c>Application.ReadWrite.OwnedBy</c>).</summary>
    public AzureGuardrailServer SignInAsServicePrincipal(params string[] graphPermissions)
    {
        _graphPermissions = graphPermissions;
        _graphToken = ServicePrincipalAccessToken(graphPermissions);
        return this;
    }

    /// <summary>The deployer signs in as a user whose token holds these delegated Microsoft Graph scopes (<c>scp</c>).</summary>
    public AzureGuardrailServer SignInAsUser(params string[] scopes)
    {
        _graphPermissions = null;
        _userScopes = scopes;
        _graphToken = UserAccessToken(scopes);
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

    /// <summary>An owner's storage account, which Resource Manager reads with its <c>location</c>.</summary>
    public AzureGuardrailServer AddAccount(string accountId, string location)
    {
        _accounts[accountId] = location;
        return this;
    }

    /// <summary>The location of an owner's storage account the guardrails file describes or a test adds; null for any other.</summary>
    public string? AccountLocation(string accountId) => _accounts.GetValueOrDefault(accountId);

    /// <summary>
    /// An assignment of a deny policy: resources of <paramref name="resourceType"/> (null: of every type that has the
    /// field) whose <paramref name="field"/> (<c>location</c>, <c>properties.publicNetworkAccess</c>) is not one of
    /// <paramref name="allowed"/> are refused.
    /// </summary>
    public AzureGuardrailServer Deny(string assignmentId, string definitionId, string? resourceType, string field, params string[] allowed)
    {
        _rules.Enqueue(new DenyRule(assignmentId, definitionId, resourceType, field, allowed, Refused: false));
        return this;
    }

    /// <summary>The next request to <paramref name="path"/> gets this answer instead.</summary>
    public AzureGuardrailServer Fail(string path, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        EnqueueFault(path, status, body, retryAfter);
        return this;
    }

    /// <summary>Azure's error body: <c>{"error": {"code", "message"}}</c>.</summary>
    public static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    public static string PermissionsPath(string scope) => $"{scope}/providers/Microsoft.Authorization/permissions";

    public static string RestrictionsPath(string scope) => $"{scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions";

    private protected override async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var authorization = context.Request.Headers.Authorization.ToString();
        Record(new AzureGuardrailRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "", authorization, body));
        var graph = path.StartsWith("/v1.0/", StringComparison.Ordinal);
        if (authorization != $"Bearer {(graph ? _graphToken : ArmToken)}")
        {
            await WriteAsync(context, HttpStatusCode.Unauthorized, Error("InvalidAuthenticationToken", "Access token validation failure.")).ConfigureAwait(false);
            return;
        }

        if (await AnswerFaultAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        var appOnly = _graphPermissions;
        if (appOnly is not null && (path == MePath || path.StartsWith($"{MePath}/", StringComparison.Ordinal)))
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("BadRequest", "/me request is only valid with delegated authentication flow.")).ConfigureAwait(false);
            return;
        }

        if ((appOnly is not null && path == ServicePrincipalRolesPath && !appOnly.Intersect(MembershipReaders, StringComparer.Ordinal).Any())
            || (appOnly is null && path == PolicyPath && !_userScopes.Intersect(PolicyReaders, StringComparer.OrdinalIgnoreCase).Any())
            || (appOnly is null && path == MePath && !_userScopes.Intersect(ProfileReaders, StringComparer.OrdinalIgnoreCase).Any())
            || (path == AppManagementPolicyPath && !(appOnly ?? _userScopes).Intersect(EntraAppRegistrationClient.AppManagementPolicyReaders, StringComparer.OrdinalIgnoreCase).Any())
            || (path == RoleAssignmentsPath && !(appOnly ?? _userScopes).Intersect(EntraAppRegistrationClient.AssignmentReaders, StringComparer.OrdinalIgnoreCase).Any()))
        {
            await WriteAsync(context, HttpStatusCode.Forbidden, Error("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")).ConfigureAwait(false);
            return;
        }

        var readsRoles = appOnly is null || appOnly.Intersect(EntraAppRegistrationClient.RoleReaders, StringComparer.Ordinal).Any();
        var answer = (context.Request.Method, path) switch
        {
            ("GET", PolicyPath) => new JsonObject
            {
                ["id"] = "authorizationPolicy",
                ["displayName"] = "Authorization Policy",
                ["defaultUserRolePermissions"] = new JsonObject { ["allowedToCreateApps"] = _usersMayRegister, ["allowedToCreateSecurityGroups"] = true },
                ["guestUserRoleId"] = _guestUserRoleId,
            },
            ("GET", MePath) => new JsonObject { ["id"] = DeployerObjectId, ["userType"] = _userType },
            ("GET", AppManagementPolicyPath) => AppManagementPolicy(_passwordRestrictions),
            ("GET", RoleAssignmentsPath) => RoleAssignments(context.Request.Query["$filter"].ToString(), context.Request.Query["$expand"].ToString()),
            ("GET", RolesPath or ServicePrincipalRolesPath) => new JsonObject
            {
                // Graph gives a directory object the token may not read with only its id and type (limited information).
                ["value"] = new JsonArray([.. _roleTemplateIds.Select((templateId, i) => new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.directoryRole",
                    ["id"] = $"00000000-0000-4000-8000-000000000e{i:x2}",
                    ["displayName"] = readsRoles ? $"role {templateId}" : null,
                    ["roleTemplateId"] = readsRoles ? templateId : null,
                })]),
            },
            ("GET", _) when path.EndsWith("/providers/Microsoft.Authorization/permissions", StringComparison.OrdinalIgnoreCase) => new JsonObject
            {
                ["value"] = new JsonArray([.. Permissions(path[..^"/providers/Microsoft.Authorization/permissions".Length]).Select(p => p.DeepClone())]),
            },
            ("POST", _) when path.EndsWith("/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", StringComparison.OrdinalIgnoreCase) => Restrictions(JsonNode.Parse(body)!.AsObject()),
            ("GET", _) when _accounts.TryGetValue(path, out var location) => new JsonObject
            {
                ["id"] = path,
                ["name"] = Last(path),
                ["type"] = "Microsoft.Storage/storageAccounts",
                ["location"] = location,
                ["kind"] = "StorageV2",
                ["properties"] = new JsonObject(),
            },
            _ => null,
        };
        if (answer is null)
        {
            await WriteAsync(context, HttpStatusCode.NotFound, Error("NotFound", $"No such method: {context.Request.Method} {path}")).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, HttpStatusCode.OK, answer.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>
    /// Registering Stream's Entra application, refused (403 <c>Authorization_RequestDenied</c>) where the caller holds no
    /// role that may and, as a user, users may not or, as a service principal, it lacks a Graph permission that may.
    /// </summary>
    /// <exception cref="CloudRefusedException">Microsoft Graph would refuse it.</exception>
    public void EnsureApplicationAllowed()
    {
        var appOnly = _graphPermissions;
        // allowedToCreateApps is the default user role's, which a guest holds only where the tenant gives guests the User role.
        var allowed = appOnly is null
            ? _usersMayRegister && (_userType == "Member" || _guestUserRoleId == EntraAppRegistrationClient.MemberUserRoleTemplateId)
            : EntraAppRegistrationClient.RegisteringPermissions.Any(p => appOnly.Contains(p.Name, StringComparer.Ordinal));
        if (allowed || _roleTemplateIds.Any(EntraAppRegistrationClient.RegisteringRoles.ContainsKey) || _customRoles.Any(MayRegister))
        {
            return;
        }

        const string message = "Insufficient privileges to complete the operation.";
        throw new CloudRefusedException(
            "graph.microsoft.com", 403, "Authorization_RequestDenied", message, Error("Authorization_RequestDenied", message),
            appOnly is not null ? "the service principal may not create applications"
            : _usersMayRegister ? "guests may not register applications in this tenant"
            : "users may not register applications in this tenant");
    }

    /// <summary>
    /// Adding a client secret of <paramref name="lifetimeDays"/> to an application created now, refused (400) where the
    /// default app management policy blocks passwords or caps their lifetime below it: the lifetime with Graph's
    /// <c>CredentialInvalidLifetimeAsPerAppPolicy</c>, a blocked password with a code and message of the stand-in's own.
    /// </summary>
    /// <exception cref="CloudRefusedException">Microsoft Graph would refuse it.</exception>
    public void EnsurePasswordAllowed(int lifetimeDays)
    {
        var (code, message) = _passwordRestrictions switch
        {
            { AdditionBlocked: true } => ("PasswordAdditionBlockedByPolicy", $"Adding a password is not allowed as per assigned policy '{DefaultAppManagementPolicyId}' (the rehearsal's wording)."),
            { MaxLifetimeDays: { } max } when lifetimeDays > max => ("CredentialInvalidLifetimeAsPerAppPolicy", $"Credential lifetime exceeds the max value allowed as per assigned policy '{DefaultAppManagementPolicyId}'."),
            _ => (null, null),
        };
        if (code is not null)
        {
            throw new CloudRefusedException("graph.microsoft.com", 400, code, message!, Error(code, message!), "the tenant's default app management policy");
        }
    }

    private static bool MayRegister(CustomRole role) =>
        role.DirectoryScopeId == "/" && role.Actions.Intersect(EntraAppRegistrationClient.RegisteringActions, StringComparer.OrdinalIgnoreCase).Any();

    /// <summary>
    /// The deployer's role assignments, as Graph lists those of one principal (<c>principalId eq '…'</c>), with each role
    /// definition when expanded; another principal has none here.
    /// </summary>
    private JsonObject RoleAssignments(string filter, string expand)
    {
        var deployers = filter == $"principalId eq '{DeployerObjectId}'";
        return new JsonObject
        {
            ["value"] = new JsonArray([.. (deployers ? _customRoles : []).Select((role, i) =>
            {
                var definitionId = $"00000000-0000-4000-8000-000000000f{i:x2}";
                var assignment = new JsonObject
                {
                    ["id"] = $"assignment-{i}",
                    ["principalId"] = DeployerObjectId,
                    ["roleDefinitionId"] = definitionId,
                    ["directoryScopeId"] = role.DirectoryScopeId,
                };
                if (expand == "roleDefinition")
                {
                    assignment["roleDefinition"] = new JsonObject
                    {
                        ["id"] = definitionId,
                        ["displayName"] = role.DisplayName,
                        ["isBuiltIn"] = false,
                        ["rolePermissions"] = new JsonArray(new JsonObject
                        {
                            ["allowedResourceActions"] = new JsonArray([.. role.Actions.Select(a => JsonValue.Create(a))]),
                            ["condition"] = null,
                        }),
                    };
                }

                return assignment;
            })]),
        };
    }

    /// <summary>The tenant's default app management policy as Graph gives it: its password restrictions on applications, when any.</summary>
    private static JsonObject AppManagementPolicy(PasswordRestrictions restrictions)
    {
        var passwords = new JsonArray();
        if (restrictions.AdditionBlocked)
        {
            passwords.Add(PasswordRestriction("passwordAddition", maxLifetime: null));
        }

        if (restrictions.MaxLifetimeDays is { } days)
        {
            passwords.Add(PasswordRestriction("passwordLifetime", string.Create(CultureInfo.InvariantCulture, $"P{days}D")));
        }

        return new JsonObject
        {
            ["id"] = DefaultAppManagementPolicyId,
            ["displayName"] = "Default app management tenant policy",
            ["isEnabled"] = passwords.Count > 0,
            ["applicationRestrictions"] = new JsonObject { ["passwordCredentials"] = passwords, ["keyCredentials"] = new JsonArray() },
            ["servicePrincipalRestrictions"] = new JsonObject { ["passwordCredentials"] = new JsonArray(), ["keyCredentials"] = new JsonArray() },
        };
    }

    private static JsonObject PasswordRestriction(string type, string? maxLifetime) => new()
    {
        ["restrictionType"] = type,
        ["state"] = "enabled",
        ["maxLifetime"] = maxLifetime,
        ["restrictForAppsCreatedAfterDateTime"] = RestrictionsSince,
    };

    /// <summary>An unsigned access token in the shape Entra gives Microsoft Graph for a user: delegated (<c>idtyp</c> user), its scopes space-separated in <c>scp</c>.</summary>
    private static string UserAccessToken(string[] scopes)
    {
        var claims = Claims("user");
        claims["scp"] = string.Join(' ', scopes);
        return Unsigned(claims);
    }

    /// <summary>An unsigned access token in the shape Entra gives Microsoft Graph for a service principal: app-only (<c>idtyp</c> app, <c>appid</c>), its permissions in <c>roles</c>.</summary>
    private static string ServicePrincipalAccessToken(string[] graphPermissions)
    {
        var claims = Claims("app");
        claims["appid"] = DeployerAppId;
        claims["roles"] = new JsonArray([.. graphPermissions.Select(p => JsonValue.Create(p))]);
        return Unsigned(claims);
    }

    private static JsonObject Claims(string identityType) => new()
    {
        ["aud"] = "https://graph.microsoft.com",
        ["iss"] = $"https://sts.windows.net/{LocalTenantId}/",
        ["tid"] = LocalTenantId,
        ["oid"] = DeployerObjectId,
        ["ver"] = "1.0",
        ["idtyp"] = identityType,
    };

    private static string Unsigned(JsonObject claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(claims.ToJsonString());

    /// <summary>Creating a resource of this content (as <see cref="AzureGuardrailChecker.PlannedResources"/> plans it), refused (403 <c>RequestDisallowedByPolicy</c>) where a deny policy refuses it.</summary>
    /// <exception cref="CloudRefusedException">Resource Manager would refuse it.</exception>
    public void EnsureResourceAllowed(string name, JsonObject content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var refusing = _rules.Where(r => Refuses(r, content)).ToList();
        if (refusing.Count == 0)
        {
            return;
        }

        var identifiers = new JsonArray([.. refusing.Select(r => new JsonObject
        {
            ["policyAssignment"] = new JsonObject { ["name"] = Last(r.AssignmentId), ["id"] = r.AssignmentId },
            ["policyDefinition"] = new JsonObject { ["name"] = Last(r.DefinitionId), ["id"] = r.DefinitionId },
        })]);
        var message = $"Resource '{name}' was disallowed by policy. Policy identifiers: '{identifiers.ToJsonString()}'.";
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = "RequestDisallowedByPolicy", ["target"] = name, ["message"] = message } }.ToJsonString();
        throw new CloudRefusedException("management.azure.com", 403, "RequestDisallowedByPolicy", message, body);
    }

    /// <summary>
    /// A diagnostic setting sending the blob service's logs of an account in <paramref name="monitoredLocation"/> to
    /// <paramref name="logAccountId"/>, refused as Azure Monitor refuses a storage account the guardrails file describes
    /// in another region (400 <c>BadRequest</c>, in words of the stand-in's own). An account the file does not describe is
    /// taken as the stack expects it.
    /// </summary>
    /// <exception cref="CloudRefusedException">Azure Monitor would refuse the diagnostic setting.</exception>
    public void EnsureLogAccountAccepted(string logAccountId, string monitoredLocation)
    {
        if (!_accounts.TryGetValue(logAccountId, out var location)
            || string.Equals(location.Replace(" ", "", StringComparison.Ordinal), monitoredLocation.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var message = $"The storage account '{Last(logAccountId)}' is in {location}, and a diagnostic setting of a resource in {monitoredLocation} sends logs only to a storage account of that region.";
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = "BadRequest", ["message"] = message } }.ToJsonString();
        throw new CloudRefusedException("management.azure.com", 400, "BadRequest", message, body);
    }

    /// <summary>
    /// Creating the diagnostic setting <paramref name="settingId"/> that sends logs to <paramref name="destinationId"/>,
    /// refused as Resource Manager's linked access check refuses it (403 <c>LinkedAuthorizationFailed</c>) where the
    /// deployer's roles there, as preflight reads them, leave out <paramref name="linkedAction"/>.
    /// </summary>
    /// <exception cref="CloudRefusedException">Azure would refuse it.</exception>
    public void EnsureLinkedAccess(string settingId, string destinationId, string linkedAction)
    {
        if (Allows(linkedAction, destinationId))
        {
            return;
        }

        var message = $"The client '{DeployerObjectId}' with object id '{DeployerObjectId}' has permission to perform action 'Microsoft.Insights/diagnosticSettings/write' on scope '{settingId}'; "
            + $"however, it does not have permission to perform action '{linkedAction}' on the linked scope(s) '{destinationId}' or the linked scope(s) are invalid.";
        throw new CloudRefusedException("management.azure.com", 403, "LinkedAuthorizationFailed", message, Error("LinkedAuthorizationFailed", message));
    }

    /// <summary>
    /// Creating a resource at <paramref name="scope"/> that takes <paramref name="action"/>, refused as Resource Manager
    /// refuses an action no role of the caller's grants (403 <c>AuthorizationFailed</c>), before Azure Policy is asked.
    /// </summary>
    /// <exception cref="CloudRefusedException">The caller's roles at the scope leave the action out.</exception>
    public void EnsureActionAllowed(string action, string scope)
    {
        if (Allows(action, scope))
        {
            return;
        }

        var message = $"The client '{DeployerObjectId}' with object id '{DeployerObjectId}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. "
            + "If access was recently granted, please refresh your credentials.";
        throw new CloudRefusedException("management.azure.com", 403, "AuthorizationFailed", message, Error("AuthorizationFailed", message));
    }

    /// <summary>Whether the caller's roles at <paramref name="scope"/>, as preflight reads them, allow <paramref name="action"/>.</summary>
    private bool Allows(string action, string scope) =>
        new ArmPermissions([.. Permissions(scope).Select(role => new ArmPermission(Texts(role["actions"]), Texts(role["notActions"])))]).Allows(action);

    private static string[] Texts(JsonNode? list) => [.. list!.AsArray().Select(item => item!.GetValue<string>())];

    private static string Last(string id) => id[(id.LastIndexOf('/') + 1)..];

    /// <summary>The content's value of the rule's field, when the rule applies to the content's type.</summary>
    private static string? FieldValue(DenyRule rule, JsonObject content) =>
        rule.ResourceType is null || string.Equals(rule.ResourceType, content["type"]?.GetValue<string>(), StringComparison.OrdinalIgnoreCase)
            ? rule.Field.Split('.').Aggregate((JsonNode?)content, (node, segment) => node?[segment]) switch
            {
                JsonValue text when text.TryGetValue<string>(out var value) => value,
                // A boolean or number, compared as JSON writes it (false, 2).
                JsonValue other => other.ToJsonString(),
                _ => null,
            }
            : null;

    /// <summary>A value outside the allowed ones, or among the refused ones, is non-compliant; a content without the field is not evaluated.</summary>
    private static bool Refuses(DenyRule rule, JsonObject content) =>
        FieldValue(rule, content) is { } value && rule.Values.Contains(value, StringComparer.OrdinalIgnoreCase) == rule.Refused;

    /// <summary>
    /// The caller's roles at a scope: those granted there and at every scope above it (a role granted on the subscription
    /// holds in its groups and their resources), else, when started with a guardrails file, one holding every action.
    /// </summary>
    private List<JsonObject> Permissions(string scope)
    {
        var held = _permissions
            .Where(granted => scope.Equals(granted.Key, StringComparison.OrdinalIgnoreCase) || scope.StartsWith(granted.Key + "/", StringComparison.OrdinalIgnoreCase))
            .SelectMany(granted => granted.Value)
            .ToList();
        if (held.Count > 0 || !_everyActionGranted)
        {
            return held;
        }

        var withheld = _linkedAccessDenied.Where(d => scope.Equals(d.Key, StringComparison.OrdinalIgnoreCase) || scope.StartsWith(d.Key + "/", StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Value)
            .Concat(_deniedActions)
            .Select(a => JsonValue.Create(a));
        return [new JsonObject { ["actions"] = new JsonArray("*"), ["notActions"] = new JsonArray([.. withheld]), ["dataActions"] = new JsonArray(), ["notDataActions"] = new JsonArray() }];
    }

    private JsonObject Restrictions(JsonObject request)
    {
        var content = request["resourceDetails"]!["resourceContent"]!.AsObject();
        var type = content["type"]!.GetValue<string>();
        var rules = _rules.Where(r => r.ResourceType is null || string.Equals(r.ResourceType, type, StringComparison.OrdinalIgnoreCase)).ToList();
        var evaluations = new JsonArray();
        foreach (var rule in rules)
        {
            if (Refuses(rule, content))
            {
                var value = FieldValue(rule, content);
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
                            ["targetValue"] = new JsonArray([.. rule.Values.Select(a => JsonValue.Create(a))]),
                            ["operator"] = rule.Refused ? "in" : "notIn",
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
                ["result"] = r.Refused ? "Deny" : "Required",
                ["values"] = new JsonArray([.. r.Values.Select(a => JsonValue.Create(a))]),
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

    private sealed record CustomRole(string DisplayName, string DirectoryScopeId, string[] Actions);

    /// <param name="MaxLifetimeDays">Null: no cap on a password's lifetime.</param>
    private sealed record PasswordRestrictions(bool AdditionBlocked, int? MaxLifetimeDays);

    /// <param name="ResourceType">Null: every type whose content has the field.</param>
    /// <param name="Refused">The values are those refused; otherwise the only ones allowed.</param>
    private sealed record DenyRule(string AssignmentId, string DefinitionId, string? ResourceType, string Field, string[] Values, bool Refused);
}

/// <param name="Authorization">The Authorization header as sent.</param>
public sealed record AzureGuardrailRequest(string Method, string Path, string Query, string Authorization, string Body);
