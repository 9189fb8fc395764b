using System.Globalization;
using System.Net;
using Google;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// The GCP guardrails of the GCS storages of a plan: per project, each constraint's effective policy read once
/// (Org Policy v2) and the deployer's permissions tested once for every storage in it (Resource Manager), all in
/// parallel; then per storage only the guardrails that could refuse something its plan creates. Each project's ancestry
/// is read once, for the organization whose custom constraints are listed once; a key project's, only when a policy names
/// folders or organizations. An existing log bucket is read for its project, once per bucket, since its project's
/// policies decide the grant on it.
/// </summary>
/// <param name="ownerGcs">Makes the owner's Cloud Storage client, on the first existing log bucket.</param>
/// <param name="kms">Tests the deployer's permissions on an existing key the stack grants Cloud Storage's service agent.</param>
public sealed class GcpGuardrailChecker(
    OrgPolicyClient orgPolicy, ResourceManagerClient resourceManager, Func<CancellationToken, Task<StorageClient>> ownerGcs, CloudKmsClient kms)
    : GuardrailChecker<GcpPreflightTarget>
{
    private const long SecondsPerDay = 86400;

    protected override async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<GcpPreflightTarget> targets, CancellationToken cancellationToken)
    {
        var policies = new ReadCache<(string Project, string Constraint), CloudRead<EffectivePolicy>>();
        var projectPolicies = new ReadCache<(string Project, string Constraint), CloudRead<ProjectPolicy>>();
        var granted = new ReadCache<string, CloudRead<IReadOnlySet<string>>>();
        var ancestries = new ReadCache<string, CloudRead<IReadOnlyList<string>>>();
        // One test per project, for every permission its storages need.
        var needed = targets.GroupBy(t => t.Project, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)[.. g.SelectMany(t => t.Permissions).Select(p => p.Permission).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            StringComparer.Ordinal);

        Task<CloudRead<EffectivePolicy>> ConstraintPolicy(string project, string constraint) =>
            policies.GetAsync((project, constraint), key => orgPolicy.GetEffectivePolicyAsync(key.Project, key.Constraint, cancellationToken));

        Task<CloudRead<EffectivePolicy>> Policy(GcpPreflightTarget target, Guardrail guardrail) => ConstraintPolicy(target.Project, guardrail.Id);

        Task<CloudRead<ProjectPolicy>> ProjectPolicy(string project, string constraint) =>
            projectPolicies.GetAsync((project, constraint), key => orgPolicy.GetProjectPolicyAsync(key.Project, key.Constraint, cancellationToken));

        Task<CloudRead<IReadOnlySet<string>>> Granted(GcpPreflightTarget target) =>
            granted.GetAsync(target.Project, project => resourceManager.TestPermissionsAsync(project, needed[project], cancellationToken));

        Task<CloudRead<IReadOnlyList<string>>> Ancestry(string project) =>
            ancestries.GetAsync(project, p => resourceManager.GetAncestryAsync(p, cancellationToken));

        var customConstraints = new ReadCache<string, CloudRead<IReadOnlyList<CustomConstraint>>>();
        Task<GuardrailCheck> CustomConstraintsOf(GcpPreflightTarget target) => JudgeCustomConstraintsAsync(
            target,
            Ancestry,
            organization => customConstraints.GetAsync(organization, o => orgPolicy.ListCustomConstraintsAsync(o, cancellationToken)),
            ConstraintPolicy);

        var gcs = new Lazy<Task<StorageClient>>(() => ownerGcs(cancellationToken));
        var bucketProjects = new ReadCache<string, CloudRead<string>>();
        Task<CloudRead<string>> BucketProject(string bucket) =>
            bucketProjects.GetAsync(bucket, b => ReadProjectNumberAsync(gcs, b, cancellationToken));

        // A grant on an existing key or log bucket is tested there, once per key or bucket.
        var foreign = new ReadCache<(GcpGrantTarget On, string Name), CloudRead<IReadOnlySet<string>>>();
        Task<CloudRead<IReadOnlySet<string>>> ForeignGranted(GcpForeignGrant grant) =>
            foreign.GetAsync((grant.On, grant.Name), key => key.On == GcpGrantTarget.CryptoKey
                ? kms.TestKeyPermissionsAsync(key.Name, grant.Permissions, cancellationToken)
                : TestBucketPermissionsAsync(gcs, key.Name, grant.Permissions, cancellationToken));

        try
        {
            return await Task.WhenAll(targets.Select(target => CheckAsync(target, Policy, ProjectPolicy, Granted, Ancestry, BucketProject, ForeignGranted, CustomConstraintsOf))).ConfigureAwait(false);
        }
        finally
        {
            if (gcs.IsValueCreated && gcs.Value.IsCompletedSuccessfully)
            {
                gcs.Value.Result.Dispose();
            }
        }
    }

    /// <summary>Which of <paramref name="permissions"/> the deployer holds on a bucket (<c>buckets.testIamPermissions</c>).</summary>
    private static Task<CloudRead<IReadOnlySet<string>>> TestBucketPermissionsAsync(
        Lazy<Task<StorageClient>> gcs, string bucket, IReadOnlyList<string> permissions, CancellationToken cancellationToken) =>
        ReadBucketAsync(gcs, async client => CloudRead<IReadOnlySet<string>>.Of(
            (await client.TestBucketIamPermissionsAsync(bucket, permissions, cancellationToken: cancellationToken).ConfigureAwait(false))
                .Intersect(permissions, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal)),
            cancellationToken);

    /// <summary>The number of the project a bucket is in (<c>buckets.get</c>'s <c>projectNumber</c>).</summary>
    private static Task<CloudRead<string>> ReadProjectNumberAsync(Lazy<Task<StorageClient>> gcs, string bucket, CancellationToken cancellationToken) =>
        ReadBucketAsync(gcs, async client => (await client.GetBucketAsync(bucket, cancellationToken: cancellationToken).ConfigureAwait(false)).ProjectNumber is { } number
            ? CloudRead<string>.Of(number.ToString(CultureInfo.InvariantCulture))
            : CloudRead<string>.Refused($"Cloud Storage answered for bucket {bucket} without its projectNumber"),
            cancellationToken);

    /// <summary>One read of Cloud Storage with the owner's client; a refusal (401, 403) needs a right to read, any other failure is no answer either.</summary>
    private static async Task<CloudRead<T>> ReadBucketAsync<T>(Lazy<Task<StorageClient>> gcs, Func<StorageClient, Task<CloudRead<T>>> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await read(await gcs.Value.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (GoogleApiException e)
        {
            return CloudRead<T>.Refused(
                $"Cloud Storage answered HTTP {(int)e.HttpStatusCode} {e.Error?.Message}".TrimEnd(),
                denied: e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // A sign-in the SDK cannot find, or a transport failure: whatever stopped the read, it is no answer.
            return CloudRead<T>.Refused($"the read failed: {e.Message}");
        }
    }

    private static async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(
        GcpPreflightTarget target,
        Func<GcpPreflightTarget, Guardrail, Task<CloudRead<EffectivePolicy>>> policy,
        Func<string, string, Task<CloudRead<ProjectPolicy>>> projectPolicy,
        Func<GcpPreflightTarget, Task<CloudRead<IReadOnlySet<string>>>> granted,
        Func<string, Task<CloudRead<IReadOnlyList<string>>>> ancestry,
        Func<string, Task<CloudRead<string>>> bucketProject,
        Func<GcpForeignGrant, Task<CloudRead<IReadOnlySet<string>>>> foreignGranted,
        Func<GcpPreflightTarget, Task<GuardrailCheck>> customConstraints)
    {
        var checks = new List<Task<GuardrailCheck>>();
        if (target.CreatesBucket)
        {
            checks.Add(Judge(target, GcpGuardrails.ResourceLocations, policy, Location));
        }

        if (target.CreatesKey)
        {
            checks.Add(Judge(target, GcpGuardrails.AllowedProtectionLevels, policy, ProtectionLevel));
        }

        if (target.CreatesBucket || target.CreatesLogBucket)
        {
            checks.Add(Judge(target, GcpGuardrails.RestrictNonCmekServices, policy, Cmek));
            if (target.KeyProject is { } keyProject)
            {
                checks.Add(Judge(target, GcpGuardrails.RestrictCmekCryptoKeyProjects, policy, (t, g, p) => KeyProjectAsync(t, g, p, keyProject, ancestry)));
            }

            checks.Add(Judge(target, GcpGuardrails.RetentionPolicySeconds, policy, Retention));
            checks.Add(Judge(target, GcpGuardrails.SoftDeletePolicySeconds, policy, SoftDelete));
        }

        if (target.GrantsUsageLogsWriter)
        {
            checks.Add(JudgeLogWriterGrant(target, GcpGuardrails.AllowedPolicyMemberDomains, policy, bucketProject, MemberDomains));
            checks.Add(JudgeLogWriterGrant(target, GcpGuardrails.ManagedAllowedPolicyMembers, policy, bucketProject, AllowedMembers));
        }

        if (target.CreatesServiceAccount)
        {
            checks.Add(Judge(target, GcpGuardrails.DisableServiceAccountCreation, policy, Enforced("Stream's service account", legacy: true)));
            checks.Add(Judge(target, GcpGuardrails.ManagedDisableServiceAccountCreation, policy, Enforced("Stream's service account", legacy: false)));
        }

        if (target.OwnsKeyCreationException)
        {
            checks.Add(JudgeProjectKeyPolicies(target, projectPolicy));
        }

        if (target.CreatesServiceAccountKey)
        {
            const string key = "the service account's key, which Stream needs as gcs_credentials; pulumi up would create the bucket and the service account, then fail at the key";
            checks.Add(JudgeKeyConstraint(target, GcpGuardrails.DisableServiceAccountKeyCreation, policy, granted, Enforced(key, legacy: true, keyCreation: true)));
            checks.Add(JudgeKeyConstraint(target, GcpGuardrails.ManagedDisableServiceAccountKeyCreation, policy, granted, Enforced(key, legacy: false, keyCreation: true)));
            checks.Add(Judge(target, GcpGuardrails.ServiceAccountKeyExpiryHours, policy, KeyExpiry));
        }

        if (target.ConstrainedResources.Count > 0)
        {
            checks.Add(customConstraints(target));
        }

        checks.Add(JudgePermissions(target, granted(target), foreignGranted));
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    /// <summary>
    /// The custom constraints of the project's organization that judge a type of resource the plan makes or grants on, and
    /// whether each is enforced on the project. Preflight does not evaluate a condition's CEL, so an enforced one is not
    /// examined, naming its condition and the planned resources it judges, beside any whose policy could not be read or
    /// still carries tag conditions; none enforced is met.
    /// </summary>
    private static async Task<GuardrailCheck> JudgeCustomConstraintsAsync(
        GcpPreflightTarget target,
        Func<string, Task<CloudRead<IReadOnlyList<string>>>> ancestry,
        Func<string, Task<CloudRead<IReadOnlyList<CustomConstraint>>>> customConstraints,
        Func<string, string, Task<CloudRead<EffectivePolicy>>> policy)
    {
        var guardrail = GcpGuardrails.CustomConstraints;
        var project = target.Project;
        var ancestors = await ancestry(project).ConfigureAwait(false);
        if (ancestors.Value is not { } above)
        {
            return GuardrailCheck.Unread(
                guardrail,
                ancestors,
                $"The ancestry of project {project} could not be read, so which organization's custom constraints apply there is not known: {ancestors.Refusal}",
                $"Grant the deployer Browser on the project (it holds resourcemanager.projects.get): gcloud projects add-iam-policy-binding {project} --member=PRINCIPAL --role=roles/browser",
                $"Run preflight again; if it fails again, find the organization (gcloud projects get-ancestors {project}) and list its custom constraints yourself: gcloud org-policies list-custom-constraints --organization=ORGANIZATION_ID",
                GcpGuardrails.ReaderGrantedBy);
        }

        if (ResourceManagerClient.OrganizationOf(above) is not { } organization)
        {
            return GuardrailCheck.Met(guardrail, $"Project {project} is in no organization, so no custom constraint applies there.");
        }

        var listed = await customConstraints(organization).ConfigureAwait(false);
        if (listed.Value is not { } all)
        {
            return GuardrailCheck.Unread(
                guardrail,
                listed,
                $"The custom constraints of organization {organization} could not be listed, so whether one refuses what the stack creates on project {project} is not known: {listed.Refusal}",
                $"Grant the deployer Organization Policy Viewer on the organization: gcloud organizations add-iam-policy-binding {organization} --member=PRINCIPAL --role=roles/orgpolicy.policyViewer",
                $"Run preflight again; if it fails again, list them yourself: gcloud org-policies list-custom-constraints --organization={organization}",
                GcpGuardrails.OrganizationAdmin);
        }

        var judging = all.Select(c => (Constraint: c, Resources: c.Judges(target.ConstrainedResources))).Where(c => c.Resources.Count > 0).ToList();
        if (judging.Count == 0)
        {
            var types = string.Join(", ", target.ConstrainedResources.Select(r => r.ResourceType).Distinct(StringComparer.Ordinal));
            return GuardrailCheck.Met(guardrail, $"No custom constraint of organization {organization} ({all.Count} in all) judges a type the stack makes on project {project} ({types}).");
        }

        var reads = await Task.WhenAll(judging.Select(async c => (c.Constraint, c.Resources, Read: await policy(project, c.Constraint.Id).ConfigureAwait(false)))).ConfigureAwait(false);
        var enforced = reads.Where(r => r.Read.Value is { Enforced: true, Conditional: false }).ToList();
        var conditional = reads.Where(r => r.Read.Value is { Conditional: true }).ToList();
        var unread = reads.Where(r => r.Read.Value is null).ToList();
        if (enforced.Count == 0 && conditional.Count == 0 && unread.Count == 0)
        {
            return GuardrailCheck.Met(guardrail, $"Organization {organization}'s custom constraints on what the stack makes ({string.Join(", ", reads.Select(r => r.Constraint.Id))}) are not enforced on project {project}.");
        }

        var unknown = new List<string>();
        if (enforced.Count > 0)
        {
            unknown.Add($"{(enforced.Count == 1 ? "this is" : "these are")} enforced on project {project}, and preflight does not evaluate conditions: {string.Join("; ", enforced.Select(e => $"{e.Constraint.Id} ({Untrusted(e.Constraint.ActionType)} on {Untrusted(string.Join(", ", e.Constraint.MethodTypes))} where {Untrusted(e.Constraint.Condition)}) judges {string.Join(", ", e.Resources)}"))}");
        }

        if (conditional.Count > 0)
        {
            unknown.Add($"{string.Join(", ", conditional.Select(c => c.Constraint.Id))} answered with rules still conditioned on tags, which preflight cannot evaluate");
        }

        if (unread.Count > 0)
        {
            unknown.Add($"whether {string.Join(", ", unread.Select(u => u.Constraint.Id))} {(unread.Count == 1 ? "is" : "are")} enforced is not known: {unread[0].Read.Refusal}");
        }

        var message = $"Of organization {organization}'s custom constraints that judge what the stack makes, {string.Join("; ", unknown)}.";
        if (enforced.Count == 0 && conditional.Count == 0)
        {
            return GuardrailCheck.Unread(guardrail, unread[0].Read, message, GcpGuardrails.ReaderFix(project), GcpGuardrails.RetryFix(project, unread[0].Constraint.Id), GcpGuardrails.ReaderGrantedBy);
        }

        var examine = enforced.Concat(conditional).Select(e => e.Constraint.Id).ToList();
        return GuardrailCheck.NotExamined(
            guardrail,
            message,
            $"""
            Hold each condition against what the stack makes (stream-storage plan lists it): an ALLOW constraint refuses a resource its condition does not hold for, a DENY one a resource it holds for. Where a constraint would refuse one, change the stack, or exempt project {project} from that constraint:
            {string.Join('\n', examine.Select(id => "  " + GcpGuardrails.ProjectPolicyCommand(project, id, "enforce: false")))}
            """ + (unread.Count > 0 ? $"\nAnd to read the rest: {GcpGuardrails.ReaderFix(project)}" : ""),
            guardrail.GrantedBy);
    }

    /// <summary>How much of a custom constraint's text (its condition takes up to 1000 characters) a message repeats, escaped: it comes from the cloud.</summary>
    private static string Untrusted(string text) => UnsafeText.Escape(UnsafeText.Clip(text, ConditionEchoLength));

    private const int ConditionEchoLength = 200;

    private static Task<GuardrailCheck> Judge(
        GcpPreflightTarget target,
        Guardrail guardrail,
        Func<GcpPreflightTarget, Guardrail, Task<CloudRead<EffectivePolicy>>> policy,
        Func<GcpPreflightTarget, Guardrail, EffectivePolicy, GuardrailCheck> judge) =>
        Judge(target, guardrail, policy, (t, g, p) => Task.FromResult(judge(t, g, p)));

    /// <summary>The constraint's effective policy read, then judged; one that could not be read, or still carries tag conditions, is not examined.</summary>
    private static async Task<GuardrailCheck> Judge(
        GcpPreflightTarget target,
        Guardrail guardrail,
        Func<GcpPreflightTarget, Guardrail, Task<CloudRead<EffectivePolicy>>> policy,
        Func<GcpPreflightTarget, Guardrail, EffectivePolicy, Task<GuardrailCheck>> judge)
    {
        var read = await policy(target, guardrail).ConfigureAwait(false);
        if (read.Value is not { } effective)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"{guardrail.Id} could not be read, so whether it refuses anything is not known: {read.Refusal}",
                GcpGuardrails.ReaderFix(target.Project),
                GcpGuardrails.RetryFix(target.Project, guardrail.Id),
                GcpGuardrails.ReaderGrantedBy);
        }

        return effective.Conditional
            ? Undecided(target, guardrail, $"{guardrail.Id} on project {target.Project} answered with a rule still conditioned on tags, which preflight cannot evaluate.")
            : await judge(target, guardrail, effective).ConfigureAwait(false);
    }

    /// <summary>A boolean or managed constraint refuses what it names wherever it is enforced.</summary>
    private static Func<GcpPreflightTarget, Guardrail, EffectivePolicy, GuardrailCheck> Enforced(string refused, bool legacy, bool keyCreation = false) => (target, guardrail, policy) =>
        policy.Enforced
            ? GuardrailCheck.Blocks(guardrail, $"{guardrail.Id} is enforced on project {target.Project}: it refuses {refused}.", GcpGuardrails.ExemptionFix(guardrail, target.Project, legacy, keyCreation))
            : GuardrailCheck.Met(guardrail, $"{guardrail.Id} is not enforced on project {target.Project}.");

    /// <summary>
    /// A key constraint enforced on the project stops nothing when the stack lifts it there first (keyCreationException)
    /// and the deployer may set the project's policy; without that right it blocks at the policy instead of the key.
    /// </summary>
    private static async Task<GuardrailCheck> JudgeKeyConstraint(
        GcpPreflightTarget target,
        Guardrail guardrail,
        Func<GcpPreflightTarget, Guardrail, Task<CloudRead<EffectivePolicy>>> policy,
        Func<GcpPreflightTarget, Task<CloudRead<IReadOnlySet<string>>>> granted,
        Func<GcpPreflightTarget, Guardrail, EffectivePolicy, GuardrailCheck> judge)
    {
        var check = await Judge(target, guardrail, policy, judge).ConfigureAwait(false);
        if (!target.LiftsKeyCreationConstraints || check.Outcome != PreflightOutcome.Blocks)
        {
            return check;
        }

        var enforced = $"{guardrail.Id} is enforced on project {target.Project}, and the stack lifts it there with a policy of its own before the key (keyCreationException)";
        var read = await granted(target).ConfigureAwait(false);
        if (read.Value is not { } held)
        {
            return PermissionsUntested(guardrail, $"{enforced}, but whether you may set that policy could not be tested: {read.Refusal}");
        }

        var missing = GcpPreflightTarget.KeyCreationPolicyPermissions.Where(p => !held.Contains(p)).ToList();
        var owner = target.KeyCreationExceptionOwner == target.StorageName
            ? "the storage"
            : $"storage {target.KeyCreationExceptionOwner}, whose exception this storage's key waits for";
        return missing.Count == 0
            ? GuardrailCheck.Met(guardrail, $"{enforced}, which you may set.")
            : GuardrailCheck.Blocks(
                guardrail,
                $"{enforced}, but you lack {string.Join(", ", missing)} on the project: pulumi up would stop at that policy.",
                $"""
                Have the right to set the project's policies granted to you (PRINCIPAL: user:… or serviceAccount:…):
                  gcloud organizations add-iam-policy-binding ORGANIZATION_ID --member=PRINCIPAL --role={GcpGuardrails.OrgPolicyAdminRole}
                or have the exception made for you and remove keyCreationException from {owner}:
                {GcpGuardrails.ExemptionFix(guardrail, target.Project, legacyBoolean: guardrail == GcpGuardrails.DisableServiceAccountKeyCreation)}
                """);
    }

    /// <summary>
    /// A key expiry on the project lets pulumi up create the key, which stops working that many hours later, and Stream's
    /// uploads with it. The doctor warns <see cref="CredentialAgeAnalyzer.WarningDays"/> days before a key expires, so a
    /// longer life is met, with the rotation it asks for; a shorter one leaves no time to rotate after the warning.
    /// </summary>
    private static GuardrailCheck KeyExpiry(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        var constraint = $"{guardrail.Id} on project {target.Project}";
        var lifetime = KeyLifetime.Of(policy);
        if (lifetime.Unread.Count > 0)
        {
            return Undecided(target, guardrail, $"{constraint} holds {string.Join(", ", lifetime.Unread)}, which preflight does not read as a key's lifetime in hours such as 720h: how long the service account's key lives is not known.");
        }

        if (lifetime.Hours is not { } hours)
        {
            return GuardrailCheck.Met(guardrail, $"{constraint} sets no expiry: the service account's key lives until it is rotated.");
        }

        var expires = $"{constraint} makes the service account's key expire {Lifetime(hours)} after pulumi up creates it";
        const int WarningDays = CredentialAgeAnalyzer.WarningDays;
        return hours > WarningDays * HoursPerDay
            ? GuardrailCheck.Met(guardrail, $"{expires}: rotate it (credentialRotation) before then, which stream-storage doctor reminds you of {WarningDays} days ahead.")
            : GuardrailCheck.Blocks(
                guardrail,
                $"{expires}. That is within the {WarningDays} days ahead that stream-storage doctor warns of an expiry, which leaves no time to rotate the key after the warning, and Stream's uploads fail once it expires.",
                $"Have project {target.Project}'s keys not expire, restoring the constraint's default (no expiry) there: gcloud org-policies reset {guardrail.Id} --project={target.Project}");
    }

    private const int HoursPerDay = 24;

    private static string Lifetime(int hours) => (hours % HoursPerDay, hours / HoursPerDay) switch
    {
        (0, 1) => "24 hours (1 day)",
        (0, var days) => $"{hours} hours ({days} days)",
        _ => hours == 1 ? "1 hour" : $"{hours} hours",
    };

    /// <summary>
    /// The stack's exception is a policy on the project per key constraint, which Org Policy creates only where the project
    /// has none of its own. One with the stack's very rule (<c>enforce: false</c> alone) is taken for the stack's from an
    /// earlier up, which every later up finds there, and said so; any other refuses the stack's. A policy found outweighs
    /// a read refused, which is never taken for none.
    /// </summary>
    private static async Task<GuardrailCheck> JudgeProjectKeyPolicies(GcpPreflightTarget target, Func<string, string, Task<CloudRead<ProjectPolicy>>> projectPolicy)
    {
        var guardrail = GcpGuardrails.ProjectKeyPolicy;
        var reads = await Task.WhenAll(GcpPreflightTarget.KeyCreationConstraints.Select(async constraint =>
            (Constraint: constraint, Read: await projectPolicy(target.Project, constraint).ConfigureAwait(false)))).ConfigureAwait(false);
        var remove = $"remove keyCreationException from the storage, and have project {target.Project}'s own policy lift the constraint if it does not already";
        if (reads.FirstOrDefault(r => r.Read.Value is { Exists: true } policy && !IsStackException(policy)) is { Constraint: { } constraint, Read.Value.Rules: { } rules })
        {
            var rule = rules.Count == 0 ? "without rules"
                : rules.Any(r => r.Condition is not null) ? "with rules conditioned on tags"
                : rules.Any(r => r.Enforce) ? "which enforces it"
                : "with other rules than the stack's";
            return GuardrailCheck.Blocks(
                guardrail,
                $"Project {target.Project} has a policy of its own on {constraint} ({rule}), which the stack does not make, and keyCreationException makes the stack create that policy: Org Policy refuses it with 409 ALREADY_EXISTS, so pulumi up would stop there, once the service account exists.",
                $"""
                Either {remove}:
                  {GcpGuardrails.ProjectPolicyCommand(target.Project, constraint, "enforce: false")}
                or delete the project's policy, so that the stack's takes its place (the inherited policy applies again once the stack is destroyed):
                  gcloud org-policies delete {constraint} --project={target.Project}
                """);
        }

        if (reads.FirstOrDefault(r => r.Read.Value is null) is { Read: { } unread, Constraint: { } unreadConstraint })
        {
            return GuardrailCheck.Unread(
                guardrail,
                unread,
                $"Whether project {target.Project} has a policy of its own on {unreadConstraint}, which would refuse the stack's exception, is not known: {unread.Refusal}",
                GcpGuardrails.ReaderFix(target.Project),
                $"Run preflight again; if it fails again, read the project's own policy yourself: gcloud org-policies describe {unreadConstraint} --project={target.Project}",
                GcpGuardrails.ReaderGrantedBy);
        }

        var stacks = reads.Where(r => r.Read.Value is { Exists: true }).Select(r => r.Constraint).ToList();
        return GuardrailCheck.Met(guardrail, stacks.Count == 0
            ? $"Project {target.Project} has no policy of its own on {string.Join(" or ", GcpPreflightTarget.KeyCreationConstraints)}: the stack's exception can be created there."
            : $"Project {target.Project}'s own policy on {string.Join(" and ", stacks)} has the stack's rule (enforce: false), taken for the stack's exception from an earlier up; if the stack did not make it, pulumi up stops there with 409 ALREADY_EXISTS: then {remove}.");
    }

    /// <summary>The one rule the stack's exception has: <c>enforce: false</c>, unconditioned.</summary>
    private static bool IsStackException(ProjectPolicy policy) =>
        policy.Rules is [{ Enforce: false, AllowAll: false, DenyAll: false, AllowedValues.Count: 0, DeniedValues.Count: 0, Condition: null }];

    /// <summary>A constraint whose answer preflight cannot decide: the fix is to read its effective policy; nothing needs granting.</summary>
    private static GuardrailCheck Undecided(GcpPreflightTarget target, Guardrail guardrail, string message, string? fix = null) =>
        GuardrailCheck.NotExamined(guardrail, message, fix ?? GcpGuardrails.RetryFix(target.Project, guardrail.Id), grantedBy: null);

    /// <summary>
    /// A list constraint's verdict on the plan's value, each message said of the constraint on the project: a value it
    /// allows is met, one it refuses blocks with <paramref name="fix"/>, and one that only entries preflight cannot expand
    /// could decide is undecided, naming those entries.
    /// </summary>
    /// <param name="undecided">What follows "names ENTRIES, which".</param>
    private static GuardrailCheck ListCheck(
        GcpPreflightTarget target, Guardrail guardrail, ListJudgement judgement, string allows, string refuses, string fix, string undecided, string? undecidedFix = null)
    {
        var constraint = $"{guardrail.Id} on project {target.Project}";
        return judgement.Verdict switch
        {
            ListVerdict.Allowed => GuardrailCheck.Met(guardrail, $"{constraint} {allows}"),
            ListVerdict.Denied => GuardrailCheck.Blocks(guardrail, $"{constraint} {refuses}", fix),
            _ => Undecided(target, guardrail, $"{constraint} names {string.Join(", ", judgement.UndecidedEntries)}, which {undecided}", undecidedFix),
        };
    }

    /// <summary>The bucket's location, then that of the key ring the stack creates for its key: the first not allowed is the verdict.</summary>
    private static GuardrailCheck Location(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        var location = target.BucketLocation ?? throw new InvalidOperationException($"The plan creates the bucket of '{target.StorageName}' without a location.");
        var bucket = PlaceCheck(target, guardrail, policy, location, "the bucket", "Set the storage's location to one the policy allows");
        if (bucket.Outcome != PreflightOutcome.Met || target.KeyRingLocation is not { } ring)
        {
            return bucket;
        }

        var keyRing = PlaceCheck(target, guardrail, policy, ring, "the key ring the stack creates for the bucket's key (encryptionKey: create)",
            $"Set the storage's location to one whose Cloud KMS location the policy allows too (the key ring follows the bucket: {location} is {ring} in Cloud KMS), set encryptionKey to an existing key of the bucket's location");
        return keyRing.Outcome != PreflightOutcome.Met
            ? keyRing
            : GuardrailCheck.Met(guardrail, $"{guardrail.Id} on project {target.Project} allows {location}, and {ring} for the key ring ({Describe(policy)}).");
    }

    /// <summary>The constraint's values are protection levels (<c>SOFTWARE</c>, <c>HSM</c>...), which new keys and their rotations must have.</summary>
    private static GuardrailCheck ProtectionLevel(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        const string level = GcpPreflightTarget.CreatedKeyProtectionLevel;
        return ListCheck(target, guardrail, policy.Judge(level, (entry, value) => EffectivePolicy.IsValue(entry, value, StringComparison.Ordinal)),
            allows: $"allows the key the stack creates, protected in software ({level}).",
            refuses: $"refuses the key the stack creates for the bucket (encryptionKey: create), which Cloud KMS protects in software ({level}): {Describe(policy)}.",
            fix: $"Set encryptionKey to an existing key of an allowed protection level in the bucket's location (projects/KEY_PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY), or exempt the project: {Exemption(target, guardrail)}",
            undecided: $"preflight cannot expand: whether {level} is allowed is not known.");
    }

    /// <param name="what">What the stack creates in <paramref name="location"/>, as the refusal names it.</param>
    /// <param name="moveIt">The plan's own way out, before the exemption.</param>
    private static GuardrailCheck PlaceCheck(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy, string location, string what, string moveIt)
    {
        var rule = Describe(policy);
        var place = location.ToLowerInvariant();
        return ListCheck(target, guardrail, policy.Judge(location, GcpLocationGroups.Holds),
            allows: $"allows {location} ({rule}).",
            refuses: $"refuses {what} in {location}: {rule}.",
            fix: $"{moveIt}, or have {GcpGuardrails.AllowOnProjectFix(target.Project, guardrail.Id, place)}",
            undecided: $"preflight cannot expand, and nothing else decides whether {location} is allowed ({rule}).",
            undecidedFix: $"See which locations the group holds (Google's value groups for resource locations) and read the policy: gcloud org-policies describe {guardrail.Id} --project={target.Project} --effective; or name {place} itself in the project's policy.");
    }

    private static GuardrailCheck Cmek(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        // The constraint's values are services; one it denies (or does not allow) must use a customer-managed key.
        const string storage = "storage.googleapis.com";
        var bucketWithoutKey = target.CreatesBucket && !target.HasCustomerManagedKey;
        if (!bucketWithoutKey && !target.CreatesLogBucket)
        {
            return GuardrailCheck.Met(guardrail, $"The bucket gets a customer-managed key by default (encryptionKey), as {guardrail.Id} on project {target.Project} may require.");
        }

        var exemption = Exemption(target, guardrail);
        var refused = (bucketWithoutKey, target.CreatesLogBucket) switch
        {
            (true, true) => "the bucket and the log bucket the stack creates for its usage logs, both",
            (true, false) => "the bucket, which the stack creates",
            _ => "the log bucket the stack creates for the usage logs, which it creates",
        };
        return ListCheck(target, guardrail, policy.Judge(storage, (entry, value) => EffectivePolicy.IsValue(entry, value, StringComparison.Ordinal)),
            allows: $"does not require a customer-managed key for {storage}.",
            refuses: $"requires a customer-managed key for {storage} ({Describe(policy)}): it refuses {refused} with Google-managed encryption.",
            fix: bucketWithoutKey
                ? $"Set encryptionKey: create (or a Cloud KMS key of the bucket's location), use an existing bucket that has a default Cloud KMS key (existingBucket), {(target.CreatesLogBucket ? $"send the usage logs elsewhere ({LogsElsewhere}), " : "")}or exempt the project: {exemption}"
                : $"Send the usage logs elsewhere ({LogsElsewhere} that has a default Cloud KMS key), or exempt the project: {exemption}",
            undecided: $"preflight cannot expand: whether {storage} must use a customer-managed key is not known.");
    }

    /// <summary>
    /// The constraint's values name where keys may come from: <c>under:projects/P</c> (or <c>projects/P</c>) a project,
    /// <c>under:folders/F</c> and <c>under:organizations/O</c> every project beneath, which the key project's ancestry
    /// says, read only when such a value could decide.
    /// </summary>
    private static async Task<GuardrailCheck> KeyProjectAsync(
        GcpPreflightTarget target,
        Guardrail guardrail,
        EffectivePolicy policy,
        string keyProject,
        Func<string, Task<CloudRead<IReadOnlyList<string>>>> ancestry)
    {
        var judgement = policy.Judge(keyProject, (entry, project) => KeyProjectHolds(entry, project, ancestors: null));
        var ancestors = (IReadOnlyList<string>?)null;
        if (judgement.Verdict == ListVerdict.Undecided && judgement.UndecidedEntries.Any(IsFolderOrOrganization))
        {
            var read = await ancestry(keyProject).ConfigureAwait(false);
            if (read.Value is not { } held)
            {
                return GuardrailCheck.Unread(
                    guardrail,
                    read,
                    $"{guardrail.Id} on project {target.Project} names {string.Join(", ", judgement.UndecidedEntries)} ({Describe(policy)}), but the ancestry of key project {keyProject} could not be read, so whether its keys may protect the bucket is not known: {read.Refusal}",
                    $"Grant the deployer Browser on the key project (it holds resourcemanager.projects.get): gcloud projects add-iam-policy-binding {keyProject} --member=PRINCIPAL --role=roles/browser; or compare its ancestry yourself: gcloud projects get-ancestors {keyProject}",
                    $"Run preflight again; if it fails again, compare the key project's ancestry with the policy yourself: gcloud projects get-ancestors {keyProject} && gcloud org-policies describe {guardrail.Id} --project={target.Project} --effective",
                    $"On key project {keyProject}: {GcpGuardrails.ReaderGrantedBy}");
            }

            ancestors = held;
            judgement = policy.Judge(keyProject, (entry, project) => KeyProjectHolds(entry, project, held));
        }

        var where = ancestors is null ? "" : $" (its ancestry: {string.Join(" < ", ancestors)})";
        var rule = Describe(policy);
        return ListCheck(target, guardrail, judgement,
            allows: $"allows keys of project {keyProject}{where} ({rule}).",
            refuses: $"refuses the bucket's default key, a key of project {keyProject}{where}: {rule}. pulumi up would fail at the bucket.",
            fix: $"Set encryptionKey to a Cloud KMS key of the bucket's location in a project the policy allows, or have {GcpGuardrails.AllowOnProjectFix(target.Project, guardrail.Id, $"under:projects/{keyProject}")}",
            undecided: $"preflight cannot match to key project {keyProject}, and nothing else decides whether its keys are allowed ({rule}).");
    }

    /// <summary>
    /// Whether a value of gcp.restrictCmekCryptoKeyProjects holds the key project: a project by its id, a folder or
    /// organization by the project's <paramref name="ancestors"/> (resource names, the project first); null when that
    /// takes what is not known (no ancestry, a project named by its number).
    /// </summary>
    public static bool? KeyProjectHolds(string entry, string keyProject, IReadOnlyList<string>? ancestors)
    {
        var resource = NamedResource(entry);
        if (resource.StartsWith("projects/", StringComparison.Ordinal))
        {
            var project = resource["projects/".Length..];
            // A project id starts with a letter: digits alone are its number, which the plan does not know.
            return project == keyProject ? true : project.All(char.IsAsciiDigit) ? null : false;
        }

        if (!IsFolderOrOrganization(entry))
        {
            return null;
        }

        // Only under: names a subtree; a folder or organization written plainly or with is: is one value, never a project.
        return !entry.StartsWith(EffectivePolicy.UnderPrefix, StringComparison.Ordinal) ? false
            : ancestors is not null ? ancestors.Contains(resource, StringComparer.Ordinal)
            : null;
    }

    private static bool IsFolderOrOrganization(string entry) =>
        NamedResource(entry) is var resource && (resource.StartsWith("folders/", StringComparison.Ordinal) || resource.StartsWith("organizations/", StringComparison.Ordinal));

    /// <summary>The resource a value names, without its <c>under:</c> or <c>is:</c> prefix.</summary>
    private static string NamedResource(string entry) =>
        entry.StartsWith(EffectivePolicy.UnderPrefix, StringComparison.Ordinal) ? entry[EffectivePolicy.UnderPrefix.Length..]
        : entry.StartsWith(EffectivePolicy.IsPrefix, StringComparison.Ordinal) ? entry[EffectivePolicy.IsPrefix.Length..]
        : entry;

    /// <summary>
    /// The constraint's values are the directory customers (<c>C0...</c>) whose principals may be granted roles; Google's
    /// usage-log group is in Google's own directory, which an organization's list does not hold unless it was added.
    /// </summary>
    private static GuardrailCheck MemberDomains(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy) =>
        policy.AllowsOnlySome
            ? GuardrailCheck.Blocks(
                guardrail,
                $"{guardrail.Id} on project {target.Project} allows only principals of listed customers ({Describe(policy)}): it refuses the grant to {GcsGrants.UsageLogsWriterMember}, Google's group that writes usage logs, which is in Google's own directory, so pulumi up would stop at the log writer's grant.",
                $"Send the access logs to the project's audit logs (accessLogs: auditLogs), which grant no one outside the organization; or exempt the project: {Exemption(target, guardrail)}")
            : GuardrailCheck.Met(guardrail, $"{guardrail.Id} on project {target.Project} restricts no principal's domain: {GcsGrants.UsageLogsWriterMember} may be granted the log bucket.");

    /// <summary>
    /// The log writer's grant judged by the policy of the log bucket's project, as Cloud Storage judges it: the storage's
    /// for the log bucket the stack creates there, the read project of an existing one (named by its number, which
    /// Org Policy and gcloud take for its id). An existing bucket whose project cannot be read is not examined.
    /// </summary>
    private static async Task<GuardrailCheck> JudgeLogWriterGrant(
        GcpPreflightTarget target,
        Guardrail guardrail,
        Func<GcpPreflightTarget, Guardrail, Task<CloudRead<EffectivePolicy>>> policy,
        Func<string, Task<CloudRead<string>>> bucketProject,
        Func<GcpPreflightTarget, Guardrail, EffectivePolicy, GuardrailCheck> judge)
    {
        if (target.ExistingLogBucketName is not { } bucket)
        {
            return await Judge(target, guardrail, policy, judge).ConfigureAwait(false);
        }

        var read = await bucketProject(bucket).ConfigureAwait(false);
        if (read.Value is not { } projectNumber)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"The project of log bucket {bucket} could not be read, so whose {guardrail.Id} decides the grant to {GcsGrants.UsageLogsWriterMember} there is not known: {read.Refusal}",
                $"Let the deployer read the log bucket (storage.buckets.get): gcloud storage buckets add-iam-policy-binding gs://{bucket} --member=PRINCIPAL --role=roles/storage.legacyBucketReader",
                $"Run preflight again; if it fails again, find the bucket's project (gcloud storage buckets describe gs://{bucket}) and read the policy there yourself: gcloud org-policies describe {guardrail.Id} --project=PROJECT --effective",
                "the log bucket's owner");
        }

        var check = await Judge(target with { Project = projectNumber }, guardrail, policy, judge).ConfigureAwait(false);
        return check with { Message = $"{check.Message} (Project {projectNumber} is log bucket {bucket}'s, whose policies Cloud Storage applies to the grant.)" };
    }

    /// <summary>The policy on the storage's project that lets everything through the list constraint.</summary>
    private static string Exemption(GcpPreflightTarget target, Guardrail guardrail) =>
        GcpGuardrails.ProjectPolicyCommand(target.Project, guardrail.Id, "allowAll: true");

    /// <summary>
    /// The managed counterpart of <see cref="MemberDomains"/>: enforced, it allows only the principals its rule lists by
    /// name and the principals of its principal sets (organizations, directory customers), which never hold Google's group.
    /// A project policy replaces the inherited one, so the fix's policy keeps what the effective one allows.
    /// </summary>
    private static GuardrailCheck AllowedMembers(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        const string member = GcsGrants.UsageLogsWriterMember;
        if (policy.AllowsMember(member))
        {
            return GuardrailCheck.Met(
                guardrail,
                policy.Enforced
                    ? $"{guardrail.Id} on project {target.Project} lists {member} among its allowedMemberSubjects: it may be granted the log bucket."
                    : $"{guardrail.Id} is not enforced on project {target.Project}: {member} may be granted the log bucket.");
        }

        var enforcing = policy.Rules.Where(r => r.Enforce).ToList();
        var subjects = enforcing.SelectMany(r => r.AllowedMemberSubjects).Distinct(StringComparer.Ordinal).ToList();
        var principalSets = enforcing.SelectMany(r => r.AllowedPrincipalSets).Distinct(StringComparer.Ordinal).ToList();
        var allowed = subjects.Concat(principalSets).ToList();
        static string YamlList(string key, IEnumerable<string> entries) =>
            $"\\n      {key}:" + string.Concat(entries.Select(e => $"\\n      - {e}"));
        var rule = "enforce: true\\n    parameters:"
            + YamlList("allowedMemberSubjects", [.. subjects, member])
            + (principalSets.Count > 0 ? YamlList("allowedPrincipalSets", principalSets) : "");
        return GuardrailCheck.Blocks(
            guardrail,
            $"{guardrail.Id} is enforced on project {target.Project} and {(allowed.Count == 0 ? "lists no principal or principal set" : $"allows only {string.Join(", ", allowed)}")}: it refuses the grant to {member}, Google's group that writes usage logs, which no principal set of an organization or customer holds, so pulumi up would stop at the log writer's grant.",
            $"Send the access logs to the project's audit logs (accessLogs: auditLogs), which grant no one outside the organization; or have the group added to allowedMemberSubjects on the project, keeping what is allowed now: {GcpGuardrails.ProjectPolicyCommand(target.Project, guardrail.Id, rule)}");
    }

    /// <summary>Where usage logs may go instead of a log bucket the stack creates.</summary>
    private const string LogsElsewhere = "accessLogs: auditLogs, or an existing log bucket";

    /// <summary>The bucket's retention policy, then the log bucket's, which has none.</summary>
    private static GuardrailCheck Retention(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        var bucket = target.CreatesBucket ? BucketRetention(target, guardrail, policy) : null;
        if (bucket is { Outcome: not PreflightOutcome.Met } || !target.CreatesLogBucket || !policy.AllowsOnlySome)
        {
            return bucket ?? GuardrailCheck.Met(guardrail, $"{guardrail.Id} on project {target.Project} requires no retention policy.");
        }

        return GuardrailCheck.Blocks(
            guardrail,
            $"{guardrail.Id} on project {target.Project} requires a retention policy ({Describe(policy)}): it refuses the log bucket the stack creates for the usage logs, which has none.",
            $"Send the usage logs elsewhere ({LogsElsewhere} with an allowed retention policy), or exempt the project: {Exemption(target, guardrail)}");
    }

    private static GuardrailCheck BucketRetention(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        var setDays = DurationFix(
            policy,
            AllowedDays(policy, d => d > 0),
            days => $"Set immutability: {{days: {days[0]}, mode: governance}} (allowed in days: {string.Join(", ", days)})",
            "immutability.days",
            "a whole number of days, which immutability.days sets",
            Exemption(target, guardrail));
        if (target.RetentionSeconds is not { } seconds)
        {
            return policy.AllowsOnlySome
                ? GuardrailCheck.Blocks(guardrail, $"{guardrail.Id} on project {target.Project} requires a retention policy ({Describe(policy)}): it refuses the bucket, which the stack creates without one.", setDays)
                : GuardrailCheck.Met(guardrail, $"{guardrail.Id} on project {target.Project} requires no retention policy.");
        }

        var value = seconds.ToString(CultureInfo.InvariantCulture);
        return ListCheck(target, guardrail, policy.Judge(value, (entry, candidate) => EffectivePolicy.IsValue(entry, candidate, StringComparison.Ordinal)),
            allows: $"allows a retention policy of {value} s.",
            refuses: $"refuses the bucket's retention policy of {value} s ({DayCount.Of(seconds / SecondsPerDay)}): {Describe(policy)}.",
            fix: setDays,
            undecided: $"are not durations: whether {value} s is allowed is not known.");
    }

    /// <summary>
    /// The soft delete duration of every bucket the stack creates, the log bucket too: the storage's softDeleteDays, or
    /// Cloud Storage's default, which a tag on the project may change unseen (the fix then holds whatever the tag says).
    /// </summary>
    private static GuardrailCheck SoftDelete(GcpPreflightTarget target, Guardrail guardrail, EffectivePolicy policy)
    {
        var buckets = target.CreatesLogBucket ? "the bucket and the log bucket" : "the bucket";
        var seconds = target.EffectiveSoftDeleteSeconds;
        var value = seconds.ToString(CultureInfo.InvariantCulture);
        var duration = target.SoftDeleteSeconds is null
            ? $"Cloud Storage's default soft delete duration of {value} s ({seconds / SecondsPerDay} days), which {buckets} the stack creates without softDeleteDays would get (unless a storage.defaultSoftDeletePolicy tag on the project sets another default, which preflight does not read)"
            : $"the soft delete duration of {value} s (softDeleteDays: {seconds / SecondsPerDay}) of {buckets} the stack creates";
        var fix = DurationFix(
            policy,
            AllowedDays(policy, d => d == 0 || d is >= GcpPreflightTarget.MinSoftDeleteDays and <= GcpPreflightTarget.MaxSoftDeleteDays),
            // Turning soft delete off is offered, never proposed first.
            days => $"Set softDeleteDays: {days.FirstOrDefault(d => d > 0, 0)} on the storage (allowed in days: {string.Join(", ", days)}{(days.Contains(0) ? "; 0 turns soft delete off" : "")})",
            "softDeleteDays",
            $"one softDeleteDays can set (0, or {GcpPreflightTarget.MinSoftDeleteDays} to {GcpPreflightTarget.MaxSoftDeleteDays} whole days)",
            Exemption(target, guardrail));
        return ListCheck(target, guardrail, policy.Judge(value, (entry, candidate) => EffectivePolicy.IsValue(entry, candidate, StringComparison.Ordinal)),
            allows: $"allows {duration}.",
            refuses: $"refuses {duration}: {Describe(policy)}.",
            fix,
            undecided: $"are not durations: whether {value} s is allowed is not known.");
    }

    /// <summary>
    /// The fix for a bucket whose duration the policy refuses: <paramref name="set"/> over the allowed durations the setting
    /// can take, in days, shortest first; where it can take none, only the project's exemption.
    /// </summary>
    /// <param name="unsettable">What follows "No allowed duration is".</param>
    private static string DurationFix(EffectivePolicy policy, List<long> days, Func<List<long>, string> set, string setting, string unsettable, string exemption)
    {
        if (policy.Rules.Any(r => r.DenyAll))
        {
            return $"The policy denies every duration: exempt the project: {exemption}";
        }

        if (days.Count > 0)
        {
            return $"{set(days)}, or exempt the project: {exemption}";
        }

        return policy.AllowedValues.Count == 0
            ? $"Set {setting} to a duration the policy does not deny, or exempt the project: {exemption}"
            : $"No allowed duration is {unsettable}: exempt the project: {exemption}";
    }

    /// <summary>The policy's allowed durations (seconds, <c>is:</c> or not) that are whole days and that <paramref name="settable"/> takes, in days, shortest first.</summary>
    private static List<long> AllowedDays(EffectivePolicy policy, Func<long, bool> settable) =>
    [
        .. policy.AllowedValues
            .Select(v => long.TryParse(v.StartsWith(EffectivePolicy.IsPrefix, StringComparison.Ordinal) ? v[EffectivePolicy.IsPrefix.Length..] : v, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1)
            .Where(s => s >= 0 && s % SecondsPerDay == 0 && settable(s / SecondsPerDay))
            .Select(s => s / SecondsPerDay)
            .Distinct()
            .Order(),
    ];

    private static async Task<GuardrailCheck> JudgePermissions(
        GcpPreflightTarget target, Task<CloudRead<IReadOnlySet<string>>> granted, Func<GcpForeignGrant, Task<CloudRead<IReadOnlySet<string>>>> foreignGranted)
    {
        var guardrail = GcpGuardrails.DeployerPermissions;
        var read = await granted.ConfigureAwait(false);
        if (read.Value is not { } held)
        {
            return PermissionsUntested(guardrail, $"The deployer's permissions could not be tested, so whether pulumi up may create the plan's resources is not known: {read.Refusal}");
        }

        var missing = target.Permissions.Where(p => !held.Contains(p.Permission)).ToList();
        var onProject = missing.Where(p => !p.OnExistingBucket).ToList();
        var onBucket = missing.Where(p => p.OnExistingBucket).ToList();
        if (onProject.Count > 0)
        {
            return GuardrailCheck.Blocks(
                guardrail,
                $"The deployer lacks {Describe(onProject)} on project {target.Project}: pulumi up would stop at {onProject[0].Resource}.",
                GrantFix(onProject, role => $"gcloud projects add-iam-policy-binding {target.Project} --member=PRINCIPAL --role={role}"));
        }

        var foreign = await Task.WhenAll(target.ForeignGrants.Select(async grant => (Grant: grant, Read: await foreignGranted(grant).ConfigureAwait(false)))).ConfigureAwait(false);
        if (foreign.FirstOrDefault(f => f.Read.Value is { } heldThere && f.Grant.Permissions.Any(p => !heldThere.Contains(p))) is { Grant: { } lacking, Read.Value: { } heldOnIt })
        {
            var missingThere = lacking.Permissions.Where(p => !heldOnIt.Contains(p)).Select(p => new GcpPermissionNeed(p, lacking.Resource)).ToList();
            return GuardrailCheck.Blocks(
                guardrail,
                $"The deployer lacks {Describe(missingThere)} on {Named(lacking)}: pulumi up would stop at {lacking.Resource}.",
                GrantFix(missingThere, role => lacking.On == GcpGrantTarget.CryptoKey
                    ? $"gcloud kms keys add-iam-policy-binding {lacking.Name} --member=PRINCIPAL --role={role}"
                    : $"gcloud storage buckets add-iam-policy-binding gs://{lacking.Name} --member=PRINCIPAL --role={role}"),
                lacking.On == GcpGrantTarget.CryptoKey ? "the key's owner (roles/cloudkms.admin on the key or its project)" : "the log bucket's owner (roles/storage.admin on the bucket or its project)");
        }

        if (onBucket.Count > 0)
        {
            return GuardrailCheck.NotExamined(
                guardrail,
                $"The deployer lacks {Describe(onBucket)} on project {target.Project}, but may hold them on the existing bucket {target.ExistingBucket} itself, which preflight does not read.",
                GrantFix(onBucket, role => $"gcloud storage buckets add-iam-policy-binding gs://{target.ExistingBucket} --member=PRINCIPAL --role={role}"),
                "the bucket's owner (roles/storage.admin on the bucket or its project)");
        }

        if (foreign.FirstOrDefault(f => f.Read.Value is null) is { Grant: { } untested, Read: { } refused })
        {
            return GuardrailCheck.Unread(
                guardrail,
                refused,
                $"The deployer's permissions on {Named(untested)} could not be tested, so whether pulumi up may make {untested.Resource} there is not known: {refused.Refusal}",
                untested.On == GcpGrantTarget.CryptoKey
                    ? $"Have the deployer allowed to read the key's policy (cloudkms.cryptoKeys.getIamPolicy), or check it yourself: gcloud kms keys get-iam-policy {untested.Name}"
                    : $"Have the deployer allowed to read the bucket (storage.buckets.get), or check it yourself: gcloud storage buckets get-iam-policy gs://{untested.Name}",
                "Run preflight again.",
                untested.On == GcpGrantTarget.CryptoKey ? "the key's owner" : "the log bucket's owner");
        }

        return GuardrailCheck.Met(
            guardrail,
            $"The deployer holds all {target.Permissions.Count} permissions the plan needs on project {target.Project}"
            + string.Concat(target.ForeignGrants.Select(g => $", and those of {g.Resource} on {Named(g)}")) + ".");
    }

    /// <summary>
    /// A check whose test of the deployer's permissions on the project failed. Resource Manager's testIamPermissions needs
    /// no permission of its own, so no grant fixes it: another try does, with the API enabled in the quota project.
    /// </summary>
    private static GuardrailCheck PermissionsUntested(Guardrail guardrail, string message) =>
        GuardrailCheck.NotExamined(
            guardrail,
            message,
            "Run preflight again; the test needs no permission of its own, but the Cloud Resource Manager API must be enabled in your quota project: gcloud services enable cloudresourcemanager.googleapis.com.",
            grantedBy: null);

    private static string Named(GcpForeignGrant grant) => grant.On == GcpGrantTarget.CryptoKey ? $"key {grant.Name}" : $"log bucket {grant.Name}";

    private static string Describe(IReadOnlyList<GcpPermissionNeed> missing) =>
        string.Join(", ", missing.Select(p => $"{p.Permission} (for {p.Resource})"));

    /// <summary>One grant per role that holds some missing permission; PRINCIPAL is the deployer (user:… or serviceAccount:…).</summary>
    private static string GrantFix(IReadOnlyList<GcpPermissionNeed> missing, Func<string, string> grant)
    {
        var roles = missing.Select(p => GcpGuardrails.RoleFor(p.Permission) ?? $"ROLE_WITH_{p.Permission}").Distinct(StringComparer.Ordinal);
        // The Organization Policy Administrator role is granted on the organization only.
        return "Grant the deployer (PRINCIPAL: user:… or serviceAccount:…) " + string.Join(" && ", roles.Select(role => role == GcpGuardrails.OrgPolicyAdminRole
            ? $"gcloud organizations add-iam-policy-binding ORGANIZATION_ID --member=PRINCIPAL --role={role}"
            : grant(role)));
    }

    /// <summary>The list constraint's effective rule in a few words.</summary>
    private static string Describe(EffectivePolicy policy)
    {
        if (policy.Rules.Any(r => r.DenyAll))
        {
            return "it denies every value";
        }

        var parts = new List<string>();
        if (policy.Rules.Any(r => r.AllowAll))
        {
            parts.Add("it allows every value");
        }
        else if (policy.AllowedValues.Count > 0)
        {
            parts.Add($"it allows only {string.Join(", ", policy.AllowedValues)}");
        }

        if (policy.DeniedValues.Count > 0)
        {
            parts.Add($"denies {string.Join(", ", policy.DeniedValues)}");
        }

        return parts.Count == 0 ? "no policy restricts it" : string.Join(" and ", parts);
    }
}
