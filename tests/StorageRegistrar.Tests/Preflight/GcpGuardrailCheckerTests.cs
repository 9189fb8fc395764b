using System.Globalization;
using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Gcp;
using TestSupport;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// The GCP checker through its real REST clients and retry pipeline against a local server answering in Org Policy v2's
/// and Resource Manager v3's documented shapes: policies that refuse the plan, ones that do not, reads refused,
/// throttled, failing or malformed, and how often each scope is read.
/// </summary>
public sealed class GcpGuardrailCheckerTests() : GuardrailCheckerTest<GoogleGuardrailServer>(ct => GoogleGuardrailServer.StartAsync(ct))
{
    /// <summary>A boolean or managed constraint's policy that enforces it.</summary>
    private const string Enforced = """{"rules":[{"enforce":true}]}""";

    /// <summary>Everything a GCS storage that creates its bucket needs, as the plan lists it.</summary>
    private static readonly GcpPermissionNeed[] CreatedBucketPermissions =
    [
        new("storage.buckets.create", "rec-bucket"),
        new("storage.buckets.get", "rec-bucket"),
        new("storage.buckets.update", "rec-bucket"),
        new("iam.serviceAccounts.create", "rec-writer"),
        new("iam.serviceAccounts.get", "rec-writer"),
        new("storage.buckets.getIamPolicy", "rec-writer-access"),
        new("storage.buckets.setIamPolicy", "rec-writer-access"),
        new("iam.serviceAccountKeys.create", "rec-writer-key"),
        new("iam.serviceAccountKeys.get", "rec-writer-key"),
    ];

