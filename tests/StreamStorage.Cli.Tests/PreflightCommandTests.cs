using System.Net;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using LocalWorld;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// <c>preflight</c> against local servers answering as Org Policy v2 and Resource Manager v3 do, as STS, IAM's policy
/// simulator and S3 Control do, and as Microsoft Graph, Azure Resource Manager and Policy Insights do: a table per storage
/// or one JSON document, an exit code per outcome, and a stack whose project is unknown refused before any read.
/// </summary>
public sealed class PreflightCommandTests(CliEnvironment environment) : IAsyncLifetime
{
    private const string Project = "acme-video-prod";

    /// <summary>
    /// The guardrails of the test stack's GCS storage, which has no customer-managed key, hence no key project or key
    /// protection level to judge, no usage logs, hence no grant to Google's log writer, and no keyCreationException, hence
    /// no project policy of its own.
    /// </summary>
    private static readonly IReadOnlyList<Guardrail> KeylessGcsGuardrails =
    [
        .. GcpGuardrails.All.Where(g => g != GcpGuardrails.RestrictCmekCryptoKeyProjects && g != GcpGuardrails.AllowedProtectionLevels
            && g != GcpGuardrails.AllowedPolicyMemberDomains && g != GcpGuardrails.ManagedAllowedPolicyMembers && g != GcpGuardrails.ProjectKeyPolicy),
    ];

    private const string Subscription = "00000000-1111-2222-3333-444444444444";

    private static readonly string[] AllPermissions =
    [
        "storage.buckets.create", "storage.buckets.get", "storage.buckets.update", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy",
        "iam.serviceAccounts.create", "iam.serviceAccounts.get", "iam.serviceAccountKeys.create", "iam.serviceAccountKeys.get",
    ];

    private readonly StackFolder _stacks = new();
    private GuardrailServers? _servers;

    private GuardrailServers Servers => _servers ?? throw new InvalidOperationException("The guardrail servers did not start.");

    private GoogleGuardrailServer Google => Servers.Google;

    private AwsGuardrailServer Aws => Servers.Aws;

    private AzureGuardrailServer Azure => Servers.Azure;

