using LocalWorld;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// <c>rehearse --guardrails FILE</c>: the example dev stack in a governed organization, stopped by preflight before
/// anything exists; the same organization once it made room for the stack, where it holds; with <c>preflight: off</c>,
/// the clouds' own refusals half way through the up and nothing left; and guardrails files refused before anything starts.
/// </summary>
public sealed class RehearseGuardrailsTests(CliEnvironment environment) : IDisposable
{
    private static readonly string GovernedEu = Path.Combine(RepositoryPaths.Root, "examples", "guardrails", "governed-eu.yaml");

    private static readonly string WithExceptions = Path.Combine(RepositoryPaths.Root, "examples", "guardrails", "governed-eu-with-exceptions.yaml");

    private readonly StackFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_governed_organization_stops_the_rehearsal_at_preflight_with_every_blocker_and_nothing_made()
    {
        using var document = await RehearseDevStackAsync(GovernedEu, ExitCodes.PreflightBlocked);
        var root = document.RootElement;
        Assert.False(root.GetProperty("held").GetBoolean());
        Assert.Contains("Preflight stopped the rehearsal before anything was created", root.GetProperty("failure").GetString(), StringComparison.Ordinal);

        // The preflight document is preflight --json's, read from the stand-ins.
        var preflight = root.GetProperty("preflight");
        Assert.Equal(["stack", "blocked", "storages"], preflight.EnumerateObject().Select(p => p.Name));
        Assert.True(preflight.GetProperty("blocked").GetBoolean());
        var blocking = preflight.GetProperty("storages").EnumerateArray()
            .SelectMany(s => s.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("outcome").GetString() == "blocks")
                .Select(c => (s.GetProperty("name").GetString(), c.GetProperty("guardrail").GetString())))
            .ToList();
        HashSet<(string?, string?)> expected =
        [
            ("dev-recordings-gcs", GcpGuardrails.DisableServiceAccountKeyCreation.Id),
            ("dev-recordings-gcs", GcpGuardrails.DeployerPermissions.Id),
            ("dev-recordings-abs", AzureGuardrails.PolicyDeny.Id),
            ("dev-recordings-abs", AzureGuardrails.AppRegistration.Id),
        ];
        Assert.Equal(expected, [.. blocking]);
        var s3 = preflight.GetProperty("storages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "dev-recordings-s3");
        // Policy mode creates no IAM user, and eu-west-1 is allowed: the SCPs refuse nothing of it.
        Assert.Equal("met", s3.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("guardrail").GetString() == AwsGuardrails.ServiceControlPolicies.Id).GetProperty("outcome").GetString());

