using System.Text.Json.Nodes;
using System.Xml;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>
/// The Azure guardrails of the ABS storages of a plan: the tenant's app registration setting and default app
/// management policy read once, and per
/// subscription scope the deployer's permissions read once and each planned resource's policy restrictions asked,
/// all in parallel; then per storage the guardrails that could refuse something its plan creates.
/// </summary>
/// <param name="accounts">Reads the location of an existing account, where the stack makes its access-log account beside it.</param>
public sealed class AzureGuardrailChecker(
    EntraAppRegistrationClient entra, ArmPermissionsClient permissions, PolicyRestrictionsClient policies, AzureResourceProbe accounts)
    : GuardrailChecker<AzurePreflightTarget>
{
    private const string StorageApiVersion = "2023-05-01";

    /// <summary>The clock that says which of the app management policy's restrictions hold for an application created now.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    protected override async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<AzurePreflightTarget> targets, CancellationToken cancellationToken)
    {
        // Tenant-wide: one read for every storage.
        var appRegistration = new Lazy<Task<CloudRead<AppRegistrationRight>>>(() => entra.ReadAsync(cancellationToken));
        var passwordPolicy = new Lazy<Task<CloudRead<AppPasswordPolicy>>>(() => entra.ReadPasswordPolicyAsync(cancellationToken));
        var granted = new ReadCache<string, CloudRead<ArmPermissions>>();
        var restrictions = new ReadCache<(string Scope, string Body), CloudRead<PolicyRestrictions>>();

        async Task<IReadOnlyList<GuardrailCheck>> Check(AzurePreflightTarget target)
        {
            var checks = new List<Task<GuardrailCheck>>
            {
                JudgePolicies(
                    target,
                    (scope, resource, pending) => restrictions.GetAsync(
                        (scope, resource.Content.ToJsonString() + resource.Scope),
                        _ => policies.CheckAsync(scope, resource, pending, cancellationToken)),
                    accountId => accounts.ReadAccountLocationAsync(accountId, cancellationToken)),
                JudgeAppRegistration(appRegistration.Value),
                JudgePasswordPolicy(target, passwordPolicy.Value),
                JudgePermissions(target, target.DeploymentScope is { } scope ? granted.GetAsync(scope, s => permissions.ListAsync(s, cancellationToken)) : null),
            };
            if (target.KeySubscriptionId is { } keySubscription)
            {
                checks.Add(Task.FromResult(JudgeKeySubscription(target, keySubscription)));
            }

            if (target.LogDestination is { } destination)
            {
                checks.Add(JudgeLogDestination(destination, granted.GetAsync(destination.ResourceId, id => permissions.ListAsync(id, cancellationToken))));
            }

            return await Task.WhenAll(checks).ConfigureAwait(false);
        }

        return await Task.WhenAll(targets.Select(Check)).ConfigureAwait(false);
    }

    /// <summary>The resources of the plan Azure Policy evaluates, as the program creates them (infra's AzureRecordingStorage).</summary>
    /// <param name="existingAccountLocation">
    /// The location of the existing account of <see cref="AzurePreflightTarget.ExistingAccount"/>, where the program makes the
    /// access-log account (infra's BlobAccessLogs); null when not known, and then that account is planned without one.
    /// </param>
    public static IReadOnlyList<PlannedArmResource> PlannedResources(AzurePreflightTarget target, string groupId, string? existingAccountLocation = null)
    {
        var resources = new List<PlannedArmResource>();
        if (target.CreatesResourceGroup)
        {
            resources.Add(new("the resource group", target.ResourceGroupName, new JsonObject
            {
                ["type"] = "Microsoft.Resources/resourceGroups",
                ["name"] = target.ResourceGroupName,
                ["location"] = target.Location,
                ["tags"] = Tags(target),
            }, "2022-09-01", $"/subscriptions/{target.SubscriptionId}"));
        }

        if (target.CustomerKey)
        {
            // Made before the account, which encrypts with the key as this identity.
            resources.Add(new("the key's identity", "key-identity", Named(new JsonObject
            {
                ["type"] = "Microsoft.ManagedIdentity/userAssignedIdentities",
                ["location"] = target.Location,
                ["tags"] = Tags(target),
            }, target.KeyIdentityName), "2023-01-31", groupId));
        }

        if (target.KeyVaultLocation is { } vaultLocation)
        {
            // RBAC, soft delete and purge protection, as storage encryption requires; the program sets no network rules.
            resources.Add(new("the key vault", "key-vault", Named(new JsonObject
            {
                ["type"] = "Microsoft.KeyVault/vaults",
                ["location"] = vaultLocation,
                ["tags"] = Tags(target),
                ["properties"] = new JsonObject
                {
                    ["sku"] = new JsonObject { ["family"] = "A", ["name"] = "standard" },
                    ["enableRbacAuthorization"] = true,
                    ["enableSoftDelete"] = true,
                    ["enablePurgeProtection"] = true,
                },
            }, target.KeyVaultName), "2023-07-01", groupId));
        }

        if (target.CreatesAccount)
        {
            var encryption = new JsonObject { ["requireInfrastructureEncryption"] = target.InfrastructureEncryption };
            if (target.CustomerKey)
            {
                encryption["keySource"] = "Microsoft.Keyvault";
            }

            // Stream signs in with its service principal (no shared keys) and uploads from the internet (public endpoint on).
            var account = StorageAccount(
                target,
                target.AccountName,
                target.AccountSku,
                target.Location,
                ("allowSharedKeyAccess", false),
                ("defaultToOAuthAuthentication", true),
                ("publicNetworkAccess", "Enabled"),
                ("encryption", encryption));
            if (target.CustomerKey)
            {
                // The account reads its key as the user-assigned identity made before it.
                account["identity"] = new JsonObject { ["type"] = "UserAssigned" };
            }

            if (target.Immutability is { } immutability)
            {
                account["properties"]!["immutableStorageWithVersioning"] = new JsonObject
                {
                    ["enabled"] = true,
                    ["immutabilityPolicy"] = new JsonObject
                    {
                        ["immutabilityPeriodSinceCreationInDays"] = immutability.Days,
                        ["state"] = immutability.Locked ? "Locked" : "Unlocked",
                    },
                };
            }

            resources.Add(new("the storage account", "account", account, StorageApiVersion, groupId));
            if (target.Immutability is not null || target.BlobSoftDeleteDays is not null)
            {
                // Versioning on, whose versions the immutability policy keeps, and soft delete, sent off as off.
                var properties = new JsonObject();
                if (target.Immutability is not null)
                {
                    properties["isVersioningEnabled"] = true;
                }

                if (target.BlobSoftDeleteDays is { } days)
                {
                    properties["deleteRetentionPolicy"] = days > 0 ? new JsonObject { ["enabled"] = true, ["days"] = days } : new JsonObject { ["enabled"] = false };
                }

                resources.Add(new("the blob service", "blob-service", new JsonObject
                {
                    ["type"] = "Microsoft.Storage/storageAccounts/blobServices",
                    ["properties"] = properties,
                }, StorageApiVersion, groupId));
            }

            resources.Add(new("the container", "container", new JsonObject
            {
                ["type"] = "Microsoft.Storage/storageAccounts/blobServices/containers",
                ["properties"] = new JsonObject { ["publicAccess"] = "None" },
            }, StorageApiVersion, groupId));
        }

        if (target.LogAccountSku is { } logAccountSku)
        {
            // Beside the recordings' account, in its region.
            resources.Add(new("the access-log account", "log-account", StorageAccount(target, target.LogAccountName, logAccountSku, target.Location ?? existingAccountLocation), StorageApiVersion, groupId));
        }

        if (target.CreatesRoleDefinition)
        {
            resources.Add(new("the write-only custom role", "writer-role", new JsonObject
            {
                ["type"] = "Microsoft.Authorization/roleDefinitions",
                ["properties"] = Named(new JsonObject
                {
                    ["type"] = "CustomRole",
                    ["permissions"] = new JsonArray(new JsonObject { ["dataActions"] = new JsonArray([.. target.RoleDataActions.Select(a => JsonValue.Create(a))]) }),
                    ["assignableScopes"] = new JsonArray(groupId),
                }, target.RoleName, "roleName"),
            }, "2022-04-01", groupId));
        }

        return resources;
    }

    /// <summary>
    /// A StorageV2 account of the plan as the program creates it: TLS 1.2, HTTPS only, no public blobs, and
    /// <paramref name="settings"/>; named <paramref name="name"/> and in <paramref name="location"/>, when they are known.
    /// </summary>
    private static JsonObject StorageAccount(AzurePreflightTarget target, string? name, string sku, string? location, params (string Name, JsonNode Value)[] settings)
    {
        var properties = new JsonObject { ["minimumTlsVersion"] = "TLS1_2", ["supportsHttpsTrafficOnly"] = true, ["allowBlobPublicAccess"] = false };
        foreach (var (setting, value) in settings)
        {
            properties[setting] = value;
        }

        var account = Named(new JsonObject { ["type"] = "Microsoft.Storage/storageAccounts" }, name);
        if (location is not null)
        {
            account["location"] = location;
        }

        account["kind"] = "StorageV2";
        account["sku"] = new JsonObject { ["name"] = sku };
        account["tags"] = Tags(target);
        account["properties"] = properties;
        return account;
    }

    /// <summary><paramref name="content"/> with its name, where the plan knows it; a name left out is not evaluated, a null one would be.</summary>
    private static JsonObject Named(JsonObject content, string? name, string field = "name")
    {
        if (name is not null)
        {
            content[field] = name;
        }

        return content;
    }

    private static JsonObject Tags(AzurePreflightTarget target) => new([.. target.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]);

    private static async Task<GuardrailCheck> JudgePolicies(
        AzurePreflightTarget target,
        Func<string, PlannedArmResource, IReadOnlyDictionary<string, string>, Task<CloudRead<PolicyRestrictions>>> restrictions,
        Func<string, Task<(string? Location, string? Error)>> accountLocation)
    {
        var guardrail = AzureGuardrails.PolicyDeny;
        if (target.DeploymentScope is not { } scope)
        {
            return NoSubscription(guardrail, "which Azure Policy assignments refuse the plan's resources");
        }

        // A log account made beside an existing account goes in that account's region, which only Resource Manager knows.
        var (existingLocation, locationError) = target is { LogAccountSku: not null, ExistingAccountId: { } existingAccount }
            ? await accountLocation(existingAccount).ConfigureAwait(false)
            : (null, null);
        var resources = PlannedResources(target, target.ResourceGroupId!, existingLocation);
        if (resources.Count == 0)
        {
            return GuardrailCheck.Met(guardrail, $"The stack creates none of the resources preflight asks Azure Policy about in {target.ResourceGroupId} (an existing container, a built-in role); its role assignment is not asked.");
        }

        var reads = await Task.WhenAll(resources.Select(async resource =>
        {
            var pending = LocationOf(resource) is { } location ? new Dictionary<string, string> { ["location"] = location } : new Dictionary<string, string>();
            return (Resource: resource, Read: await restrictions(scope, resource, pending).ConfigureAwait(false));
        })).ConfigureAwait(false);

        var denials = reads
            .Where(r => r.Read.Value is not null)
            .SelectMany(r => Denials(r.Read.Value!, LocationOf(r.Resource)).Select(d => (r.Resource, Denial: d)))
            .ToList();
        var unread = reads.Where(r => r.Read.Value is null).ToList();
        var unevaluated = reads
            .Where(r => r.Read.Value is not null)
            .SelectMany(r => r.Read.Value!.Unevaluated.Select(u => $"policy assignment {u.AssignmentName} for {r.Resource.What} ({u.Why})"))
            .ToList();
        var unlocated = locationError is null ? null
            : $"the access-log account's location, that of the existing account {target.ExistingAccount}, which could not be read ({locationError})";
        if (denials.Count > 0)
        {
            var message = string.Join(" ", denials.Select(d => $"Policy assignment {d.Denial.AssignmentName} refuses {d.Resource.What}: {d.Denial.Why}."))
                + (unread.Count > 0 || unlocated is not null ? $" Not examined: {string.Join(", ", unread.Select(u => u.Resource.What).Append(unlocated).OfType<string>())}." : "")
                + (unevaluated.Count > 0 ? $" Not evaluated: {string.Join("; ", unevaluated)}." : "");
            return GuardrailCheck.Blocks(guardrail, message, PolicyFix(target, scope, denials));
        }

        // An evaluation that ended in an error is no verdict: the policy may refuse the resource all the same.
        var notEvaluated = unevaluated.Count > 0 ? $"Azure Policy could not evaluate {string.Join("; ", unevaluated)}" : null;
        if (unread.Count > 0)
        {
            var refusal = unread[0].Read;
            return GuardrailCheck.Unread(
                guardrail,
                refusal,
                $"Whether Azure Policy refuses {string.Join(", ", unread.Select(u => u.Resource.What))} is not known: {refusal.Refusal}" + (notEvaluated is null ? "" : $" {notEvaluated}."),
                $"Have a role that may ask Policy Insights (Microsoft.PolicyInsights/checkPolicyRestrictions/action; Contributor holds it) assigned to you on {scope}.",
                "Run preflight again; or list the deny assignments yourself: az policy assignment list --scope " + scope + " --disable-scope-strict-match",
                "an Owner or User Access Administrator of the scope");
        }

        if (notEvaluated is not null)
        {
            return GuardrailCheck.NotExamined(
                guardrail,
                $"{notEvaluated}: whether it refuses the plan is not known.",
                $"Run preflight again; if it stays so, read the assignment and its definition: az policy assignment list --scope {scope} --disable-scope-strict-match",
                grantedBy: null);
        }

        if (unlocated is not null)
        {
            return GuardrailCheck.NotExamined(
                guardrail,
                $"No Azure Policy assignment at {scope} refuses {string.Join(", ", resources.Select(r => r.What))} as planned, but a location policy was not asked about {unlocated}.",
                $"Have a role that reads the account (Microsoft.Storage/storageAccounts/read; Reader holds it) assigned to you on {target.ExistingAccountId}, and run preflight again.",
                "an Owner or User Access Administrator of the account");
        }

        return GuardrailCheck.Met(guardrail, $"No Azure Policy assignment at {scope} refuses {string.Join(", ", resources.Select(r => r.What))} as planned.");
    }

    private static string? LocationOf(PlannedArmResource resource) => (string?)resource.Content["location"];

    /// <summary>The content's denials, and the field restrictions the planned location breaks.</summary>
    private static IEnumerable<PolicyDenial> Denials(PolicyRestrictions restrictions, string? location)
    {
        var fieldDenials = restrictions.FieldRestrictions
            .Where(f => f.Field == "location" && location is not null
                && (f.Required ? !f.Values.Any(v => SameLocation(v, location)) : f.Values.Count == 0 || f.Values.Any(v => SameLocation(v, location))))
            .Select(f => f.Policy with { Why = $"{f.Policy.Why} (planned: {location})" });
        // A policy that denies the content and restricts the field is named once.
        return restrictions.ContentDenials.Concat(fieldDenials).DistinctBy(d => (d.AssignmentId, d.DefinitionReferenceId));
    }

    /// <summary>Azure writes regions as display names too (<c>West Europe</c> for <c>westeurope</c>).</summary>
    private static bool SameLocation(string a, string b) =>
        string.Equals(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static string PolicyFix(AzurePreflightTarget target, string scope, List<(PlannedArmResource Resource, PolicyDenial Denial)> denials)
    {
        var lines = new List<string>();
        if (denials.Any(d => d.Denial.Field == "location"))
        {
            lines.Add(target.Location is { } location
                ? $"Set the storage's location to one the policy allows (now {location})."
                : "The access-log account goes in the existing account's location: send the logs to a Log Analytics workspace instead (accessLogs: its id; any location), or have the policy allow the account's location.");
        }

        if (denials.Any(d => d.Denial.Field?.StartsWith("properties.immutableStorageWithVersioning", StringComparison.OrdinalIgnoreCase) == true))
        {
            lines.Add("The account's immutability is the storage's immutability setting: give it the days the policy asks for. Azure creates the policy only unlocked (a compliance lock is locked by the pulumi up after), so where the policy refuses an unlocked one, have it spare the account's creation or exempt the scope as below.");
        }

        if (denials.Any(d => d.Resource.Resource == "account"))
        {
            lines.Add("The account's settings are fixed (public endpoint on for Stream's uploads, TLS 1.2, no shared keys, no public blobs): where the policy refuses them, exempt the scope, or use an existing container (existingBucket) in an account that complies.");
        }

        lines.Add($"Exempt the stack's scope from the assignment (the resource group once it exists, else the subscription {scope}):");
        // An exemption is one per name at a scope, and a later one of the same name replaces it: one per assignment, named
        // apart where there are several, listing every policy of an initiative that refuses.
        var assignments = denials.Select(d => d.Denial).GroupBy(d => d.AssignmentId, StringComparer.OrdinalIgnoreCase).ToList();
        lines.AddRange(assignments.Select((assignment, index) =>
        {
            var references = assignment.Select(d => d.DefinitionReferenceId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var name = assignments.Count == 1 ? $"stream-storage-{target.StorageName}" : $"stream-storage-{target.StorageName}-{index + 1}";
            return $"  az policy exemption create --name {name} --policy-assignment {assignment.Key} --scope {scope} --exemption-category Waiver"
                + (references.Count > 0 ? $" --policy-definition-reference-ids {string.Join(' ', references)}" : "");
        }));
        return string.Join('\n', lines);
    }

    private static async Task<GuardrailCheck> JudgeAppRegistration(Task<CloudRead<AppRegistrationRight>> right)
    {
        var guardrail = AzureGuardrails.AppRegistration;
        var read = await right.ConfigureAwait(false);
        if (read.Value is not { } value)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"Whether you may register Stream's Entra application is not known: {read.Refusal}",
                "Have Policy.Read.All, the delegated Microsoft Graph permission that reads the tenant's authorization policy, consented for the sign-in; your own directory roles a member may read, a guest needs Directory.Read.All or Global Reader for them.",
                "Run preflight again; or read the setting yourself: az rest --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --query defaultUserRolePermissions.allowedToCreateApps");
        }

        if (value.ServicePrincipal is { } servicePrincipal)
        {
            return JudgeServicePrincipal(servicePrincipal, value.RolesThatMay);
        }

        if (value.UsersMayRegister)
        {
            return GuardrailCheck.Met(guardrail, "The tenant lets users register applications (allowedToCreateApps is true).");
        }

        if (value.PolicyUnread is { } unread)
        {
            return GuardrailCheck.Met(guardrail, $"You hold {string.Join(", ", value.RolesThatMay)}, which may register applications whatever the tenant lets users do (its authorization policy was not read: {unread}).");
        }

        // allowedToCreateApps is the default user role's: a guest has that role's permissions only where the tenant gives
        // guests the User role (guestUserRoleId).
        var setting = value.Guest
            ? "The tenant lets its members register applications (allowedToCreateApps is true), but you sign in as a guest, whose role (guestUserRoleId) does not include it,"
            : value.UserTypeUnread is not null
                ? "The tenant lets its members register applications (allowedToCreateApps is true), not its guests, and whether you are a member is not known,"
                : "The tenant lets no user register applications (allowedToCreateApps is false)";
        if (value.RolesThatMay.Count > 0)
        {
            var roles = string.Join(", ", value.RolesThatMay);
            return GuardrailCheck.Met(guardrail, value.Guest || value.UserTypeUnread is not null
                ? $"{setting} but you hold {roles}, which may."
                : $"The tenant lets no user register applications, but you hold {roles}, which may.");
        }

        var none = $"{setting} and you hold none of "
            + string.Join(", ", EntraAppRegistrationClient.RegisteringRoles.Values)
            + " (an eligible role counts only once activated)";
        var fix = "Have the Application Developer role assigned to you: az rest --method POST --url https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments "
            + "--body \"{\\\"principalId\\\":\\\"$(az ad signed-in-user show --query id -o tsv)\\\",\\\"roleDefinitionId\\\":\\\"cf1c38e5-3621-4004-a7cb-879624dced7c\\\",\\\"directoryScopeId\\\":\\\"/\\\"}\"; "
            + (value.Guest || value.UserTypeUnread is not null
                ? "or deploy signed in as a member of the tenant, or as a service principal."
                : "or let users register applications (Entra admin center, Users, User settings).");
        var actions = string.Join(" or ", EntraAppRegistrationClient.RegisteringActions);
        if (value.UserTypeUnread is { } userTypeUnread)
        {
            return GuardrailCheck.NotExamined(
                guardrail,
                $"{none}: {userTypeUnread}",
                $"Have User.Read, the delegated Microsoft Graph permission that reads your own profile, consented for the sign-in; or: {fix}",
                guardrail.GrantedBy);
        }

        return value.CustomRolesUnread is { } customUnread
            ? GuardrailCheck.NotExamined(
                guardrail,
                $"{none}; whether a custom role assigned to you allows {actions} is not known: {customUnread}",
                $"{fix} To let preflight read your role assignments, have {EntraAppRegistrationClient.AssignmentReaders[0]} consented for the sign-in and the Directory Readers role assigned to you.",
                guardrail.GrantedBy)
            : GuardrailCheck.Blocks(
                guardrail,
                $"{none}, nor a custom role assigned to you on the tenant that allows {actions}: pulumi up would create the storage, then fail at Stream's Entra application.",
                fix);
    }

    /// <summary>
    /// A service principal may create applications by a Microsoft Graph application permission or a directory role; the
    /// tenant's setting for users does not apply to it.
    /// </summary>
    private static GuardrailCheck JudgeServicePrincipal(ServicePrincipalSignIn signIn, IReadOnlyList<string> rolesThatMay)
    {
        var guardrail = AzureGuardrails.AppRegistration;
        if (signIn.PermissionsThatMay.Count > 0)
        {
            return GuardrailCheck.Met(
                guardrail,
                $"You sign in as a service principal granted {signIn.PermissionsThatMay[0]} (a Microsoft Graph application permission), which may create Stream's Entra application; the stack makes you its owner, so that you may keep managing it.");
        }

        if (rolesThatMay.Count > 0)
        {
            return GuardrailCheck.Met(guardrail, $"You sign in as a service principal holding {string.Join(", ", rolesThatMay)}, which may create applications.");
        }

        var lacks = "You sign in as a service principal, to which the tenant's setting for users does not apply, and it is granted neither of the Microsoft Graph application permissions that may create applications, "
            + string.Join(" nor ", EntraAppRegistrationClient.RegisteringPermissions.Select(p => p.Name));
        var fix = ServicePrincipalFix(signIn.AppId);
        return signIn.RolesUnread is { } unread
            ? GuardrailCheck.NotExamined(
                guardrail,
                $"{lacks}; whether it holds a directory role that may is not known: {unread}",
                fix + " To let preflight read its directory roles instead, grant Directory.Read.All the same way, --api-permissions 7ab1d382-f21e-4acd-a863-ba3e13f7da61=Role (least privileged: Application.Read.All, which reads its memberships, 9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30=Role, with RoleManagement.Read.Directory, which reads the roles among them, 483bed4a-2ad3-4361-a73b-c83ccdbdc53c=Role).",
                guardrail.GrantedBy)
            : GuardrailCheck.Blocks(
                guardrail,
                $"{lacks}, nor a directory role that may: pulumi up would create the storage, then fail at Stream's Entra application.",
                fix);
    }

    /// <summary>The least privileged permission, added to the service principal's application and consented for the tenant.</summary>
    private static string ServicePrincipalFix(string? appId)
    {
        var (permission, appRoleId) = EntraAppRegistrationClient.RegisteringPermissions[0];
        var app = appId ?? "APP_ID";
        return $"Grant the deployer's application Microsoft Graph's {permission} application permission, and admin consent to it: "
            + $"az ad app permission add --id {app} --api {EntraAppRegistrationClient.GraphAppId} --api-permissions {appRoleId}=Role && az ad app permission admin-consent --id {app}; "
            + "or assign its service principal the Application Administrator or Cloud Application Administrator role.";
    }

    /// <summary>
    /// The restrictions that hold for Stream's application, which pulumi up creates now, against the client secret it adds:
    /// any <c>passwordAddition</c>, and a <c>passwordLifetime</c> shorter than <c>clientSecretDays</c>. A deployer the
    /// restriction exempts by a custom security attribute may pass, which preflight does not read.
    /// </summary>
    private async Task<GuardrailCheck> JudgePasswordPolicy(AzurePreflightTarget target, Task<CloudRead<AppPasswordPolicy>> policy)
    {
        var guardrail = AzureGuardrails.AppManagementPolicy;
        var read = await policy.ConfigureAwait(false);
        if (read.Value is not { } value)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"Whether the tenant lets the stack add the client secret of Stream's Entra application is not known: {read.Refusal}",
                $"Have {string.Join(" or ", EntraAppRegistrationClient.AppManagementPolicyReaders)} consented for the sign-in (for a service principal, as a Microsoft Graph application permission); a user also needs a directory role that reads it, Global Reader the least.",
                "Run preflight again; or read the policy yourself: az rest --url https://graph.microsoft.com/v1.0/policies/defaultAppManagementPolicy --query applicationRestrictions.passwordCredentials",
                AzureGuardrails.AppRegistration.GrantedBy);
        }

        var now = TimeProvider.GetUtcNow();
        var secretLifetime = TimeSpan.FromDays(target.ClientSecretDays);
        var holding = value.Restrictions.Where(r => r.AppsCreatedFrom is not { } from || from <= now).ToList();
        var blocking = holding.Where(r => r.MaxLifetime is null).ToList();
        var capping = holding.Where(r => r.MaxLifetime is { } max && max < secretLifetime).ToList();
        if (blocking.Count == 0 && capping.Count == 0)
        {
            return GuardrailCheck.Met(guardrail, holding.Count == 0
                ? "The tenant's default app management policy restricts no password of an application created now."
                : $"The tenant's default app management policy lets an application created now have a password of {DayCount.Of(target.ClientSecretDays)} (clientSecretDays), within its cap of {Lifetime(holding.Min(r => r.MaxLifetime!.Value))}.");
        }

        var cap = capping.Count > 0 ? capping.Min(r => r.MaxLifetime!.Value) : (TimeSpan?)null;
        var refusal = blocking.Count > 0
            ? "The tenant's default app management policy blocks adding passwords to applications created now (passwordAddition)"
            : $"The tenant's default app management policy caps the passwords of applications created now at {Lifetime(cap!.Value)} (passwordLifetime), shorter than the client secret's {DayCount.Of(target.ClientSecretDays)} (clientSecretDays)";
        var message = $"{refusal}: pulumi up would create Stream's Entra application, then fail at its client secret.";
        var daysWithin = cap is { } within ? (int)Math.Floor(within.TotalDays) : 0;
        var exemption = "have the deployer exempted by a custom security attribute the restriction's excludeActors names, or, once the first pulumi up created Stream's application and stopped at its secret, "
            + $"have it assigned an app management policy that allows its secret, then run pulumi up again: {AzureGuardrails.AssignAppPolicyCommand}";
        var fix = blocking.Count == 0 && daysWithin >= 1
            ? $"Set clientSecretDays: {daysWithin} (or fewer) on storage {target.StorageName}, within the cap; or {exemption}"
            : $"The stack's credential for Stream is a client secret: {exemption}";
        var exempting = blocking.Concat(capping).SelectMany(r => r.ExemptActors).Distinct(StringComparer.Ordinal).ToList();
        if (blocking.Concat(capping).All(r => r.ExemptActors.Count > 0))
        {
            return GuardrailCheck.NotExamined(
                guardrail,
                $"{refusal}, unless you hold a custom security attribute it exempts ({string.Join(", ", exempting)}), which preflight does not read.",
                fix,
                guardrail.GrantedBy);
        }

        return GuardrailCheck.Blocks(guardrail, message, fix, blocking.Count == 0 && daysWithin >= 1 ? $"the stack's owner (clientSecretDays); for an exemption, {guardrail.GrantedBy}" : null);
    }

    /// <summary>A whole number of days as such (<c>90 days</c>), any other lifetime as an ISO 8601 duration.</summary>
    private static string Lifetime(TimeSpan lifetime) =>
        lifetime.Ticks % TimeSpan.TicksPerDay == 0 ? DayCount.Of(lifetime.Days) : XmlConvert.ToString(lifetime);

    private static async Task<GuardrailCheck> JudgePermissions(AzurePreflightTarget target, Task<CloudRead<ArmPermissions>>? granted)
    {
        var guardrail = AzureGuardrails.DeployerPermissions;
        if (granted is null)
        {
            return NoSubscription(guardrail, "whether you may create the plan's resources");
        }

        var scope = target.DeploymentScope!;
        var read = await granted.ConfigureAwait(false);
        if (read.Value is not { } held)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"Your permissions could not be read, so whether pulumi up may create the plan's resources is not known: {read.Refusal}",
                $"Have Reader assigned to you on {scope}: az role assignment create --assignee PRINCIPAL --role Reader --scope {scope}",
                $"Run preflight again; or list your roles yourself: az role assignment list --assignee PRINCIPAL --scope {scope} --include-inherited");
        }

        var missing = target.Actions.Where(a => !held.Allows(a.Action)).ToList();
        var onScope = missing.Where(a => !a.OnExistingAccount).ToList();
        var onAccount = missing.Where(a => a.OnExistingAccount).ToList();
        if (onScope.Count > 0)
        {
            return GuardrailCheck.Blocks(
                guardrail,
                $"You lack {Describe(onScope)} on {scope}: pulumi up would stop at {onScope[0].Resource}.",
                GrantFix(onScope, scope));
        }

        if (onAccount.Count > 0)
        {
            var accountScope = target.ExistingAccountId!;
            return GuardrailCheck.NotExamined(
                guardrail,
                $"You lack {Describe(onAccount)} on {scope}, but may hold them on the existing account {target.ExistingAccount} or its container, which preflight does not read.",
                GrantFix(onAccount, accountScope),
                guardrail.GrantedBy);
        }

        return GuardrailCheck.Met(guardrail, $"You hold all {target.Actions.Count} actions the plan needs on {scope}.");
    }

    /// <summary>
    /// Whether the deployer holds, on the access logs' destination, what Azure Monitor's linked access check asks when
    /// pulumi up creates the diagnostic setting; the destination is named by its id, so no subscription of the stack's is needed.
    /// </summary>
    private static async Task<GuardrailCheck> JudgeLogDestination(AzureLogDestination destination, Task<CloudRead<ArmPermissions>> granted)
    {
        var guardrail = AzureGuardrails.LogDestination;
        var (id, action) = (destination.ResourceId, destination.LinkedAction);
        var grant = $"Assign the deployer (PRINCIPAL) a role there that grants {action}: az role assignment create --assignee PRINCIPAL --role \"{AzureGuardrails.RoleFor(action)}\" --scope {id}";
        var read = await granted.ConfigureAwait(false);
        if (read.Value is not { } held)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"Your permissions on {id} could not be read, so whether Azure Monitor lets pulumi up send the access logs there ({destination.Resource}) is not known: {read.Refusal}",
                grant,
                $"Run preflight again; or list your roles there yourself: az role assignment list --assignee PRINCIPAL --scope {id} --include-inherited");
        }

        return held.Allows(action)
            ? GuardrailCheck.Met(guardrail, $"You hold {action} on {id}, which Azure Monitor's linked access check asks when pulumi up creates {destination.Resource}.")
            : GuardrailCheck.Blocks(
                guardrail,
                $"You hold no role on {id} that grants {action}, which Azure Monitor's linked access check asks when pulumi up creates {destination.Resource}: "
                + "it would stop there with 403 LinkedAuthorizationFailed, after what it created before.",
                $"{grant}; or send the access logs where you hold it, or to a log account the stack creates (accessLogs: create).");
    }

    /// <summary>Judged from the plan alone: the key's resource id names its subscription, and the stack names its own.</summary>
    private static GuardrailCheck JudgeKeySubscription(AzurePreflightTarget target, string keySubscription)
    {
        var guardrail = AzureGuardrails.KeySubscription;
        if (target.SubscriptionId is not { } deployment)
        {
            return NoSubscription(guardrail, "whether the key's vault is in the subscription the stack deploys into");
        }

        // Subscription ids are GUIDs, which Azure compares without regard to case.
        return string.Equals(keySubscription, deployment, StringComparison.OrdinalIgnoreCase)
            ? GuardrailCheck.Met(guardrail, $"The key's vault is in subscription {deployment}, which the stack deploys into.")
            : GuardrailCheck.Blocks(
                guardrail,
                $"The key's vault is in subscription {keySubscription}, and the stack deploys into {deployment}: azure-native would not find the vault there, and pulumi up would stop at the storage account's encryption.",
                $"Name a key of a vault in subscription {deployment} in encryptionKey, or set encryptionKey: create.");
    }

    private static string Describe(IReadOnlyList<AzureActionNeed> missing) =>
        string.Join(", ", missing.Select(a => $"{a.Action} (for {a.Resource})"));

    /// <summary>One assignment per role that holds some missing action; PRINCIPAL is the deployer's object id or sign-in name.</summary>
    private static string GrantFix(IReadOnlyList<AzureActionNeed> missing, string scope) =>
        "Assign the deployer (PRINCIPAL) a role holding them there: "
        + string.Join(" && ", missing.Select(a => AzureGuardrails.RoleFor(a.Action)).Distinct(StringComparer.Ordinal)
            .Select(role => $"az role assignment create --assignee PRINCIPAL --role \"{role}\" --scope {scope}"));

    private static GuardrailCheck NoSubscription(Guardrail guardrail, string unknown) => GuardrailCheck.NotExamined(
        guardrail,
        $"The stack names no Azure subscription, so {unknown} is not known.",
        AzureGuardrails.SubscriptionFix,
        grantedBy: null);
}