    [Fact]
    public async Task A_project_that_enforces_nothing_and_grants_everything_meets_every_guardrail_with_one_read_each()
    {
        var project = GrantedProject();
        Server.Grant(project, GcpPreflightTarget.KeyCreationPolicyPermissions);

        var checks = await CheckAsync(OptedIn(project) with { KeyProject = project, KeyRingLocation = "europe", CreatesLogBucket = true });

        Assert.Equal(
            [.. GcpGuardrails.All.Select(g => g.Id)],
            checks.Select(c => c.Guardrail));
        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.All(checks, c => Assert.Null(c.Fix));
        var requests = RequestsOf(project);
        // Each constraint's effective policy, the project's own policy on both key constraints, the permission test, and
        // the ancestry that finds the project in no organization, whose custom constraints would apply.
        Assert.Equal(GcpGuardrails.All.Count + 1, requests.Count);
        Assert.All(requests, r => Assert.Equal($"Bearer {GoogleGuardrailServer.Token}", r.Authorization));
        Assert.Equal(
            GcpGuardrails.All.Where(g => g != GcpGuardrails.DeployerPermissions && g != GcpGuardrails.ProjectKeyPolicy && g != GcpGuardrails.CustomConstraints).Select(g => GoogleGuardrailServer.PolicyPath(project, g.Id))
                .Concat(GcpPreflightTarget.KeyCreationConstraints.Select(c => GoogleGuardrailServer.ProjectPolicyPath(project, c)))
                .Order(StringComparer.Ordinal),
            requests.Where(r => r.Method == "GET").Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(
            [GoogleGuardrailServer.AncestryPath(project), GoogleGuardrailServer.PermissionsPath(project)],
            requests.Where(r => r.Method == "POST").Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_managed_key_constraint_enforced_blocks_with_the_project_exemption_its_tag_variant_and_who_grants_them()
    {
        var project = GrantedProject(GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id, Enforced);

        var checks = await CheckAsync(Target(project));

        var key = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal("iam.managed.disableServiceAccountKeyCreation", key.Guardrail);
        Assert.Contains($"is enforced on project {project}: it refuses the service account's key", key.Message, StringComparison.Ordinal);
        Assert.Contains("then fail at the key", key.Message, StringComparison.Ordinal);
        Assert.Contains(
            $"printf 'name: projects/{project}/policies/iam.managed.disableServiceAccountKeyCreation\\nspec:\\n  rules:\\n  - enforce: false\\n' > policy.yaml && gcloud org-policies set-policy policy.yaml",
            key.Fix, StringComparison.Ordinal);
        Assert.Contains("resource.matchTag(\"ORGANIZATION_ID/stream-storage\", \"keys-allowed\")", key.Fix, StringComparison.Ordinal);
        Assert.Contains("gcloud resource-manager tags bindings create --tag-value=ORGANIZATION_ID/stream-storage/keys-allowed", key.Fix, StringComparison.Ordinal);
        Assert.Contains("roles/orgpolicy.policyAdmin", key.GrantedBy, StringComparison.Ordinal);
        Assert.Contains("roles/resourcemanager.tagUser", key.GrantedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_legacy_key_constraint_enforced_blocks_with_disable_enforce_for_the_project()
    {
        var project = GrantedProject(GcpGuardrails.DisableServiceAccountKeyCreation.Id, Enforced);

        var key = Assert.Single(await CheckAsync(Target(project)), c => c.Outcome == PreflightOutcome.Blocks);

        Assert.Equal("iam.disableServiceAccountKeyCreation", key.Guardrail);
        Assert.Contains($"gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project={project}", key.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_key_names_the_stacks_own_exception_as_a_way_through()
    {
        var project = GrantedProject(GcpGuardrails.DisableServiceAccountKeyCreation.Id, Enforced);

        var key = Assert.Single(await CheckAsync(Target(project)), c => c.Outcome == PreflightOutcome.Blocks);

        Assert.Contains($"Or have the stack own project {project}'s exception to both key constraints: set keyCreationException: true on the storage", key.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_constraints_the_stack_lifts_itself_are_met_when_the_deployer_may_set_the_projects_policies()
    {
        var project = GrantedProject();
        Server.Grant(project, GcpPreflightTarget.KeyCreationPolicyPermissions);
        Server.SetPolicy(project, GcpGuardrails.DisableServiceAccountKeyCreation.Id, Enforced)
            .SetPolicy(project, GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id, Enforced);

        var checks = await CheckAsync(OptedIn(project));

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Contains($"iam.managed.disableServiceAccountKeyCreation is enforced on project {project}, and the stack lifts it there with a policy of its own before the key (keyCreationException), which you may set.", checks.Select(c => c.Message));
        Assert.Single(RequestsOf(project), r => r.Path == GoogleGuardrailServer.PermissionsPath(project));
    }

    [Fact]
    public async Task Key_constraints_the_stack_would_lift_block_at_its_policy_when_the_deployer_may_not_set_it()
    {
        var project = GrantedProject(GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id, Enforced);

        var checks = await CheckAsync(OptedIn(project));

        var key = Assert.Single(checks, c => c.Guardrail == GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id);
        Assert.Equal(PreflightOutcome.Blocks, key.Outcome);
        Assert.Contains("but you lack orgpolicy.policies.create, orgpolicy.policies.update, orgpolicy.policy.get on the project: pulumi up would stop at that policy.", key.Message, StringComparison.Ordinal);
        Assert.Contains("gcloud organizations add-iam-policy-binding ORGANIZATION_ID --member=PRINCIPAL --role=roles/orgpolicy.policyAdmin", key.Fix, StringComparison.Ordinal);
        Assert.Contains($"name: projects/{project}/policies/iam.managed.disableServiceAccountKeyCreation", key.Fix, StringComparison.Ordinal);
        Assert.Contains("remove keyCreationException from the storage:", key.Fix, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Met, Assert.Single(checks, c => c.Guardrail == GcpGuardrails.DisableServiceAccountKeyCreation.Id).Outcome);
        var permissions = Assert.Single(checks, c => c.Guardrail == GcpGuardrails.DeployerPermissions.Id);
        Assert.Equal(PreflightOutcome.Blocks, permissions.Outcome);
        Assert.Contains("orgpolicy.policies.create (for rec-key-creation-exception)", permissions.Message, StringComparison.Ordinal);
        Assert.Contains("gcloud organizations add-iam-policy-binding ORGANIZATION_ID --member=PRINCIPAL --role=roles/orgpolicy.policyAdmin", permissions.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_whose_key_waits_for_another_storages_exception_is_told_to_remove_it_from_that_storage()
    {
        var project = GrantedProject(GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id, Enforced);
        var owner = OptedIn(project) with { StorageName = "rec-owner", KeyCreationExceptionOwner = "rec-owner" };
        var waiter = Target(project) with { KeyCreationExceptionOwner = "rec-owner" };

        var report = await new PreflightRunner([Checker()]).RunAsync("dev", [owner, waiter], TestContext.Current.CancellationToken);

        var key = report.Storages.Single(s => s.Name == "rec").Checks.Single(c => c.Guardrail == GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id);
        Assert.Equal(PreflightOutcome.Blocks, key.Outcome);
        Assert.Contains("remove keyCreationException from storage rec-owner, whose exception this storage's key waits for:", key.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("from the storage", key.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"allowedValues":["in:europe-locations"]}""", PreflightOutcome.Met)]
    [InlineData("""{"allowedValues":["is:eu"]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"deniedValues":["europe"]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"allowedValues":["is:eu","in:northamerica-locations"]}""", PreflightOutcome.NotExamined)]
    public async Task The_key_ring_the_stack_creates_is_judged_in_its_cloud_kms_location_once_the_bucket_is_allowed(string values, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.ResourceLocations.Id, $$"""{"rules":[{"values":{{values}}}]}""");

        var check = await CheckOfAsync(Target(project) with { KeyProject = project, KeyRingLocation = "europe" }, GcpGuardrails.ResourceLocations.Id);

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Met)
        {
            Assert.Contains("allows EU, and europe for the key ring", check.Message, StringComparison.Ordinal);
        }
        else if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains("refuses the key ring the stack creates for the bucket's key (encryptionKey: create) in europe", check.Message, StringComparison.Ordinal);
            Assert.Contains("(the key ring follows the bucket: EU is europe in Cloud KMS), set encryptionKey to an existing key of the bucket's location", check.Fix, StringComparison.Ordinal);
            // A project policy that inherits what is allowed above, so the bucket's EU stays allowed beside europe.
            Assert.Contains($"europe allowed on project {project}, beside what is allowed above", check.Fix, StringComparison.Ordinal);
            Assert.Contains($"printf 'name: projects/{project}/policies/gcp.resourceLocations\\nspec:\\n  inheritFromParent: true\\n  rules:\\n  - values:\\n      allowedValues:\\n      - europe\\n' > policy.yaml && gcloud org-policies set-policy policy.yaml", check.Fix, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("in:northamerica-locations", check.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"rules":[{"values":{"allowedValues":["HSM"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["SOFTWARE"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["HSM","is:SOFTWARE"]}}]}""", PreflightOutcome.Met)]
    [InlineData("""{}""", PreflightOutcome.Met)]
    public async Task Allowed_protection_levels_refuse_the_software_key_the_stack_creates_where_software_is_not_among_them(string spec, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.AllowedProtectionLevels.Id, spec);

        var check = await CheckOfAsync(Target(project) with { KeyProject = project, KeyRingLocation = "europe" }, GcpGuardrails.AllowedProtectionLevels.Id);

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains("refuses the key the stack creates for the bucket (encryptionKey: create), which Cloud KMS protects in software (SOFTWARE)", check.Message, StringComparison.Ordinal);
            Assert.StartsWith("Set encryptionKey to an existing key of an allowed protection level", check.Fix, StringComparison.Ordinal);
            Assert.Contains($"name: projects/{project}/policies/cloudkms.allowedProtectionLevels", check.Fix, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_existing_key_is_not_judged_by_allowed_protection_levels()
    {
        var project = GrantedProject(GcpGuardrails.AllowedProtectionLevels.Id, """{"rules":[{"values":{"allowedValues":["HSM"]}}]}""");

        var checks = await CheckAsync(Target(project) with { KeyProject = KeyProject });

        Assert.DoesNotContain(checks, c => c.Guardrail == GcpGuardrails.AllowedProtectionLevels.Id);
        Assert.DoesNotContain(RequestsOf(project), r => r.Path == GoogleGuardrailServer.PolicyPath(project, GcpGuardrails.AllowedProtectionLevels.Id));
    }

    [Theory]
    [InlineData("""{"rules":[{"enforce":true}]}""", PreflightOutcome.Blocks, "(which enforces it)")]
    [InlineData("""{"rules":[{"condition":{"expression":"resource.matchTag('123/env', 'dev')"},"enforce":false},{"enforce":true}]}""", PreflightOutcome.Blocks, "(with rules conditioned on tags)")]
    [InlineData("""{}""", PreflightOutcome.Blocks, "(without rules)")]
    [InlineData("""{"rules":[{"enforce":false}]}""", PreflightOutcome.Met, "has the stack's rule (enforce: false), taken for the stack's exception from an earlier up")]
    [InlineData(null, PreflightOutcome.Met, "has no policy of its own on iam.disableServiceAccountKeyCreation or iam.managed.disableServiceAccountKeyCreation")]
    public async Task A_projects_own_policy_on_a_key_constraint_refuses_the_stacks_exception_unless_it_is_the_stacks_own(string? ownSpec, PreflightOutcome expected, string said)
    {
        var project = GrantedProject();
        if (ownSpec is not null)
        {
            Server.CreatePolicy(project, GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id, ownSpec);
        }

        var check = await CheckOfAsync(OptedIn(project), GcpGuardrails.ProjectKeyPolicy.Id);

        Assert.Equal(expected, check.Outcome);
        Assert.Contains(said, check.Message, StringComparison.Ordinal);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains($"Project {project} has a policy of its own on iam.managed.disableServiceAccountKeyCreation", check.Message, StringComparison.Ordinal);
            Assert.Contains("409 ALREADY_EXISTS", check.Message, StringComparison.Ordinal);
            Assert.Contains("remove keyCreationException from the storage", check.Fix, StringComparison.Ordinal);
            Assert.Contains($"gcloud org-policies delete iam.managed.disableServiceAccountKeyCreation --project={project}", check.Fix, StringComparison.Ordinal);
            Assert.Contains("roles/orgpolicy.policyAdmin", check.GrantedBy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_read_of_the_projects_own_policy_is_not_examined_and_only_the_exceptions_owner_reads_it()
    {
        var project = GrantedProject();
        Server.FailProjectPolicy(project, GcpGuardrails.DisableServiceAccountKeyCreation.Id, HttpStatusCode.Forbidden, PolicyReadDenied(project));
        var waiter = Target(project) with { StorageName = "rec-waiter", KeyCreationExceptionOwner = "rec" };

        var report = await new PreflightRunner([Checker()]).RunAsync("dev", [OptedIn(project), waiter], TestContext.Current.CancellationToken);

        var check = report.Storages.Single(s => s.Name == "rec").Checks.Single(c => c.Guardrail == GcpGuardrails.ProjectKeyPolicy.Id);
        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("HTTP 403 Permission 'orgpolicy.policy.get' denied", check.Message, StringComparison.Ordinal);
        Assert.Contains("--role=roles/orgpolicy.policyViewer", check.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Storages.Single(s => s.Name == "rec-waiter").Checks, c => c.Guardrail == GcpGuardrails.ProjectKeyPolicy.Id);
        Assert.Single(RequestsOf(project), r => r.Path == GoogleGuardrailServer.ProjectPolicyPath(project, GcpGuardrails.DisableServiceAccountKeyCreation.Id));
    }

    [Theory]
    [InlineData("EU", """{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.Met)]
    [InlineData("europe-west1", """{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.Met)]
    [InlineData("europe-west2", """{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.Blocks)]
    [InlineData("US", """{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.Blocks)]
    [InlineData("europe-west1", """{"allowedValues":["in:europe-west1-locations"]}""", PreflightOutcome.Met)]
    [InlineData("EU", """{"allowedValues":["in:europe-west1-locations","in:europe-west4-locations"]}""", PreflightOutcome.Blocks)]
    [InlineData("us-central1", """{"allowedValues":["is:us-central1"]}""", PreflightOutcome.Met)]
    [InlineData("europe-west1", """{"deniedValues":["in:us-locations"]}""", PreflightOutcome.Met)]
    [InlineData("US", """{"deniedValues":["in:us-locations"]}""", PreflightOutcome.Blocks)]
    [InlineData("europe-west1", """{"allowedValues":["in:northamerica-locations"]}""", PreflightOutcome.NotExamined)]
    [InlineData("EUR4", """{"allowedValues":["in:eu-locations"]}""", PreflightOutcome.NotExamined)]
    [InlineData("europe-west1", """{"allowedValues":["in:eu-locations","in:northamerica-locations"]}""", PreflightOutcome.Met)]
    public async Task Resource_locations_are_judged_with_their_value_groups_and_an_unknown_group_is_never_a_pass(string location, string values, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.ResourceLocations.Id, $$"""{"rules":[{"values":{{values}}}]}""");

        var checks = await CheckAsync(Target(project) with { BucketLocation = location });

        var check = Assert.Single(checks, c => c.Guardrail == "gcp.resourceLocations");
        Assert.Equal(expected, check.Outcome);
        Assert.All(checks.Where(c => c != check), c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains($"refuses the bucket in {location}", check.Message, StringComparison.Ordinal);
            Assert.Contains($"inheritFromParent: true\\n  rules:\\n  - values:\\n      allowedValues:\\n      - {location.ToLowerInvariant()}\\n", check.Fix, StringComparison.Ordinal);
        }
        else if (expected == PreflightOutcome.NotExamined)
        {
            Assert.Contains("which preflight cannot expand", check.Message, StringComparison.Ordinal);
            Assert.Contains($"gcloud org-policies describe gcp.resourceLocations --project={project} --effective", check.Fix, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"rules":[{"values":{"deniedValues":["storage.googleapis.com"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["is:storage.googleapis.com","bigquery.googleapis.com"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"denyAll":true}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["bigquery.googleapis.com"]}}]}""", PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"allowAll":true}]}""", PreflightOutcome.Met)]
    public async Task A_project_that_requires_cmek_for_cloud_storage_blocks_the_bucket_the_stack_creates(string spec, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.RestrictNonCmekServices.Id, spec);

        var check = await CheckOfAsync(Target(project), "gcp.restrictNonCmekServices");

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains("requires a customer-managed key for storage.googleapis.com", check.Message, StringComparison.Ordinal);
            Assert.Contains("existingBucket", check.Fix, StringComparison.Ordinal);
            Assert.Contains("Set encryptionKey: create", check.Fix, StringComparison.Ordinal);
            Assert.Contains($"name: projects/{project}/policies/gcp.restrictNonCmekServices\\nspec:\\n  rules:\\n  - allowAll: true", check.Fix, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bucket_with_a_customer_managed_key_meets_a_project_that_requires_one()
    {
        var project = GrantedProject(GcpGuardrails.RestrictNonCmekServices.Id, """{"rules":[{"denyAll":true}]}""");

        var check = await CheckOfAsync(Target(project) with { KeyProject = project }, "gcp.restrictNonCmekServices");

        Assert.Equal(PreflightOutcome.Met, check.Outcome);
        Assert.Contains("customer-managed key by default (encryptionKey)", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_bucket_the_stack_creates_without_a_key_is_refused_where_cmek_is_required_though_the_bucket_has_one()
    {
        var project = GrantedProject(GcpGuardrails.RestrictNonCmekServices.Id, """{"rules":[{"denyAll":true}]}""");

        var check = await CheckOfAsync(Target(project) with { KeyProject = project, CreatesLogBucket = true }, "gcp.restrictNonCmekServices");

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.Contains("it refuses the log bucket the stack creates for the usage logs, which it creates with Google-managed encryption", check.Message, StringComparison.Ordinal);
        Assert.StartsWith("Send the usage logs elsewhere (accessLogs: auditLogs, or an existing log bucket", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_bucket_the_stack_creates_without_a_retention_policy_is_refused_where_only_some_durations_are_allowed()
    {
        var project = GrantedProject(GcpGuardrails.RetentionPolicySeconds.Id, AllowedDurations);

        var withLogs = await CheckOfAsync(Target(project) with { RetentionSeconds = 30L * 86400, CreatesLogBucket = true }, "storage.retentionPolicySeconds");
        var withoutLogs = await CheckOfAsync(Target(project) with { RetentionSeconds = 30L * 86400 }, "storage.retentionPolicySeconds");

        Assert.Equal((PreflightOutcome.Blocks, PreflightOutcome.Met), (withLogs.Outcome, withoutLogs.Outcome));
        Assert.Contains("it refuses the log bucket the stack creates for the usage logs, which has none", withLogs.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rules":[{"values":{"allowedValues":["is:C03xmp1e"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"allowAll":true}]}""", PreflightOutcome.Met)]
    [InlineData("""{}""", PreflightOutcome.Met)]
    public async Task Domain_restricted_sharing_refuses_the_grant_to_googles_usage_log_group(string spec, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.AllowedPolicyMemberDomains.Id, spec);

        var check = await CheckOfAsync(Target(project) with { CreatesLogBucket = true }, "iam.allowedPolicyMemberDomains");

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains("it refuses the grant to group:cloud-storage-analytics@google.com", check.Message, StringComparison.Ordinal);
            Assert.StartsWith("Send the access logs to the project's audit logs (accessLogs: auditLogs)", check.Fix, StringComparison.Ordinal);
        }
    }

    /// <summary>Domain restricted sharing as organizations set it by default: their own customer's principals only.</summary>
    private const string OwnCustomerOnly = """{"rules":[{"values":{"allowedValues":["is:C03xmp1e"]}}]}""";

    [Theory]
    [InlineData("iam.allowedPolicyMemberDomains", OwnCustomerOnly, """{"rules":[{"allowAll":true}]}""")]
    [InlineData("iam.managed.allowedPolicyMembers", """{"rules":[{"enforce":true}]}""", """{"rules":[{"enforce":false}]}""")]
    public async Task The_grant_on_an_existing_log_bucket_is_judged_by_the_policy_of_the_project_the_bucket_is_in(string constraint, string refusing, string allowing)
    {
        var storageProject = GrantedProject(constraint, allowing);
        var logProject = UniqueNames.For("acme-logs");
        Server.SetPolicy(logProject, constraint, refusing);
        var logBucket = AddLogBucket(logProject);
        var logProjectNumber = GoogleGuardrailServer.ProjectNumberOf(logProject);

        var check = await CheckOfAsync(Target(storageProject) with { ExistingLogBucketName = logBucket }, constraint);

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.Contains($"on project {logProjectNumber}", check.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(Project {logProjectNumber} is log bucket {logBucket}'s, whose policies Cloud Storage applies to the grant.)", check.Message, StringComparison.Ordinal);
        Assert.Contains($"name: projects/{logProjectNumber}/policies/{constraint}", check.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(storageProject, check.Message + check.Fix, StringComparison.Ordinal);

        // The other way round, the storage's project refusing and the log bucket's allowing, the grant goes through.
        var reversedProject = GrantedProject(constraint, refusing);
        var allowingLogProject = UniqueNames.For("acme-logs");
        Server.SetPolicy(allowingLogProject, constraint, allowing);
        var reversed = await CheckOfAsync(Target(reversedProject) with { ExistingLogBucketName = AddLogBucket(allowingLogProject) }, constraint);
        Assert.Equal(PreflightOutcome.Met, reversed.Outcome);
    }

    [Fact]
    public async Task Storages_logging_into_one_existing_bucket_read_it_once_and_its_projects_policies_once()
    {
        var logProject = UniqueNames.For("acme-logs");
        var logBucket = AddLogBucket(logProject);
        GcpPreflightTarget[] targets =
        [
            Target(GrantedProject()) with { StorageName = "a", ExistingLogBucketName = logBucket },
            Target(GrantedProject()) with { StorageName = "b", ExistingLogBucketName = logBucket },
        ];

        var report = await new PreflightRunner([Checker()]).RunAsync("dev", targets, TestContext.Current.CancellationToken);

        Assert.All(report.Storages, s => Assert.Equal(PreflightOutcome.Met, s.Outcome));
        Assert.Single(Server.Requests, r => r.Path == GoogleGuardrailServer.BucketPath(logBucket));
        var number = GoogleGuardrailServer.ProjectNumberOf(logProject);
        Assert.Equal(
            [GoogleGuardrailServer.PolicyPath(number, GcpGuardrails.AllowedPolicyMemberDomains.Id), GoogleGuardrailServer.PolicyPath(number, GcpGuardrails.ManagedAllowedPolicyMembers.Id)],
            Server.Requests.Where(r => r.Path.Contains($"/projects/{number}/", StringComparison.Ordinal)).Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "--role=roles/storage.legacyBucketReader", "the log bucket's owner")]
    [InlineData(HttpStatusCode.NotFound, "Run preflight again; if it fails again, find the bucket's project (gcloud storage buckets describe gs://", null)]
    public async Task An_existing_log_bucket_whose_project_cannot_be_read_leaves_the_grant_not_examined(HttpStatusCode status, string fix, string? grantedBy)
    {
        var project = GrantedProject(GcpGuardrails.AllowedPolicyMemberDomains.Id, OwnCustomerOnly);
        var logBucket = UniqueNames.For("acme-logs");
        Server.FailBucket(logBucket, status, GoogleGuardrailServer.Error(status, "The bucket could not be read.", status.ToString()));

        var checks = await CheckAsync(Target(project) with { ExistingLogBucketName = logBucket });

        foreach (var constraint in new[] { GcpGuardrails.AllowedPolicyMemberDomains, GcpGuardrails.ManagedAllowedPolicyMembers })
        {
            var check = Assert.Single(checks, c => c.Guardrail == constraint.Id);
            Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
            Assert.StartsWith($"The project of log bucket {logBucket} could not be read, so whose {constraint.Id} decides the grant to group:cloud-storage-analytics@google.com there is not known: Cloud Storage answered HTTP {(int)status}", check.Message, StringComparison.Ordinal);
            Assert.Contains(fix, check.Fix, StringComparison.Ordinal);
            Assert.Equal(grantedBy, check.GrantedBy);
        }

        // The storage's own project, which refuses the group, is not taken for the log bucket's.
        Assert.DoesNotContain(Server.Requests, r => r.Path == GoogleGuardrailServer.PolicyPath(project, GcpGuardrails.AllowedPolicyMemberDomains.Id));
    }

    /// <summary>An organization's principal set, which allows its own principals and not Google's.</summary>
    private const string OrganizationPrincipals = "//cloudresourcemanager.googleapis.com/organizations/570033";

    [Theory]
    [InlineData($$$"""{"rules":[{"enforce":true,"parameters":{"allowedPrincipalSets":["{{{OrganizationPrincipals}}}"],"allowedMemberSubjects":["group:admins@example.com"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData($$$"""{"rules":[{"enforce":true,"parameters":{"allowedPrincipalSets":["{{{OrganizationPrincipals}}}"],"allowedMemberSubjects":["group:cloud-storage-analytics@google.com"]}}]}""", PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"enforce":false}]}""", PreflightOutcome.Met)]
    [InlineData("""{}""", PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"condition":{"expression":"resource.matchTag('123/env', 'dev')"},"enforce":false},{"enforce":true}]}""", PreflightOutcome.NotExamined)]
    [InlineData("""{"rules":[{"enforce":true,"parameters":{"allowedMemberSubjects":"group:cloud-storage-analytics@google.com"}}]}""", PreflightOutcome.NotExamined)]
    public async Task Managed_domain_restricted_sharing_refuses_googles_usage_log_group_unless_it_lists_it(string spec, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.ManagedAllowedPolicyMembers.Id, spec);

        var check = await CheckOfAsync(Target(project) with { CreatesLogBucket = true }, "iam.managed.allowedPolicyMembers");

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains($"allows only group:admins@example.com, {OrganizationPrincipals}: it refuses the grant to group:cloud-storage-analytics@google.com", check.Message, StringComparison.Ordinal);
            Assert.StartsWith("Send the access logs to the project's audit logs (accessLogs: auditLogs)", check.Fix, StringComparison.Ordinal);
            // The project's policy replaces the inherited one: it keeps what is allowed now and adds the group.
            Assert.Contains(
                $"printf 'name: projects/{project}/policies/iam.managed.allowedPolicyMembers\\nspec:\\n  rules:\\n  - enforce: true\\n    parameters:\\n      allowedMemberSubjects:\\n      - group:admins@example.com\\n      - group:cloud-storage-analytics@google.com\\n      allowedPrincipalSets:\\n      - {OrganizationPrincipals}\\n' > policy.yaml && gcloud org-policies set-policy policy.yaml",
                check.Fix,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_read_of_managed_domain_restricted_sharing_is_not_examined()
    {
        var project = GrantedProject();
        Server.FailPolicy(project, GcpGuardrails.ManagedAllowedPolicyMembers.Id, HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(
            HttpStatusCode.Forbidden, "Permission 'orgpolicy.policy.get' denied.", "PERMISSION_DENIED"));

        var check = await CheckOfAsync(Target(project) with { CreatesLogBucket = true }, "iam.managed.allowedPolicyMembers");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("HTTP 403", check.Message, StringComparison.Ordinal);
        Assert.Contains("--role=roles/orgpolicy.policyViewer", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_without_usage_logs_is_not_judged_by_domain_restricted_sharing()
    {
        var project = GrantedProject(GcpGuardrails.AllowedPolicyMemberDomains.Id, """{"rules":[{"values":{"allowedValues":["is:C03xmp1e"]}}]}""");

        var checks = await CheckAsync(Target(project));

        Assert.DoesNotContain(checks, c => c.Guardrail == GcpGuardrails.AllowedPolicyMemberDomains.Id || c.Guardrail == GcpGuardrails.ManagedAllowedPolicyMembers.Id);
    }

    /// <summary>The organization's central key project, which the tests' key-project policies name.</summary>
    private const string KeyProject = "acme-central-keys";

    [Theory]
    [InlineData("""{"rules":[{"values":{"allowedValues":["under:projects/acme-central-keys"]}}]}""", KeyProject, PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["projects/acme-central-keys"]}}]}""", KeyProject, PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["under:projects/acme-central-keys"]}}]}""", "acme-team-keys", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["under:projects/acme-team-keys"]}}]}""", "acme-team-keys", PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["under:projects/acme-team-keys"]}}]}""", KeyProject, PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"denyAll":true}]}""", KeyProject, PreflightOutcome.Blocks)]
    [InlineData("{}", "acme-team-keys", PreflightOutcome.Met)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["is:folders/308112"]}}]}""", KeyProject, PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["folders/308112"]}}]}""", KeyProject, PreflightOutcome.Blocks)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["organizations/570033"]}}]}""", KeyProject, PreflightOutcome.Met)]
    public async Task The_key_of_a_project_the_bucket_s_project_does_not_allow_blocks_with_the_allow_command_and_who_runs_it(string spec, string keyProject, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, spec);

        var check = await CheckOfAsync(Target(project) with { KeyProject = keyProject }, "gcp.restrictCmekCryptoKeyProjects");

        Assert.Equal(expected, check.Outcome);
        Assert.Contains($"project {keyProject}", check.Message, StringComparison.Ordinal);
        if (expected == PreflightOutcome.Blocks)
        {
            Assert.Contains($"gcp.restrictCmekCryptoKeyProjects on project {project} refuses the bucket's default key", check.Message, StringComparison.Ordinal);
            Assert.Contains("pulumi up would fail at the bucket", check.Message, StringComparison.Ordinal);
            Assert.Contains($"under:projects/{keyProject} allowed on project {project}, beside what is allowed above", check.Fix, StringComparison.Ordinal);
            Assert.Contains($"name: projects/{project}/policies/gcp.restrictCmekCryptoKeyProjects\\nspec:\\n  inheritFromParent: true", check.Fix, StringComparison.Ordinal);
            Assert.Contains("Set encryptionKey to a Cloud KMS key", check.Fix, StringComparison.Ordinal);
            Assert.Contains("roles/orgpolicy.policyAdmin", check.GrantedBy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Server.Requests, r => r.Path == GoogleGuardrailServer.AncestryPath(keyProject));
    }

    [Theory]
    [InlineData("under:folders/308112", PreflightOutcome.Met)]
    [InlineData("under:organizations/570033", PreflightOutcome.Met)]
    [InlineData("under:folders/991122", PreflightOutcome.Blocks)]
    public async Task A_folder_or_organization_is_matched_with_the_key_project_s_ancestry_read_once_for_every_storage(string allowed, PreflightOutcome expected)
    {
        var project = GrantedProject();
        var keyProject = UniqueNames.For("keys");
        Server.SetParents(keyProject, "folders/308112", "organizations/570033");
        Server.SetPolicy(project, GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, $$$"""{"rules":[{"values":{"allowedValues":["{{{allowed}}}"]}}]}""");
        GcpPreflightTarget[] targets = [Target(project) with { StorageName = "a", KeyProject = keyProject }, Target(project) with { StorageName = "b", KeyProject = keyProject }];

        var report = await new PreflightRunner([Checker()]).RunAsync("dev", targets, TestContext.Current.CancellationToken);

        Assert.All(report.Storages, s =>
        {
            var check = Assert.Single(s.Checks, c => c.Guardrail == "gcp.restrictCmekCryptoKeyProjects");
            Assert.Equal(expected, check.Outcome);
            Assert.Contains($"projects/{keyProject} < folders/308112 < organizations/570033", check.Message, StringComparison.Ordinal);
        });
        var read = Assert.Single(Server.Requests, r => r.Path == GoogleGuardrailServer.AncestryPath(keyProject));
        Assert.Equal(("POST", $"Bearer {GoogleGuardrailServer.Token}"), (read.Method, read.Authorization));
    }

    [Fact]
    public async Task A_refused_ancestry_read_leaves_a_folder_value_not_examined_with_the_right_that_reads_it()
    {
        var project = GrantedProject();
        var keyProject = UniqueNames.For("keys");
        Server.SetPolicy(project, GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, """{"rules":[{"values":{"allowedValues":["under:folders/308112"]}}]}""");
        Server.FailAncestry(keyProject, HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(
            HttpStatusCode.Forbidden, $"The caller does not have permission resourcemanager.projects.get on projects/{keyProject}.", "PERMISSION_DENIED"));

        var check = await CheckOfAsync(Target(project) with { KeyProject = keyProject }, "gcp.restrictCmekCryptoKeyProjects");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("names under:folders/308112", check.Message, StringComparison.Ordinal);
        Assert.Contains($"the ancestry of key project {keyProject} could not be read", check.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", check.Message, StringComparison.Ordinal);
        Assert.Contains($"gcloud projects add-iam-policy-binding {keyProject} --member=PRINCIPAL --role=roles/browser", check.Fix, StringComparison.Ordinal);
        Assert.Contains($"On key project {keyProject}", check.GrantedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_named_by_its_number_is_not_examined_and_a_refused_policy_read_is_not_a_pass()
    {
        var numbered = GrantedProject(GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, """{"rules":[{"values":{"allowedValues":["under:projects/204863951702"]}}]}""");
        var refused = GrantedProject();
        Server.FailPolicy(refused, GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(
            HttpStatusCode.Forbidden, "Permission 'orgpolicy.policy.get' denied.", "PERMISSION_DENIED"));

        var byNumber = await CheckOfAsync(Target(numbered) with { KeyProject = KeyProject }, "gcp.restrictCmekCryptoKeyProjects");
        var unread = await CheckOfAsync(Target(refused) with { KeyProject = KeyProject }, "gcp.restrictCmekCryptoKeyProjects");

        Assert.Equal(PreflightOutcome.NotExamined, byNumber.Outcome);
        Assert.Contains($"names under:projects/204863951702, which preflight cannot match to key project {KeyProject}", byNumber.Message, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.NotExamined, unread.Outcome);
        Assert.Contains("HTTP 403", unread.Message, StringComparison.Ordinal);
        Assert.Contains("--role=roles/orgpolicy.policyViewer", unread.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_without_a_customer_managed_key_gets_no_key_project_check_and_no_read_of_it()
    {
        var project = GrantedProject(GcpGuardrails.RestrictCmekCryptoKeyProjects.Id, """{"rules":[{"denyAll":true}]}""");

        var checks = await CheckAsync(Target(project));

        Assert.DoesNotContain(checks, c => c.Guardrail == "gcp.restrictCmekCryptoKeyProjects");
        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.DoesNotContain(RequestsOf(project), r => r.Path == GoogleGuardrailServer.PolicyPath(project, GcpGuardrails.RestrictCmekCryptoKeyProjects.Id));
    }

    private const string AllowedDurations = """{"rules":[{"values":{"allowedValues":["2592000","31536000"]}}]}""";

    [Fact]
    public async Task A_policy_that_denies_every_retention_duration_is_fixed_by_the_projects_exemption_alone()
    {
        var project = GrantedProject(GcpGuardrails.RetentionPolicySeconds.Id, """{"rules":[{"denyAll":true}]}""");

        var check = await CheckOfAsync(Target(project) with { RetentionSeconds = 30L * 86400 }, "storage.retentionPolicySeconds");

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.StartsWith("The policy denies every duration: exempt the project: ", check.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rules":[{"allowAll":true}]}""", PreflightOutcome.Met, "iam.serviceAccountKeyExpiryHours on project {0} sets no expiry: the service account's key lives until it is rotated.", null)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["2160h"]}}]}""", PreflightOutcome.Met, "makes the service account's key expire 2160 hours (90 days) after pulumi up creates it: rotate it (credentialRotation) before then, which stream-storage doctor reminds you of 14 days ahead.", null)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["is:360h"]}}]}""", PreflightOutcome.Met, "expire 360 hours (15 days) after", null)]
    [InlineData("""{"rules":[{"values":{"allowedValues":["2160h","336h"]}}]}""", PreflightOutcome.Blocks, "expire 336 hours (14 days) after pulumi up creates it. That is within the 14 days ahead that stream-storage doctor warns of an expiry, which leaves no time to rotate the key after the warning, and Stream's uploads fail once it expires.", "Have project {0}'s keys not expire, restoring the constraint's default (no expiry) there: gcloud org-policies reset iam.serviceAccountKeyExpiryHours --project={0}")]
    [InlineData("""{"rules":[{"values":{"allowedValues":["24h"]}}]}""", PreflightOutcome.Blocks, "expire 24 hours (1 day) after", "gcloud org-policies reset")]
    [InlineData("""{"rules":[{"values":{"allowedValues":["8h"]}}]}""", PreflightOutcome.Blocks, "expire 8 hours after", "gcloud org-policies reset")]
    [InlineData("""{"rules":[{"values":{"allowedValues":["90d"]}}]}""", PreflightOutcome.NotExamined, "holds 90d, which preflight does not read as a key's lifetime in hours such as 720h: how long the service account's key lives is not known.", "gcloud org-policies describe iam.serviceAccountKeyExpiryHours --project={0} --effective")]
    [InlineData("""{"rules":[{"denyAll":true}]}""", PreflightOutcome.NotExamined, "holds denyAll, which preflight does not read", null)]
    [InlineData("""{"rules":[{"values":{"deniedValues":["720h"]}}]}""", PreflightOutcome.NotExamined, "holds the denied value 720h, which preflight does not read", null)]
    public async Task A_key_expiry_on_the_project_is_met_where_the_doctor_warns_of_it_in_time_to_rotate_the_key(
        string spec, PreflightOutcome expected, string said, string? fix)
    {
        var project = GrantedProject(GcpGuardrails.ServiceAccountKeyExpiryHours.Id, spec);

        var check = await CheckOfAsync(Target(project), "iam.serviceAccountKeyExpiryHours");

        Assert.Equal(expected, check.Outcome);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, said, project), check.Message, StringComparison.Ordinal);
        if (fix is not null)
        {
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, fix, project), check.Fix, StringComparison.Ordinal);
        }
        else if (expected == PreflightOutcome.Met)
        {
            Assert.Null(check.Fix);
        }
    }

    [Fact]
    public async Task A_storage_that_creates_no_key_is_not_asked_about_its_expiry()
    {
        var project = GrantedProject(GcpGuardrails.ServiceAccountKeyExpiryHours.Id, """{"rules":[{"values":{"allowedValues":["8h"]}}]}""");

        var checks = await CheckAsync(Target(project) with { CreatesServiceAccountKey = false });

        Assert.DoesNotContain(checks, c => c.Guardrail == GcpGuardrails.ServiceAccountKeyExpiryHours.Id);
    }

    private const string Organization = "570033";

    private static readonly CustomConstraint BucketLabels = new(
        "custom.bucketLabels", ["storage.googleapis.com/Bucket"], ["CREATE", "UPDATE"], "'team' in resource.labels", "ALLOW");

    [Fact]
    public async Task An_enforced_custom_constraint_on_a_type_the_stack_makes_is_not_examined_naming_its_condition_and_the_resources_it_judges()
    {
        var project = GrantedProject(BucketLabels.Id, Enforced);
        Server.SetParents(project, "folders/308112", $"organizations/{Organization}")
            .AddCustomConstraint(BucketLabels)
            .AddCustomConstraint(new CustomConstraint("custom.noKeys", ["iam.googleapis.com/ServiceAccountKey"], ["CREATE"], "true", "DENY"))
            .AddCustomConstraint(new CustomConstraint("custom.noVmsAbroad", ["compute.googleapis.com/Instance"], ["CREATE"], "false", "ALLOW"));

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        // custom.noKeys judges the key but is not enforced on the project; custom.noVmsAbroad judges nothing the stack makes.
        Assert.Equal(
            $"Of organization {Organization}'s custom constraints that judge what the stack makes, this is enforced on project {project}, and preflight does not evaluate conditions: custom.bucketLabels (ALLOW on CREATE, UPDATE where 'team' in resource.labels) judges rec-bucket.",
            check.Message);
        Assert.StartsWith("Hold each condition against what the stack makes (stream-storage plan lists it): an ALLOW constraint refuses a resource its condition does not hold for", check.Fix, StringComparison.Ordinal);
        Assert.Contains($"name: projects/{project}/policies/custom.bucketLabels", check.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("custom.noKeys", check.Fix, StringComparison.Ordinal);
        Assert.Contains("roles/orgpolicy.policyAdmin", check.GrantedBy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "storage.googleapis.com/Bucket", "Organization 570033's custom constraints on what the stack makes (custom.bucketLabels) are not enforced on project")]
    [InlineData(true, "compute.googleapis.com/Instance", "No custom constraint of organization 570033 (1 in all) judges a type the stack makes on project")]
    public async Task A_custom_constraint_not_enforced_or_on_no_type_the_stack_makes_is_met(bool enforced, string resourceType, string said)
    {
        var project = GrantedProject(BucketLabels.Id, enforced ? Enforced : """{"rules":[{"enforce":false}]}""");
        Server.SetParents(project, $"organizations/{Organization}").AddCustomConstraint(BucketLabels with { ResourceTypes = [resourceType] });

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.Met, check.Outcome);
        Assert.StartsWith(said, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_constraint_that_judges_only_deletions_still_judges_the_key_a_rotation_deletes()
    {
        var project = GrantedProject("custom.keepKeys", Enforced);
        Server.SetParents(project, $"organizations/{Organization}")
            .AddCustomConstraint(new CustomConstraint("custom.keepKeys", ["iam.googleapis.com/ServiceAccountKey"], ["DELETE"], "true", "DENY"));

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("custom.keepKeys (DENY on DELETE where true) judges rec-writer-key", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storages_of_one_organization_list_its_custom_constraints_once_and_read_each_projects_ancestry_once()
    {
        var project = GrantedProject(BucketLabels.Id, Enforced);
        var other = GrantedProject();
        Server.SetParents(project, $"organizations/{Organization}").SetParents(other, $"organizations/{Organization}").AddCustomConstraint(BucketLabels);

        var report = await new PreflightRunner([Checker()]).RunAsync(
            "dev", [Target(project), Target(project) with { StorageName = "rec-2" }, Target(other) with { StorageName = "rec-3" }], TestContext.Current.CancellationToken);

        Assert.Equal(
            [PreflightOutcome.NotExamined, PreflightOutcome.NotExamined, PreflightOutcome.Met],
            report.Storages.Select(s => Assert.Single(s.Checks, c => c.Guardrail == "gcp-custom-constraints").Outcome));
        Assert.Single(Server.Requests, r => r.Path == GoogleGuardrailServer.CustomConstraintsPath(Organization));
        Assert.Single(Server.Requests, r => r.Path == GoogleGuardrailServer.AncestryPath(project));
        Assert.Single(Server.Requests, r => r.Path == GoogleGuardrailServer.PolicyPath(project, BucketLabels.Id));
    }

    [Fact]
    public async Task A_project_in_no_organization_meets_the_custom_constraints_without_listing_any()
    {
        var project = GrantedProject();
        Server.AddCustomConstraint(BucketLabels);

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.Met, check.Outcome);
        Assert.Equal($"Project {project} is in no organization, so no custom constraint applies there.", check.Message);
        Assert.DoesNotContain(Server.Requests, r => r.Path.EndsWith("/customConstraints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Custom_constraints_the_deployer_may_not_list_are_not_examined_with_the_organization_viewer_role_to_grant()
    {
        var project = GrantedProject();
        Server.SetParents(project, $"organizations/{Organization}")
            .FailCustomConstraints(Organization, HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, $"Permission 'orgpolicy.customConstraints.list' denied on resource '//cloudresourcemanager.googleapis.com/organizations/{Organization}'.", "PERMISSION_DENIED"));

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.StartsWith($"The custom constraints of organization {Organization} could not be listed, so whether one refuses what the stack creates on project {project} is not known: ", check.Message, StringComparison.Ordinal);
        Assert.Contains("orgpolicy.customConstraints.list", check.Message, StringComparison.Ordinal);
        Assert.Equal($"Grant the deployer Organization Policy Viewer on the organization: gcloud organizations add-iam-policy-binding {Organization} --member=PRINCIPAL --role=roles/orgpolicy.policyViewer", check.Fix);
        Assert.Equal("an Organization Administrator (roles/resourcemanager.organizationAdmin)", check.GrantedBy);
    }

    [Fact]
    public async Task A_custom_constraint_whose_policy_cannot_be_read_is_not_examined_beside_an_enforced_one()
    {
        var project = GrantedProject(BucketLabels.Id, Enforced);
        Server.SetParents(project, $"organizations/{Organization}")
            .AddCustomConstraint(BucketLabels)
            .AddCustomConstraint(new CustomConstraint("custom.noKeys", ["iam.googleapis.com/ServiceAccountKey"], ["CREATE"], "true", "DENY"))
            .FailPolicy(project, "custom.noKeys", HttpStatusCode.Forbidden, PolicyReadDenied(project));

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("custom.bucketLabels (ALLOW on CREATE, UPDATE where 'team' in resource.labels) judges rec-bucket; whether custom.noKeys is enforced is not known: ", check.Message, StringComparison.Ordinal);
        Assert.Contains("And to read the rest: Grant the deployer Organization Policy Viewer on the project", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_whose_ancestry_cannot_be_read_has_its_custom_constraints_not_examined()
    {
        var project = GrantedProject();
        Server.FailAncestry(project, HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "The caller does not have permission", "PERMISSION_DENIED"));

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.StartsWith($"The ancestry of project {project} could not be read, so which organization's custom constraints apply there is not known: ", check.Message, StringComparison.Ordinal);
        Assert.Contains("--role=roles/browser", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_constraints_are_read_page_after_page_and_managed_constraints_or_names_of_no_custom_form_are_left_out()
    {
        var project = GrantedProject(BucketLabels.Id, Enforced);
        const string Bucket = "storage.googleapis.com/Bucket";
        Server.SetPolicy(project, "custom.firstPage", Enforced)
            .SetParents(project, $"organizations/{Organization}")
            .AddCustomConstraint(BucketLabels with { Condition = "resource.name.startsWith('\u001b[2J')" })
            .FailCustomConstraints(Organization, HttpStatusCode.OK, $$"""
                {"customConstraints":[
                  {"name":"organizations/{{Organization}}/customConstraints/custom.firstPage","resourceTypes":["{{Bucket}}"],"methodTypes":["CREATE"],"condition":"true","actionType":"DENY"},
                  {"name":"organizations/{{Organization}}/customConstraints/iam.managed.disableServiceAccountKeyCreation","resourceTypes":["iam.googleapis.com/ServiceAccountKey"],"methodTypes":["CREATE"],"condition":"true","actionType":"DENY"},
                  {"name":"organizations/{{Organization}}/customConstraints/custom.x';touch${IFS}pwned;'","resourceTypes":["{{Bucket}}"],"methodTypes":["CREATE"],"condition":"true","actionType":"DENY"}],
                 "nextPageToken":"page-2"}
                """);

        var check = await CheckOfAsync(Target(project), "gcp-custom-constraints");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("custom.firstPage (DENY on CREATE where true) judges rec-bucket; custom.bucketLabels (ALLOW on CREATE, UPDATE where resource.name.startsWith('\\u001B[2J')) judges rec-bucket", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", check.Message + check.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("iam.managed", check.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count(r => r.Path == GoogleGuardrailServer.CustomConstraintsPath(Organization)));
    }

    private const string AllowedSoftDelete = """{"rules":[{"values":{"allowedValues":["is:2592000","0","3600"]}}]}""";

    [Theory]
    [InlineData(null, false, AllowedSoftDelete, PreflightOutcome.Blocks, "refuses Cloud Storage's default soft delete duration of 604800 s (7 days), which the bucket the stack creates without softDeleteDays would get")]
    [InlineData(null, true, AllowedSoftDelete, PreflightOutcome.Blocks, "which the bucket and the log bucket the stack creates without softDeleteDays would get")]
    [InlineData(30L * 86400, true, AllowedSoftDelete, PreflightOutcome.Met, "allows the soft delete duration of 2592000 s (softDeleteDays: 30) of the bucket and the log bucket the stack creates.")]
    [InlineData(0L, false, AllowedSoftDelete, PreflightOutcome.Met, "allows the soft delete duration of 0 s (softDeleteDays: 0) of the bucket the stack creates.")]
    [InlineData(14L * 86400, false, AllowedSoftDelete, PreflightOutcome.Blocks, "refuses the soft delete duration of 1209600 s (softDeleteDays: 14) of the bucket the stack creates: it allows only is:2592000, 0, 3600.")]
    [InlineData(null, false, """{"rules":[{"values":{"deniedValues":["0"]}}]}""", PreflightOutcome.Met, "allows Cloud Storage's default soft delete duration of 604800 s (7 days)")]
    [InlineData(0L, false, """{"rules":[{"values":{"deniedValues":["0"]}}]}""", PreflightOutcome.Blocks, "refuses the soft delete duration of 0 s (softDeleteDays: 0)")]
    [InlineData(null, false, """{"rules":[{"allowAll":true}]}""", PreflightOutcome.Met, "allows Cloud Storage's default")]
    public async Task Soft_delete_durations_of_the_buckets_the_stack_creates_are_compared_with_the_allowed_seconds_the_default_included(
        long? softDeleteSeconds, bool createsLogBucket, string spec, PreflightOutcome expected, string said)
    {
        var project = GrantedProject(GcpGuardrails.SoftDeletePolicySeconds.Id, spec);

        var check = await CheckOfAsync(Target(project) with { SoftDeleteSeconds = softDeleteSeconds, CreatesLogBucket = createsLogBucket }, "storage.softDeletePolicySeconds");

        Assert.Equal(expected, check.Outcome);
        Assert.Contains(said, check.Message, StringComparison.Ordinal);
        if (expected == PreflightOutcome.Blocks && spec == AllowedSoftDelete)
        {
            // 3600 s is not a whole day, which softDeleteDays cannot set.
            Assert.StartsWith("Set softDeleteDays: 30 on the storage (allowed in days: 0, 30; 0 turns soft delete off), or exempt the project: ", check.Fix, StringComparison.Ordinal);
            Assert.Equal("an Organization Policy Administrator (roles/orgpolicy.policyAdmin, granted on the organization)", check.GrantedBy);
        }
    }

    [Theory]
    [InlineData("""{"rules":[{"values":{"allowedValues":["3600"]}}]}""", "No allowed duration is one softDeleteDays can set (0, or 7 to 90 whole days): exempt the project: ")]
    [InlineData("""{"rules":[{"values":{"allowedValues":["is:31536000"]}}]}""", "No allowed duration is one softDeleteDays can set (0, or 7 to 90 whole days): exempt the project: ")]
    [InlineData("""{"rules":[{"denyAll":true}]}""", "The policy denies every duration: exempt the project: ")]
    public async Task Where_no_allowed_soft_delete_duration_is_one_the_stack_can_set_the_fix_is_the_projects_exemption(string spec, string fix)
    {
        var project = GrantedProject(GcpGuardrails.SoftDeletePolicySeconds.Id, spec);

        var check = await CheckOfAsync(Target(project), "storage.softDeletePolicySeconds");

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.StartsWith(fix, check.Fix, StringComparison.Ordinal);
        Assert.Contains("allowAll: true", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_soft_delete_value_preflight_cannot_expand_leaves_the_guardrail_not_examined()
    {
        var project = GrantedProject(GcpGuardrails.SoftDeletePolicySeconds.Id, """{"rules":[{"values":{"allowedValues":["under:organizations/570033"]}}]}""");

        var check = await CheckOfAsync(Target(project), "storage.softDeletePolicySeconds");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("names under:organizations/570033, which are not durations: whether 604800 s is allowed is not known.", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_on_an_existing_bucket_creates_no_bucket_and_its_soft_delete_is_not_judged()
    {
        var project = GrantedProject(GcpGuardrails.SoftDeletePolicySeconds.Id, AllowedSoftDelete);

        var checks = await CheckAsync(Target(project) with { ExistingBucket = "acme-archive", BucketLocation = null });

        Assert.DoesNotContain(checks, c => c.Guardrail == "storage.softDeletePolicySeconds");
    }

    [Theory]
    [InlineData(null, AllowedDurations, PreflightOutcome.Blocks)]
    [InlineData(30L * 86400, AllowedDurations, PreflightOutcome.Met)]
    [InlineData(7L * 86400, AllowedDurations, PreflightOutcome.Blocks)]
    [InlineData(null, """{"rules":[{"values":{"deniedValues":["86400"]}}]}""", PreflightOutcome.Met)]
    [InlineData(86400L, """{"rules":[{"values":{"deniedValues":["is:86400"]}}]}""", PreflightOutcome.Blocks)]
    [InlineData(null, """{"rules":[{"allowAll":true}]}""", PreflightOutcome.Met)]
    public async Task Retention_durations_are_compared_with_the_allowed_seconds_and_a_bucket_without_one_is_refused_where_only_some_are_allowed(
        long? retentionSeconds, string spec, PreflightOutcome expected)
    {
        var project = GrantedProject(GcpGuardrails.RetentionPolicySeconds.Id, spec);

        var check = await CheckOfAsync(Target(project) with { RetentionSeconds = retentionSeconds }, "storage.retentionPolicySeconds");

        Assert.Equal(expected, check.Outcome);
        if (expected == PreflightOutcome.Blocks && spec == AllowedDurations)
        {
            Assert.Contains("it allows only 2592000, 31536000", check.Message, StringComparison.Ordinal);
            Assert.Contains("immutability: {days: 30, mode: governance} (allowed in days: 30, 365)", check.Fix, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_deployer_lacking_a_permission_is_blocked_with_the_resource_it_stops_at_and_the_role_to_grant()
    {
        var project = UniqueNames.For("acme");
        Server.Grant(project, CreatedBucketPermissions.Select(p => p.Permission).Where(p => p != "iam.serviceAccountKeys.create"));

        var check = Assert.Single(await CheckAsync(Target(project)), c => c.Outcome != PreflightOutcome.Met);

        Assert.Equal(("gcp-deployer-permissions", PreflightOutcome.Blocks), (check.Guardrail, check.Outcome));
        Assert.Equal($"The deployer lacks iam.serviceAccountKeys.create (for rec-writer-key) on project {project}: pulumi up would stop at rec-writer-key.", check.Message);
        Assert.Contains($"gcloud projects add-iam-policy-binding {project} --member=PRINCIPAL --role=roles/iam.serviceAccountKeyAdmin", check.Fix, StringComparison.Ordinal);
        Assert.Contains("roles/resourcemanager.projectIamAdmin", check.GrantedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_on_an_existing_bucket_missing_on_the_project_is_not_examined_for_it_may_rest_on_the_bucket()
    {
        var project = UniqueNames.For("acme");
        GcpPermissionNeed[] needs =
        [
            new("iam.serviceAccounts.create", "rec-writer"),
            new("storage.buckets.setIamPolicy", "rec-writer-access", OnExistingBucket: true),
        ];
        Server.Grant(project, "iam.serviceAccounts.create");

        var checks = await CheckAsync(Target(project) with { ExistingBucket = "acme-archive", BucketLocation = null, Permissions = needs });

        Assert.DoesNotContain(checks, c => c.Guardrail is "gcp.resourceLocations" or "gcp.restrictNonCmekServices" or "storage.retentionPolicySeconds");
        var check = Assert.Single(checks, c => c.Guardrail == "gcp-deployer-permissions");
        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("may hold them on the existing bucket acme-archive", check.Message, StringComparison.Ordinal);
        Assert.Contains("gcloud storage buckets add-iam-policy-binding gs://acme-archive --member=PRINCIPAL --role=roles/storage.admin", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_read_is_not_examined_with_the_right_to_read_and_the_other_guardrails_are_still_judged()
    {
        var project = GrantedProject();
        Server.FailPolicy(project, GcpGuardrails.ResourceLocations.Id, HttpStatusCode.Forbidden, PolicyReadDenied(project));

        var checks = await CheckAsync(Target(project));

        var refused = Assert.Single(checks, c => c.Outcome != PreflightOutcome.Met);
        Assert.Equal(("gcp.resourceLocations", PreflightOutcome.NotExamined), (refused.Guardrail, refused.Outcome));
        Assert.Contains("HTTP 403 Permission 'orgpolicy.policy.get' denied", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"gcloud projects add-iam-policy-binding {project} --member=PRINCIPAL --role=roles/orgpolicy.policyViewer", refused.Fix, StringComparison.Ordinal);
        Assert.NotNull(refused.GrantedBy);
        Assert.Single(RequestsOf(project), r => r.Path == GoogleGuardrailServer.PolicyPath(project, "gcp.resourceLocations"));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_throttled_or_failing_read_is_tried_again_and_its_answer_judged(HttpStatusCode status)
    {
        var project = GrantedProject();
        var constraint = GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id;
        Server.SetPolicy(project, constraint, Enforced);
        Server.FailPolicy(project, constraint, status, GoogleGuardrailServer.Error(status, "Quota exceeded for quota metric 'Read requests'.", "RESOURCE_EXHAUSTED"), TimeSpan.Zero);
        Server.FailPermissions(project, status, GoogleGuardrailServer.Error(status, "Backend unavailable.", "UNAVAILABLE"));

        var checks = await CheckAsync(Target(project));

        Assert.Equal(PreflightOutcome.Blocks, Assert.Single(checks, c => c.Guardrail == constraint).Outcome);
        Assert.Equal(PreflightOutcome.Met, Assert.Single(checks, c => c.Guardrail == "gcp-deployer-permissions").Outcome);
        Assert.Equal(2, RequestsOf(project).Count(r => r.Path == GoogleGuardrailServer.PolicyPath(project, constraint)));
        Assert.Equal(2, RequestsOf(project).Count(r => r.Path == GoogleGuardrailServer.PermissionsPath(project)));
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_leaves_the_guardrail_not_examined()
    {
        var project = GrantedProject();
        var constraint = GcpGuardrails.DisableServiceAccountCreation.Id;
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            Server.FailPolicy(project, constraint, HttpStatusCode.TooManyRequests, GoogleGuardrailServer.Error(HttpStatusCode.TooManyRequests, "Quota exceeded.", "RESOURCE_EXHAUSTED"), TimeSpan.Zero);
        }

        var check = await CheckOfAsync(Target(project), constraint);

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("HTTP 429 Quota exceeded. (after retries).", check.Message, StringComparison.Ordinal);
        Assert.Contains($"gcloud org-policies describe {constraint} --project={project} --effective", check.Fix, StringComparison.Ordinal);
        Assert.Equal(MaxRetries + 1, RequestsOf(project).Count(r => r.Path == GoogleGuardrailServer.PolicyPath(project, constraint)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"name":"projects/1/policies/gcp.resourceLocations","spec":{"rules":"all"}}""")]
    [InlineData("""{"name":"projects/1/policies/gcp.resourceLocations","spec":{"rules":[{"values":{"allowedValues":"in:eu-locations"}}]}}""")]
    [InlineData("""{"name":"projects/1/policies/storage.uniformBucketLevelAccess","spec":{}}""")]
    [InlineData("null")]
    public async Task A_malformed_or_partial_answer_is_not_examined_never_a_pass(string body)
    {
        var project = GrantedProject();
        var constraint = GcpGuardrails.ResourceLocations.Id;
        Server.FailPolicy(project, constraint, HttpStatusCode.OK, body.Replace("gcp.resourceLocations", constraint, StringComparison.Ordinal));

        var check = await CheckOfAsync(Target(project), constraint);

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("the answer is not the documented shape", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_permission_answer_is_not_examined()
    {
        var project = GrantedProject();
        Server.FailPermissions(project, HttpStatusCode.OK, """{"permissions":"storage.buckets.create"}""");

        var check = await CheckOfAsync(Target(project), "gcp-deployer-permissions");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.Contains("the answer is not the documented shape", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_google_sign_in_every_guardrail_is_not_examined_and_nothing_is_sent()
    {
        var project = GrantedProject();
        var checker = new GcpGuardrailChecker(
            new OrgPolicyClient(Http, (_, _) => throw new InvalidOperationException("Your default credentials were not found.")) { Endpoint = Server.Endpoint },
            new ResourceManagerClient(Http, (_, _) => throw new InvalidOperationException("Your default credentials were not found.")) { Endpoint = Server.Endpoint },
            _ => throw new InvalidOperationException("Your default credentials were not found."),
            new CloudKmsClient(Http, (_, _) => throw new InvalidOperationException("Your default credentials were not found.")) { Endpoint = Server.Endpoint });

        var checks = (await new PreflightRunner([checker]).RunAsync("dev", [Target(project)], TestContext.Current.CancellationToken)).Storages.Single().Checks;

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.Contains("gcloud auth application-default login", checks[0].Message, StringComparison.Ordinal);
        Assert.Empty(RequestsOf(project));
    }

    [Fact]
    public async Task Storages_in_one_project_share_each_read_and_one_permission_test_asks_for_all_their_permissions()
    {
        var shared = GrantedProject();
        var other = GrantedProject();
        GcpPermissionNeed[] existingBucket = [new("iam.serviceAccounts.create", "b-writer"), new("storage.buckets.setIamPolicy", "b-writer-access", OnExistingBucket: true)];
        GcpPreflightTarget[] targets =
        [
            Target(shared) with { StorageName = "a", KeyProject = shared, KeyRingLocation = "europe", CreatesLogBucket = true },
            Target(shared) with { StorageName = "b", ExistingBucket = "acme-archive", BucketLocation = null, Permissions = existingBucket },
            Target(other) with { StorageName = "c", KeyProject = other, KeyRingLocation = "europe", CreatesLogBucket = true },
        ];

        var report = await new PreflightRunner([Checker()]).RunAsync("dev", targets, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b", "c"], report.Storages.Select(s => s.Name));
        Assert.All(report.Storages, s => Assert.Equal(PreflightOutcome.Met, s.Outcome));
        foreach (var project in new[] { shared, other })
        {
            var requests = RequestsOf(project);
            Assert.Equal(requests.Count, requests.Select(r => r.Path).Distinct().Count());
            // No storage owns a key-creation exception: no project's own policy is read.
            Assert.Equal(GcpGuardrails.All.Count - 1, requests.Count);
        }
    }

    private string GrantedProject()
    {
        var project = UniqueNames.For("acme");
        Server.Grant(project, CreatedBucketPermissions.Select(p => p.Permission));
        return project;
    }

    /// <summary>A project granted everything, under the effective policy <paramref name="spec"/> on <paramref name="constraint"/>.</summary>
    private string GrantedProject(string constraint, string spec)
    {
        var project = GrantedProject();
        Server.SetPolicy(project, constraint, spec);
        return project;
    }

    [Fact]
    public async Task A_grant_on_an_existing_key_of_another_project_is_tested_on_the_key_and_blocks_where_the_deployer_may_not_make_it()
    {
        var project = GrantedProject();
        var keyProject = UniqueNames.For("acme-keys");
        var key = $"projects/{keyProject}/locations/europe/keyRings/rec/cryptoKeys/rec";
        var target = Target(project) with
        {
            KeyProject = keyProject,
            ForeignGrants = [new GcpForeignGrant("rec-key-user", GcpGrantTarget.CryptoKey, key, ["cloudkms.cryptoKeys.getIamPolicy", "cloudkms.cryptoKeys.setIamPolicy"])],
        };

        var blocked = await CheckOfAsync(target, "gcp-deployer-permissions");
        Server.Grant(keyProject, "cloudkms.cryptoKeys.getIamPolicy", "cloudkms.cryptoKeys.setIamPolicy");
        var met = await CheckOfAsync(target, "gcp-deployer-permissions");

        Assert.Equal(PreflightOutcome.Blocks, blocked.Outcome);
        Assert.Equal($"The deployer lacks cloudkms.cryptoKeys.getIamPolicy (for rec-key-user), cloudkms.cryptoKeys.setIamPolicy (for rec-key-user) on key {key}: pulumi up would stop at rec-key-user.", blocked.Message);
        Assert.Contains($"gcloud kms keys add-iam-policy-binding {key} --member=PRINCIPAL --role=roles/cloudkms.admin", blocked.Fix, StringComparison.Ordinal);
        Assert.StartsWith("the key's owner", blocked.GrantedBy, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Met, met.Outcome);
        Assert.EndsWith($", and those of rec-key-user on key {key}.", met.Message, StringComparison.Ordinal);
    }

    /// <summary>A refused test needs a right to read the bucket, which its owner grants; a bucket Cloud Storage does not find, another try.</summary>
    [Theory]
    [InlineData(true, 403, "the log bucket's owner")]
    [InlineData(false, 404, null)]
    public async Task A_grant_on_an_existing_log_bucket_whose_permissions_cannot_be_tested_is_not_examined(bool refused, int status, string? grantedBy)
    {
        var project = GrantedProject();
        var logBucket = UniqueNames.For("acme-logs");
        var target = Target(project) with
        {
            ExistingLogBucketName = logBucket,
            ForeignGrants = [new GcpForeignGrant("rec-log-writer", GcpGrantTarget.Bucket, logBucket, ["storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy"])],
        };
        if (refused)
        {
            Server.FailBucket(logBucket + "/iam/testPermissions", HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "Access denied.", "forbidden"));
        }

        var check = await CheckOfAsync(target, "gcp-deployer-permissions");

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.StartsWith($"The deployer's permissions on log bucket {logBucket} could not be tested, so whether pulumi up may make rec-log-writer there is not known: Cloud Storage answered HTTP {status}", check.Message, StringComparison.Ordinal);
        Assert.Equal(grantedBy, check.GrantedBy);
    }

    /// <summary>An existing bucket in <paramref name="project"/>, with uniform bucket-level access, for the usage logs.</summary>
    private string AddLogBucket(string project)
    {
        var bucket = UniqueNames.For("acme-logs");
        Server.AddBucket(new GcsExistingBucket(bucket, "EU", UniformBucketLevelAccess: true, project));
        return bucket;
    }

    private static GcpPreflightTarget Target(string project) => new("rec", project)
    {
        BucketLocation = "EU",
        CreatesServiceAccount = true,
        CreatesServiceAccountKey = true,
        Permissions = CreatedBucketPermissions,
        ConstrainedResources = CreatedBucketResources,
    };

    /// <summary>What a GCS storage that creates its bucket makes, by the resource types custom constraints name.</summary>
    private static readonly GcpConstrainedResource[] CreatedBucketResources =
    [
        new("storage.googleapis.com/Bucket", "rec-bucket"),
        new("iam.googleapis.com/ServiceAccount", "rec-writer"),
        new("iam.googleapis.com/AllowPolicy", "rec-writer-access"),
        new("iam.googleapis.com/ServiceAccountKey", "rec-writer-key"),
    ];

    /// <summary>A storage whose stack owns the project's exception to the key constraints, with the permissions that takes.</summary>
    private static GcpPreflightTarget OptedIn(string project) => Target(project) with
    {
        KeyCreationExceptionOwner = "rec",
        Permissions = [.. CreatedBucketPermissions, .. GcpPreflightTarget.KeyCreationPolicyPermissions.Select(p => new GcpPermissionNeed(p, "rec-key-creation-exception"))],
    };

    private List<GoogleGuardrailRequest> RequestsOf(string project) => [.. Server.Requests.Where(r => r.Path.Contains($"/projects/{project}", StringComparison.Ordinal))];

    private GcpGuardrailChecker Checker()
    {
        Task<string> Token(string scope, CancellationToken cancellationToken) => Task.FromResult(GoogleGuardrailServer.Token);
        return new GcpGuardrailChecker(
            new OrgPolicyClient(Http, Token) { Endpoint = Server.Endpoint },
            new ResourceManagerClient(Http, Token) { Endpoint = Server.Endpoint },
            _ => Task.FromResult(new StorageClientBuilder
            {
                BaseUri = new Uri(Server.Endpoint, "storage/v1/").ToString(),
                Credential = GoogleCredential.FromAccessToken(GoogleGuardrailServer.Token),
            }.Build()),
            new CloudKmsClient(Http, Token) { Endpoint = Server.Endpoint });
    }

    /// <summary>The target's one check of <paramref name="guardrail"/>.</summary>
    private async Task<GuardrailCheck> CheckOfAsync(GcpPreflightTarget target, string guardrail) =>
        Assert.Single(await CheckAsync(target), c => c.Guardrail == guardrail);

    private async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(GcpPreflightTarget target) =>
        (await new PreflightRunner([Checker()]).RunAsync("dev", [target], TestContext.Current.CancellationToken)).Storages.Single().Checks;

    /// <summary>Org Policy's refusal of a read without <c>orgpolicy.policy.get</c> on <paramref name="project"/>.</summary>
    private static string PolicyReadDenied(string project) => GoogleGuardrailServer.Error(
        HttpStatusCode.Forbidden, $"Permission 'orgpolicy.policy.get' denied on resource '//cloudresourcemanager.googleapis.com/projects/{project}'.", "PERMISSION_DENIED");
}