        // Nothing reached Stream or any store: no storage checked, nothing recorded, nothing left, no up at all.
        Assert.All(root.GetProperty("storages").EnumerateArray(), s =>
        {
            Assert.False(s.GetProperty("checked").GetBoolean());
            Assert.Empty(s.GetProperty("recordings").EnumerateArray());
        });
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
        Assert.Equal(0, root.GetProperty("seconds").GetProperty("up").GetDouble());
        Assert.True(root.GetProperty("seconds").GetProperty("preflight").GetDouble() > 0);
    }

    [Fact]
    public async Task The_preflight_stop_shows_the_table_and_the_fixes_and_no_create_is_attempted()
    {
        var run = await environment.RunAsync(["rehearse", DevStackInLocalSubscription(), "--guardrails", GovernedEu]);

        Assert.Equal(ExitCodes.PreflightBlocked, run.ExitCode);
        Assert.Contains("read from the local world's guardrail stand-ins; nothing was created.", run.Output, StringComparison.Ordinal);
        Assert.Contains("dev-recordings-gcs (gcs): BLOCKS", run.Output, StringComparison.Ordinal);
        Assert.Contains("iam.disableServiceAccountKeyCreation is enforced on project acme-video-dev", run.Output, StringComparison.Ordinal);
        Assert.Contains("gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project=acme-video-dev", run.Output, StringComparison.Ordinal);
        Assert.Contains("deny-public-network", run.Output, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", run.Error, StringComparison.Ordinal);
        // The board's rows of the up never appear: no bucket, no registration.
        Assert.DoesNotContain("registering with Stream", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(": created", run.Error, StringComparison.Ordinal);
        // Nothing was made, so destroy has nothing to say it removed.
        Assert.DoesNotContain(": deleted", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(": emptied", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", ConsoleText.Flat(run.Output + run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organization_that_made_room_for_the_stack_passes_preflight_and_the_rehearsal_holds()
    {
        using var document = await RehearseDevStackAsync(WithExceptions, ExitCodes.Success);
        var root = document.RootElement;
        Assert.True(root.GetProperty("held").GetBoolean());
        var preflight = root.GetProperty("preflight");
        Assert.False(preflight.GetProperty("blocked").GetBoolean());
        var checks = preflight.GetProperty("storages").EnumerateArray().SelectMany(s => s.GetProperty("checks").EnumerateArray()).ToList();
        Assert.Contains(checks, c => c.GetProperty("guardrail").GetString() == GcpGuardrails.DisableServiceAccountKeyCreation.Id);
        Assert.Contains(checks, c => c.GetProperty("guardrail").GetString() == AzureGuardrails.PolicyDeny.Id);
        Assert.All(checks, c => Assert.True(c.GetProperty("outcome").GetString() == "met", c.GetProperty("message").GetString()));
        Assert.All(root.GetProperty("storages").EnumerateArray(), s => Assert.True(s.GetProperty("checked").GetBoolean()));
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
    }

    [Fact]
    public async Task With_preflight_off_each_cloud_refuses_its_create_half_way_with_its_own_error_and_nothing_is_left()
    {
        var stack = DevStackWith("recording-storage:preflight: off");
        var guardrails = """
            gcp:
              constraints:
                iam.managed.disableServiceAccountKeyCreation: enforced
            aws:
              deniedActions:
                - {action: "s3:PutBucketPolicy", by: scp}
            azure:
              denyPolicies:
                - {name: deny-public-network, resourceType: Microsoft.Storage/storageAccounts, field: properties.publicNetworkAccess, values: [Enabled]}
            """;

        var run = await RunUnderAsync(stack, guardrails);

        Assert.True(run.ExitCode == ExitCodes.RehearsalFailed, run.Output + run.Error);
        Assert.DoesNotContain("Preflight of stack", run.Output, StringComparison.Ordinal);
        var error = run.Error.ReplaceLineEndings("\n");
        // Each storage's failure on a line of its own, not joined by an escaped line break.
        Assert.DoesNotContain("\\u000A", error, StringComparison.Ordinal);
        Assert.Equal(3, error.Split('\n').Count(line => line.StartsWith("Storage 'dev-recordings-", StringComparison.Ordinal)));
        // Each cloud's answer, in its own words, naming what refused.
        Assert.Contains("Storage 'dev-recordings-gcs' (gcs, dev-dev-recordings-gcs-", ConsoleText.Flat(error), StringComparison.Ordinal);
        Assert.Contains(
            "iam.googleapis.com answered 400 FAILED_PRECONDITION: Key creation is not allowed on this service account. (violation: constraints/iam.managed.disableServiceAccountKeyCreation on projects/acme-video-dev/serviceAccounts/",
            ConsoleText.Flat(error), StringComparison.Ordinal);
        Assert.Matches(
            @"s3\.amazonaws\.com answered 403 AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/pulumi-session is not authorized to perform: s3:PutBucketPolicy on resource: arn:aws:s3:::dev-dev-recordings-s3-[0-9a-f]{8} with an explicit deny in a service control policy",
            ConsoleText.Flat(error));
        Assert.Matches(
            @"management\.azure\.com answered 403 RequestDisallowedByPolicy: Resource '[a-z0-9]+' was disallowed by policy\. Policy identifiers: '\[\{""policyAssignment"":\{""name"":""deny-public-network""",
            ConsoleText.Flat(error));
        // Half way: what came before the refusal was made, then destroyed.
        Assert.Matches(@"dev-dev-recordings-s3-[0-9a-f]{8}: created", error);
        Assert.Matches(@"dev-dev-recordings-s3-[0-9a-f]{8}: deleted with its objects", error);
        Assert.Contains("@acme-video-dev.iam.gserviceaccount.com: created", error, StringComparison.Ordinal);
        Assert.DoesNotContain("registering with Stream", error, StringComparison.Ordinal);
        Assert.Contains("Rehearsal did not hold: 0/3 storages checked, 0 recording(s) in the stack's buckets, 0 left behind", ConsoleText.Flat(run.Output + run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_an_scp_denying_the_governance_bypass_refuses_destroy_and_the_locked_bucket_is_left_with_its_recordings()
    {
        var run = await RunGovernanceLockedForceDestroyAsync(preflight: "off");

        Assert.True(run.ExitCode == ExitCodes.RehearsalFailed, run.Output + run.Error);
        var board = ConsoleText.Flat(run.Output + run.Error);
        // Up and the recording held: only destroy meets the wall, with S3's own answer.
        Assert.Matches(@"lk-lk-s3-[0-9a-f]{8}: created", board);
        Assert.Contains("lk-s3: registered and checked", board, StringComparison.Ordinal);
        Assert.Matches(
            @"Destroy failed: Storage 'lk-s3' \(s3, lk-lk-s3-[0-9a-f]{8}\): s3\.amazonaws\.com answered 403 AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/pulumi-session is not authorized to perform: s3:BypassGovernanceRetention on resource: arn:aws:s3:::lk-lk-s3-[0-9a-f]{8}/calls/\S+ with an explicit deny in a service control policy",
            board);
        Assert.DoesNotMatch(@"lk-lk-s3-[0-9a-f]{8}: deleted", board);
        Assert.Matches(@"Left behind: S3 bucket lk-lk-s3-[0-9a-f]{8}, with its recordings under the governance lock: destroy could not empty it \(403 AccessDenied\)", board);
        Assert.Contains(", 1 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_scp_denying_the_governance_bypass_stops_the_rehearsal_at_preflight_with_retain_as_the_alternative()
    {
        var board = Board(await RunGovernanceLockedForceDestroyAsync(preflight: "warn"), ExitCodes.PreflightBlocked);

        Assert.Contains("lk-s3 (s3): BLOCKS", board, StringComparison.Ordinal);
        Assert.Contains("s3:BypassGovernanceRetention on arn:aws:s3:::lk-lk-s3-*/* (for lk-s3-bucket) in eu-west-1: pulumi destroy would stop at lk-s3-bucket", board, StringComparison.Ordinal);
        Assert.Contains("set dataProtection: retain, which keeps the bucket and its recordings on destroy and takes none of them", board, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
        Assert.DoesNotContain(": created", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rehearses a governance-locked S3 storage that destroy deletes with its recordings, bound to the default call type,
    /// under an SCP denying s3:BypassGovernanceRetention.
    /// </summary>
    private async Task<CliRun> RunGovernanceLockedForceDestroyAsync(string preflight)
    {
        var stack = WritePreflightStack("lk", preflight, """
                - name: lk-s3
                  cloud: s3
                  region: eu-west-1
                  path: calls/
                  dataProtection: forceDestroy
                  immutability: {days: 1, mode: governance}
              recording-storage:bindings:
                default: lk-s3
            """);
        var guardrails = "aws:\n  deniedActions:\n    - {action: \"s3:BypassGovernanceRetention\", by: scp}\n";
        return await RunUnderAsync(stack, guardrails);
    }

    /// <summary>An SCP that protects buckets from deletion: destroy's forceDestroy is refused its first delete of the bucket, and empties nothing.</summary>
    [Theory]
    [InlineData("warn", ExitCodes.PreflightBlocked, "s3:DeleteBucket on arn:aws:s3:::dl-dl-s3-* (for dl-s3-bucket) in eu-west-1: pulumi destroy would stop at dl-s3-bucket")]
    [InlineData("off", ExitCodes.RehearsalFailed, ", with its recordings: destroy could not delete it (403 AccessDenied)")]
    public async Task An_scp_denying_bucket_deletion_is_a_wall_of_destroy_for_a_bucket_it_deletes(string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("dl", preflight, """
                - name: dl-s3
                  cloud: s3
                  region: eu-west-1
                  path: calls/
                  dataProtection: forceDestroy
              recording-storage:bindings:
                default: dl-s3
            """);

        var board = await RehearseUnderAsync(exitCode, stack, "aws:\n  deniedActions:\n    - {action: \"s3:DeleteBucket\", by: scp}\n");

        Assert.Contains(said, board, StringComparison.Ordinal);
        if (preflight == "off")
        {
            // Up and the recording held; destroy met the wall at the bucket's delete, with S3's own answer, before emptying it.
            Assert.Contains("dl-s3: registered and checked", board, StringComparison.Ordinal);
            Assert.Contains("is not authorized to perform: s3:DeleteBucket on resource: arn:aws:s3:::dl-dl-s3-", board, StringComparison.Ordinal);
            Assert.Contains(", 1 left behind,", board, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("set dataProtection: retain, which keeps the bucket and its recordings on destroy and takes none of them", board, StringComparison.Ordinal);
            Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_storage_owning_its_projects_key_exception_lifts_the_enforced_constraint_before_every_key_there()
    {
        var board = await RehearseKeyExceptionStackAsync(preflight: "warn", deniedPermission: null, ExitCodes.Success);

        Assert.Contains("kce-owner-key-creation-exception: set: projects/acme-video-dev/policies/iam.disableServiceAccountKeyCreation, rule enforce: false; takes effect at once here, in Google Cloud up to 15 minutes later: not enforced locally", board, StringComparison.Ordinal);
        Assert.Contains("kce-owner-managed-key-creation-exception: set: projects/acme-video-dev/policies/iam.managed.disableServiceAccountKeyCreation, rule enforce: false; takes effect at once here, in Google Cloud up to 15 minutes later: not enforced locally", board, StringComparison.Ordinal);
        // The storage listed first, which does not own the exception, gets its key after it too.
        Assert.Contains("kce-second-writer-key: created", board, StringComparison.Ordinal);
        // Destroy deletes the exception after the keys.
        Assert.True(
            board.IndexOf("kce-owner-key-creation-exception: deleted", StringComparison.Ordinal) > board.LastIndexOf("writer-key: deleted", StringComparison.Ordinal),
            board);
        Assert.Contains("Rehearsal held: 2/2 storages checked", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_right_to_set_the_projects_policies_org_policy_refuses_the_exception_before_any_key()
    {
        var board = await RehearseKeyExceptionStackAsync(preflight: "off", deniedPermission: "orgpolicy.policies.create", ExitCodes.RehearsalFailed);

        Assert.Contains("Storage 'kce-owner' (gcs, kce-kce-owner-", board, StringComparison.Ordinal);
        Assert.Contains("orgpolicy.googleapis.com answered 403 PERMISSION_DENIED: Permission 'orgpolicy.policies.create' denied on resource", board, StringComparison.Ordinal);
        Assert.DoesNotContain("writer-key: created", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// A GCS storage with a key the stack creates, and with usage logs too (<c>withLogs</c>), in a project where a
    /// constraint refuses the key ring or key (Cloud KMS), or the log bucket or its writer (Cloud Storage): preflight
    /// blocks, and without it the cloud refuses as the program orders them, before the bucket exists.
    /// </summary>
    [Theory]
    [InlineData(false, "gcp.resourceLocations: [in:eu-locations]", "warn", ExitCodes.PreflightBlocked, "gcp.resourceLocations on project acme-video-dev refuses the key ring the stack creates for the bucket's key (encryptionKey: create) in europe: it allows only in:eu-locations.")]
    [InlineData(false, "gcp.resourceLocations: [in:eu-locations]", "off", ExitCodes.RehearsalFailed, "cloudkms.googleapis.com answered 400 FAILED_PRECONDITION: The key ring's location 'europe' violates constraint 'constraints/gcp.resourceLocations'.")]
    [InlineData(false, "cloudkms.allowedProtectionLevels: [HSM]", "warn", ExitCodes.PreflightBlocked, "cloudkms.allowedProtectionLevels on project acme-video-dev refuses the key the stack creates for the bucket (encryptionKey: create), which Cloud KMS protects in software (SOFTWARE): it allows only HSM.")]
    [InlineData(false, "cloudkms.allowedProtectionLevels: [HSM]", "off", ExitCodes.RehearsalFailed, "cloudkms.googleapis.com answered 400 FAILED_PRECONDITION: The key's protection level 'SOFTWARE' violates constraint 'constraints/cloudkms.allowedProtectionLevels'.")]
    [InlineData(true, "gcp.restrictNonCmekServices: [storage.googleapis.com]", "warn", ExitCodes.PreflightBlocked, "it refuses the log bucket the stack creates for the usage logs, which it creates with Google-managed encryption")]
    [InlineData(true, "gcp.restrictNonCmekServices: [storage.googleapis.com]", "off", ExitCodes.RehearsalFailed, "storage.googleapis.com answered 412 conditionNotMet: Request violates constraint 'constraints/gcp.restrictNonCmekServices' on the resource 'projects/acme-video-dev/buckets/kr-kr-gcs-logs-")]
    [InlineData(true, "iam.allowedPolicyMemberDomains: [is:C03xmp1e]", "warn", ExitCodes.PreflightBlocked, "it refuses the grant to group:cloud-storage-analytics@google.com, Google's group that writes usage logs")]
    [InlineData(true, "iam.allowedPolicyMemberDomains: [is:C03xmp1e]", "off", ExitCodes.RehearsalFailed, "storage.googleapis.com answered 412 conditionNotMet: One or more users named in the policy do not belong to a permitted customer, perhaps due to an organization policy (group:cloud-storage-analytics@google.com).")]
    [InlineData(true, "iam.managed.allowedPolicyMembers: [//cloudresourcemanager.googleapis.com/organizations/570033, group:admins@example.com]", "warn", ExitCodes.PreflightBlocked, "iam.managed.allowedPolicyMembers is enforced on project acme-video-dev and allows only group:admins@example.com, //cloudresourcemanager.googleapis.com/organizations/570033: it refuses the grant to group:cloud-storage-analytics@google.com")]
    [InlineData(true, "iam.managed.allowedPolicyMembers: [//cloudresourcemanager.googleapis.com/organizations/570033, group:admins@example.com]", "off", ExitCodes.RehearsalFailed, "storage.googleapis.com answered 412 conditionNotMet: One or more users named in the policy do not belong to a permitted customer, perhaps due to an organization policy (group:cloud-storage-analytics@google.com).")]
    public async Task A_constraint_refuses_what_a_gcs_storage_needs_before_its_bucket(bool withLogs, string constraint, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("kr", preflight, $"""
                - name: kr-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
                  encryptionKey: create{(withLogs ? "\n      accessLogs: create" : "")}
            """);
        // gcp.resourceLocations' in:eu-locations allows the EU bucket, not the europe key ring; the usage logs need a
        // log bucket without the key, and Google's writer granted on it.
        var guardrails = $"gcp:\n  constraints:\n    {constraint}\n";

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        // What is refused comes first, so no bucket was made, none is said to be left, and nothing is.
        Assert.DoesNotContain("left, with its objects", board, StringComparison.Ordinal);
        Assert.DoesNotContain("Left on purpose", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// Where the organization allows only some soft delete durations, the buckets of a GCS storage without softDeleteDays get
    /// Cloud Storage's default of 7 days, which Cloud Storage refuses at the first of them, the log bucket; softDeleteDays
    /// set to an allowed duration goes through for both.
    /// </summary>
    [Theory]
    [InlineData("", "warn", ExitCodes.PreflightBlocked, "storage.softDeletePolicySeconds on project acme-video-dev refuses Cloud Storage's default soft delete duration of 604800 s (7 days), which the bucket and the log bucket the stack creates without softDeleteDays would get")]
    [InlineData("", "off", ExitCodes.RehearsalFailed, "storage.googleapis.com answered 412 conditionNotMet: '604800' violates constraint 'constraints/storage.softDeletePolicySeconds' on the resource 'projects/acme-video-dev/buckets/sd-sd-gcs-logs-")]
    [InlineData("\n      softDeleteDays: 30", "strict", ExitCodes.Success, "storage.softDeletePolicySeconds on project acme-video-dev allows the soft delete duration of 2592000 s (softDeleteDays: 30) of the bucket and the log bucket the stack creates.")]
    public async Task A_gcs_storage_meets_the_organizations_soft_delete_durations_with_softDeleteDays(string softDelete, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("sd", preflight, $"""
                - name: sd-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
                  accessLogs: create{softDelete}
            """);
        var guardrails = "gcp:\n  constraints:\n    storage.softDeletePolicySeconds: [\"2592000\", \"0\"]\n";

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
        // The GCS emulator has no bucket settings: the row says so rather than claim the duration.
        Assert.Equal(
            exitCode == ExitCodes.Success,
            board.Contains("deleted objects kept 30 days on the buckets the stack creates; not enforced locally (the GCS emulator has no bucket API, hence no soft delete)", StringComparison.Ordinal));
    }

    /// <summary>
    /// An organization that makes keys expire lets the key be created: preflight stops a storage whose key would expire
    /// before the doctor's warning leaves time to rotate it, and the rehearsal of one that lives longer says the expiry is
    /// not enforced locally.
    /// </summary>
    [Theory]
    [InlineData("336h", ExitCodes.PreflightBlocked, "iam.serviceAccountKeyExpiryHours on project acme-video-dev makes the service account's key expire 336 hours (14 days) after pulumi up creates it. That is within the 14 days ahead")]
    [InlineData("720h", ExitCodes.Success, "iam.serviceAccountKeyExpiryHours on project acme-video-dev makes the service account's key expire 720 hours (30 days) after pulumi up creates it: rotate it")]
    public async Task A_gcs_storage_meets_the_organizations_key_expiry_where_it_leaves_time_to_rotate_the_key(string lifetime, int exitCode, string said)
    {
        var stack = WritePreflightStack("ke", "strict", """
                - name: ke-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
            """);

        var board = await RehearseUnderAsync(exitCode, stack, $"gcp:\n  constraints:\n    iam.serviceAccountKeyExpiryHours: [{lifetime}]\n");

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Equal(
            exitCode == ExitCodes.Success,
            board.Contains("iam.serviceAccountKeyExpiryHours makes it expire after 720 hours, not enforced locally (the token endpoint takes it until it is deleted)", StringComparison.Ordinal));
    }

    /// <summary>
    /// An organization's custom constraint enforced on the project: preflight cannot evaluate its condition, so it is not
    /// examined (a warning, or a stop under strict), and the rehearsal that goes on says the local world does not enforce it.
    /// </summary>
    [Theory]
    [InlineData("warn", ExitCodes.Success)]
    [InlineData("strict", ExitCodes.PreflightNotExamined)]
    public async Task An_enforced_custom_constraint_is_not_examined_and_not_enforced_locally(string preflight, int exitCode)
    {
        var stack = WritePreflightStack("cc", preflight, """
                - name: cc-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
            """);
        const string guardrails = """
            gcp:
              projectParents:
                acme-video-dev: [organizations/570033]
              customConstraints:
                custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE, UPDATE], actionType: ALLOW, condition: "'team' in resource.labels"}
              constraints:
                custom.bucketLabels: enforced
            """;

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains("Of organization 570033's custom constraints that judge what the stack makes, this is enforced on project acme-video-dev, and preflight does not evaluate conditions: custom.bucketLabels (ALLOW on CREATE, UPDATE where 'team' in resource.labels) judges cc-gcs-bucket.", board, StringComparison.Ordinal);
        Assert.Equal(
            exitCode == ExitCodes.Success,
            board.Contains("cc-gcs-custom-constraints: custom.bucketLabels enforced on project acme-video-dev; not enforced locally (the local world does not evaluate a custom constraint's condition)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("warn", ExitCodes.PreflightBlocked, "Project acme-video-dev has a policy of its own on iam.disableServiceAccountKeyCreation (which enforces it), which the stack does not make")]
    [InlineData("off", ExitCodes.RehearsalFailed, "orgpolicy.googleapis.com answered 409 ALREADY_EXISTS: Policy projects/acme-video-dev/policies/iam.disableServiceAccountKeyCreation already exists.")]
    public async Task A_projects_own_policy_on_a_key_constraint_refuses_the_stacks_exception(string preflight, int exitCode, string said)
    {
        var board = await RehearseKeyExceptionStackAsync(preflight, deniedPermission: null, exitCode, projectPolicy: "iam.disableServiceAccountKeyCreation");

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.DoesNotContain("writer-key: created", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owners_azure_key_in_a_stack_that_names_no_subscription_is_rehearsed_in_the_keys_subscription()
    {
        var board = await RehearseOwnersAzureKeyAsync(subscription: null, ExitCodes.Success);

        Assert.Contains("Rehearsal held: 1/1 storages checked", board, StringComparison.Ordinal);
        Assert.Contains($"the customer-managed key {OwnersAzureKey}", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owners_azure_key_outside_the_stacks_subscription_stops_the_rehearsal_at_preflight()
    {
        var board = await RehearseOwnersAzureKeyAsync("00000000-1111-2222-3333-444444444444", ExitCodes.PreflightBlocked);

        Assert.Contains("azure-key-subscription", board, StringComparison.Ordinal);
        Assert.Contains("The key's vault is in subscription 99999999-8888-7777-6666-555555555555, and the stack deploys into 00000000-1111-2222-3333-444444444444", board, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_gcs_bucket_without_uniform_access_stops_the_rehearsal_at_preflight_with_its_owners_command()
    {
        var run = await RunDescribedBucketAsync(preflight: "warn", uniformAccess: false, immutability: "");

        Assert.True(run.ExitCode == ExitCodes.PreflightBlocked, run.Output + run.Error);
        var output = ConsoleText.Flat(run.Output);
        Assert.Contains("ubla-gcs (gcs): BLOCKS", output, StringComparison.Ordinal);
        Assert.Contains("gcs-existing-bucket-uniform-access (BLOCKS), the fix:", output, StringComparison.Ordinal);
        Assert.Contains("Bucket 'acme-archive' does not have uniform bucket-level access", output, StringComparison.Ordinal);
        Assert.Contains("gcloud storage buckets update gs://acme-archive --uniform-bucket-level-access", output, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("writer-key: created", run.Output + run.Error, StringComparison.Ordinal);
        // The owner's bucket was never put in place: nothing of it is left on purpose, nor lost.
        Assert.DoesNotContain("Left on purpose", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("lost the owner's", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", ConsoleText.Flat(run.Output + run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_cloud_storage_refuses_the_conditional_grant_on_a_described_bucket_without_uniform_access_and_nothing_is_left()
    {
        var board = Board(await RunDescribedBucketAsync(preflight: "off", uniformAccess: false, immutability: ""), ExitCodes.RehearsalFailed);

        Assert.Contains("Storage 'ubla-gcs' (gcs, acme-archive): storage.googleapis.com answered 400 invalid: IAM conditions are allowed only on buckets with uniform bucket-level access, which bucket 'acme-archive' does not have.", board, StringComparison.Ordinal);
        Assert.DoesNotContain("writer-access: granted", board, StringComparison.Ordinal);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        // The service account made before the refusal is destroyed; the owner's bucket is left as it was.
        Assert.Contains("@acme-video-dev.iam.gserviceaccount.com: deleted", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_described_bucket_with_uniform_access_takes_the_conditional_grant_unlocked_as_described_and_the_rehearsal_holds()
    {
        var board = Board(await RunDescribedBucketAsync(preflight: "warn", uniformAccess: true, immutability: ""), ExitCodes.Success);

        Assert.Contains("ubla-gcs-retention-policy: none, as the guardrails file describes acme-archive (uniform bucket-level access on, in EU)", board, StringComparison.Ordinal);
        Assert.Contains("ubla-gcs-writer-access: granted", board, StringComparison.Ordinal);
        Assert.Contains("Rehearsal held: 1/1 storages checked, 1 recording(s)", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_a_described_bucket_keeps_no_lock_the_stack_declares_and_the_owner_deletes_the_recording()
    {
        var board = Board(await RunDescribedBucketAsync(preflight: "off", uniformAccess: true, immutability: "\n      immutability: {days: 1, mode: governance}"), ExitCodes.RehearsalFailed);

        Assert.Contains("Storage 'ubla-gcs': the owner deleted the recording acme-archive/", board, StringComparison.Ordinal);
        Assert.DoesNotContain("the owner's retention policy, as the stack expects", board, StringComparison.Ordinal);
        // The bucket is left as the owner's, and not said to be under a lock it never had.
        Assert.Contains("(ubla-gcs: existing bucket)", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gcs_storage_in_no_project_is_refused_as_pulumi_preview_refuses_it_before_anything_starts()
    {
        var stack = _scratch.WriteStack("np", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: np-gcs
                  cloud: gcs
                  location: EU
            """);

        var run = await environment.RunAsync(["rehearse", stack]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("storages[0].project: is not set and the stack has no gcp:project", ConsoleText.Flat(run.Error), StringComparison.Ordinal);
        Assert.DoesNotContain("Rehearsal", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "off", ExitCodes.RehearsalFailed, "Storage 'own-s3': the owner deleted the recording acme-s3-archive/")]
    [InlineData("", "warn", ExitCodes.PreflightBlocked, "s3-existing-bucket-lock (BLOCKS)")]
    [InlineData(", defaultRetention: {days: 1, mode: governance}", "off", ExitCodes.Success, "the owner's Object Lock, as the guardrails file describes it: 1 day, governance")]
    public async Task An_existing_s3_bucket_the_guardrails_file_describes_keeps_the_lock_it_has_not_the_one_the_stack_expects(
        string retention, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("own", preflight, """
                - name: own-s3
                  cloud: s3
                  region: eu-west-1
                  existingBucket: acme-s3-archive
                  bucketPolicy: manual
                  path: calls/
                  immutability: {days: 1, mode: governance}
              recording-storage:bindings:
                default: own-s3
            """);
        var guardrails = $"aws:\n  existingBuckets:\n    acme-s3-archive: {{region: eu-west-1{retention}}}\n";

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.DoesNotContain("the owner's Object Lock, as the stack expects", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rehearses a GCS storage with a path on acme-archive, an owner's bucket the guardrails file describes (in EU, with
    /// or without uniform bucket-level access, no retention policy) and bound to the default call type; <paramref name="immutability"/>
    /// is added to the storage.
    /// </summary>
    private async Task<CliRun> RunDescribedBucketAsync(string preflight, bool uniformAccess, string immutability)
    {
        var stack = WritePreflightStack("ubla", preflight, $"""
                - name: ubla-gcs
                  cloud: gcs
                  existingBucket: acme-archive
                  path: calls/{immutability}
              recording-storage:bindings:
                default: ubla-gcs
            """);
        var guardrails = $"gcp:\n  existingBuckets:\n    acme-archive: {{uniformBucketLevelAccess: {(uniformAccess ? "true" : "false")}, location: EU}}\n";
        return await RunUnderAsync(stack, guardrails);
    }

    [Fact]
    public async Task A_key_of_a_project_under_an_allowed_folder_passes_preflight_and_the_rehearsal_holds()
    {
        var board = await RehearseCentralKeyAsync("acme-central-keys", preflight: "warn", ExitCodes.Success);

        Assert.Contains("gcp.restrictCmekCryptoKeyProjects on project acme-video-dev allows keys of project acme-central-keys (its ancestry: projects/acme-central-keys < folders/308112 < organizations/570033)", board, StringComparison.Ordinal);
        Assert.Contains("Rehearsal held: 1/1 storages checked", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// An Azure storage under an Entra tenant the guardrails file describes: what preflight finds of who may create Stream's
    /// application and its secret, and what the rehearsal makes where nothing refuses it.
    /// </summary>
    [Theory]
    [InlineData(
        "azure:\n  usersCanRegisterApplications: false\n  servicePrincipal:\n    graphPermissions: [Application.ReadWrite.OwnedBy]\n",
        ExitCodes.Success,
        new[] { "Stream recordings sp/sp-abs: created, client id", "Rehearsal held: 1/1 storages checked" },
        Label = "a service principal granted Application.ReadWrite.OwnedBy creates Stream's application where users may not")]
    [InlineData(
        "azure:\n  servicePrincipal:\n    graphPermissions: [Directory.Read.All]\n",
        ExitCodes.PreflightBlocked,
        new[]
        {
            "entra.allowedToCreateApps",
            "granted neither of the Microsoft Graph application permissions that may create applications, Application.ReadWrite.OwnedBy nor Application.ReadWrite.All",
            "--api-permissions 18a4783c-866b-4cc7-a460-3d5e5662c884=Role",
            "Preflight stopped the rehearsal before anything was created",
        },
        Label = "a service principal granted neither permission that may create applications stops at preflight where users may register")]
    [InlineData(
        "azure:\n  guest: true\n",
        ExitCodes.PreflightBlocked,
        new[]
        {
            "entra.allowedToCreateApps",
            "The tenant lets its members register applications (allowedToCreateApps is true), but you sign in as a guest, whose role (guestUserRoleId) does not include it",
            "or deploy signed in as a member of the tenant, or as a service principal.",
            "Preflight stopped the rehearsal before anything was created",
        },
        Label = "a guest, whom the tenant's setting for users does not cover, stops at preflight")]
    [InlineData(
        "azure:\n  appManagementPolicy: {maxPasswordLifetimeDays: 90}\n",
        ExitCodes.PreflightBlocked,
        new[]
        {
            "entra.appManagementPolicy",
            "caps the passwords of applications created now at 90 days (passwordLifetime), shorter than the client secret's 180 days (clientSecretDays)",
            "Set clientSecretDays: 90 (or fewer) on storage sp-abs",
            "Preflight stopped the rehearsal before anything was created",
        },
        Label = "a password lifetime cap below clientSecretDays stops at preflight with the days that fit")]
    [InlineData(
        "azure:\n  appManagementPolicy: {maxPasswordLifetimeDays: 180}\n",
        ExitCodes.Success,
        new[] { "sp-abs-secret: created; the local Entra endpoint accepts it", "Rehearsal held: 1/1 storages checked" },
        Label = "a secret within the lifetime cap is created and the rehearsal holds")]
    public async Task An_entra_tenant_the_guardrails_file_describes_is_rehearsed_as_entra_would_answer(string guardrails, int exitCode, string[] said)
    {
        var board = await RehearseAzureAsync(guardrails, exitCode);

        Assert.All(said, line => Assert.Contains(line, board, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{passwordAddition: blocked}", "graph.microsoft.com answered 400 PasswordAdditionBlockedByPolicy: Adding a password is not allowed as per assigned policy '00000000-0000-0000-0000-000000000000'")]
    [InlineData("{maxPasswordLifetimeDays: 90}", "graph.microsoft.com answered 400 CredentialInvalidLifetimeAsPerAppPolicy: Credential lifetime exceeds the max value allowed as per assigned policy '00000000-0000-0000-0000-000000000000'.")]
    public async Task With_preflight_off_graph_refuses_the_secret_after_the_application_and_nothing_is_left(string policy, string refusal)
    {
        var board = await RehearseAzureAsync($"azure:\n  appManagementPolicy: {policy}\n", ExitCodes.RehearsalFailed, preflight: "off");

        Assert.Contains(refusal, board, StringComparison.Ordinal);
        Assert.Contains("Stream recordings sp/sp-abs: created, client id", board, StringComparison.Ordinal);
        Assert.DoesNotContain("sp-abs-secret: created", board, StringComparison.Ordinal);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_a_project_outside_the_allowed_folder_stops_the_rehearsal_at_preflight_with_the_allow_command()
    {
        var board = await RehearseCentralKeyAsync("acme-team-keys", preflight: "warn", ExitCodes.PreflightBlocked);

        Assert.Contains("gcp.restrictCmekCryptoKeyProjects on project acme-video-dev refuses the bucket's default key, a key of project acme-team-keys", board, StringComparison.Ordinal);
        Assert.Contains("under:projects/acme-team-keys allowed on project acme-video-dev, beside what is allowed above", board, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_cloud_storage_refuses_the_bucket_whose_key_project_is_not_allowed_and_nothing_is_left()
    {
        var board = await RehearseCentralKeyAsync("acme-team-keys", preflight: "off", ExitCodes.RehearsalFailed);

        Assert.Contains(
            "storage.googleapis.com answered 412 conditionNotMet: Request violates constraint 'constraints/gcp.restrictCmekCryptoKeyProjects' on the resource 'projects/acme-video-dev/buckets/cmek-cmek-gcs-",
            board, StringComparison.Ordinal);
        Assert.Contains("its default Cloud KMS key is in project 'acme-team-keys'", board, StringComparison.Ordinal);
        Assert.DoesNotContain("iam.gserviceaccount.com: created", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rehearses a GCS storage encrypted with an owner's key of <paramref name="keyProject"/> in an organization that
    /// allows keys only from projects under folder 308112, which holds acme-central-keys; once it exited with
    /// <paramref name="exitCode"/>, returns its output and board as one flat text.
    /// </summary>
    private async Task<string> RehearseCentralKeyAsync(string keyProject, string preflight, int exitCode)
    {
        var stack = WritePreflightStack("cmek", preflight, $"""
                - name: cmek-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
                  encryptionKey: projects/{keyProject}/locations/europe/keyRings/recordings/cryptoKeys/recordings
            """);
        var guardrails = """
            gcp:
              constraints:
                gcp.restrictCmekCryptoKeyProjects: [under:folders/308112]
              projectParents:
                acme-central-keys: [folders/308112, organizations/570033]
                acme-team-keys: [folders/441900, organizations/570033]
            """;
        return await RehearseUnderAsync(exitCode, stack, guardrails);
    }

    [Fact]
    public async Task A_boundary_that_allows_the_creates_but_not_a_read_back_stops_preflight_at_the_resource_the_provider_reads()
    {
        var stack = _scratch.WriteStack("rb", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: rb-s3
                  cloud: s3
                  region: eu-west-1
                  path: calls/
            """);
        var guardrails = "aws:\n  deniedActions:\n    - {action: \"s3:GetBucketWebsite\", by: boundary}\n";

        var board = await RehearseUnderAsync(ExitCodes.PreflightBlocked, stack, guardrails);

        Assert.Contains("aws-permissions-boundary (BLOCKS), the fix: Have the boundary policy allow s3:GetBucketWebsite on the plan's resources", board, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
        // No bucket was made, so none is said to be left.
        Assert.DoesNotContain("Left on purpose", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// An SCP that requires a CostCenter tag on the requests creating an IAM user or a KMS key: preflight simulates those
    /// creates with the tags pulumi up sends, which the stack's tags or the AWS provider's default tags give.
    /// </summary>
    [Theory]
    [InlineData("", "warn", ExitCodes.PreflightBlocked, "aws-scp (BLOCKS), the fix: If the policy asks for tag CostCenter at creation, set it in the stack's tags (recording-storage:tags) or the AWS provider's aws:defaultTags")]
    [InlineData("", "off", ExitCodes.RehearsalFailed, "kms.amazonaws.com answered 403 AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/pulumi-session is not authorized to perform: kms:CreateKey on resource: * with an explicit deny in a service control policy")]
    [InlineData("recording-storage:tags: {CostCenter: \"4711\"}", "strict", ExitCodes.Success, "Rehearsal held: 1/1 storages checked")]
    [InlineData("aws:defaultTags: {tags: {CostCenter: \"4711\"}}", "strict", ExitCodes.Success, "Rehearsal held: 1/1 storages checked")]
    public async Task An_scp_requiring_a_tag_at_creation_is_met_by_the_stacks_tags_or_the_aws_providers_default_tags(string tagging, string preflight, int exitCode, string said)
    {
        var stack = _scratch.WriteStack("tg", $"""
            config:
              {tagging}
              recording-storage:production: false
              recording-storage:preflight: {preflight}
              recording-storage:storages:
                - name: tg-s3
                  cloud: s3
                  region: eu-west-1
                  path: calls/
                  authMode: keys
                  encryptionKey: create
            """);

        var board = await RehearseUnderAsync(exitCode, stack, "aws:\n  requiredTags: [CostCenter]\n");

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{region: us-east-1}", "warn", ExitCodes.PreflightBlocked, "s3-existing-log-bucket (BLOCKS), the fix: Name a log bucket in eu-west-1 (accessLogs: BUCKET), or set accessLogs: create")]
    [InlineData("{region: us-east-1}", "off", ExitCodes.RehearsalFailed, "s3.amazonaws.com answered 403 CrossLocationLoggingProhibited: Cross-location logging not allowed.")]
    [InlineData("{region: eu-west-1, defaultRetention: {days: 30, mode: compliance}}", "warn", ExitCodes.PreflightBlocked, "s3-existing-log-bucket (BLOCKS), the fix: Have its owner remove the default retention, keeping Object Lock on (aws s3api put-object-lock-configuration --bucket acme-access-logs")]
    public async Task S3_refuses_an_existing_log_bucket_of_another_region_or_with_a_default_retention_at_the_buckets_logging(string described, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("sl", preflight, """
                - name: sl-s3
                  cloud: s3
                  region: eu-west-1
                  path: calls/
                  accessLogs: acme-access-logs
            """);
        var guardrails = $"aws:\n  existingBuckets:\n    acme-access-logs: {described}\n";

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// With preflight off, what the program makes beside the bucket (a key, a log bucket, the key's grant, the project's audit
    /// configuration) is refused mid-up as the cloud would refuse it, though the emulators make none of it.
    /// </summary>
    [Theory]
    [InlineData("s3", "region: eu-west-1\n      encryptionKey: create", "aws:\n  deniedActions:\n    - {action: \"kms:CreateKey\", by: scp}\n",
        "kms.amazonaws.com answered 403 AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/pulumi-session is not authorized to perform: kms:CreateKey")]
    [InlineData("s3", "region: eu-west-1\n      accessLogs: create", "aws:\n  deniedActions:\n    - {action: \"s3:PutBucketPolicy\", by: scp}\n",
        "is not authorized to perform: s3:PutBucketPolicy on resource: arn:aws:s3:::bs-bs-s3-logs-")]
    [InlineData("gcs", "location: EU\n      encryptionKey: create", "gcp:\n  deniedPermissions: [cloudkms.cryptoKeys.setIamPolicy]\n",
        "cloudkms.googleapis.com answered 403 PERMISSION_DENIED: Permission 'cloudkms.cryptoKeys.setIamPolicy' denied")]
    [InlineData("gcs", "location: EU\n      encryptionKey: create", "gcp:\n  deniedPermissions: [resourcemanager.projects.get]\n",
        "storage.googleapis.com answered 403 forbidden: deployer@example.com does not have resourcemanager.projects.get access to the Google Cloud project.")]
    [InlineData("gcs", "location: EU\n      accessLogs: auditLogs", "gcp:\n  deniedPermissions: [resourcemanager.projects.setIamPolicy]\n",
        "cloudresourcemanager.googleapis.com answered 403 PERMISSION_DENIED: Permission 'resourcemanager.projects.setIamPolicy' denied")]
    public async Task With_preflight_off_what_the_program_makes_beside_the_bucket_is_refused_as_the_cloud_refuses_it(string cloud, string settings, string guardrailsYaml, string said)
    {
        var stack = WritePreflightStack("bs", "off", $"""
                - name: bs-{cloud}
                  cloud: {cloud}
                  path: calls/
                  {settings}
            """);

        var board = await RehearseUnderAsync(ExitCodes.RehearsalFailed, stack, guardrailsYaml);

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// Domain restricted sharing in one project, acme-logs, of an organization that leaves the stack's project acme-video-dev free:
    /// the usage-log group's grant on an existing log bucket is refused only where the bucket is in acme-logs.
    /// </summary>
    [Theory]
    [InlineData("acme-logs", "warn", ExitCodes.PreflightBlocked, "iam.allowedPolicyMemberDomains (BLOCKS), the fix: Send the access logs to the project's audit logs (accessLogs: auditLogs)")]
    [InlineData("acme-logs", "off", ExitCodes.RehearsalFailed, "storage.googleapis.com answered 412 conditionNotMet: One or more users named in the policy do not belong to a permitted customer")]
    [InlineData("acme-video-dev", "strict", ExitCodes.Success, "Rehearsal held: 1/1 storages checked")]
    public async Task Domain_restricted_sharing_is_judged_in_the_project_of_an_existing_gcs_log_bucket(string logProject, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("gl", preflight, """
                - name: gl-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
                  accessLogs: acme-usage-logs
            """);
        var guardrails = $$"""
            gcp:
              constraints:
                iam.allowedPolicyMemberDomains: {acme-logs: ["is:C03xmp1e"]}
              existingBuckets:
                acme-usage-logs: {uniformBucketLevelAccess: true, project: {{logProject}}}

            """;

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        if (preflight == "warn")
        {
            Assert.Contains($"(Project {GoogleGuardrailServer.ProjectNumberOf(logProject)} is log bucket acme-usage-logs's, whose policies Cloud Storage applies to the grant.)", board, StringComparison.Ordinal);
        }

        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    private const string CentralLogAccount = "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/logs-rg/providers/Microsoft.Storage/storageAccounts/acmelogs";
    private const string CentralWorkspace = "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/central-logs/providers/Microsoft.OperationalInsights/workspaces/acme-audit";

    /// <summary>
    /// Access logs sent where Azure Monitor does not take them: an existing account of another region, or a central
    /// workspace in another subscription whose shared keys the deployer holds no role for (the linked access check).
    /// </summary>
    [Theory]
    [InlineData(CentralLogAccount, $"existingAccounts:\n    - {{id: {CentralLogAccount}, location: eastus}}", "warn", ExitCodes.PreflightBlocked,
        "abs-existing-log-account (BLOCKS), the fix: Name a storage account in westeurope (accessLogs: ACCOUNT_ID), a Log Analytics workspace (any region)")]
    [InlineData(CentralLogAccount, $"existingAccounts:\n    - {{id: {CentralLogAccount}, location: eastus}}", "off", ExitCodes.RehearsalFailed,
        "management.azure.com answered 400 BadRequest: The storage account 'acmelogs' is in eastus")]
    [InlineData(CentralWorkspace, $"logWorkspaces:\n    - {{id: {CentralWorkspace}, linkedAccess: false}}", "warn", ExitCodes.PreflightBlocked,
        "azure-log-destination (BLOCKS), the fix: Assign the deployer (PRINCIPAL) a role there that grants Microsoft.OperationalInsights/workspaces/sharedKeys/action")]
    [InlineData(CentralWorkspace, $"logWorkspaces:\n    - {{id: {CentralWorkspace}, linkedAccess: false}}", "off", ExitCodes.RehearsalFailed,
        "management.azure.com answered 403 LinkedAuthorizationFailed: The client '00000000-0000-4000-8000-0000000000d1' with object id '00000000-0000-4000-8000-0000000000d1' has permission to perform action 'Microsoft.Insights/diagnosticSettings/write'")]
    public async Task Azure_monitor_refuses_access_logs_sent_where_it_does_not_take_them(string destination, string described, string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("al", preflight, $"""
                - name: al-abs
                  cloud: abs
                  location: westeurope
                  path: calls/
                  accessLogs: {destination}
            """);

        var board = await RehearseUnderAsync(exitCode, stack, $"azure:\n  {described}\n");

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>The usage-log group's grant on the stack's log bucket comes before the bucket that logs into it, as the program orders them.</summary>
    [Fact]
    public async Task With_preflight_off_a_refused_grant_on_the_log_bucket_stops_the_up_before_the_recordings_bucket()
    {
        var stack = WritePreflightStack("lg", "off", """
                - name: lg-gcs
                  cloud: gcs
                  location: EU
                  path: calls/
                  accessLogs: create
            """);

        var board = await RehearseUnderAsync(ExitCodes.RehearsalFailed, stack, "gcp:\n  deniedPermissions: [storage.buckets.setIamPolicy]\n");

        Assert.Contains("storage.buckets.setIamPolicy", board, StringComparison.Ordinal);
        Assert.DoesNotContain("made on first write", board, StringComparison.Ordinal);
        Assert.DoesNotContain("@acme-video-dev.iam.gserviceaccount.com: created", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>The region Azure Monitor holds a log account to is the monitored account's, an existing one's too.</summary>
    [Fact]
    public async Task With_preflight_off_an_existing_accounts_logs_sent_to_an_account_of_another_region_are_refused()
    {
        var stack = WritePreflightStack("xl", "off", $"""
                - name: xl-abs
                  cloud: abs
                  existingBucket: recs
                  existingAccount: acmerec
                  resourceGroup: rg-rec
                  path: calls/
                  accessLogs: {CentralLogAccount}
            """);
        var guardrails = $$"""
            azure:
              existingAccounts:
                - {id: {{CentralLogAccount}}, location: westeurope}
                - {id: /subscriptions/{{GuardrailServers.LocalSubscriptionId}}/resourceGroups/rg-rec/providers/Microsoft.Storage/storageAccounts/acmerec, location: eastus}

            """;

        var board = await RehearseUnderAsync(ExitCodes.RehearsalFailed, stack, guardrails);

        Assert.Contains("management.azure.com answered 400 BadRequest: The storage account 'acmelogs' is in westeurope, and a diagnostic setting of a resource in eastus", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// A deployer who is the resource group's Contributor, whose role writes nothing of Microsoft.Authorization: preflight
    /// finds the custom role and its assignment out of reach; without it, Resource Manager refuses the role's create.
    /// </summary>
    [Theory]
    [InlineData("warn", ExitCodes.PreflightBlocked,
        "You lack Microsoft.Authorization/roleDefinitions/write (for ra-abs-writer-role), Microsoft.Authorization/roleAssignments/write (for ra-abs-writer-access) on /subscriptions/"
        + GuardrailServers.LocalSubscriptionId + ": pulumi up would stop at ra-abs-writer-role.")]
    [InlineData("off", ExitCodes.RehearsalFailed,
        "management.azure.com answered 403 AuthorizationFailed: The client '00000000-0000-4000-8000-0000000000d1' with object id '00000000-0000-4000-8000-0000000000d1' does not have authorization to perform action 'Microsoft.Authorization/roleDefinitions/write' over scope '/subscriptions/"
        + GuardrailServers.LocalSubscriptionId + "/resourceGroups/")]
    public async Task A_contributor_may_not_create_streams_role_and_its_assignment(string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("ra", preflight, """
                - name: ra-abs
                  cloud: abs
                  location: westeurope
                  path: calls/
            """);

        var board = await RehearseUnderAsync(exitCode, stack, "azure:\n  deniedActions: [\"Microsoft.Authorization/*/Write\", Microsoft.Authorization/elevateAccess/Action]\n");

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.DoesNotContain("ra-abs-writer-access: assigned", board, StringComparison.Ordinal);
        Assert.Contains(preflight == "off" ? ", 0 left behind," : "Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("warn", ExitCodes.PreflightBlocked, "Policy assignment allowed-locations refuses the access-log account: location notIn [\"westeurope\"] (planned: swedencentral).")]
    [InlineData("off", ExitCodes.RehearsalFailed, "management.azure.com answered 403 RequestDisallowedByPolicy: Resource 'stlogeaabs")]
    public async Task The_access_log_account_beside_an_existing_account_is_made_in_that_accounts_location_which_a_policy_may_refuse(string preflight, int exitCode, string said)
    {
        var stack = WritePreflightStack("ea", preflight, """
                - name: ea-abs
                  cloud: abs
                  existingBucket: recordings
                  existingAccount: acmearchive
                  resourceGroup: video-archive
                  path: calls/
                  accessLogs: create
            """);
        var guardrails = $$"""
            azure:
              allowedLocations: [westeurope]
              existingAccounts:
                - {id: /subscriptions/{{GuardrailServers.LocalSubscriptionId}}/resourceGroups/video-archive/providers/Microsoft.Storage/storageAccounts/acmearchive, location: swedencentral}

            """;

        var board = await RehearseUnderAsync(exitCode, stack, guardrails);

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        Assert.Contains(preflight == "off" ? ", 0 left behind," : "Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// pulumi up's preflight reads no subscription the stack and the environment do not name (the sign-in's is the
    /// provider's to pick), so neither does the rehearsal's; Azure still refuses what the policy denies.
    /// </summary>
    [Theory]
    [InlineData("warn", ExitCodes.RehearsalFailed, "management.azure.com answered 403 RequestDisallowedByPolicy")]
    [InlineData("strict", ExitCodes.PreflightNotExamined, "Preflight stopped the rehearsal before anything was created (strict): a guardrail could not be examined")]
    public async Task A_stack_naming_no_azure_subscription_has_that_subscriptions_guardrails_not_examined_as_pulumi_up_has(string preflight, int exitCode, string said)
    {
        var stack = _scratch.WriteStack("ns", $"""
            config:
              recording-storage:production: false
              recording-storage:preflight: {preflight}
              recording-storage:storages:
                - name: ns-abs
                  cloud: abs
                  location: westeurope
                  path: calls/
            """);

        var board = await RehearseUnderAsync(exitCode, stack, "azure:\n  allowedLocations: [swedencentral]\n");

        Assert.Contains("The stack names no Azure subscription, so which Azure Policy assignments refuse the plan's resources is not known.", board, StringComparison.Ordinal);
        Assert.Contains("The stack names no Azure subscription, so whether you may create the plan's resources is not known.", board, StringComparison.Ordinal);
        Assert.DoesNotContain("Policy assignment allowed-locations refuses", board, StringComparison.Ordinal);
        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_skus_policy_stops_preflight_at_the_access_log_account_the_stack_would_create()
    {
        var board = await RehearseAzureUnderPolicyAsync(preflight: "warn", ExitCodes.PreflightBlocked, LogAccountInOnlyRedundantSubscription);

        Assert.Contains("Policy assignment only-redundant refuses the access-log account: sku.name in [\"Standard_LRS\"] (planned: Standard_LRS)", board, StringComparison.Ordinal);
        Assert.DoesNotContain("refuses the storage account", board, StringComparison.Ordinal);
        Assert.Contains("Preflight stopped the rehearsal before anything was created", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_azure_refuses_the_access_log_account_after_the_recordings_account_and_nothing_is_left()
    {
        var board = await RehearseAzureUnderPolicyAsync(preflight: "off", ExitCodes.RehearsalFailed, LogAccountInOnlyRedundantSubscription);

        Assert.Matches(@"management\.azure\.com answered 403 RequestDisallowedByPolicy: Resource 'stloglgabs[0-9a-f]{8}' was disallowed by policy\. Policy identifiers: '\[\{""policyAssignment"":\{""name"":""only-redundant""", board);
        Assert.Matches(@"stlgabs[0-9a-f]{8}/recordings: created", board);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_preflight_off_azure_refuses_the_key_vault_of_a_created_key_before_the_account_and_nothing_is_left()
    {
        var board = await RehearseAzureUnderPolicyAsync(preflight: "off", ExitCodes.RehearsalFailed, (
            "encryptionKey: create",
            "{name: premium-vaults-only, resourceType: Microsoft.KeyVault/vaults, field: properties.sku.name, values: [standard]}"));

        Assert.Matches(@"management\.azure\.com answered 403 RequestDisallowedByPolicy: Resource 'kvlgabs[0-9a-f]{8}' was disallowed by policy\. Policy identifiers: '\[\{""policyAssignment"":\{""name"":""premium-vaults-only""", board);
        Assert.DoesNotMatch(@"stlgabs[0-9a-f]{8}/recordings: created", board);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("warn", ExitCodes.PreflightBlocked, "Policy assignment locked-immutability-only refuses the storage account: properties.immutableStorageWithVersioning.immutabilityPolicy.state in [\"Unlocked\"] (planned: Unlocked).")]
    [InlineData("off", ExitCodes.RehearsalFailed, "management.azure.com answered 403 RequestDisallowedByPolicy: Resource 'stlgabs")]
    public async Task A_policy_refusing_unlocked_immutability_refuses_a_governance_locked_account(string preflight, int exitCode, string said)
    {
        var board = await RehearseAzureUnderPolicyAsync(preflight, exitCode, (
            "immutability: {days: 1, mode: governance}",
            "{name: locked-immutability-only, resourceType: Microsoft.Storage/storageAccounts, field: properties.immutableStorageWithVersioning.immutabilityPolicy.state, values: [Unlocked]}"));

        Assert.Contains(said, board, StringComparison.Ordinal);
        Assert.DoesNotContain("registering with Stream", board, StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", board, StringComparison.Ordinal);
    }

    /// <summary>A zone-redundant storage whose access logs go to an account the stack creates (locally redundant), where a policy refuses locally redundant accounts.</summary>
    private static readonly (string Setting, string DenyPolicy) LogAccountInOnlyRedundantSubscription = (
        "accessLogs: create",
        "{name: only-redundant, resourceType: Microsoft.Storage/storageAccounts, field: sku.name, values: [Standard_LRS]}");

    /// <summary>
    /// Rehearses a zone-redundant Azure storage with one more setting, under one deny policy; once it exited with
    /// <paramref name="exitCode"/>, returns its output and board as one flat text.
    /// </summary>
    private async Task<string> RehearseAzureUnderPolicyAsync(string preflight, int exitCode, (string Setting, string DenyPolicy) under)
    {
        var stack = WritePreflightStack("lg", preflight, $"""
                - name: lg-abs
                  cloud: abs
                  location: westeurope
                  redundancy: ZRS
                  path: calls/
                  {under.Setting}
            """);
        var guardrails = $"""
            azure:
              denyPolicies:
                - {under.DenyPolicy}
            """;
        return await RehearseUnderAsync(exitCode, stack, guardrails);
    }

    /// <summary>Rehearses one Azure storage under <paramref name="guardrails"/>; once it exited with <paramref name="exitCode"/>, returns its output and board as one flat text.</summary>
    private async Task<string> RehearseAzureAsync(string guardrails, int exitCode, string preflight = "warn")
    {
        var stack = WritePreflightStack("sp", preflight, """
                - name: sp-abs
                  cloud: abs
                  location: westeurope
                  path: calls/
            """);
        return await RehearseUnderAsync(exitCode, stack, guardrails);
    }

    private const string OwnersAzureKey = "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";

    /// <summary>Rehearses an Azure storage encrypted with <see cref="OwnersAzureKey"/>; once it exited with <paramref name="exitCode"/>, returns its output and board as one flat text.</summary>
    private async Task<string> RehearseOwnersAzureKeyAsync(string? subscription, int exitCode)
    {
        var subscriptionLine = subscription is null ? "" : $"  azure-native:subscriptionId: {subscription}\n";
        var stack = _scratch.WriteStack("akey", $"""
            config:
            {subscriptionLine}  recording-storage:production: false
              recording-storage:storages:
                - name: akey-abs
                  cloud: abs
                  location: westeurope
                  path: calls/
                  encryptionKey: {OwnersAzureKey}
            """);
        return await RehearseAsync(exitCode, stack);
    }

    /// <summary>
    /// Rehearses two GCS storages of one project, the second owning its key-creation exception, under an enforced key
    /// constraint; once it exited with <paramref name="exitCode"/>, returns its output and board as one flat text.
    /// </summary>
    /// <param name="projectPolicy">A key constraint the project has a policy of its own on before the stack; null: none.</param>
    private async Task<string> RehearseKeyExceptionStackAsync(string preflight, string? deniedPermission, int exitCode, string? projectPolicy = null)
    {
        var stack = WritePreflightStack("kce", preflight, $"""
                - name: kce-second
                  cloud: gcs
                  location: EU
                  path: calls/
                - name: kce-owner
                  cloud: gcs
                  location: EU
                  path: calls/
                  keyCreationException: true
            """);
        var denied = deniedPermission is null ? "" : $"\n  deniedPermissions: [{deniedPermission}]";
        var owned = projectPolicy is null ? "" : $"\n  projectPolicies:\n    acme-video-dev: [{projectPolicy}]";
        var guardrails = $"gcp:\n  constraints:\n    iam.disableServiceAccountKeyCreation: enforced{denied}{owned}\n";
        return await RehearseUnderAsync(exitCode, stack, guardrails);
    }

    /// <summary>
    /// A stack, not production, with the stack's <paramref name="preflight"/> and <paramref name="storages"/> (the list's
    /// YAML, each item at four spaces, and any key after it at two); a GCS storage's in the governed project acme-video-dev,
    /// an Azure storage's in the local subscription, where the guardrails file's policies are assigned.
    /// </summary>
    private string WritePreflightStack(string name, string preflight, string storages) => _scratch.WriteStack(name, $"""
        config:
          gcp:project: acme-video-dev
          azure-native:subscriptionId: {GuardrailServers.LocalSubscriptionId}
          recording-storage:production: false
          recording-storage:preflight: {preflight}
          recording-storage:storages:
        {storages}
        """);

    public static TheoryData<string, string> BadFiles => new()
    {
        { "gcp: [unclosed", "is not valid YAML" },
        { "- gcp", "the top level: is not a map of clouds" },
        { "gpc:\n  deniedPermissions: [iam.serviceAccountKeys.create]", "gpc: is not a key of guardrails files (line 1): did you mean gcp?" },
        { "gcp:\n  constraints:\n    iam.disableServiceAccountKeyCreations:\n      acme-video-dev: enforced", "gcp.constraints[\"iam.disableServiceAccountKeyCreations\"]: is not a constraint a stack can meet (line 3): did you mean iam.disableServiceAccountKeyCreation?" },
        { "gcp:\n  constraints:\n    iam.disableServiceAccountKeyCreation: [enforced]", "gcp.constraints[\"iam.disableServiceAccountKeyCreation\"]: is not enforced or notEnforced" },
        { "gcp:\n  constraints:\n    gcp.resourceLocations: in:eu-locations", "gcp.constraints[\"gcp.resourceLocations\"]: is not a list" },
        { "gcp:\n  constraints:\n    iam.disableServiceAccountKeyCreation:\n      Acme_Video:\n        enforced", "gcp.constraints[\"iam.disableServiceAccountKeyCreation\"].Acme_Video: is not a project id (line 4)" },
        { "gcp:\n  constraints:\n    iam.managed.allowedPolicyMembers: [admins@example.com]", "gcp.constraints[\"iam.managed.allowedPolicyMembers\"][0]: is \"admins@example.com\", not a principal such as group:admins@example.com" },
        { "gcp:\n  customConstraints:\n    bucketLabels:\n      {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE], actionType: ALLOW, condition: \"true\"}", "gcp.customConstraints.bucketLabels: is not a custom constraint's id (line 3): name it custom. followed by up to 70 letters and digits" },
        { "gcp:\n  projectParents:\n    acme-video-dev: [organizations/570033]\n  customConstraints:\n    custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE], actionType: allow, condition: \"true\"}", "gcp.customConstraints[\"custom.bucketLabels\"].actionType: is \"allow\", not ALLOW or DENY" },
        { "gcp:\n  projectParents:\n    acme-video-dev: [organizations/570033]\n  customConstraints:\n    custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], actionType: ALLOW, condition: \"true\"}", "gcp.customConstraints[\"custom.bucketLabels\"].methodTypes: is missing" },
        { "gcp:\n  projectParents:\n    acme-video-dev: [organizations/570033]\n  customConstraints:\n    custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE], actionType: ALLOW, condition: \"true\", enforced: true}", "gcp.customConstraints[\"custom.bucketLabels\"].enforced: is not a key of guardrails files" },
        { "gcp:\n  customConstraints:\n    custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE], actionType: ALLOW, condition: \"true\"}", "gcp.customConstraints: applies to no project, since no project is in an organization" },
        { "gcp:\n  constraints:\n    custom.bucketLabels: enforced", "gcp.constraints[\"custom.bucketLabels\"]: is not a constraint a stack can meet" },
        { "aws:\n  requiredTags: [\"Cost|Center\"]", "aws.requiredTags[0]: is \"Cost|Center\", not a tag's name such as CostCenter" },
        { "aws:\n  organizationId: 570033", "aws.organizationId: is \"570033\", not an organization's id such as o-a1b2c3d4e5" },
        { "gcp:\n  deniedPermissions: iam.serviceAccountKeys.create", "gcp.deniedPermissions: is not a list" },
        { "gcp:\n  projectParents:\n    acme-central-keys: [folder/308112]", "gcp.projectParents.acme-central-keys[0]: is \"folder/308112\", not a folder or organization such as folders/308112" },
        { "gcp:\n  projectParents:\n    Acme_Keys:\n      - folders/308112", "gcp.projectParents.Acme_Keys: is not a project id (line 3)" },
        { "gcp:\n  projectPolicies:\n    acme-video-dev: [iam.disableServiceAccountCreation]", "gcp.projectPolicies.acme-video-dev[0]: is not a constraint the stack sets a project policy on" },
        { "gcp:\n  projectPolicies:\n    Acme_Video:\n      - iam.disableServiceAccountKeyCreation", "gcp.projectPolicies.Acme_Video: is not a project id (line 3)" },
        { "aws:\n  deniedActions:\n    - {action: \"iam:CreateUser\", by: org}", "aws.deniedActions[0].by: is not one of scp, boundary, identity" },
        { "aws:\n  deniedActions:\n    - {action: CreateUser, by: scp}", "aws.deniedActions[0].action: is \"CreateUser\", not an IAM action" },
        { "aws:\n  deniedActions:\n    - {action: \"iam:CreateUser\", by: scp, reason: audit}", "aws.deniedActions[0].reason: is not a key of guardrails files" },
        { "aws:\n  deniedActions:\n    - {by: scp}", "aws.deniedActions[0].action: is missing" },
        { "aws:\n  allowedRegions: eu-west-1", "aws.allowedRegions: is not a list" },
        { "azure:\n  usersCanRegisterApplications: \"no\"", "azure.usersCanRegisterApplications: is not true or false" },
        { "azure:\n  guest: yes", "azure.guest: is not true or false" },
        { "azure:\n  guest: true\n  servicePrincipal:\n    graphPermissions: [Application.ReadWrite.OwnedBy]", "azure.guest: is set beside servicePrincipal" },
        { "azure:\n  allowedLocations: []", "azure.allowedLocations: is an empty list" },
        { "azure:\n  appManagementPolicy: {passwordAddition: forbidden}", "azure.appManagementPolicy.passwordAddition: is not blocked or allowed" },
        { "azure:\n  appManagementPolicy: {maxPasswordLifetimeDays: 0}", "azure.appManagementPolicy.maxPasswordLifetimeDays: is not a whole number of days from 1 to 3650" },
        { "azure:\n  appManagementPolicy: {maxPasswordLifetimeDays: P90D}", "azure.appManagementPolicy.maxPasswordLifetimeDays: is not a whole number of days from 1 to 3650" },
        { "azure:\n  appManagementPolicy: {maxPasswordLifetime: 90}", "azure.appManagementPolicy.maxPasswordLifetime: is not a key of guardrails files (line 2)" },
        { "azure:\n  appManagementPolicy: {}", "azure.appManagementPolicy: restricts nothing" },
        { "azure:\n  servicePrincipal: yes", "azure.servicePrincipal: is not a map" },
        { "azure:\n  servicePrincipal:\n    graphPermission: [Application.ReadWrite.OwnedBy]", "azure.servicePrincipal.graphPermission: is not a key of guardrails files (line 3): did you mean graphPermissions?" },
        { "azure:\n  servicePrincipal:\n    graphPermissions: [\"Application ReadWrite\"]", "azure.servicePrincipal.graphPermissions[0]: is \"Application ReadWrite\", not a Microsoft Graph application permission such as Application.ReadWrite.OwnedBy" },
        { "azure:\n  denyPolicies:\n    - {name: deny-public-network, resourceType: Microsoft.Storage/storageAccounts, field: properties.publicNetworkAccess}", "azure.denyPolicies[0].values: is missing" },
        { "azure:\n  denyPolicies:\n    - {name: a, resourceType: Microsoft.Storage/storageAccounts, field: location, values: [x]}\n    - {name: a, resourceType: Microsoft.Storage/storageAccounts, field: location, values: [y]}", "azure.denyPolicies[1].name: names a a second time" },
        { "gcp:\n  existingBuckets:\n    acme-archive: {uniformBucketLevelAcess: false}", "gcp.existingBuckets.acme-archive.uniformBucketLevelAcess: is not a key of guardrails files (line 3): did you mean uniformBucketLevelAccess?" },
        { "gcp:\n  existingBuckets:\n    acme-archive: {location: EU}", "gcp.existingBuckets.acme-archive.uniformBucketLevelAccess: is missing" },
        { "gcp:\n  existingBuckets:\n    Acme_Archive:\n      uniformBucketLevelAccess: false", "gcp.existingBuckets.Acme_Archive: is not a bucket name (line 3)" },
        { "gcp:\n  existingBuckets:\n    acme-logs: {uniformBucketLevelAccess: true, project: Acme_Logs}", "gcp.existingBuckets.acme-logs.project: is \"Acme_Logs\", not the id of the project the bucket is in" },
        { "aws:\n  existingBuckets:\n    acme-logs: {region: europe}", "aws.existingBuckets.acme-logs.region: is \"europe\", not a region such as eu-west-1" },
        { "aws:\n  existingBuckets:\n    acme-logs: {defaultRetention: {days: 30, mode: legal}}", "aws.existingBuckets.acme-logs.defaultRetention.mode: is \"legal\", not governance or compliance" },
        { "aws:\n  existingBuckets:\n    acme-logs: {defaultRetention: {mode: governance}}", "aws.existingBuckets.acme-logs.defaultRetention.days: is missing" },
        { "aws:\n  existingBuckets:\n    Acme_Logs: {region: eu-west-1}", "aws.existingBuckets.Acme_Logs: is not a bucket name" },
        { "azure:\n  deniedActions: [Microsoft.Authorization/*/Delete]", "azure.deniedActions[0]: is \"Microsoft.Authorization/*/Delete\", not an action creating a resource takes, as a role's notActions write it, such as Microsoft.Authorization/roleAssignments/write or Microsoft.Authorization/*/Write (a delete is not played)" },
        { "azure:\n  deniedActions: [roleAssignments/write]", "azure.deniedActions[0]: is \"roleAssignments/write\", not an action creating a resource takes" },
        { "azure:\n  logWorkspaces:\n    - {id: acme-audit, linkedAccess: false}", "azure.logWorkspaces[0].id: is \"acme-audit\", not a Log Analytics workspace's ARM id" },
        { "azure:\n  existingAccounts:\n    - {id: /subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acmelogs, location: eastus, linkedAccess: no}", "azure.existingAccounts[0].linkedAccess: is not true or false" },
        { "azure:\n  existingAccounts:\n    - {id: acmelogs, location: eastus}", "azure.existingAccounts[0].id: is \"acmelogs\", not a storage account's ARM id" },
        { "azure:\n  existingAccounts:\n    - {id: /subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acmelogs}", "azure.existingAccounts[0].location: is missing" },
        { "aws: &a\n  deniedActions: *a", "uses the alias *a inside the value anchored &a" },
        { string.Concat(Enumerable.Repeat("[", 70)), "nests lists and maps more than 64 deep" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_guardrails_file_it_cannot_play_exits_2_naming_the_key_path_before_anything_starts(string yaml, string expected)
    {
        var run = await RunUnderAsync(StackFolder.DevStack, yaml);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, ConsoleText.Flat(run.Error), StringComparison.Ordinal);
        Assert.Contains("guardrails.yaml", run.Error, StringComparison.Ordinal);
        // Refused before the plan is shown or any emulator starts.
        Assert.DoesNotContain("Rehearsing stack", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting the local", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_empty_guardrails_file_exits_2_before_anything_starts()
    {
        var missing = await environment.RunAsync(["rehearse", StackFolder.DevStack, "--guardrails", Path.Combine(_scratch.FullName, "absent.yaml")]);
        var empty = await environment.RunAsync(["rehearse", StackFolder.DevStack, "--guardrails", _scratch.Write("empty.yaml", "")]);

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (missing.ExitCode, empty.ExitCode));
        Assert.Contains("absent.yaml: no such file. Name an existing guardrails file", missing.Error, StringComparison.Ordinal);
        Assert.Contains("empty.yaml: is empty, or not a regular file", ConsoleText.Flat(empty.Error), StringComparison.Ordinal);
        Assert.DoesNotContain("Rehearsing stack", missing.Output + empty.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_of_a_file_is_named_at_once()
    {
        var run = await RunUnderAsync(StackFolder.DevStack, "gcp:\n  deniedPermissions: [nope]\naws:\n  allowedRegions: [Europe]\nazure:\n  allowedLocations: [West Europe]\n");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        // One line each, under the file's headline, as a stack file's problems are listed.
        var lines = run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains("The guardrails file", StringComparison.Ordinal) && line.Contains("guardrails.yaml is invalid (3 problems):", StringComparison.Ordinal));
        Assert.Equal(["gcp.deniedPermissions[0]:", "aws.allowedRegions[0]:", "azure.allowedLocations[0]:"], lines.Where(line => line.StartsWith("  ", StringComparison.Ordinal)).Select(line => line.Trim().Split(' ')[0]));
        Assert.DoesNotContain("\\u000A", run.Error, StringComparison.Ordinal);
        var error = ConsoleText.Flat(run.Error);
        Assert.Contains("gcp.deniedPermissions[0]: is \"nope\", not a permission such as iam.serviceAccountKeys.create (line 2)", error, StringComparison.Ordinal);
        Assert.Contains("aws.allowedRegions[0]: is \"Europe\", not a region such as eu-west-1 (line 4)", error, StringComparison.Ordinal);
        Assert.Contains("azure.allowedLocations[0]: is \"West Europe\", not a location such as westeurope (line 6)", error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>rehearse</c> with <paramref name="arguments"/>; once it exited with <paramref name="exitCode"/>, returns its output and board as one flat text.</summary>
    private async Task<string> RehearseAsync(int exitCode, params string[] arguments) => Board(await environment.RunAsync(["rehearse", .. arguments]), exitCode);

    /// <summary>Runs <c>rehearse</c> of <paramref name="stack"/> under <paramref name="guardrails"/>, the YAML of a guardrails file it writes as guardrails.yaml.</summary>
    private Task<CliRun> RunUnderAsync(string stack, string guardrails) =>
        environment.RunAsync(["rehearse", stack, "--guardrails", _scratch.Write("guardrails.yaml", guardrails)]);

    /// <summary>
    /// Rehearses <paramref name="stack"/> under <paramref name="guardrails"/>, the YAML of a guardrails file; once it exited
    /// with <paramref name="exitCode"/>, returns its output and board as one flat text.
    /// </summary>
    private async Task<string> RehearseUnderAsync(int exitCode, string stack, string guardrails) => Board(await RunUnderAsync(stack, guardrails), exitCode);

    /// <summary>Once <paramref name="run"/> exited with <paramref name="exitCode"/>, its output and board as one flat text.</summary>
    private static string Board(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, run.Output + run.Error);
        return ConsoleText.Flat(run.Output + run.Error);
    }

    /// <summary>The example dev stack naming the local subscription, where the guardrails file's Azure policies are assigned, so that preflight reads them.</summary>
    private string DevStackInLocalSubscription() => DevStackWith($"azure-native:subscriptionId: {GuardrailServers.LocalSubscriptionId}");

    /// <summary>The example dev stack with one more config line, written to the scratch folder.</summary>
    private string DevStackWith(string configLine) =>
        _scratch.WriteStack("dev", File.ReadAllText(StackFolder.DevStack).Replace("config:\n", $"config:\n  {configLine}\n", StringComparison.Ordinal));

    /// <summary>The <c>rehearse --json</c> document of the example dev stack under <paramref name="guardrails"/>, once it exited with <paramref name="exitCode"/>.</summary>
    private async Task<JsonDocument> RehearseDevStackAsync(string guardrails, int exitCode)
    {
        var run = await environment.RunAsync(["rehearse", DevStackInLocalSubscription(), "--guardrails", guardrails, "--json"]);
        Assert.True(run.ExitCode == exitCode, run.Error);
        return JsonDocument.Parse(run.Output);
    }
}
