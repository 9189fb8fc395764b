using Microsoft.IdentityModel.JsonWebTokens;
using StackPlanning;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace LocalWorld.Tests;

/// <summary>
/// The guardrail stand-ins started from a guardrails file, read by preflight's own checkers: what they answer, how
/// often they are asked (at most once per guardrail and project, account or subscription), and what they refuse.
/// </summary>
public sealed class GuardrailServersTests
{
    private static readonly string TenStorages = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "ten-storages", "Pulumi.ten.yaml");

    private static readonly string GovernedEu = Path.Combine(RepositoryPaths.Root, "examples", "guardrails", "governed-eu.yaml");

    [Fact]
    public async Task A_ten_storage_stack_reads_each_guardrail_once_per_project_account_and_subscription()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plan = StackPlanner.Plan(StackFile.Read(TenStorages).ToInput(streamCredentialsSupplied: true));
        await using var servers = await GuardrailServers.StartAsync(GuardrailsFile.Read(GovernedEu), GuardrailServers.LocalSubscriptionId, cancellationToken);
        var targets = PreflightTargets.Of(plan, "acme-video-dev", GuardrailServers.LocalSubscriptionId);

        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync(plan.StackName, targets, cancellationToken);

        Assert.Equal(10, report.Storages.Count);
        Assert.True(report.Blocked);
        // Nothing is left unread, but for the deployer's own policies on what an SCP refuses, where IAM decides on the refusal.
        Assert.All(
            report.Storages.SelectMany(s => s.Checks.Where(c => c.Outcome == PreflightOutcome.NotExamined).Select(c => (Storage: s, Check: c))),
            unread =>
            {
                Assert.Equal(AwsGuardrails.DeployerPermissions.Id, unread.Check.Guardrail);
                Assert.Contains(unread.Storage.Checks, c => (c.Guardrail, c.Outcome) == (AwsGuardrails.ServiceControlPolicies.Id, PreflightOutcome.Blocks));
            });

        // No read is made twice.
        var google = servers.Google.Requests;
        var aws = servers.Aws.Requests;
        var azure = servers.Azure.Requests;
        Assert.Equal(google.Count, google.Select(r => (r.Method, r.Path, r.Body)).Distinct().Count());
        Assert.Equal(aws.Count, aws.Select(r => (r.Operation, string.Join('&', r.Query.OrderBy(q => q.Key, StringComparer.Ordinal)))).Distinct().Count());
        Assert.Equal(azure.Count, azure.Select(r => (r.Method, r.Path, r.Body)).Distinct().Count());

        // GCP: per project, each constraint's effective policy once and one permission test for all its storages.
        string[] projects = ["acme-video-dev", "acme-video-archive"];
        Assert.Equal([.. projects.Order()], google.Where(r => r.Path.EndsWith(":testIamPermissions", StringComparison.Ordinal)).Select(r => r.Path.Split('/')[3].Split(':')[0]).Order());
        // Every constraint but the key project's, the key's protection level and domain restricted sharing (both), which no storage
        // here meets (none has a customer-managed key, none grants Google's usage-log writer); and no project's own policy,
        // as none sets keyCreationException. The projects sit in no organization, so no custom constraint is listed, their
        // ancestry read once each.
        Assert.Equal([.. projects.Order()], google.Where(r => r.Path.EndsWith(":getAncestry", StringComparison.Ordinal)).Select(r => r.Path.Split('/')[3].Split(':')[0]).Order());
        Assert.DoesNotContain(google, r => r.Path.EndsWith("/customConstraints", StringComparison.Ordinal));
        var constraints = GcpGuardrails.All.Count(g => g != GcpGuardrails.DeployerPermissions && g != GcpGuardrails.ProjectKeyPolicy && g != GcpGuardrails.CustomConstraints
            && g != GcpGuardrails.RestrictCmekCryptoKeyProjects && g != GcpGuardrails.AllowedProtectionLevels && g != GcpGuardrails.AllowedPolicyMemberDomains
            && g != GcpGuardrails.ManagedAllowedPolicyMembers);
        Assert.Equal(projects.Length * constraints, google.Count(r => r.Path.EndsWith(":getEffectivePolicy", StringComparison.Ordinal)));

        // AWS: who the caller is, its role's path, its organization and the account's Block Public Access once; a simulation per resource the plan creates.
        Assert.Equal(1, aws.Count(r => r.Operation == "GetCallerIdentity"));
        Assert.Equal(1, aws.Count(r => r.Operation == "DescribeOrganization"));
        Assert.Equal(1, aws.Count(r => r.Operation == "GetRole"));
        Assert.Equal(1, aws.Count(r => r.Operation == AwsGuardrailServer.GetPublicAccessBlock));

        // Azure: the tenant's setting once, the permissions once per scope (the subscription: every group is created),
        // one policy check per resource each storage creates.
        Assert.Equal(1, azure.Count(r => r.Path == AzureGuardrailServer.PolicyPath));
        Assert.Equal(1, azure.Count(r => r.Path.EndsWith("/providers/Microsoft.Authorization/permissions", StringComparison.Ordinal)));
        var planned = targets.OfType<AzurePreflightTarget>().Sum(t => AzureGuardrailChecker.PlannedResources(t, t.ResourceGroupId!).Count);
        Assert.Equal(planned, azure.Count(r => r.Path.EndsWith("/checkPolicyRestrictions", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_permission_is_refused_by_cloud_storage_with_reason_forbidden_and_by_org_policy_with_permission_denied()
    {
        await using var google = await GoogleGuardrailServer.StartAsync(TestContext.Current.CancellationToken);

        var bucket = Assert.Throws<CloudRefusedException>(() => google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: null, ["storage.buckets.create"]));
        var grant = Assert.Throws<CloudRefusedException>(() => google.EnsureBucketGrantAllowed("acme-video-dev", "b", conditional: false, ["storage.buckets.setIamPolicy"]));
        var policy = Assert.Throws<CloudRefusedException>(() => google.EnsurePermitted("orgpolicy.googleapis.com", "acme-video-dev", ["orgpolicy.policies.create"]));

        Assert.Equal((403, "forbidden"), (bucket.Status, bucket.Code));
        Assert.Equal(
            $"storage.googleapis.com answered 403 forbidden: {GoogleGuardrailServer.DeployerEmail} does not have storage.buckets.create access to the Google Cloud Storage bucket. Permission 'storage.buckets.create' denied on resource (or it may not exist).",
            bucket.Message);
        Assert.Contains("\"errors\":[{", bucket.Body, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"forbidden\"", bucket.Body, StringComparison.Ordinal);
        Assert.Equal((403, "forbidden"), (grant.Status, grant.Code));
        Assert.Equal((403, "PERMISSION_DENIED"), (policy.Status, policy.Code));
        Assert.Contains("\"status\":\"PERMISSION_DENIED\"", policy.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_required_tag_refuses_the_creates_that_send_tags_without_it_and_judges_no_other_request()
    {
        await using var aws = await AwsGuardrailServer.StartAsync(TestContext.Current.CancellationToken, new AwsGuardrailSettings { RequiredTags = ["CostCenter"] });

        var untagged = Assert.Throws<CloudRefusedException>(() => aws.EnsureAllowed("kms.amazonaws.com", "kms:CreateKey", "*", "eu-west-1", sentTags: ["team"]));
        Assert.EndsWith("not authorized to perform: kms:CreateKey on resource: * with an explicit deny in a service control policy", untagged.Message, StringComparison.Ordinal);
        aws.EnsureAllowed("kms.amazonaws.com", "kms:CreateKey", "*", "eu-west-1", sentTags: ["team", "CostCenter"]);
        aws.EnsureAllowed("iam.amazonaws.com", "iam:CreateAccessKey", "arn:aws:iam::123456789012:user/u", "eu-west-1", sentTags: []);
        Assert.Throws<CloudRefusedException>(() => aws.EnsureAllowed("iam.amazonaws.com", "iam:CreateUser", "arn:aws:iam::123456789012:user/u", "eu-west-1", sentTags: ["Team"]));
        // IAM reads a condition key's name, aws:RequestTag/CostCenter among them, without regard to case.
        aws.EnsureAllowed("iam.amazonaws.com", "iam:CreateUser", "arn:aws:iam::123456789012:user/u", "eu-west-1", sentTags: ["costcenter"]);
    }

    [Fact]
    public async Task The_stand_ins_refuse_what_the_file_forbids_in_each_clouds_words_and_allow_the_rest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var servers = await GuardrailServers.StartAsync(GuardrailsFile.Read(GovernedEu), GuardrailServers.LocalSubscriptionId, cancellationToken);

        var key = Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureKeyAllowed("acme-video-dev", "w@acme-video-dev.iam.gserviceaccount.com", []));
        Assert.Equal((400, "FAILED_PRECONDITION"), (key.Status, key.Code));
        Assert.Contains("\"type\":\"constraints/iam.disableServiceAccountKeyCreation\"", key.Body, StringComparison.Ordinal);
        var permission = Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureKeyAllowed("acme-video-dev", "w@acme-video-dev.iam.gserviceaccount.com", ["iam.serviceAccountKeys.create"]));
        Assert.Equal((403, "PERMISSION_DENIED"), (permission.Status, permission.Code));
        Assert.Contains("\"status\":\"PERMISSION_DENIED\"", permission.Body, StringComparison.Ordinal);
        var location = Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "US", null, 604800, keyProject: null, []));
        Assert.Equal((412, "conditionNotMet"), (location.Status, location.Code));
        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: null, ["storage.buckets.create"]);

        var scp = Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureAllowed("iam.amazonaws.com", "iam:CreateUser", "arn:aws:iam::123456789012:user/u", "eu-west-1", sentTags: []));
        Assert.EndsWith("with an explicit deny in a service control policy", scp.Message, StringComparison.Ordinal);
        Assert.Contains("<Code>AccessDenied</Code>", scp.Body, StringComparison.Ordinal);
        Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureAllowed("s3.amazonaws.com", "s3:CreateBucket", "arn:aws:s3:::b", "us-east-1", sentTags: []));
        servers.Aws.EnsureAllowed("s3.amazonaws.com", "s3:CreateBucket", "arn:aws:s3:::b", "eu-west-1", sentTags: []);

        var app = Assert.Throws<CloudRefusedException>(servers.Azure.EnsureApplicationAllowed);
        Assert.Equal((403, "Authorization_RequestDenied"), (app.Status, app.Code));
        var account = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "Microsoft.Storage/storageAccounts",
            ["location"] = "westeurope",
            ["properties"] = new System.Text.Json.Nodes.JsonObject { ["publicNetworkAccess"] = "Enabled" },
        };
        var policy = Assert.Throws<CloudRefusedException>(() => servers.Azure.EnsureResourceAllowed("acct", account));
        Assert.Equal((403, "RequestDisallowedByPolicy"), (policy.Status, policy.Code));
        Assert.Contains("Resource 'acct' was disallowed by policy.", policy.Message, StringComparison.Ordinal);
        Assert.Contains("policyAssignments/deny-public-network", policy.Body, StringComparison.Ordinal);
        var group = new System.Text.Json.Nodes.JsonObject { ["type"] = "Microsoft.Resources/resourceGroups", ["location"] = "eastus" };
        Assert.Contains("allowed-locations", Assert.Throws<CloudRefusedException>(() => servers.Azure.EnsureResourceAllowed("rg", group)).Message, StringComparison.Ordinal);
        servers.Azure.EnsureResourceAllowed("rg", new System.Text.Json.Nodes.JsonObject { ["type"] = "Microsoft.Resources/resourceGroups", ["location"] = "westeurope" });
    }

    [Fact]
    public async Task A_service_principal_deployer_gets_an_app_only_token_with_its_graph_permissions_which_alone_decide_its_application()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var granted = await GuardrailServers.StartAsync(
            new GuardrailsFile { Azure = new AzureGuardrailSettings { UsersCanRegisterApplications = false, ServicePrincipalGraphPermissions = ["Application.ReadWrite.OwnedBy"] } },
            GuardrailServers.LocalSubscriptionId,
            cancellationToken);
        await using var ungranted = await GuardrailServers.StartAsync(
            new GuardrailsFile { Azure = new AzureGuardrailSettings { ServicePrincipalGraphPermissions = ["Directory.Read.All"] } },
            GuardrailServers.LocalSubscriptionId,
            cancellationToken);

        var token = new JsonWebToken(granted.Azure.GraphToken);
        Assert.Equal(("app", AzureGuardrailServer.DeployerObjectId), (token.GetPayloadValue<string>("idtyp"), token.GetPayloadValue<string>("oid")));
        Assert.Equal(["Application.ReadWrite.OwnedBy"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.False(token.TryGetPayloadValue<string>("scp", out _));
        granted.Azure.EnsureApplicationAllowed();
        var refused = Assert.Throws<CloudRefusedException>(ungranted.Azure.EnsureApplicationAllowed);
        Assert.Equal((403, "Authorization_RequestDenied"), (refused.Status, refused.Code));
    }

    [Theory]
    [InlineData("{passwordAddition: blocked}", 1, PreflightOutcome.Blocks, "PasswordAdditionBlockedByPolicy")]
    [InlineData("{maxPasswordLifetimeDays: 90}", 90, PreflightOutcome.Met, "CredentialInvalidLifetimeAsPerAppPolicy")]
    [InlineData("{passwordAddition: allowed, maxPasswordLifetimeDays: 30}", 30, PreflightOutcome.Met, "CredentialInvalidLifetimeAsPerAppPolicy")]
    public async Task An_app_management_policy_of_the_file_refuses_the_secret_as_graph_does_and_preflight_reads_the_same_verdict(string policy, int days, PreflightOutcome atDays, string code)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var guardrails = await ReadGuardrailsAsync($"azure:\n  appManagementPolicy: {policy}\n", cancellationToken);

        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, cancellationToken);

        if (atDays == PreflightOutcome.Met)
        {
            servers.Azure.EnsurePasswordAllowed(days);
        }

        var refused = Assert.Throws<CloudRefusedException>(() => servers.Azure.EnsurePasswordAllowed(atDays == PreflightOutcome.Met ? days + 1 : days));
        Assert.Equal(("graph.microsoft.com", 400, code), (refused.Api, refused.Status, refused.Code));
        Assert.Contains($"policy '{AzureGuardrailServer.DefaultAppManagementPolicyId}'", refused.Message, StringComparison.Ordinal);

        AzurePreflightTarget Secret(string name, int days) => new(name, "rec-rg")
        {
            CreatesResourceGroup = false,
            ExistingAccount = "acmevideo",
            AccountSku = "Standard_LRS",
            ClientSecretDays = days,
            Actions = [],
        };
        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [Secret("at", days), Secret("beyond", days + 1)], cancellationToken);

        Assert.Equal(
            [("at", atDays), ("beyond", PreflightOutcome.Blocks)],
            report.Storages.Select(s => (s.Name, s.Checks.Single(c => c.Guardrail == AzureGuardrails.AppManagementPolicy.Id).Outcome)));
        Assert.Single(servers.Azure.Requests, r => r.Path == AzureGuardrailServer.AppManagementPolicyPath);
    }

    /// <summary>
    /// The guardrails file the CLI's README shows is one a rehearsal plays; its Azure role denial (a Contributor's
    /// <c>Microsoft.Authorization/*/Write</c>) is withheld from the permissions preflight reads and refused at a create.
    /// </summary>
    [Fact]
    public async Task The_readmes_guardrails_file_is_played_and_its_denied_azure_actions_are_refused_where_preflight_finds_them_missing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tools", "StreamStorage.Cli", "README.md"), cancellationToken);
        var block = readme.IndexOf("```yaml\ngcp:\n", StringComparison.Ordinal);
        Assert.True(block >= 0, "The CLI README shows no guardrails file (a ```yaml block starting with gcp:).");
        var start = block + "```yaml\n".Length;
        var guardrails = await ReadGuardrailsAsync(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)], cancellationToken);

        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, cancellationToken);
        var group = $"/subscriptions/{GuardrailServers.LocalSubscriptionId}/resourceGroups/rec-rg";
        var target = new AzurePreflightTarget("rec", "rec-rg")
        {
            SubscriptionId = GuardrailServers.LocalSubscriptionId,
            CreatesResourceGroup = false,
            ExistingAccount = "acmevideo",
            AccountSku = "Standard_LRS",
            ClientSecretDays = 90,
            Actions = [new("Microsoft.Storage/storageAccounts/blobServices/containers/write", "rec-container"), new("Microsoft.Authorization/roleAssignments/write", "rec-writer-access")],
        };

        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [target], cancellationToken);

        var permissions = report.Storages.Single().Checks.Single(c => c.Guardrail == AzureGuardrails.DeployerPermissions.Id);
        Assert.Equal(PreflightOutcome.Blocks, permissions.Outcome);
        Assert.StartsWith($"You lack Microsoft.Authorization/roleAssignments/write (for rec-writer-access) on {group}:", permissions.Message, StringComparison.Ordinal);
        servers.Azure.EnsureActionAllowed("Microsoft.Storage/storageAccounts/blobServices/containers/write", group);
        var refused = Assert.Throws<CloudRefusedException>(() => servers.Azure.EnsureActionAllowed("Microsoft.Authorization/roleAssignments/write", group));
        Assert.Equal(("management.azure.com", 403, "AuthorizationFailed"), (refused.Api, refused.Status, refused.Code));
        Assert.Contains($"does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '{group}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_principal_that_may_not_read_directory_roles_gets_its_roles_with_their_id_and_type_only()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await AzureGuardrailServer.StartAsync(cancellationToken);
        server.SetAppRegistration(usersMayRegister: false, "158c047a-c907-4556-b7ef-446551a6b5f7");
        using var http = new HttpClient();

        async Task<System.Text.Json.Nodes.JsonObject> RoleAsync(params string[] graphPermissions)
        {
            server.SignInAsServicePrincipal(graphPermissions);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Endpoint, AzureGuardrailServer.ServicePrincipalRolesPath));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.GraphToken);
            using var response = await http.SendAsync(request, cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var page = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            return Assert.Single(page["value"]!.AsArray())!.AsObject();
        }

        var limited = await RoleAsync("Application.Read.All");
        var full = await RoleAsync("Application.Read.All", "RoleManagement.Read.Directory");

        Assert.Equal("#microsoft.graph.directoryRole", limited["@odata.type"]!.GetValue<string>());
        Assert.Equal(full["id"]!.GetValue<string>(), limited["id"]!.GetValue<string>());
        Assert.Null(limited["roleTemplateId"]);
        Assert.Null(limited["displayName"]);
        Assert.Equal("158c047a-c907-4556-b7ef-446551a6b5f7", full["roleTemplateId"]!.GetValue<string>());
        Assert.Equal("158c047a-c907-4556-b7ef-446551a6b5f7", (await RoleAsync("Directory.Read.All"))["roleTemplateId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_projects_own_policy_overrides_what_it_inherits_and_a_second_create_of_it_is_refused_as_org_policy_refuses_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var servers = await GuardrailServers.StartAsync(GuardrailsFile.Read(GovernedEu), GuardrailServers.LocalSubscriptionId, cancellationToken);
        const string constraint = "iam.disableServiceAccountKeyCreation";
        const string lifted = """{"rules":[{"enforce":false}]}""";
        servers.Google.Grant("acme-video-dev", "iam.serviceAccountKeys.create");

        servers.Google.CreatePolicy("acme-video-dev", constraint, lifted);
        servers.Google.EnsureKeyAllowed("acme-video-dev", "w@acme-video-dev.iam.gserviceaccount.com", ["iam.serviceAccountKeys.create"]);
        var again = Assert.Throws<CloudRefusedException>(() => servers.Google.CreatePolicy("acme-video-dev", constraint, lifted));

        Assert.Equal(("orgpolicy.googleapis.com", 409, "ALREADY_EXISTS"), (again.Api, again.Status, again.Code));
        var error = System.Text.Json.Nodes.JsonNode.Parse(again.Body)!["error"]!;
        Assert.Equal((409, "ALREADY_EXISTS"), (error["code"]!.GetValue<int>(), error["status"]!.GetValue<string>()));
        Assert.Contains($"projects/acme-video-dev/policies/{constraint}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        servers.Google.DeletePolicy("acme-video-dev", constraint);
        Assert.False(servers.Google.HasPolicy("acme-video-dev", constraint));
        Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureKeyAllowed("acme-video-dev", "w@acme-video-dev.iam.gserviceaccount.com", ["iam.serviceAccountKeys.create"]));
        servers.Google.CreatePolicy("acme-video-dev", constraint, lifted);
        Assert.True(servers.Google.HasPolicy("acme-video-dev", constraint));
    }

    /// <summary>The stand-ins of a guardrails file whose one GCP constraint allows only <paramref name="allowedValues"/> in every project.</summary>
    private static Task<GuardrailServers> StartWithAllowedValuesAsync(
        string constraint, IReadOnlyList<string> allowedValues, IReadOnlyDictionary<string, IReadOnlyList<string>>? projectParents = null) =>
        GuardrailServers.StartAsync(
            new GuardrailsFile
            {
                Gcp = new GcpGuardrailSettings
                {
                    Constraints = [new GcpConstraintPolicy(constraint, GcpConstraintPolicy.EveryProject, GcpConstraintKind.AllowedValues, Enforced: false, allowedValues)],
                    ProjectParents = projectParents ?? new Dictionary<string, IReadOnlyList<string>>(),
                },
            },
            GuardrailServers.LocalSubscriptionId,
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_soft_delete_duration_the_file_does_not_allow_is_refused_at_the_bucket_in_cloud_storages_words()
    {
        await using var servers = await StartWithAllowedValuesAsync(GcpGuardrails.SoftDeletePolicySeconds.Id, ["0", "2592000"]);
        string[] create = ["storage.buckets.create"];

        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 0, keyProject: null, create);
        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 2592000, keyProject: null, create);
        var refused = Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, GcpPreflightTarget.DefaultSoftDeleteSeconds, keyProject: null, create));

        Assert.Equal(("storage.googleapis.com", 412, "conditionNotMet"), (refused.Api, refused.Status, refused.Code));
        Assert.EndsWith(": '604800' violates constraint 'constraints/storage.softDeletePolicySeconds' on the resource 'projects/acme-video-dev/buckets/b'.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_project_the_file_does_not_allow_is_refused_at_the_bucket_with_cloud_storages_error_and_preflight_reads_the_same_verdicts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var servers = await StartWithAllowedValuesAsync(
            GcpGuardrails.RestrictCmekCryptoKeyProjects.Id,
            ["under:projects/acme-central-keys", "under:folders/308112"],
            new Dictionary<string, IReadOnlyList<string>> { ["acme-team-keys"] = ["folders/308112", "organizations/570033"] });
        string[] create = ["storage.buckets.create"];

        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: "acme-central-keys", create);
        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: "acme-team-keys", create);
        servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: null, create);
        var refused = Assert.Throws<CloudRefusedException>(() => servers.Google.EnsureBucketAllowed("acme-video-dev", "b", "EU", null, 604800, keyProject: "acme-video-dev", create));

        Assert.Equal(("storage.googleapis.com", 412, "conditionNotMet"), (refused.Api, refused.Status, refused.Code));
        var error = System.Text.Json.Nodes.JsonNode.Parse(refused.Body)!["error"]!;
        Assert.Equal("conditionNotMet", error["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Contains("constraints/gcp.restrictCmekCryptoKeyProjects", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("project 'acme-video-dev'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        GcpPreflightTarget Keyed(string name, string keyProject) => new(name, "acme-video-dev")
        {
            BucketLocation = "EU",
            KeyProject = keyProject,
            CreatesServiceAccount = false,
            CreatesServiceAccountKey = false,
            Permissions = [],
        };
        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync(
            "dev", [Keyed("central", "acme-central-keys"), Keyed("team", "acme-team-keys"), Keyed("own", "acme-video-dev")], cancellationToken);

        Assert.Equal(
            [("central", PreflightOutcome.Met), ("team", PreflightOutcome.Met), ("own", PreflightOutcome.Blocks)],
            report.Storages.Select(s => (s.Name, s.Checks.Single(c => c.Guardrail == GcpGuardrails.RestrictCmekCryptoKeyProjects.Id).Outcome)));
        Assert.Contains(servers.Google.Requests, r => r.Path == GoogleGuardrailServer.AncestryPath("acme-team-keys"));
    }

    [Fact]
    public async Task Aws_denials_reach_preflight_as_the_guardrail_that_made_them_and_refuse_with_its_words()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var guardrails = new GuardrailsFile
        {
            Aws = new AwsGuardrailSettings
            {
                DeniedActions = [new("iam:CreateUser", AwsDenier.Scp), new("iam:PutUserPolicy", AwsDenier.Boundary), new("iam:CreateAccessKey", AwsDenier.Identity)],
                AllowedRegions = ["eu-west-1"],
            },
        };
        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, cancellationToken);
        const string user = "arn:aws:iam::{account}:user/u-*";
        AwsPreflightTarget Keys(string name, string region) => new(name, region)
        {
            CreatesBucket = false,
            Actions = [new("s3:PutBucketPolicy", "bucket-policy", "arn:aws:s3:::b-*"), new("iam:CreateUser", "user", user), new("iam:PutUserPolicy", "policy", user), new("iam:CreateAccessKey", "key", user)],
        };

        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [Keys("eu", "eu-west-1"), Keys("us", "us-east-1")], cancellationToken);

        string? Outcome(int storage, Guardrail guardrail) => report.Storages[storage].Checks.Single(c => c.Guardrail == guardrail.Id) is var check && check.Outcome == PreflightOutcome.Blocks ? check.Message : null;
        Assert.Contains("iam:CreateUser", Outcome(0, AwsGuardrails.ServiceControlPolicies), StringComparison.Ordinal);
        Assert.Contains("iam:PutUserPolicy", Outcome(0, AwsGuardrails.PermissionsBoundary), StringComparison.Ordinal);
        Assert.Contains("iam:CreateAccessKey", Outcome(0, AwsGuardrails.DeployerPermissions), StringComparison.Ordinal);
        // Outside the allowed regions, the SCP denies every regional action; IAM, global, is spared as AWS's region-keeping SCP spares it.
        var outside = Outcome(1, AwsGuardrails.ServiceControlPolicies);
        Assert.Contains("s3:PutBucketPolicy", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("iam:PutUserPolicy", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("iam:CreateAccessKey", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("s3:PutBucketPolicy", Outcome(0, AwsGuardrails.ServiceControlPolicies), StringComparison.Ordinal);

        Assert.EndsWith("because no permissions boundary allows the iam:PutUserPolicy action",
            Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureAllowed("iam.amazonaws.com", "iam:PutUserPolicy", "arn:aws:iam::123456789012:user/u-1", "eu-west-1", sentTags: [])).Message, StringComparison.Ordinal);
        Assert.EndsWith("because no identity-based policy allows the iam:CreateAccessKey action",
            Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureAllowed("iam.amazonaws.com", "iam:CreateAccessKey", "arn:aws:iam::123456789012:user/u-1", "eu-west-1", sentTags: [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_refuses_logging_into_a_described_bucket_of_another_region_or_with_a_default_retention_and_takes_any_other()
    {
        var guardrails = new GuardrailsFile
        {
            Aws = new AwsGuardrailSettings
            {
                ExistingBuckets = [new("acme-logs-us", "us-east-1", DefaultRetention: null), new("acme-logs-locked", "eu-west-1", new(30, Irreversible: true)), new("acme-logs", "eu-west-1", null)],
            },
        };
        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var crossRegion = Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureLoggingTargetAccepted("acme-logs-us", "eu-west-1"));
        var retained = Assert.Throws<CloudRefusedException>(() => servers.Aws.EnsureLoggingTargetAccepted("acme-logs-locked", "eu-west-1"));
        servers.Aws.EnsureLoggingTargetAccepted("acme-logs", "eu-west-1");
        servers.Aws.EnsureLoggingTargetAccepted("acme-undescribed", "eu-west-1");

        Assert.Equal(("s3.amazonaws.com", 403, "CrossLocationLoggingProhibited"), (crossRegion.Api, crossRegion.Status, crossRegion.Code));
        Assert.Contains("<Code>CrossLocationLoggingProhibited</Code>", crossRegion.Body, StringComparison.Ordinal);
        Assert.Equal((400, "InvalidTargetBucketForLogging"), (retained.Status, retained.Code));
        Assert.Contains("acme-logs-locked", retained.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_monitor_refuses_a_described_log_account_of_another_region_and_takes_any_other()
    {
        const string group = "/subscriptions/s-1/resourceGroups/logs-rg/providers/Microsoft.Storage/storageAccounts";
        var guardrails = new GuardrailsFile { Azure = new AzureGuardrailSettings { ExistingAccounts = [new($"{group}/acmelogs", "eastus")] } };
        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var refused = Assert.Throws<CloudRefusedException>(() => servers.Azure.EnsureLogAccountAccepted($"{group}/acmelogs", "westeurope"));
        servers.Azure.EnsureLogAccountAccepted($"{group}/ACMELOGS", "East US");
        servers.Azure.EnsureLogAccountAccepted($"{group}/acmeother", "westeurope");

        Assert.Equal(("management.azure.com", 400, "BadRequest"), (refused.Api, refused.Status, refused.Code));
        Assert.Contains("'acmelogs' is in eastus", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owners_buckets_the_file_describes_answer_preflights_bucket_read_and_any_other_is_not_found()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var guardrails = new GuardrailsFile
        {
            Gcp = new GcpGuardrailSettings { ExistingBuckets = [new("acme-uniform", "EU", UniformBucketLevelAccess: true), new("acme-legacy", "europe-west1", UniformBucketLevelAccess: false)] },
        };
        await using var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, cancellationToken);
        GcpPreflightTarget OnBucket(string bucket) => new(bucket, "acme-video-dev")
        {
            ExistingBucket = bucket,
            CreatesServiceAccount = true,
            CreatesServiceAccountKey = true,
            Permissions = [],
            ExistingBucketRules = new(bucket, null, ["EU"]) { ConditionalGrant = true },
        };

        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [OnBucket("acme-uniform"), OnBucket("acme-legacy"), OnBucket("acme-unknown")], cancellationToken);

        IEnumerable<(string, PreflightOutcome)> OnExistingBucket(int storage) =>
            report.Storages[storage].Checks.Where(c => c.Guardrail.StartsWith("gcs-existing-bucket-", StringComparison.Ordinal)).Select(c => (c.Guardrail, c.Outcome));
        const string location = "gcs-existing-bucket-location", uniformAccess = "gcs-existing-bucket-uniform-access";
        Assert.Equal([(location, PreflightOutcome.Met), (uniformAccess, PreflightOutcome.Met)], OnExistingBucket(0));
        Assert.Equal([(location, PreflightOutcome.Blocks), (uniformAccess, PreflightOutcome.Blocks)], OnExistingBucket(1));
        Assert.Equal([(location, PreflightOutcome.NotExamined), (uniformAccess, PreflightOutcome.NotExamined)], OnExistingBucket(2));
        Assert.Contains("is in EUROPE-WEST1", report.Storages[1].Checks.Single(c => c.Guardrail == location).Message, StringComparison.Ordinal);
        // One read per bucket, as the owner the stand-in knows.
        Assert.Equal(
            ["/storage/v1/b/acme-legacy", "/storage/v1/b/acme-uniform", "/storage/v1/b/acme-unknown"],
            servers.Google.Requests.Where(r => r.Path.StartsWith("/storage/", StringComparison.Ordinal)).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(servers.Google.Requests, r => Assert.Equal($"Bearer {GoogleGuardrailServer.Token}", r.Authorization));
    }

    /// <summary>A guardrails file of <paramref name="yaml"/>, read as the rehearsal reads one from disk.</summary>
    private static async Task<GuardrailsFile> ReadGuardrailsAsync(string yaml, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"guardrails-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, cancellationToken);
        try
        {
            return GuardrailsFile.Read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
