using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// The AWS guardrails of the S3 storages of a plan: who the deployer is (STS, and for an assumed role its role's ARN
/// from IAM, once) and its account's organization (Organizations, once), one simulation of its policies per resource the
/// plan acts on (IAM's simulator, which reports SCP and permissions-boundary denials apart from its own policies'), and
/// the account's Block Public Access (S3 Control, once per account), all in parallel.
/// </summary>
public sealed class AwsGuardrailChecker(
    CallerIdentityClient callers, IamRoleClient roles, OrganizationClient organizations, PolicySimulatorClient simulator, AccountPublicAccessBlockClient publicAccess)
    : GuardrailChecker<AwsPreflightTarget>
{
    protected override async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<AwsPreflightTarget> targets, CancellationToken cancellationToken)
    {
        var caller = await callers.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        // The organization, for a caller IAM can simulate, beside its role's path; a refused read leaves its keys out of the simulation.
        var organizationRead = caller.Value is { PrincipalArn: not null } simulated ? organizations.DescribeAsync(simulated.Partition, cancellationToken) : null;
        if (caller.Value is { RoleName: { } roleName } assumed)
        {
            // The session's ARN leaves out the role's path, without which the simulator does not find the role.
            caller = CloudRead<AwsCaller>.Of(assumed.WithRoleArn(await roles.GetArnAsync(assumed.Partition, roleName, cancellationToken).ConfigureAwait(false)));
        }

        var organization = organizationRead is null ? null : await organizationRead.ConfigureAwait(false);
        var blockPublicAccess = new ReadCache<string, CloudRead<AccountPublicAccessBlock>>();
        var checks = await Task.WhenAll(targets.Select(target => CheckAsync(target, caller, organization, blockPublicAccess, cancellationToken))).ConfigureAwait(false);
        return checks;
    }

    private async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(
        AwsPreflightTarget target,
        CloudRead<AwsCaller> callerRead,
        CloudRead<AwsOrganization>? organization,
        ReadCache<string, CloudRead<AccountPublicAccessBlock>> blockPublicAccess,
        CancellationToken cancellationToken)
    {
        if (callerRead.Value is not { } caller)
        {
            var fix = callerRead.Denied
                ? "Sign in to AWS (aws configure, aws sso login, or AWS_PROFILE) as the identity pulumi up deploys with."
                : "Run preflight again.";
            return [.. AwsGuardrails.All.Where(g => target.CreatesBucket || g != AwsGuardrails.AccountBlockPublicAccess)
                .Select(g => GuardrailCheck.NotExamined(g, $"Not examined: {callerRead.Refusal}", fix, grantedBy: null))];
        }

        var checks = new List<GuardrailCheck>(await JudgeSimulationAsync(target, caller, organization, cancellationToken).ConfigureAwait(false));
        if (target.CreatesBucket)
        {
            var read = await blockPublicAccess.GetAsync(caller.Account, account => publicAccess.GetAsync(account, target.Region, cancellationToken)).ConfigureAwait(false);
            checks.Add(JudgeBlockPublicAccess(caller, read));
        }

        return checks;
    }

    private async Task<IReadOnlyList<GuardrailCheck>> JudgeSimulationAsync(AwsPreflightTarget target, AwsCaller caller, CloudRead<AwsOrganization>? organization, CancellationToken cancellationToken)
    {
        // Why the organization's keys were left out of the simulation, for a refusal whose condition may read them.
        var organizationUnread = organization is { Value: null } refused ? refused : null;
        var simulated = new[] { AwsGuardrails.ServiceControlPolicies, AwsGuardrails.PermissionsBoundary, AwsGuardrails.DeployerPermissions };
        if (caller.PrincipalArn is not { } principal)
        {
            return [.. simulated.Select(g => GuardrailCheck.NotExamined(
                g,
                $"You sign in to AWS as {caller.Arn}, whose policies IAM's simulator cannot simulate (only IAM users and roles).",
                "Run preflight signed in as the IAM user or role that runs pulumi up.",
                grantedBy: null))];
        }

        var needs = target.Actions.Select(n => n with { ResourceArn = n.ResourceArn.Replace(AwsPreflightTarget.AccountPlaceholder, caller.Account, StringComparison.Ordinal) }).ToList();
        // The creates that send tags are simulated apart, with them: no other request carries a tag a policy could read.
        var reads = await Task.WhenAll(needs.GroupBy(n => (n.ResourceArn, Region: RequestedRegion(n.Action, target.Region), n.CarriesRequestTags)).Select(async group =>
        {
            var actions = group.Select(n => n.Action).Distinct(StringComparer.Ordinal).ToList();
            var tags = group.Key.CarriesRequestTags ? target.RequestTags : null;
            var read = await simulator.SimulateAsync(principal, actions, group.Key.ResourceArn, group.Key.Region, organization?.Value?.Id, tags, cancellationToken).ConfigureAwait(false);
            return (Needs: group.ToList(), Read: read);
        })).ConfigureAwait(false);

        if (reads.FirstOrDefault(r => r.Read.Value is null).Read is { } failed)
        {
            var why = (failed.Denied
                ? $"{failed.Refusal} Without the simulation, whether an SCP, a permissions boundary or your own policies refuse an action of the plan is not known."
                : failed.Refusal!)
                + (caller.RolePathUnread is { } unread
                    ? $" {principal} names the role of your session {caller.Arn} without its path, which the session's ARN leaves out and IAM needs to find a role "
                        + $"that has one (as IAM Identity Center's roles do); {unread} Allowing iam:GetRole on the role would let preflight find its path."
                    : "");
            // A role named without its path may be what the simulator did not find: the grant of iam:GetRole fixes that, a retry does not.
            return [.. simulated.Select(g => failed.Denied || caller.RolePathUnread is not null
                ? GuardrailCheck.NotExamined(g, why, AwsGuardrails.SimulationFix(caller), AwsGuardrails.GrantorOf(caller))
                : GuardrailCheck.NotExamined(g, why, "Run preflight again.", grantedBy: null))];
        }

        var sentTags = target.RequestTags.Keys.ToList();
        var decided = reads.SelectMany(r => r.Needs.Select(n => (Need: n, Decision: r.Read.Value!.First(d => string.Equals(d.Action, n.Action, StringComparison.OrdinalIgnoreCase))))).ToList();
        var byScp = decided.Where(d => d.Decision.AllowedByOrganizations == false).ToList();
        // A boundary refuses what it does not allow whatever an SCP says; the deployer's own policies are judged only on
        // what neither refuses, since the simulator's decision then is theirs.
        var byBoundary = decided.Where(d => d.Decision.AllowedByPermissionsBoundary == false).ToList();
        var byIdentity = decided.Where(d => d.Decision.Decision != AwsDecision.Allowed && d.Decision.AllowedByOrganizations != false && d.Decision.AllowedByPermissionsBoundary != false).ToList();
        var unjudged = decided.Where(d => d.Decision.AllowedByOrganizations == false || d.Decision.AllowedByPermissionsBoundary == false)
            .Select(d => d.Need.Action).Distinct(StringComparer.Ordinal).ToList();
        var identity = Judge(
            organizationUnread,
            sentTags,
            AwsGuardrails.DeployerPermissions,
            decided,
            byIdentity,
            refused => GuardrailCheck.Blocks(
                AwsGuardrails.DeployerPermissions,
                $"{principal} is not allowed {Describe(refused)}: {WouldStop(refused)}.",
                DestroyAlternative(refused) + (refused.Any(d => d.Decision.Decision == AwsDecision.ExplicitDeny) ? "Remove the statement of the deployer's policies that denies it, and grant" : "Grant")
                + $" the actions: {AwsGuardrails.PutPolicy(caller, "stream-storage-deploy", refused.Select(d => d.Need.Action).Distinct(StringComparer.Ordinal), refused.Select(d => d.Need.ResourceArn).Distinct(StringComparer.Ordinal))}",
                AwsGuardrails.GrantorOf(caller)),
            $"{principal} is allowed all {decided.Count} action(s) the plan takes (simulated with the bucket's and user's random suffix, and the key's id, as *).");
        return
        [
            Judge(
                organizationUnread,
                sentTags,
                AwsGuardrails.ServiceControlPolicies,
                decided,
                byScp,
                refused => GuardrailCheck.Blocks(
                    AwsGuardrails.ServiceControlPolicies,
                    $"An SCP of your organization denies {Describe(refused)} in {string.Join(" and ", refused.Select(d => RequestedRegion(d.Need.Action, target.Region)).Distinct(StringComparer.Ordinal))}: {WouldStop(refused)}.",
                    DestroyAlternative(refused) + $"Have the organization's administrators exempt {principal} from the SCP (a condition \"ArnNotLike\": {{\"aws:PrincipalArn\": \"{principal}\"}} in its deny statement) or move the account out of its reach; "
                    + $"if it denies region {target.Region}, choose an allowed region"
                    + (refused.Any(d => d.Need.Action.StartsWith(IamActionPrefix, StringComparison.OrdinalIgnoreCase))
                        ? $"; if it keeps every action to some regions, it must exempt IAM (iam:*), whose requests arrive in {RequestedRegion(IamActionPrefix, target.Region)}; if it denies iam:CreateUser or iam:CreateAccessKey, authMode: policy creates neither."
                        : ".")),
                $"No SCP denies the {decided.Count} action(s) of the plan in {target.Region}."),
            Judge(
                organizationUnread,
                sentTags,
                AwsGuardrails.PermissionsBoundary,
                decided,
                byBoundary,
                refused => GuardrailCheck.Blocks(
                    AwsGuardrails.PermissionsBoundary,
                    $"The permissions boundary of {principal} does not allow {Describe(refused)}: {WouldStop(refused)}.",
                    DestroyAlternative(refused) + $"Have the boundary policy allow {string.Join(", ", refused.Select(d => d.Need.Action).Distinct(StringComparer.Ordinal))} on the plan's resources, or deploy as a principal whose boundary does; see the boundary: "
                    + (principal.Contains(":role/", StringComparison.Ordinal)
                        ? $"aws iam get-role --role-name {principal[(principal.LastIndexOf('/') + 1)..]} --query Role.PermissionsBoundary"
                        : $"aws iam get-user --user-name {principal[(principal.LastIndexOf('/') + 1)..]} --query User.PermissionsBoundary")),
                $"No permissions boundary of {principal} refuses an action of the plan."),
            identity.Outcome == PreflightOutcome.Met && unjudged.Count > 0
                ? GuardrailCheck.NotExamined(
                    AwsGuardrails.DeployerPermissions,
                    $"{principal} is allowed the plan's other actions; whether its own policies allow {string.Join(", ", unjudged)} is not known while an SCP or its permissions boundary refuses them, since IAM then decides on that refusal.",
                    "Run preflight again once the SCP or the boundary allows them.",
                    grantedBy: null)
                : identity,
        ];
    }

    /// <summary>
    /// One simulated guardrail: met without refusals, else blocked. A create that sends tags was simulated with the tags
    /// pulumi up sends, so a tag its policies read and the stack does not set is absent from the real request too: the
    /// refusal stands, and the fix names the tag. Where the organization could not be read and every refusal may rest on
    /// its keys alone, not examined. IAM does not say which statement any other key it lacked belongs to, so the block
    /// stands with a note.
    /// </summary>
    /// <param name="organizationUnread">The organization's read that failed, so that the simulation had no value for its keys; null when it was read.</param>
    /// <param name="sentTags">The names of the tags the creates that take tags send.</param>
    /// <param name="decided">Every action simulated: one IAM allowed without a value for a key the real request carries is not a pass.</param>
    private static GuardrailCheck Judge(
        CloudRead<AwsOrganization>? organizationUnread,
        IReadOnlyCollection<string> sentTags,
        Guardrail guardrail,
        List<(AwsActionNeed Need, AwsActionDecision Decision)> decided,
        List<(AwsActionNeed Need, AwsActionDecision Decision)> refused,
        Func<List<(AwsActionNeed Need, AwsActionDecision Decision)>, GuardrailCheck> blocks,
        string met)
    {
        if (refused.Count == 0)
        {
            return AllowedWithoutKeys(decided) is { Count: > 0 } unsure
                ? GuardrailCheck.NotExamined(
                    guardrail,
                    $"IAM allowed {string.Join(", ", unsure.Select(u => u.Action).Distinct(StringComparer.Ordinal))}, though the policies read "
                        + $"{string.Join(", ", unsure.SelectMany(u => u.Keys).Distinct(StringComparer.Ordinal))}, which the simulation had no value for and the request pulumi up makes carries: "
                        + "a statement conditioned on them (an SCP that refuses requests from outside a network, without MFA or without a principal tag, say) may refuse what the simulation allowed.",
                    (organizationUnread is null ? "" : organizationUnread.Denied ? "Allow the deployer organizations:DescribeOrganization and run preflight again; " : "Run preflight again; ")
                        + "read the statements of the SCPs, the permissions boundary and the deployer's policies that use those keys, and check them against where and as whom pulumi up runs.",
                    grantedBy: null)
                : GuardrailCheck.Met(guardrail, met);
        }

        var check = blocks(refused);
        var unsentTags = refused
            .Where(d => d.Need.CarriesRequestTags)
            .SelectMany(d => d.Decision.MissingContextKeys)
            .Where(k => k.StartsWith(PolicySimulatorClient.RequestTagPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[PolicySimulatorClient.RequestTagPrefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unsentTags.Count > 0)
        {
            check = check with
            {
                Message = $"{check.Message} Its policies read the request's tag {string.Join(", ", unsentTags)}, which the tags these creates send ({string.Join(", ", sentTags)}) do not include.",
                Fix = $"If the policy asks for tag {string.Join(", ", unsentTags)} at creation, set it in the stack's tags (recording-storage:tags) or the AWS provider's aws:defaultTags; otherwise: {check.Fix}",
                GrantedBy = $"the stack's owner, who sets the tag; otherwise {check.GrantedBy}",
            };
        }

        var unknown = refused.Select(d => (d.Need.Action, Keys: UnknownKeys(d))).Where(u => u.Keys.Count > 0).ToList();
        if (unknown.Count == 0)
        {
            return check;
        }

        // The real requests carry the organization's keys where the simulation lacked them: a refusal that may rest on them alone is undecided.
        if (organizationUnread is not null && unknown.Count == refused.Count && unknown.All(u => u.Keys.All(IsOrganizationKey)))
        {
            var readIt = organizationUnread.Denied
                ? "Allow the deployer organizations:DescribeOrganization and run preflight again, so that the simulation has the organization's keys; if it still refuses: "
                : "Run preflight again, so that the simulation has the organization's keys; if it still refuses: ";
            return GuardrailCheck.NotExamined(guardrail, $"In the simulation: {check.Message}{UnsuppliedContext(unknown, organizationUnread)}", readIt + check.Fix, check.GrantedBy);
        }

        return check with { Message = $"{check.Message}{UnsuppliedContext(unknown, organizationUnread)}" };
    }

    /// <summary>
    /// The keys IAM had no value for whose value in the real request is not known: all of them, but for a create that
    /// sends tags, whose tag keys the simulation had as that request has them.
    /// </summary>
    private static List<string> UnknownKeys((AwsActionNeed Need, AwsActionDecision Decision) refusal) =>
        [.. refusal.Decision.MissingContextKeys.Where(key => !refusal.Need.CarriesRequestTags
            || !(key.StartsWith(PolicySimulatorClient.RequestTagPrefix, StringComparison.OrdinalIgnoreCase) || string.Equals(key, PolicySimulatorClient.TagKeysKey, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>
    /// The actions IAM allowed though a policy read a key it had no value for, which the request pulumi up makes carries
    /// (where the deployer signs in from, MFA, principal tags, the time): a condition on a key absent from the request is
    /// false, so the simulation may have skipped a deny the real request meets.
    /// </summary>
    private static List<(string Action, List<string> Keys)> AllowedWithoutKeys(List<(AwsActionNeed Need, AwsActionDecision Decision)> decided) =>
        [.. decided.Where(d => d.Decision.Decision == AwsDecision.Allowed).Select(d => (d.Need.Action, Keys: UnknownKeys(d))).Where(u => u.Keys.Count > 0)];

    /// <summary>The keys IAM had no value for, which may or may not be those the refusal rests on.</summary>
    private static string UnsuppliedContext(List<(string Action, List<string> Keys)> unknown, CloudRead<AwsOrganization>? organizationUnread)
    {
        var keys = unknown.SelectMany(u => u.Keys).Distinct(StringComparer.Ordinal).ToList();
        var organizationKeys = keys.Where(IsOrganizationKey).ToList();
        return $" For {string.Join(", ", unknown.Select(u => u.Action).Distinct(StringComparer.Ordinal))} the policies read {string.Join(", ", keys)}, which the simulation had no value for: "
            + "where a refusal's condition rests on them, the request pulumi up makes may be decided otherwise."
            + (organizationKeys.Count > 0 && organizationUnread is not null
                ? $" The organization's keys ({string.Join(", ", organizationKeys)}) were left out: {organizationUnread.Refusal} "
                    + (organizationUnread.Denied
                        ? "Allowing the deployer organizations:DescribeOrganization (where no SCP denies it) lets preflight give them."
                        : "Run preflight again to read it.")
                : "");
    }

    private static bool IsOrganizationKey(string key) => PolicySimulatorClient.OrganizationKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static GuardrailCheck JudgeBlockPublicAccess(AwsCaller caller, CloudRead<AccountPublicAccessBlock> read)
    {
        var guardrail = AwsGuardrails.AccountBlockPublicAccess;
        if (read.Value is not { } settings)
        {
            return GuardrailCheck.Unread(
                guardrail,
                read,
                $"It refuses nothing the stack creates, but could not be read to show it: {read.Refusal}",
                $"Allow the deployer s3:GetAccountPublicAccessBlock: {AwsGuardrails.PutPolicy(caller, "stream-storage-preflight-s3", ["s3:GetAccountPublicAccessBlock"], ["*"])}",
                "Run preflight again.",
                AwsGuardrails.GrantorOf(caller));
        }

        string On(bool setting) => setting ? "on" : "off";
        return GuardrailCheck.Met(
            guardrail,
            $"Account {caller.Account}: BlockPublicAcls {On(settings.BlockPublicAcls)}, IgnorePublicAcls {On(settings.IgnorePublicAcls)}, BlockPublicPolicy {On(settings.BlockPublicPolicy)}, RestrictPublicBuckets {On(settings.RestrictPublicBuckets)}. "
            + "None refuses the stack: it sets no ACLs (BucketOwnerEnforced), and its bucket policy grants Stream's account by name, which S3 does not count as public.");
    }

    private const string IamActionPrefix = "iam:";

    /// <summary>
    /// The region a request for <paramref name="action"/> names (<c>aws:RequestedRegion</c>): IAM is one global service,
    /// whose requests arrive in its partition's home region (us-east-1 in the commercial partition), which an SCP that
    /// keeps every action to some regions must exempt; every other action of the plan is made in the bucket's region.
    /// </summary>
    internal static string RequestedRegion(string action, string bucketRegion) =>
        action.StartsWith(IamActionPrefix, StringComparison.OrdinalIgnoreCase) ? AwsIam.For(bucketRegion).SigningRegion.SystemName : bucketRegion;

    /// <summary>Where the refusals stop the stack: the first create refused stops pulumi up, an action destroy takes stops pulumi destroy.</summary>
    private static string WouldStop(IReadOnlyList<(AwsActionNeed Need, AwsActionDecision Decision)> refused)
    {
        var stops = new List<string>();
        if (refused.FirstOrDefault(d => !d.Need.OnDestroy).Need is { } create)
        {
            stops.Add($"pulumi up would stop at {create.Resource}");
        }

        if (refused.FirstOrDefault(d => d.Need.OnDestroy).Need is { } destroy)
        {
            stops.Add($"pulumi destroy would stop at {destroy.Resource}, whose forceDestroy deletes the bucket with every object version in it, "
                + "and would get 403 AccessDenied, leaving the bucket with what it still holds");
        }

        return string.Join("; ", stops);
    }

    /// <summary>For refused actions destroy takes: why it takes them, and the setting that takes none.</summary>
    private static string DestroyAlternative(IReadOnlyList<(AwsActionNeed Need, AwsActionDecision Decision)> refused)
    {
        var destroyActions = refused.Where(d => d.Need.OnDestroy).Select(d => d.Need.Action).Distinct(StringComparer.Ordinal).ToList();
        return destroyActions.Count == 0
            ? ""
            : $"Destroy takes {string.Join(" and ", destroyActions)} to empty and delete the bucket (dataProtection: forceDestroy): "
                + "set dataProtection: retain, which keeps the bucket and its recordings on destroy and takes none of them, or allow them. ";
    }

    private static string Describe(IEnumerable<(AwsActionNeed Need, AwsActionDecision Decision)> refused) =>
        string.Join(", ", refused.Select(d => $"{d.Need.Action} on {d.Need.ResourceArn} (for {d.Need.Resource})"));
}