    public async ValueTask InitializeAsync() => _servers = await GuardrailServers.StartScriptedAsync(
        TestContext.Current.CancellationToken, new PreflightReadOptions { Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    public async ValueTask DisposeAsync()
    {
        _stacks.Dispose();
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_project_that_blocks_the_key_exits_11_with_a_table_naming_the_constraint_the_fix_and_who_grants_it()
    {
        Google.Grant(Project, AllPermissions).SetPolicy(Project, "iam.managed.disableServiceAccountKeyCreation", """{"rules":[{"enforce":true}]}""");

        var run = await RunAsync(["preflight", GcsStack()]);

        AssertBlockedByOne(
            run,
            "rec-gcs (gcs)",
            "iam.managed.disableServiceAccountKeyCreation",
            "an Organization Policy Administrator (roles/orgpolicy.policyAdmin, granted on the organization)",
            $"printf 'name: projects/{Project}/policies/iam.managed.disableServiceAccountKeyCreation\\nspec:\\n  rules:\\n  - enforce: false\\n' > policy.yaml && gcloud org-policies set-policy policy.yaml");
        Assert.Contains("Preflight of stack 'prod' of recording-storage", run.Output, StringComparison.Ordinal);
        Assert.Contains($"is enforced on project {Project}: it refuses the service account's key", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_is_one_document_with_each_storages_checks_in_the_plans_order_and_the_outcomes_words()
    {
        Google.Grant(Project, AllPermissions.Where(p => p != "storage.buckets.create"))
            .SetPolicy(Project, "gcp.resourceLocations", """{"rules":[{"values":{"allowedValues":["in:eu-locations"]}}]}""");

        var run = await RunAsync(["preflight", GcsStack(withStore: true), "--json"]);

        Assert.True(run.ExitCode == ExitCodes.PreflightBlocked, run.Error);
        Assert.Empty(run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal(["stack", "blocked", "storages"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("prod", root.GetProperty("stack").GetString());
        Assert.True(root.GetProperty("blocked").GetBoolean());
        var storages = root.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal([("rec-gcs", "gcs"), ("rec-r2", "s3compatible")], storages.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("cloud").GetString())));
        Assert.Empty(storages[1].GetProperty("checks").EnumerateArray());
        var checks = storages[0].GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal([.. KeylessGcsGuardrails.Select(g => g.Id)], checks.Select(c => c.GetProperty("guardrail").GetString()));
        Assert.Equal(["guardrail", "outcome", "message", "fix", "grantedBy"], checks[0].EnumerateObject().Select(p => p.Name));
        var location = checks[0];
        Assert.Equal("met", location.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, location.GetProperty("fix").ValueKind);
        var permissions = Assert.Single(checks, c => c.GetProperty("outcome").GetString() != "met");
        Assert.Equal(("gcp-deployer-permissions", "blocks"), (permissions.GetProperty("guardrail").GetString(), permissions.GetProperty("outcome").GetString()));
        Assert.Contains("storage.buckets.create (for rec-gcs-bucket)", permissions.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("--role=roles/storage.admin", permissions.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains("roles/resourcemanager.projectIamAdmin", permissions.GetProperty("grantedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_refuses_nothing_exits_0_after_one_read_per_guardrail()
    {
        Google.Grant(Project, AllPermissions);

        var run = await RunAsync(["preflight", GcsStack()]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains($"All {KeylessGcsGuardrails.Count} guardrail(s) met", run.Output, StringComparison.Ordinal);
        Assert.Equal(KeylessGcsGuardrails.Count, Google.Requests.Count);
    }

    [Fact]
    public async Task A_refused_read_exits_12_not_examined_in_json_too()
    {
        Google.Grant(Project, AllPermissions).FailPolicy(Project, "gcp.restrictNonCmekServices", HttpStatusCode.Forbidden,
            GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "The caller does not have permission", "PERMISSION_DENIED"));

        var human = await RunAsync(["preflight", GcsStack()]);
        Google.FailPolicy(Project, "gcp.restrictNonCmekServices", HttpStatusCode.Forbidden,
            GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "The caller does not have permission", "PERMISSION_DENIED"));
        var json = await RunAsync(["preflight", GcsStack(), "--json"]);

        Assert.True(human.ExitCode == ExitCodes.PreflightNotExamined, human.Error);
        Assert.Contains("not examined", human.Output, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 The caller does not have permission", human.Output, StringComparison.Ordinal);
        Assert.Contains("roles/orgpolicy.policyViewer", human.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.PreflightNotExamined, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.False(document.RootElement.GetProperty("blocked").GetBoolean());
        var refused = Assert.Single(document.RootElement.GetProperty("storages")[0].GetProperty("checks").EnumerateArray(), c => c.GetProperty("outcome").GetString() != "met");
        Assert.Equal(("gcp.restrictNonCmekServices", "notExamined"), (refused.GetProperty("guardrail").GetString(), refused.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task The_dev_stacks_s3_storage_is_checked_by_the_aws_guardrails_and_its_azure_storage_without_a_subscription_not_examined_with_exit_12()
    {
        Google.Grant("acme-video-dev", AllPermissions);

        var run = await RunAsync(["preflight", _stacks.WriteDevStackWithStreamCredentials(), "--json"]);

        Assert.True(run.ExitCode == ExitCodes.PreflightNotExamined, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var storages = document.RootElement.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal(["s3", "gcs", "abs"], storages.Select(s => s.GetProperty("cloud").GetString()));
        Assert.Equal([.. AwsGuardrails.All.Select(g => g.Id)], storages[0].GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("guardrail").GetString()));
        Assert.All(storages[0].GetProperty("checks").EnumerateArray(), c => Assert.Equal("met", c.GetProperty("outcome").GetString()));
        Assert.Equal(
            [.. AzureGuardrails.All.Select(g => g.Id)],
            storages[2].GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("guardrail").GetString()));

        Assert.All(storages[1].GetProperty("checks").EnumerateArray(), c => Assert.Equal("met", c.GetProperty("outcome").GetString()));
        Assert.All(Google.Requests, r => Assert.Contains("/projects/acme-video-dev", r.Path, StringComparison.Ordinal));
        // Policy mode: the bucket and its settings, no IAM user; with forceDestroy, destroy's deletes of its object versions on the objects.
        var simulated = Aws.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy").Select(r => r.Query["ResourceArns.member.1"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, simulated.Count);
        Assert.Matches("^arn:aws:s3:::dev-dev-recordings-s3-\\*$", simulated[0]);
        Assert.Equal($"{simulated[0]}/*", simulated[1]);
    }

    [Fact]
    public async Task An_scp_that_denies_the_access_key_of_an_s3_storage_in_keys_mode_exits_11_naming_the_scp_its_fix_and_who_grants_it()
    {
        Aws.Decide("iam:CreateAccessKey", "implicitDeny", allowedByOrganizations: false);
        var stack = _stacks.WriteStackWithStreamCredentials("prod", """
              recording-storage:storages:
                - name: rec-s3
                  cloud: s3
                  region: eu-west-1
                  authMode: keys
                  path: calls/

            """);

        var run = await RunAsync(["preflight", stack]);

        // Beside the SCP's refusal, whether the deployer's own policies allow the action is not known.
        AssertBlockedByOne(run, "rec-s3 (s3)", "aws-scp", "the organization's administrators", notExamined: 1);
        Assert.Contains("An SCP of your organization denies iam:CreateAccessKey", run.Output, StringComparison.Ordinal);
        Assert.Contains("authMode: policy creates neither", run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        // The bucket, and the user: its create and tagging, which send the stack's tags, apart from the rest.
        Assert.Equal(3, Aws.Requests.Count(r => r.Operation == "SimulatePrincipalPolicy"));
    }

    [Fact]
    public async Task An_azure_storage_refused_by_an_allowed_locations_policy_exits_11_with_the_assignment_and_the_exemption_to_ask_for()
    {
        const string assignment = $"/subscriptions/{Subscription}/providers/Microsoft.Authorization/policyAssignments/allowed-locations";
        Azure.Grant($"/subscriptions/{Subscription}", ["*"])
            .Deny(assignment, "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c", "Microsoft.Storage/storageAccounts", "location", "northeurope");

        var run = await RunAsync(["preflight", AzureStack($"  azure-native:subscriptionId: {Subscription}\n")]);

        AssertBlockedByOne(
            run,
            "rec-abs (abs)",
            "azure-policy-deny",
            "the policy assignment's owners",
            $"az policy exemption create --name stream-storage-rec-abs --policy-assignment {assignment} --scope /subscriptions/{Subscription} --exemption-category Waiver");
        Assert.Contains("Policy assignment allowed-locations refuses the storage account: location notIn [\"northeurope\"] (planned: westeurope).", run.Output, StringComparison.Ordinal);
        Assert.Empty(Google.Requests);
    }

    [Fact]
    public async Task An_owners_azure_key_in_another_subscription_exits_11_before_pulumi_up_would_miss_its_vault()
    {
        Azure.Grant($"/subscriptions/{Subscription}", ["*"]);
        const string keySubscription = "99999999-8888-7777-6666-555555555555";
        const string key = $"/subscriptions/{keySubscription}/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";

        var run = await RunAsync(["preflight", AzureStack($"  azure-native:subscriptionId: {Subscription}\n", $"      encryptionKey: {key}")]);

        AssertBlockedByOne(run, "rec-abs (abs)", "azure-key-subscription", "the stack's owner, who declares the key");
        Assert.Contains($"The key's vault is in subscription {keySubscription}, and the stack deploys into {Subscription}", run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_stack_without_a_subscription_exits_12_reading_only_the_tenant_and_saying_how_to_name_it()
    {
        var run = await RunAsync(["preflight", AzureStack(""), "--json"]);

        Assert.True(run.ExitCode == ExitCodes.PreflightNotExamined, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var checks = document.RootElement.GetProperty("storages")[0].GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(
            [("azure-policy-deny", "notExamined"), ("entra.allowedToCreateApps", "met"), ("entra.appManagementPolicy", "met"), ("azure-deployer-permissions", "notExamined")],
            checks.Select(c => (c.GetProperty("guardrail").GetString(), c.GetProperty("outcome").GetString())));
        Assert.Contains("pulumi config set azure-native:subscriptionId", checks[0].GetProperty("fix").GetString(), StringComparison.Ordinal);
        // The tenant's policies, and whether the deployer is the tenant's member, whom its setting for users covers.
        Assert.Equal(
            [AzureGuardrailServer.MePath, AzureGuardrailServer.PolicyPath, AzureGuardrailServer.AppManagementPolicyPath],
            Azure.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_gcs_storage_in_no_project_exits_2_naming_both_keys_before_any_read()
    {
        var stack = _stacks.WriteStackWithStreamCredentials("prod", """
              recording-storage:storages:
                - name: rec-gcs
                  cloud: gcs
                  location: EU
            """);

        var run = await RunAsync(["preflight", stack]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("storages[0].project: is not set and the stack has no gcp:project", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Empty(Google.Requests);
    }

    [Fact]
    public async Task An_existing_bucket_is_read_for_the_declared_lock_and_locations_and_uniform_access_and_a_refused_read_exits_12()
    {
        Google.Grant(Project, AllPermissions);
        var stack = _stacks.WriteStackWithStreamCredentials("prod", $"""
              gcp:project: {Project}
              recording-storage:allowedLocations: [EU]
              recording-storage:storages:
                - name: rec-gcs
                  cloud: gcs
                  existingBucket: acme-archive
                  path: calls/
                  immutability: {"{"}days: 365, mode: governance{"}"}
            """);

        var run = await RunAsync(["preflight", stack, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.PreflightNotExamined, run.Error + run.Output);
        using var document = JsonDocument.Parse(run.Output);
        var checks = document.RootElement.GetProperty("storages")[0].GetProperty("checks").EnumerateArray().ToList();
        // The path keeps Stream's grant under an IAM condition: the bucket's uniform access is read in the same answer.
        Assert.Equal(
            [("gcs-existing-bucket-lock", "notExamined"), ("gcs-existing-bucket-location", "notExamined"), ("gcs-existing-bucket-uniform-access", "notExamined")],
            checks.TakeLast(3).Select(c => (c.GetProperty("guardrail").GetString(), c.GetProperty("outcome").GetString())));
        Assert.Contains("HTTP 404", checks[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Run preflight with credentials allowed storage.buckets.get on the bucket.", checks[^1].GetProperty("fix").GetString());
        var read = Assert.Single(Google.Requests, r => r.Path == "/storage/v1/b/acme-archive");
        Assert.Equal(("GET", $"Bearer {GoogleGuardrailServer.Token}"), (read.Method, read.Authorization));
    }

    /// <summary>
    /// Preflight stopped on one guardrail: <paramref name="storage"/> blocked, and below the table the guardrail's fix,
    /// <paramref name="fixCommand"/> on a line of its own, whole, to copy, and who grants it.
    /// </summary>
    private static void AssertBlockedByOne(CliRun run, string storage, string guardrail, string grantedBy, string? fixCommand = null, int notExamined = 0)
    {
        Assert.True(run.ExitCode == ExitCodes.PreflightBlocked, run.Output + run.Error);
        Assert.Contains($"{storage}: BLOCKS", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{guardrail} (BLOCKS), the fix:", run.Output, StringComparison.Ordinal);
        if (fixCommand is not null)
        {
            Assert.Contains($"\n  {fixCommand}\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }

        Assert.Contains($"Granted by: {grantedBy}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Blocked: 1 guardrail(s) would stop pulumi up, {notExamined} not examined.", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The checkers the CLI makes, signed in as the servers expect and pointed at them.</summary>
    private Task<CliRun> RunAsync(string[] args) => environment.RunAsync(args, preflightCheckers: Servers.CreateCheckers);

    /// <param name="subscription">Configuration lines naming the subscription, or none.</param>
    private string AzureStack(string subscription, string storageSettings = "") => _stacks.WriteStackWithStreamCredentials("prod", $$"""
        {{subscription}}  recording-storage:storages:
            - name: rec-abs
              cloud: abs
              location: westeurope
        {{storageSettings}}
        """ + "\n");

    private string GcsStack(bool withStore = false) => _stacks.WriteStackWithStreamCredentials("prod", $"""
          gcp:project: {Project}
          recording-storage:storages:
            - name: rec-gcs
              cloud: gcs
              location: EU
              path: calls/

        """ + (withStore ? StackFolder.R2Storage("rec-r2") : ""));
}
