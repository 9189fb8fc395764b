using System.Net;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Azure;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// The Azure checker through its real REST clients and retry pipeline against a local server answering as Microsoft
/// Graph, Resource Manager and Policy Insights document: a tenant and subscription that refuse nothing, app
/// registration off with and without a role that may, a Contributor without role assignments, deny policies on the
/// location and the public endpoint, and reads refused, throttled or malformed.
/// </summary>
public sealed class AzureGuardrailCheckerTests() : GuardrailCheckerTest<AzureGuardrailServer>(ct => AzureGuardrailServer.StartAsync(ct))
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string SubscriptionScope = $"/subscriptions/{Subscription}";
    private const string GroupScope = $"{SubscriptionScope}/resourceGroups/rec-rg";
    private const string AllowedLocations = $"{SubscriptionScope}/providers/Microsoft.Authorization/policyAssignments/allowed-locations";
    private const string NoPublicNetwork = $"{SubscriptionScope}/providers/Microsoft.Authorization/policyAssignments/storage-no-public-network";
    private const string AllowedSkus = $"{SubscriptionScope}/providers/Microsoft.Authorization/policyAssignments/allowed-skus";

    /// <summary>Everything an Azure storage that creates its group, account and write-only role needs, as the plan lists it.</summary>
    private static readonly AzureActionNeed[] CreatedEverythingActions =
    [
        new("Microsoft.Resources/subscriptions/resourceGroups/write", "rec-group"),
        new("Microsoft.Resources/subscriptions/resourceGroups/read", "rec-group"),
        new("Microsoft.Storage/storageAccounts/write", "rec-account"),
        new("Microsoft.Storage/storageAccounts/read", "rec-account"),
        new("Microsoft.Storage/storageAccounts/blobServices/containers/write", "rec-container"),
        new("Microsoft.Storage/storageAccounts/blobServices/containers/read", "rec-container"),
        new("Microsoft.Authorization/roleDefinitions/write", "rec-writer-role"),
        new("Microsoft.Authorization/roleDefinitions/read", "rec-writer-role"),
        new("Microsoft.Authorization/roleAssignments/write", "rec-writer-access"),
        new("Microsoft.Authorization/roleAssignments/read", "rec-writer-access"),
    ];

    /// <summary>Contributor's permissions as Azure lists them: everything but writing and deleting authorization.</summary>
    private static readonly string[] ContributorNotActions =
    [
        "Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action",
    ];

    [Fact]
    public async Task A_tenant_and_subscription_that_refuse_nothing_meet_every_guardrail_with_one_read_each()
    {
        Server.Grant(SubscriptionScope, ["*"]);

        var checks = await CheckAsync(Target());

        Assert.Equal([.. AzureGuardrails.All.Select(g => g.Id)], checks.Select(c => c.Guardrail));
        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.All(checks, c => Assert.Null(c.Fix));
        var requests = Server.Requests;
        Assert.Single(requests, r => r.Path == AzureGuardrailServer.PolicyPath);
        Assert.Single(requests, r => r.Path == AzureGuardrailServer.AppManagementPolicyPath);
        // Users may register applications: their roles are not read.
        Assert.DoesNotContain(requests, r => r.Path == AzureGuardrailServer.RolesPath);
        var permissions = Assert.Single(requests, r => r.Path == AzureGuardrailServer.PermissionsPath(SubscriptionScope));
        Assert.Equal("?api-version=2022-04-01", permissions.Query);
        // The group, the account, the container and the role, each asked once at the subscription, where the group will be.
        var asked = requests.Where(r => r.Path == AzureGuardrailServer.RestrictionsPath(SubscriptionScope)).ToList();
        Assert.Equal(4, asked.Count);
        Assert.All(asked, r => Assert.Equal(("POST", "?api-version=2022-03-01"), (r.Method, r.Query)));
        Assert.All(requests, r => Assert.Equal(
            $"Bearer {(r.Path.StartsWith("/v1.0/", StringComparison.Ordinal) ? Server.GraphToken : AzureGuardrailServer.ArmToken)}", r.Authorization));
        var account = Assert.Single(asked, r => r.Body.Contains("\"Microsoft.Storage/storageAccounts\"", StringComparison.Ordinal));
        foreach (var planned in new[] { "\"location\":\"westeurope\"", "\"publicNetworkAccess\":\"Enabled\"", "\"allowSharedKeyAccess\":false", "\"team\":\"video\"", $"\"scope\":\"{GroupScope}\"", "\"pendingFields\":[{\"field\":\"location\",\"values\":[\"westeurope\"]}]" })
        {
            Assert.Contains(planned, account.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task App_registration_off_without_a_role_that_may_blocks_with_the_role_to_assign_and_who_assigns_it()
    {
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false, "fe930be7-5e62-47db-91af-98c3a49a38b1");

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("entra.allowedToCreateApps", blocked.Guardrail);
        Assert.Contains("lets no user register applications (allowedToCreateApps is false) and you hold none of Application Developer", blocked.Message, StringComparison.Ordinal);
        Assert.Contains(
            "nor a custom role assigned to you on the tenant that allows microsoft.directory/applications/create or microsoft.directory/applications/createAsOwner: pulumi up would create the storage, then fail at Stream's Entra application.",
            blocked.Message,
            StringComparison.Ordinal);
        Assert.Contains("cf1c38e5-3621-4004-a7cb-879624dced7c", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal("a Privileged Role Administrator or Global Administrator of the tenant", blocked.GrantedBy);
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.RolesPath);
        // Without a built-in role that may, the deployer's own role assignments are read, with their definitions.
        var assignments = Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.RoleAssignmentsPath);
        Assert.Equal($"?$filter=principalId%20eq%20%27{AzureGuardrailServer.DeployerObjectId}%27&$expand=roleDefinition", assignments.Query);
    }

    [Fact]
    public async Task Users_may_register_applications_is_met_for_a_member_who_is_read_as_one()
    {
        Server.Grant(SubscriptionScope, ["*"]);

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal((PreflightOutcome.Met, "The tenant lets users register applications (allowedToCreateApps is true)."), (registration.Outcome, registration.Message));
        var me = Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.MePath);
        Assert.Equal("?$select=userType", me.Query);
        Assert.DoesNotContain(Server.Requests, r => r.Path == AzureGuardrailServer.RolesPath);
    }

    /// <summary>allowedToCreateApps is the default user role's: a guest has it only where the tenant gives guests the User role.</summary>
    [Fact]
    public async Task Users_may_register_applications_does_not_cover_a_guest_without_a_role_that_may()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsGuest();

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal(PreflightOutcome.Blocks, registration.Outcome);
        Assert.StartsWith(
            "The tenant lets its members register applications (allowedToCreateApps is true), but you sign in as a guest, whose role (guestUserRoleId) does not include it, and you hold none of Application Developer",
            registration.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("or deploy signed in as a member of the tenant, or as a service principal.", registration.Fix, StringComparison.Ordinal);
        Assert.Throws<CloudRefusedException>(Server.EnsureApplicationAllowed);
    }

    [Fact]
    public async Task A_guest_is_covered_where_the_tenant_gives_guests_members_access_and_not_asked_what_it_is()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsGuest().SetGuestRole(EntraAppRegistrationClient.MemberUserRoleTemplateId);

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.DoesNotContain(Server.Requests, r => r.Path == AzureGuardrailServer.MePath);
        Server.EnsureApplicationAllowed();
    }

    [Fact]
    public async Task A_guest_holding_a_role_that_may_register_is_met_by_the_role()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsGuest().SetAppRegistration(usersMayRegister: true, "cf1c38e5-3621-4004-a7cb-879624dced7c");

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Equal(
            "The tenant lets its members register applications (allowedToCreateApps is true), but you sign in as a guest, whose role (guestUserRoleId) does not include it, but you hold Application Developer, which may.",
            registration.Message);
    }

    [Fact]
    public async Task Without_a_read_of_ones_own_profile_a_user_the_setting_may_not_cover_is_not_examined_unless_a_role_decides()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsUser("openid", "Policy.Read.All", "RoleManagement.Read.Directory");

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal(PreflightOutcome.NotExamined, registration.Outcome);
        Assert.Contains("whether you are a member is not known", registration.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", registration.Message, StringComparison.Ordinal);
        Assert.StartsWith("Have User.Read, the delegated Microsoft Graph permission that reads your own profile, consented for the sign-in", registration.Fix, StringComparison.Ordinal);

        Server.SetAppRegistration(usersMayRegister: true, "cf1c38e5-3621-4004-a7cb-879624dced7c");
        var withRole = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.Met, withRole.Outcome);
    }

    [Theory]
    [InlineData("microsoft.directory/applications/createAsOwner")]
    [InlineData("microsoft.directory/applications/create")]
    public async Task App_registration_off_is_met_by_a_custom_role_on_the_tenant_that_allows_creating_applications(string action)
    {
        Server.Grant(SubscriptionScope, ["*"])
            .SetAppRegistration(usersMayRegister: false, "fe930be7-5e62-47db-91af-98c3a49a38b1")
            .AssignCustomRole("Helpdesk Reader", "/", "microsoft.directory/users/standard/read")
            .AssignCustomRole("App Registrar", "/", "microsoft.directory/applications/basic/update", action);

        var checks = await CheckAsync(Target());

        var registration = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Equal($"The tenant lets no user register applications, but you hold App Registrar ({action}), which may.", registration.Message);
        Server.EnsureApplicationAllowed();
    }

    [Fact]
    public async Task A_custom_role_that_may_create_applications_only_in_an_administrative_unit_does_not_count()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .SetAppRegistration(usersMayRegister: false)
            .AssignCustomRole("Unit App Registrar", "/administrativeUnits/5d107bba-d8e2-4e13-b6ae-884be90e5d1a", "microsoft.directory/applications/createAsOwner");

        var checks = await CheckAsync(Target());

        Assert.Equal(AzureGuardrails.AppRegistration.Id, Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks).Guardrail);
        Assert.Throws<CloudRefusedException>(Server.EnsureApplicationAllowed);
    }

    [Fact]
    public async Task A_user_who_may_not_read_their_role_assignments_is_not_examined_rather_than_blocked_and_told_how_to_let_preflight_read_them()
    {
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false).SignInAsUser("openid", "Policy.Read.All");

        var checks = await CheckAsync(Target());

        var unread = Assert.Single(checks, c => c.Outcome != PreflightOutcome.Met);
        Assert.Equal((AzureGuardrails.AppRegistration.Id, PreflightOutcome.NotExamined), (unread.Guardrail, unread.Outcome));
        Assert.Contains(
            "you hold none of Application Developer, Application Administrator, Cloud Application Administrator, Global Administrator (an eligible role counts only once activated); whether a custom role assigned to you allows microsoft.directory/applications/create or microsoft.directory/applications/createAsOwner is not known: your directory role assignments (Microsoft Graph): HTTP 403",
            unread.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("To let preflight read your role assignments, have RoleManagement.Read.Directory consented for the sign-in and the Directory Readers role assigned to you.", unread.Fix, StringComparison.Ordinal);
        Assert.Contains("cf1c38e5-3621-4004-a7cb-879624dced7c", unread.Fix, StringComparison.Ordinal);
        Assert.Equal(AzureGuardrails.AppRegistration.GrantedBy, unread.GrantedBy);
    }

    [Fact]
    public async Task Role_assignments_listed_without_their_definitions_are_not_examined_never_taken_for_none()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .SetAppRegistration(usersMayRegister: false)
            .Fail(AzureGuardrailServer.RoleAssignmentsPath, HttpStatusCode.OK, """{"value":[{"id":"a","principalId":"p","roleDefinitionId":"d","directoryScopeId":"/"}]}""");

        var checks = await CheckAsync(Target());

        var unread = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.NotExamined, unread.Outcome);
        Assert.Contains("the answer is not the documented shape (a role assignment without its roleDefinition)", unread.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer")]
    [InlineData("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator")]
    public async Task App_registration_off_is_met_by_a_role_that_may_register(string roleTemplateId, string role)
    {
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false, roleTemplateId);

        var checks = await CheckAsync(Target());

        var registration = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Contains($"but you hold {role}, which may", registration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_granted_application_readwrite_ownedby_may_register_where_users_may_not()
    {
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false).SignInAsServicePrincipal("Application.ReadWrite.OwnedBy");

        var checks = await CheckAsync(Target());

        var registration = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Contains("service principal granted Application.ReadWrite.OwnedBy", registration.Message, StringComparison.Ordinal);
        // The users' setting does not apply to it, and its token says enough: Graph is read only for the app management policy.
        Assert.Equal([AzureGuardrailServer.AppManagementPolicyPath], Server.Requests.Where(r => r.Path.StartsWith("/v1.0/", StringComparison.Ordinal)).Select(r => r.Path));
    }

    [Fact]
    public async Task A_service_principal_without_a_permission_or_role_that_may_is_blocked_even_where_users_may_register()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsServicePrincipal("Directory.Read.All");

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(AzureGuardrails.AppRegistration.Id, blocked.Guardrail);
        Assert.Contains("service principal, to which the tenant's setting for users does not apply", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("Application.ReadWrite.OwnedBy nor Application.ReadWrite.All, nor a directory role that may", blocked.Message, StringComparison.Ordinal);
        Assert.Contains(
            $"az ad app permission add --id {AzureGuardrailServer.DeployerAppId} --api 00000003-0000-0000-c000-000000000000 --api-permissions 18a4783c-866b-4cc7-a460-3d5e5662c884=Role && az ad app permission admin-consent --id {AzureGuardrailServer.DeployerAppId}",
            blocked.Fix,
            StringComparison.Ordinal);
        Assert.Equal("a Privileged Role Administrator or Global Administrator of the tenant", blocked.GrantedBy);
        var roles = Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.ServicePrincipalRolesPath);
        Assert.Contains("$count=true", roles.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Path is AzureGuardrailServer.PolicyPath or AzureGuardrailServer.RolesPath);
    }

    [Theory]
    [InlineData("Directory.Read.All")]
    [InlineData("Application.Read.All", "RoleManagement.Read.Directory")]
    public async Task A_service_principal_holding_a_directory_role_that_may_register_meets_it_without_a_graph_permission(params string[] readers)
    {
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false, "158c047a-c907-4556-b7ef-446551a6b5f7").SignInAsServicePrincipal(readers);

        var checks = await CheckAsync(Target());

        var registration = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Contains("service principal holding Cloud Application Administrator", registration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_assigned_a_custom_role_that_may_register_meets_it()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsServicePrincipal("Directory.Read.All")
            .AssignCustomRole("App Registrars", "/", "microsoft.directory/applications/create");

        var registration = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.AppRegistration.Id);

        Assert.Equal(PreflightOutcome.Met, registration.Outcome);
        Assert.Contains("service principal holding App Registrars", registration.Message, StringComparison.Ordinal);
        Assert.Contains($"principalId eq '{AzureGuardrailServer.DeployerObjectId}'", Uri.UnescapeDataString(Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.RoleAssignmentsPath).Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_whose_roles_graph_lists_without_their_template_id_is_not_examined_rather_than_blocked()
    {
        // Application.Read.All reads its memberships but not directory roles: Graph lists them with their id and type only.
        Server.Grant(SubscriptionScope, ["*"]).SetAppRegistration(usersMayRegister: false, "158c047a-c907-4556-b7ef-446551a6b5f7").SignInAsServicePrincipal("Application.Read.All");

        var unread = AssertRolesUnread(await CheckAsync(Target()));

        Assert.Contains("listed 1 of your service principal's directory roles (Microsoft Graph) with only an id and a type (limited information)", unread.Message, StringComparison.Ordinal);
        Assert.Contains("RoleManagement.Read.Directory", unread.Message, StringComparison.Ordinal);
        Assert.Contains("grant Directory.Read.All the same way, --api-permissions 7ab1d382-f21e-4acd-a863-ba3e13f7da61=Role", unread.Fix, StringComparison.Ordinal);
        Assert.Contains("with RoleManagement.Read.Directory, which reads the roles among them, 483bed4a-2ad3-4361-a73b-c83ccdbdc53c=Role", unread.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_without_a_permission_that_may_and_whose_roles_cannot_be_read_is_not_examined()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsServicePrincipal();

        var unread = AssertRolesUnread(await CheckAsync(Target()));

        Assert.Contains("Insufficient privileges", unread.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The app-registration check is not examined, because the service principal's directory roles were not read, and its
    /// fix names the Graph permission that may create applications and the one that reads the roles.
    /// </summary>
    private static GuardrailCheck AssertRolesUnread(IReadOnlyList<GuardrailCheck> checks)
    {
        var unread = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Equal(PreflightOutcome.NotExamined, unread.Outcome);
        Assert.Contains("whether it holds a directory role that may is not known", unread.Message, StringComparison.Ordinal);
        Assert.Contains("18a4783c-866b-4cc7-a460-3d5e5662c884=Role", unread.Fix, StringComparison.Ordinal);
        Assert.Contains("grant Directory.Read.All the same way", unread.Fix, StringComparison.Ordinal);
        Assert.Equal("a Privileged Role Administrator or Global Administrator of the tenant", unread.GrantedBy);
        return unread;
    }

    [Fact]
    public async Task Blocked_password_addition_blocks_before_the_secret_with_the_exemption_and_who_grants_it()
    {
        Server.Grant(SubscriptionScope, ["*"]).RestrictPasswords(additionBlocked: true, maxLifetimeDays: null);

        var storages = await CheckAsync([Target(), Target() with { StorageName = "rec2" }]);

        Assert.All(storages, checks => Assert.Equal(AzureGuardrails.AppManagementPolicy.Id, Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks).Guardrail));
        // One read of the tenant's policy for every storage.
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.AppManagementPolicyPath);
        var blocked = Assert.Single(storages[0], c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(
            "The tenant's default app management policy blocks adding passwords to applications created now (passwordAddition): pulumi up would create Stream's Entra application, then fail at its client secret.",
            blocked.Message);
        Assert.StartsWith("The stack's credential for Stream is a client secret: have the deployer exempted by a custom security attribute", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("/applications/OBJECT_ID/appManagementPolicies/$ref", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal("an Application Administrator or Global Administrator of the tenant", blocked.GrantedBy);
    }

    [Theory]
    [InlineData(90, 180, PreflightOutcome.Blocks)]
    [InlineData(180, 180, PreflightOutcome.Met)]
    [InlineData(365, 180, PreflightOutcome.Met)]
    [InlineData(30, 31, PreflightOutcome.Blocks)]
    public async Task A_lifetime_cap_blocks_a_longer_client_secret_and_meets_one_within_it(int capDays, int secretDays, PreflightOutcome expected)
    {
        Server.Grant(SubscriptionScope, ["*"]).RestrictPasswords(additionBlocked: false, maxLifetimeDays: capDays);

        var checks = await CheckAsync(Target() with { ClientSecretDays = secretDays });

        var check = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppManagementPolicy.Id);
        Assert.Equal(expected, check.Outcome);
        Assert.All(checks.Where(c => c != check), c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains($"caps the passwords of applications created now at {capDays} days (passwordLifetime), shorter than the client secret's {secretDays} days (clientSecretDays)", check.Message, StringComparison.Ordinal);
            Assert.StartsWith($"Set clientSecretDays: {capDays} (or fewer) on storage rec, within the cap; or have the deployer exempted", check.Fix, StringComparison.Ordinal);
            Assert.Equal("the stack's owner (clientSecretDays); for an exemption, an Application Administrator or Global Administrator of the tenant", check.GrantedBy);
        }
        else
        {
            Assert.Equal($"The tenant's default app management policy lets an application created now have a password of {secretDays} days (clientSecretDays), within its cap of {capDays} days.", check.Message);
        }
    }

    /// <summary>A policy whose password restrictions Graph answers as <paramref name="restrictions"/>, a JSON array.</summary>
    private void AnswerPasswordRestrictions(string restrictions, bool enabled = true) => Server.Fail(
        AzureGuardrailServer.AppManagementPolicyPath,
        HttpStatusCode.OK,
        $$$"""{"id":"00000000-0000-0000-0000-000000000000","isEnabled":{{{(enabled ? "true" : "false")}}},"applicationRestrictions":{"passwordCredentials":{{{restrictions}}},"keyCredentials":[]}}""");

    [Theory]
    [InlineData("""[{"restrictionType":"passwordAddition","state":"disabled","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2019-10-19T10:37:00Z"}]""", true)]
    [InlineData("""[{"restrictionType":"passwordAddition","state":"enabled","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2999-01-01T00:00:00Z"}]""", true)]
    [InlineData("""[{"restrictionType":"passwordAddition","state":"enabled","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2019-10-19T10:37:00Z"}]""", false)]
    [InlineData("""[{"restrictionType":"symmetricKeyAddition","state":"enabled","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2019-10-19T10:37:00Z"},{"restrictionType":"passwordLifetime","maxLifetime":"P4DT12H","restrictForAppsCreatedAfterDateTime":null}]""", true)]
    public async Task A_restriction_that_is_off_or_holds_only_for_later_applications_is_met(string restrictions, bool enabled)
    {
        Server.Grant(SubscriptionScope, ["*"]);
        AnswerPasswordRestrictions(restrictions, enabled);

        var checks = await CheckAsync(Target() with { ClientSecretDays = 4 });

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
    }

    [Fact]
    public async Task A_restriction_without_a_state_holds_and_a_lifetime_of_hours_is_shown_as_graph_writes_it()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        AnswerPasswordRestrictions("""[{"restrictionType":"passwordLifetime","maxLifetime":"P4DT12H","restrictForAppsCreatedAfterDateTime":"2019-10-19T10:37:00Z"}]""");

        var blocked = Assert.Single(await CheckAsync(Target() with { ClientSecretDays = 5 }), c => c.Outcome == PreflightOutcome.Blocks);

        Assert.Contains("caps the passwords of applications created now at P4DT12H (passwordLifetime)", blocked.Message, StringComparison.Ordinal);
        Assert.StartsWith("Set clientSecretDays: 4 (or fewer) on storage rec", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cap_under_a_day_leaves_only_an_exemption()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        AnswerPasswordRestrictions("""[{"restrictionType":"passwordLifetime","state":"enabled","maxLifetime":"PT12H","restrictForAppsCreatedAfterDateTime":null}]""");

        var blocked = Assert.Single(await CheckAsync(Target() with { ClientSecretDays = 1 }), c => c.Outcome == PreflightOutcome.Blocks);

        Assert.StartsWith("The stack's credential for Stream is a client secret: have the deployer exempted", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal(AzureGuardrails.AppManagementPolicy.GrantedBy, blocked.GrantedBy);
    }

    [Fact]
    public async Task A_restriction_that_exempts_actors_by_a_custom_security_attribute_is_not_examined_naming_it()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        AnswerPasswordRestrictions("""
            [{"restrictionType":"passwordAddition","state":"enabled","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2019-10-19T10:37:00Z",
              "excludeActors":{"customSecurityAttributes":[{"@odata.type":"#microsoft.graph.customSecurityAttributeStringValueExemption","id":"PolicyExemptions_AppManagementExemption","operator":"equals","value":"ExemptFromPasswordBlock"}]}}]
            """);

        var unknown = Assert.Single(await CheckAsync(Target()), c => c.Outcome == PreflightOutcome.NotExamined);

        Assert.Equal(AzureGuardrails.AppManagementPolicy.Id, unknown.Guardrail);
        Assert.Contains("unless you hold a custom security attribute it exempts (PolicyExemptions_AppManagementExemption equals ExemptFromPasswordBlock), which preflight does not read", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"restrictionType":"passwordLifetime","state":"enabled","maxLifetime":"ninety days","restrictForAppsCreatedAfterDateTime":null}]""", "maxLifetime \"ninety days\" is not an ISO 8601 duration")]
    [InlineData("""[{"restrictionType":"passwordLifetime","state":"enabled","restrictForAppsCreatedAfterDateTime":null}]""", "a passwordLifetime restriction without maxLifetime")]
    public async Task A_policy_not_in_the_documented_shape_is_not_examined(string restrictions, string said)
    {
        Server.Grant(SubscriptionScope, ["*"]);
        AnswerPasswordRestrictions(restrictions);

        var unknown = Assert.Single(await CheckAsync(Target()), c => c.Outcome == PreflightOutcome.NotExamined);

        Assert.Equal(AzureGuardrails.AppManagementPolicy.Id, unknown.Guardrail);
        Assert.Contains(said, unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "User.Read")]
    [InlineData(true, "Application.ReadWrite.OwnedBy")]
    public async Task A_deployer_that_may_not_read_the_app_management_policy_is_not_examined_and_told_the_permission(bool servicePrincipal, string permission)
    {
        Server.Grant(SubscriptionScope, ["*"]).RestrictPasswords(additionBlocked: true, maxLifetimeDays: null);
        if (servicePrincipal)
        {
            Server.SignInAsServicePrincipal(permission);
        }
        else
        {
            Server.SignInAsUser("openid", permission);
        }

        var checks = await CheckAsync(Target());

        var unread = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppManagementPolicy.Id);
        Assert.Equal(PreflightOutcome.NotExamined, unread.Outcome);
        Assert.Contains("Whether the tenant lets the stack add the client secret of Stream's Entra application is not known: ", unread.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 Insufficient privileges to complete the operation.", unread.Message, StringComparison.Ordinal);
        Assert.StartsWith("Have Policy.Read.All or Policy.Read.ApplicationConfiguration or Policy.ReadWrite.ApplicationConfiguration consented for the sign-in", unread.Fix, StringComparison.Ordinal);
        Assert.Equal(AzureGuardrails.AppRegistration.GrantedBy, unread.GrantedBy);
    }

    [Theory]
    [InlineData("Policy.Read.ApplicationConfiguration")]
    [InlineData("Policy.ReadWrite.ApplicationConfiguration")]
    public async Task A_service_principal_with_an_application_configuration_permission_reads_the_policy(string permission)
    {
        Server.Grant(SubscriptionScope, ["*"]).RestrictPasswords(additionBlocked: false, maxLifetimeDays: 90).SignInAsServicePrincipal("Application.ReadWrite.OwnedBy", permission);

        var checks = await CheckAsync(Target());

        Assert.Equal(PreflightOutcome.Blocks, Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppManagementPolicy.Id).Outcome);
    }

    [Fact]
    public async Task A_contributor_lacks_the_role_definition_and_assignment_and_is_told_whom_to_ask_for_user_access_administrator()
    {
        Server.Grant(SubscriptionScope, ["*"], ContributorNotActions);

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("azure-deployer-permissions", blocked.Guardrail);
        Assert.Equal(
            $"You lack Microsoft.Authorization/roleDefinitions/write (for rec-writer-role), Microsoft.Authorization/roleAssignments/write (for rec-writer-access) on {SubscriptionScope}: pulumi up would stop at rec-writer-role.",
            blocked.Message);
        Assert.Equal($"Assign the deployer (PRINCIPAL) a role holding them there: az role assignment create --assignee PRINCIPAL --role \"User Access Administrator\" --scope {SubscriptionScope}", blocked.Fix);
        Assert.Equal(AzureGuardrails.DeployerPermissions.GrantedBy, blocked.GrantedBy);
    }

    [Fact]
    public async Task In_an_existing_group_the_permissions_are_read_there_once_for_every_storage_in_it()
    {
        Server.Grant(GroupScope, ["Microsoft.Storage/*", "Microsoft.Authorization/*", "Microsoft.Resources/subscriptions/resourceGroups/read"]);
        var inGroup = Target() with { CreatesResourceGroup = false, Actions = [.. CreatedEverythingActions.Skip(2)] };

        var checks = await CheckAsync([inGroup, inGroup with { StorageName = "rec-2" }]);

        Assert.All(checks.SelectMany(c => c), c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.PermissionsPath(GroupScope));
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.PolicyPath);
        // Three resources in the group, the same for both storages: asked once each.
        Assert.Equal(3, Server.Requests.Count(r => r.Path == AzureGuardrailServer.RestrictionsPath(GroupScope)));
    }

    [Fact]
    public async Task In_an_existing_group_the_roles_granted_on_the_subscription_above_it_count_with_those_granted_on_the_group()
    {
        Server.Grant(SubscriptionScope, ["Microsoft.Storage/*", "Microsoft.Resources/subscriptions/resourceGroups/read"])
            .Grant(GroupScope, ["Microsoft.Authorization/*"])
            .Grant($"{SubscriptionScope}/resourceGroups/other-rg", ["*"]);
        var inGroup = Target() with { CreatesResourceGroup = false, Actions = [.. CreatedEverythingActions.Skip(2)] };

        var checks = await CheckAsync(inGroup);

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.PermissionsPath(GroupScope));
    }

    [Fact]
    public async Task On_the_subscription_the_roles_granted_only_on_a_group_below_it_do_not_count()
    {
        Server.Grant(SubscriptionScope, ["*"], ContributorNotActions).Grant(GroupScope, ["Microsoft.Authorization/*"]);

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("azure-deployer-permissions", blocked.Guardrail);
    }

    [Fact]
    public async Task An_allowed_locations_policy_blocks_the_group_and_account_naming_the_assignment_the_allowed_locations_and_the_exemption()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(AllowedLocations, "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.Storage/storageAccounts", "location", "northeurope", "swedencentral")
            .Deny(AllowedLocations, "/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988", "Microsoft.Resources/resourceGroups", "location", "North Europe", "swedencentral");

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("azure-policy-deny", blocked.Guardrail);
        Assert.Equal(
            "Policy assignment allowed-locations refuses the resource group: location notIn [\"North Europe\",\"swedencentral\"] (planned: westeurope). "
            + "Policy assignment allowed-locations refuses the storage account: location notIn [\"northeurope\",\"swedencentral\"] (planned: westeurope).",
            blocked.Message);
        Assert.Contains("Set the storage's location to one the policy allows (now westeurope).", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains(
            $"az policy exemption create --name stream-storage-rec --policy-assignment {AllowedLocations} --scope {SubscriptionScope} --exemption-category Waiver\n",
            blocked.Fix + "\n", StringComparison.Ordinal);
        Assert.DoesNotContain("--policy-definition-reference-ids", blocked.Fix, StringComparison.Ordinal);
        Assert.StartsWith("the policy assignment's owners", blocked.GrantedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denials_of_two_assignments_get_an_exemption_each_under_its_own_name()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(AllowedLocations, "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.Storage/storageAccounts", "location", "northeurope")
            .Deny(NoPublicNetwork, "/providers/Microsoft.Authorization/policyDefinitions/b2982f36-99f2-4db5-8eff-283140c09693", "Microsoft.Storage/storageAccounts", "properties.publicNetworkAccess", "Disabled");

        var blocked = Assert.Single(await CheckAsync(Target()), c => c.Outcome == PreflightOutcome.Blocks);

        var exemptions = blocked.Fix!.Split('\n').Where(line => line.Contains("az policy exemption create", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, exemptions.Count);
        Assert.Contains($"--name stream-storage-rec-1 --policy-assignment {AllowedLocations} ", exemptions[0], StringComparison.Ordinal);
        Assert.Contains($"--name stream-storage-rec-2 --policy-assignment {NoPublicNetwork} ", exemptions[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_location_denied_only_as_a_field_restriction_blocks_the_located_resources()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        for (var n = 0; n < 4; n++)
        {
            Server.Fail(AzureGuardrailServer.RestrictionsPath(SubscriptionScope), HttpStatusCode.OK, $$$"""
                {"fieldRestrictions":[{"field":"location","restrictions":[{"result":"Deny","values":["westeurope","francecentral"],
                  "policy":{"policyDefinitionId":"/providers/Microsoft.Authorization/policyDefinitions/not-allowed-locations","policySetDefinitionId":"/providers/Microsoft.Authorization/policySetDefinitions/residency","policyDefinitionReferenceId":"notAllowedLocations","policyAssignmentId":"{{{AllowedLocations}}}"}}]}],
                 "contentEvaluationResult":{"policyEvaluations":[]}}
                """);
        }

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(
            "Policy assignment allowed-locations refuses the resource group: location must not be westeurope, francecentral (planned: westeurope). "
            + "Policy assignment allowed-locations refuses the storage account: location must not be westeurope, francecentral (planned: westeurope).",
            blocked.Message);
        Assert.Contains("Set the storage's location to one the policy allows (now westeurope).", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("--exemption-category Waiver --policy-definition-reference-ids notAllowedLocations", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_location_the_policy_allows_meets_it_whether_written_as_name_or_display_name()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(AllowedLocations, "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.Storage/storageAccounts", "location", "West Europe", "westeurope");

        var checks = await CheckAsync(Target());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
    }

    [Fact]
    public async Task A_policy_that_disables_public_network_access_blocks_the_account_and_says_its_settings_are_fixed()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(NoPublicNetwork, "/providers/Microsoft.Authorization/policyDefinitions/b2982f36-99f2-4db5-8eff-283140c09693", "Microsoft.Storage/storageAccounts", "properties.publicNetworkAccess", "Disabled");

        var checks = await CheckAsync(Target());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(
            "Policy assignment storage-no-public-network refuses the storage account: properties.publicNetworkAccess notIn [\"Disabled\"] (planned: Enabled).",
            blocked.Message);
        Assert.Contains("public endpoint on for Stream's uploads", blocked.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("location", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains($"--policy-assignment {NoPublicNetwork} --scope {SubscriptionScope}", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_skus_policy_judges_the_account_as_planned_and_the_access_log_account_the_stack_creates_beside_it()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(AllowedSkus, "/providers/Microsoft.Authorization/policyDefinitions/7433c107-6db4-4ad1-b57a-a76dce0154a1", "Microsoft.Storage/storageAccounts", "sku.name", "Standard_ZRS");

        var checks = await CheckAsync(Target() with { AccountSku = "Standard_ZRS", LogAccountSku = "Standard_LRS" });

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(
            "Policy assignment allowed-skus refuses the access-log account: sku.name notIn [\"Standard_ZRS\"] (planned: Standard_LRS).",
            blocked.Message);
    }

    [Fact]
    public async Task The_key_vault_and_identity_of_a_created_key_are_judged_before_the_account_as_the_program_makes_them()
    {
        var target = Target() with { CustomerKey = true, KeyVaultLocation = "westeurope" };
        Server.Grant(SubscriptionScope, ["*"])
            .Deny($"{SubscriptionScope}/providers/Microsoft.Authorization/policyAssignments/key-vault-locations", "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.KeyVault/vaults", "location", "northeurope");

        var checks = await CheckAsync(target);
        var planned = AzureGuardrailChecker.PlannedResources(target, $"{SubscriptionScope}/resourceGroups/rec-rg");

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("Policy assignment key-vault-locations refuses the key vault: location notIn [\"northeurope\"] (planned: westeurope).", blocked.Message);
        Assert.Equal(["rec-rg", "key-identity", "key-vault", "account", "container", "writer-role"], planned.Select(p => p.Resource));
        var vault = planned.Single(p => p.Resource == "key-vault").Content;
        Assert.True((bool?)vault["properties"]!["enablePurgeProtection"]);
        Assert.Null(vault["properties"]!["publicNetworkAccess"]);
        Assert.Equal("Microsoft.Keyvault", (string?)planned.Single(p => p.Resource == "account").Content["properties"]!["encryption"]!["keySource"]);
    }

    [Theory]
    [InlineData(false, PreflightOutcome.Blocks)]
    [InlineData(true, PreflightOutcome.Met)]
    public async Task A_policy_requiring_infrastructure_encryption_judges_the_account_as_planned(bool infrastructureEncryption, PreflightOutcome outcome)
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Deny(AllowedSkus, "/providers/Microsoft.Authorization/policyDefinitions/4733ea7b-a883-42fe-8cac-97454c2a9e4a", "Microsoft.Storage/storageAccounts", "properties.encryption.requireInfrastructureEncryption", "true");

        var checks = await CheckAsync(Target() with { InfrastructureEncryption = infrastructureEncryption });

        Assert.Equal(outcome, Assert.Single(checks, c => c.Guardrail == AzureGuardrails.PolicyDeny.Id).Outcome);
    }

    /// <summary>A compliance lock is a locked policy, a governance one an unlocked policy, which an organization requiring locked ones refuses.</summary>
    [Theory]
    [InlineData(true, PreflightOutcome.Met)]
    [InlineData(false, PreflightOutcome.Blocks)]
    public async Task A_policy_requiring_locked_immutability_judges_the_accounts_lock_as_planned(bool locked, PreflightOutcome outcome)
    {
        DenyAccountsUnless("locked-immutability", "properties.immutableStorageWithVersioning.immutabilityPolicy.state", "Locked");

        var checks = await CheckAsync(Target() with { Immutability = new AccountImmutability(365, locked) });

        var check = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.PolicyDeny.Id);
        Assert.Equal(outcome, check.Outcome);
        if (outcome == PreflightOutcome.Blocks)
        {
            Assert.Equal(
                "Policy assignment locked-immutability refuses the storage account: properties.immutableStorageWithVersioning.immutabilityPolicy.state notIn [\"Locked\"] (planned: Unlocked).",
                check.Message);
            Assert.StartsWith("The account's immutability is the storage's immutability setting: give it the days the policy asks for. Azure creates the policy only unlocked", check.Fix, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_blob_service_is_asked_with_the_soft_delete_the_stack_sets_off_included_and_versioning_only_under_a_lock()
    {
        var softDelete = AzureGuardrailChecker.PlannedResources(Target() with { BlobSoftDeleteDays = 7 }, GroupScope).Single(p => p.Resource == "blob-service").Content;
        var locked = AzureGuardrailChecker.PlannedResources(Target() with { BlobSoftDeleteDays = 0, Immutability = new AccountImmutability(30, Locked: false) }, GroupScope)
            .Single(p => p.Resource == "blob-service").Content;

        Assert.Equal("""{"deleteRetentionPolicy":{"enabled":true,"days":7}}""", softDelete["properties"]!.ToJsonString());
        Assert.Equal("""{"isVersioningEnabled":true,"deleteRetentionPolicy":{"enabled":false}}""", locked["properties"]!.ToJsonString());
        // An account the stack does not create has no blob service of the stack's.
        Assert.DoesNotContain(AzureGuardrailChecker.PlannedResources(Target() with { BlobSoftDeleteDays = null }, GroupScope), p => p.Resource == "blob-service");
    }

    [Fact]
    public void A_locked_account_with_a_customer_key_is_asked_with_its_identity_its_immutability_and_its_versioning_blob_service()
    {
        var target = Target() with { CustomerKey = true, Immutability = new AccountImmutability(30, Locked: false) };

        var planned = AzureGuardrailChecker.PlannedResources(target, GroupScope);

        Assert.Equal(["rec-rg", "key-identity", "account", "blob-service", "container", "writer-role"], planned.Select(p => p.Resource));
        var account = planned.Single(p => p.Resource == "account").Content;
        Assert.Equal("UserAssigned", (string?)account["identity"]!["type"]);
        var immutability = account["properties"]!["immutableStorageWithVersioning"]!;
        Assert.True((bool?)immutability["enabled"]);
        Assert.Equal(30, (int?)immutability["immutabilityPolicy"]!["immutabilityPeriodSinceCreationInDays"]);
        Assert.Equal("Unlocked", (string?)immutability["immutabilityPolicy"]!["state"]);
        Assert.True((bool?)planned.Single(p => p.Resource == "blob-service").Content["properties"]!["isVersioningEnabled"]);
        Assert.Null(AzureGuardrailChecker.PlannedResources(Target(), GroupScope).Single(p => p.Resource == "account").Content["identity"]);
        // Names the plan does not know are left out, not sent as null.
        Assert.False(planned.Single(p => p.Resource == "key-identity").Content.ContainsKey("name"));
        Assert.False(planned.Single(p => p.Resource == "writer-role").Content["properties"]!.AsObject().ContainsKey("roleName"));
    }

    /// <summary>A naming convention's deny policy reads the planned name, which a content without one would break.</summary>
    [Theory]
    [InlineData("strec00000000", PreflightOutcome.Met)]
    [InlineData("sa-rec", PreflightOutcome.Blocks)]
    public async Task A_naming_convention_policy_judges_the_accounts_planned_name(string allowedName, PreflightOutcome outcome)
    {
        DenyAccountsUnless("account-names", "name", allowedName);

        var checks = await CheckAsync(Target() with { AccountName = "strec00000000" });

        Assert.Equal(outcome, Assert.Single(checks, c => c.Guardrail == AzureGuardrails.PolicyDeny.Id).Outcome);
    }

    [Fact]
    public void Each_resource_the_stack_names_is_asked_about_with_its_name()
    {
        var target = Target() with
        {
            CustomerKey = true,
            KeyVaultLocation = "westeurope",
            AccountName = "strec00000000",
            LogAccountName = "stlogrec00000000",
            LogAccountSku = "Standard_LRS",
            KeyIdentityName = "id-dev-rec-key",
            KeyVaultName = "kvrec00000000",
            RoleName = "Stream recording writer (strec00000000)",
        };

        var planned = AzureGuardrailChecker.PlannedResources(target, GroupScope).ToDictionary(p => p.Resource, p => p.Content);

        Assert.Equal("strec00000000", (string?)planned["account"]["name"]);
        Assert.Equal("stlogrec00000000", (string?)planned["log-account"]["name"]);
        Assert.Equal("id-dev-rec-key", (string?)planned["key-identity"]["name"]);
        Assert.Equal("kvrec00000000", (string?)planned["key-vault"]["name"]);
        Assert.Equal("Stream recording writer (strec00000000)", (string?)planned["writer-role"]["properties"]!["roleName"]);
    }

    [Fact]
    public async Task A_refused_permissions_read_is_not_examined_and_names_reader_on_the_scope()
    {
        Server.Fail(AzureGuardrailServer.PermissionsPath(SubscriptionScope), HttpStatusCode.Forbidden,
            AzureGuardrailServer.Error("AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Authorization/permissions/read'."));

        var checks = await CheckAsync(Target());

        var refused = Assert.Single(checks, c => c.Outcome == PreflightOutcome.NotExamined);
        Assert.Equal("azure-deployer-permissions", refused.Guardrail);
        Assert.Contains("HTTP 403 The client does not have authorization", refused.Message, StringComparison.Ordinal);
        Assert.Equal($"Have Reader assigned to you on {SubscriptionScope}: az role assignment create --assignee PRINCIPAL --role Reader --scope {SubscriptionScope}", refused.Fix);
        Assert.NotNull(refused.GrantedBy);
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.PermissionsPath(SubscriptionScope));
    }

    [Fact]
    public async Task A_user_token_without_policy_read_all_is_refused_the_authorization_policy_and_told_the_permission_that_reads_it()
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsUser("openid", "profile", "email", "User.Read");

        var checks = await CheckAsync(Target());

        // The same token may not read the app management policy either (User.Read reads no policy).
        Assert.Equal(
            [AzureGuardrails.AppRegistration.Id, AzureGuardrails.AppManagementPolicy.Id],
            checks.Where(c => c.Outcome == PreflightOutcome.NotExamined).Select(c => c.Guardrail));
        var refused = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.AppRegistration.Id);
        Assert.Contains("HTTP 403 Insufficient privileges to complete the operation.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(
            "Have Policy.Read.All, the delegated Microsoft Graph permission that reads the tenant's authorization policy, consented for the sign-in; your own directory roles a member may read, a guest needs Directory.Read.All or Global Reader for them.",
            refused.Fix);
    }

    [Fact]
    public async Task A_user_token_that_may_not_read_the_policy_is_met_by_a_role_that_registers_applications_whatever_it_says()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .SetAppRegistration(usersMayRegister: false, "cf1c38e5-3621-4004-a7cb-879624dced7c")
            .SignInAsUser("openid", "profile", "email", "User.Read");

        var checks = await CheckAsync(Target());

        var met = Assert.Single(checks, c => c.Guardrail == "entra.allowedToCreateApps");
        Assert.Equal(PreflightOutcome.Met, met.Outcome);
        Assert.StartsWith("You hold Application Developer, which may register applications whatever the tenant lets users do (its authorization policy was not read: ", met.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Policy.Read.All")]
    [InlineData("Policy.ReadWrite.Authorization")]
    public async Task A_user_token_with_a_policy_permission_reads_the_authorization_policy(string scope)
    {
        Server.Grant(SubscriptionScope, ["*"]).SignInAsUser("openid", "User.Read", scope);

        var checks = await CheckAsync(Target());

        Assert.Equal(PreflightOutcome.Met, Assert.Single(checks, c => c.Guardrail == "entra.allowedToCreateApps").Outcome);
    }

    [Fact]
    public async Task A_throttled_policy_check_is_tried_again_honouring_retry_after_and_then_judged()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Fail(AzureGuardrailServer.RestrictionsPath(SubscriptionScope), HttpStatusCode.TooManyRequests, AzureGuardrailServer.Error("TooManyRequests", "Rate limit exceeded."), TimeSpan.Zero)
            .Deny(NoPublicNetwork, "/providers/Microsoft.Authorization/policyDefinitions/b2982f36-99f2-4db5-8eff-283140c09693", "Microsoft.Storage/storageAccounts", "properties.publicNetworkAccess", "Disabled");

        var checks = await CheckAsync(Target());

        Assert.Equal(PreflightOutcome.Blocks, Assert.Single(checks, c => c.Guardrail == "azure-policy-deny").Outcome);
        // Four resources asked, one of them twice.
        Assert.Equal(5, Server.Requests.Count(r => r.Path == AzureGuardrailServer.RestrictionsPath(SubscriptionScope)));
    }

    [Fact]
    public async Task A_server_error_on_every_try_is_not_examined_after_the_retries()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            Server.Fail(AzureGuardrailServer.PolicyPath, HttpStatusCode.ServiceUnavailable, AzureGuardrailServer.Error("ServiceUnavailable", "Try again later."));
        }

        var checks = await CheckAsync(Target());

        var failed = Assert.Single(checks, c => c.Outcome == PreflightOutcome.NotExamined);
        Assert.Contains("HTTP 503 Try again later. (after retries).", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.GrantedBy);
        Assert.Equal(MaxRetries + 1, Server.Requests.Count(r => r.Path == AzureGuardrailServer.PolicyPath));
    }

    [Fact]
    public async Task Answers_of_another_shape_are_not_examined_never_met()
    {
        Server.Fail(AzureGuardrailServer.PolicyPath, HttpStatusCode.OK, """{"id":"authorizationPolicy"}""")
            .Fail(AzureGuardrailServer.AppManagementPolicyPath, HttpStatusCode.OK, """{"id":"00000000-0000-0000-0000-000000000000"}""")
            .Fail(AzureGuardrailServer.PermissionsPath(SubscriptionScope), HttpStatusCode.OK, """{"permissions":["*"]}""");
        for (var n = 0; n < 4; n++)
        {
            Server.Fail(AzureGuardrailServer.RestrictionsPath(SubscriptionScope), HttpStatusCode.OK, """{"contentEvaluationResult":{"policyEvaluations":[{"evaluationResult":"NonCompliant"}]}}""");
        }

        var checks = await CheckAsync(Target());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.All(checks, c => Assert.Contains("the answer is not the documented shape", c.Message, StringComparison.Ordinal));
    }

    /// <summary>An evaluation that ended in an error is no verdict; beside a read Policy Insights refused, the read's fix stands.</summary>
    [Theory]
    [InlineData(0, "Run preflight again")]
    [InlineData(1, "Have a role that may ask Policy Insights (Microsoft.PolicyInsights/checkPolicyRestrictions/action")]
    public async Task A_policy_evaluation_that_ended_in_an_error_is_not_examined_never_met(int refusedReads, string fix)
    {
        const string Errored = """{"fieldRestrictions":[],"contentEvaluationResult":{"policyEvaluations":[{"policyInfo":{"policyAssignmentId":"/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/deny-by-tag","policyDefinitionId":"/providers/Microsoft.Authorization/policyDefinitions/d"},"evaluationResult":"Error"}]}}""";
        for (var n = 0; n < 4; n++)
        {
            Server.Fail(
                AzureGuardrailServer.RestrictionsPath(SubscriptionScope),
                n < refusedReads ? HttpStatusCode.Forbidden : HttpStatusCode.OK,
                n < refusedReads ? """{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization."}}""" : Errored);
        }

        var check = Assert.Single(await CheckAsync(Target()), c => c.Guardrail == AzureGuardrails.PolicyDeny.Id);

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("Azure Policy could not evaluate policy assignment deny-by-tag for ", check.Message, StringComparison.Ordinal);
        Assert.Contains("(its evaluation ended in 'Error' rather than a verdict)", check.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_subscription_nothing_in_it_is_read_and_the_checks_say_how_to_name_it()
    {
        var checks = await CheckAsync(Target() with { SubscriptionId = null });

        Assert.Equal(
            [
                (AzureGuardrails.PolicyDeny.Id, PreflightOutcome.NotExamined),
                (AzureGuardrails.AppRegistration.Id, PreflightOutcome.Met),
                (AzureGuardrails.AppManagementPolicy.Id, PreflightOutcome.Met),
                (AzureGuardrails.DeployerPermissions.Id, PreflightOutcome.NotExamined),
            ],
            checks.Select(c => (c.Guardrail, c.Outcome)));
        Assert.All(checks.Where(c => c.Outcome == PreflightOutcome.NotExamined), c => Assert.Equal(AzureGuardrails.SubscriptionFix, c.Fix));
        Assert.All(Server.Requests, r => Assert.StartsWith("/v1.0/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_assignment_right_in_an_existing_account_may_rest_on_the_account_and_is_not_examined()
    {
        Server.Grant(GroupScope, ["Microsoft.Storage/*/read", "Microsoft.Authorization/*/read"]);
        var existing = Target() with
        {
            CreatesResourceGroup = false,
            ExistingAccount = "acmevideo",
            ExistingAccountId = ExistingAccountId,
            Location = null,
            RoleDataActions = [],
            Actions = [new("Microsoft.Authorization/roleAssignments/write", "rec-writer-access", OnExistingAccount: true), new("Microsoft.Authorization/roleAssignments/read", "rec-writer-access", OnExistingAccount: true)],
        };

        var checks = await CheckAsync(existing);

        var unknown = Assert.Single(checks, c => c.Outcome == PreflightOutcome.NotExamined);
        Assert.Contains("may hold them on the existing account acmevideo", unknown.Message, StringComparison.Ordinal);
        Assert.Contains($"--scope {GroupScope}/providers/Microsoft.Storage/storageAccounts/acmevideo", unknown.Fix, StringComparison.Ordinal);
        Assert.EndsWith("(an existing container, a built-in role); its role assignment is not asked.", Assert.Single(checks, c => c.Guardrail == "azure-policy-deny").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task The_access_log_account_made_beside_an_existing_account_is_judged_in_that_accounts_location()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .AddAccount(ExistingAccountId, "swedencentral")
            .Deny(AllowedLocations, "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.Storage/storageAccounts", "location", "westeurope");

        var checks = await CheckAsync(ExistingAccountWithLogAccount());

        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("Policy assignment allowed-locations refuses the access-log account: location notIn [\"westeurope\"] (planned: swedencentral).", blocked.Message);
        Assert.Contains("goes in the existing account's location: send the logs to a Log Analytics workspace instead", blocked.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("Set the storage's location", blocked.Fix, StringComparison.Ordinal);
        var asked = Assert.Single(Server.Requests, r => r.Method == "POST");
        Assert.Contains("\"location\":\"swedencentral\"", asked.Body, StringComparison.Ordinal);
        Assert.Contains("\"pendingFields\":[{\"field\":\"location\",\"values\":[\"swedencentral\"]}]", asked.Body, StringComparison.Ordinal);
        Assert.Single(Server.Requests, r => r.Path == ExistingAccountId);
    }

    [Fact]
    public async Task An_existing_accounts_unread_location_leaves_the_access_log_accounts_location_not_examined()
    {
        Server.Grant(SubscriptionScope, ["*"])
            .Fail(ExistingAccountId, HttpStatusCode.Forbidden, AzureGuardrailServer.Error("AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read'."));

        var checks = await CheckAsync(ExistingAccountWithLogAccount());

        var policies = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.PolicyDeny.Id);
        Assert.Equal(PreflightOutcome.NotExamined, policies.Outcome);
        Assert.Contains("a location policy was not asked about the access-log account's location, that of the existing account acmevideo, which could not be read (", policies.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", policies.Message, StringComparison.Ordinal);
        Assert.Equal($"Have a role that reads the account (Microsoft.Storage/storageAccounts/read; Reader holds it) assigned to you on {ExistingAccountId}, and run preflight again.", policies.Fix);
        // The account's other settings are still asked, without a location.
        var asked = Assert.Single(Server.Requests, r => r.Method == "POST");
        Assert.DoesNotContain("\"location\"", asked.Body, StringComparison.Ordinal);
    }

    private const string ExistingAccountId = $"{GroupScope}/providers/Microsoft.Storage/storageAccounts/acmevideo";

    /// <summary>An existing container in account acmevideo, whose access logs go to an account the stack makes beside it.</summary>
    private static AzurePreflightTarget ExistingAccountWithLogAccount() => Target() with
    {
        CreatesResourceGroup = false,
        ExistingAccount = "acmevideo",
        ExistingAccountId = ExistingAccountId,
        Location = null,
        RoleDataActions = [],
        LogAccountSku = "Standard_LRS",
        Actions = [],
    };

    [Fact]
    public async Task An_existing_key_in_another_subscription_blocks_from_the_plan_alone_with_the_two_ways_out()
    {
        Server.Grant(SubscriptionScope, ["*"]);
        const string KeySubscription = "99999999-8888-7777-6666-555555555555";

        var checks = await CheckAsync(Target() with { KeySubscriptionId = KeySubscription });

        Assert.Equal([.. AzureGuardrails.All.Select(g => g.Id), AzureGuardrails.KeySubscription.Id], checks.Select(c => c.Guardrail));
        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(AzureGuardrails.KeySubscription.Id, blocked.Guardrail);
        Assert.Contains($"The key's vault is in subscription {KeySubscription}, and the stack deploys into {Subscription}", blocked.Message, StringComparison.Ordinal);
        Assert.Equal($"Name a key of a vault in subscription {Subscription} in encryptionKey, or set encryptionKey: create.", blocked.Fix);
        Assert.Equal(AzureGuardrails.KeySubscription.GrantedBy, blocked.GrantedBy);
        // Judged from the two ids: nothing is read in the key's subscription.
        Assert.DoesNotContain(Server.Requests, r => r.Path.Contains(KeySubscription, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_in_the_deployment_subscription_is_met_whatever_the_case_of_its_id()
    {
        Server.Grant(SubscriptionScope, ["*"]);

        var checks = await CheckAsync(Target() with { KeySubscriptionId = Subscription.ToUpperInvariant() });

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Contains($"subscription {Subscription}, which the stack deploys into", Assert.Single(checks, c => c.Guardrail == AzureGuardrails.KeySubscription.Id).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_subscription_the_keys_subscription_is_not_examined_and_says_how_to_name_it()
    {
        var checks = await CheckAsync(Target() with { SubscriptionId = null, KeySubscriptionId = Subscription });

        var key = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.KeySubscription.Id);
        Assert.Equal((PreflightOutcome.NotExamined, AzureGuardrails.SubscriptionFix), (key.Outcome, key.Fix));
    }

    /// <summary>Grants every action, under a custom policy of the subscription refusing storage accounts whose <paramref name="field"/> is not <paramref name="allowed"/>.</summary>
    private void DenyAccountsUnless(string policy, string field, string allowed) =>
        Server.Grant(SubscriptionScope, ["*"]).Deny(
            $"{SubscriptionScope}/providers/Microsoft.Authorization/policyAssignments/{policy}",
            $"{SubscriptionScope}/providers/Microsoft.Authorization/policyDefinitions/{policy}",
            "Microsoft.Storage/storageAccounts",
            field,
            allowed);

    private const string Workspace = "/subscriptions/99999999-1111-2222-3333-444444444444/resourceGroups/central-logs/providers/Microsoft.OperationalInsights/workspaces/acme-audit";

    /// <summary>Roles on the workspace in another subscription: Reader alone, Monitoring Contributor, Log Analytics Contributor.</summary>
    [Theory]
    [InlineData("*/read", PreflightOutcome.Blocks)]
    [InlineData("Microsoft.OperationalInsights/workspaces/sharedKeys/action", PreflightOutcome.Met)]
    [InlineData("Microsoft.OperationalInsights/*", PreflightOutcome.Met)]
    public async Task Access_logs_sent_to_a_workspace_need_its_shared_keys_which_azure_monitors_linked_check_asks(string held, PreflightOutcome outcome)
    {
        Server.Grant(SubscriptionScope, ["*"]).Grant(Workspace, [held]);

        var checks = await CheckAsync(Target() with { LogDestination = new AzureLogDestination(Workspace, "Microsoft.OperationalInsights/workspaces/sharedKeys/action", "rec-access-logs") });

        var destination = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.LogDestination.Id);
        Assert.Equal(outcome, destination.Outcome);
        Assert.All(checks.Where(c => c != destination), c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Single(Server.Requests, r => r.Path == AzureGuardrailServer.PermissionsPath(Workspace));
        if (outcome == PreflightOutcome.Blocks)
        {
            Assert.Equal(
                $"You hold no role on {Workspace} that grants Microsoft.OperationalInsights/workspaces/sharedKeys/action, which Azure Monitor's linked access check asks when pulumi up creates rec-access-logs: "
                + "it would stop there with 403 LinkedAuthorizationFailed, after what it created before.",
                destination.Message);
            Assert.StartsWith(
                $"Assign the deployer (PRINCIPAL) a role there that grants Microsoft.OperationalInsights/workspaces/sharedKeys/action: az role assignment create --assignee PRINCIPAL --role \"Log Analytics Contributor\" --scope {Workspace}; ",
                destination.Fix,
                StringComparison.Ordinal);
            Assert.StartsWith("an Owner, User Access Administrator or Role Based Access Control Administrator of the scope (the destination", destination.GrantedBy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Permissions_on_a_log_account_that_could_not_be_read_leave_its_linked_check_not_examined_never_met()
    {
        const string account = "/subscriptions/99999999-1111-2222-3333-444444444444/resourceGroups/central-logs/providers/Microsoft.Storage/storageAccounts/acmelogs";
        Server.Grant(SubscriptionScope, ["*"])
            .Fail(AzureGuardrailServer.PermissionsPath(account), HttpStatusCode.Forbidden, AzureGuardrailServer.Error("AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Authorization/permissions/read'."));

        var checks = await CheckAsync(Target() with { LogDestination = new AzureLogDestination(account, "Microsoft.Storage/storageAccounts/listKeys/action", "rec-access-logs") });

        var destination = Assert.Single(checks, c => c.Guardrail == AzureGuardrails.LogDestination.Id);
        Assert.Equal(PreflightOutcome.NotExamined, destination.Outcome);
        Assert.Contains($"Your permissions on {account} could not be read", destination.Message, StringComparison.Ordinal);
        Assert.Contains("--role \"Storage Account Key Operator Service Role\"", destination.Fix, StringComparison.Ordinal);
    }

    private static AzurePreflightTarget Target() => new("rec", "rec-rg")
    {
        SubscriptionId = Subscription,
        CreatesResourceGroup = true,
        Location = "westeurope",
        AccountSku = "Standard_LRS",
        Tags = new Dictionary<string, string> { ["team"] = "video" },
        RoleDataActions = ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"],
        ClientSecretDays = 180,
        Actions = CreatedEverythingActions,
    };

    private Task<string> Token(string scope, CancellationToken cancellationToken) => Task.FromResult(scope switch
    {
        CredentialAgeProbe.GraphScope => Server.GraphToken,
        AzureResourceProbe.ArmScope => AzureGuardrailServer.ArmToken,
        _ => throw new ArgumentException($"No token for {scope}.", nameof(scope)),
    });

    private AzureGuardrailChecker Checker() => new(
        new EntraAppRegistrationClient(Http, Token) { Endpoint = Server.Endpoint },
        new ArmPermissionsClient(Http, Token) { Endpoint = Server.Endpoint },
        new PolicyRestrictionsClient(Http, Token) { Endpoint = Server.Endpoint },
        new AzureResourceProbe(Http, Token) { ArmEndpoint = Server.Endpoint });

    private async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(AzurePreflightTarget target) => (await CheckAsync([target]))[0];

    private async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<AzurePreflightTarget> targets) =>
        await Checker().CheckAsync(targets, TestContext.Current.CancellationToken);
}
