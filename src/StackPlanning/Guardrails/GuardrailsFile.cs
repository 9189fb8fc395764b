using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Gcp;

namespace StackPlanning.Guardrails;

/// <summary>
/// The guardrails a governed organization puts in a stack's way, as a rehearsal plays them
/// (<c>stream-storage rehearse --guardrails FILE</c>): the local stand-ins of each cloud's APIs answer preflight's
/// reads from it and refuse the creates it forbids. Nothing here is read from a cloud; an empty file is an
/// organization without guardrails.
/// </summary>
public sealed record GuardrailsFile
{
    /// <summary>No guardrail anywhere: what a rehearsal without <c>--guardrails</c> plays.</summary>
    public static GuardrailsFile None { get; } = new();

    public GcpGuardrailSettings Gcp { get; init; } = new();

    public AwsGuardrailSettings Aws { get; init; } = new();

    public AzureGuardrailSettings Azure { get; init; } = new();

    /// <summary>Reads and checks <paramref name="path"/>, as bounded as a stack file (<see cref="ConfigValueLimits"/>).</summary>
    /// <exception cref="StackConfigException">The file cannot be read, is not YAML, or holds an unknown key or a value of the wrong type: every problem, each on its key path with the fix.</exception>
    public static GuardrailsFile Read(string path) => GuardrailsFileReader.Read(path);
}

/// <summary>Organization policies of GCP (per constraint, per project) and the permissions the deployer lacks.</summary>
public sealed record GcpGuardrailSettings
{
    /// <summary>Each constraint's policy, on one project or on every project (<see cref="GcpConstraintPolicy.EveryProject"/>).</summary>
    public IReadOnlyList<GcpConstraintPolicy> Constraints { get; init; } = [];

    /// <summary>
    /// The custom constraints of the organization the projects are in (<see cref="ProjectParents"/>), which Org Policy's
    /// <c>customConstraints.list</c> answers; each is enforced on a project as a boolean constraint of <see cref="Constraints"/>.
    /// </summary>
    public IReadOnlyList<CustomConstraint> CustomConstraints { get; init; } = [];

    /// <summary>
    /// The folders and organization above a project, nearest first (<c>folders/308112</c>, <c>organizations/570033</c>),
    /// by project id: what Resource Manager's ancestry answers, against which values such as <c>under:folders/…</c> of
    /// gcp.restrictCmekCryptoKeyProjects are matched. A project not named sits in no folder or organization.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectParents { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The key constraints (<see cref="GcpPreflightTarget.KeyCreationConstraints"/>) a project has a policy of its own on, set
    /// on the project itself, by project id: what Org Policy's <c>projects.policies.get</c> finds there, and why it refuses
    /// the stack's exception (keyCreationException) on them. The policy's rule is the one <see cref="Constraints"/> says.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectPolicies { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Permissions the deployer lacks on every project; every other is granted.</summary>
    public IReadOnlyList<string> DeniedPermissions { get; init; } = [];

    /// <summary>Buckets that exist before the stack (<c>existingBucket</c>), as Cloud Storage's <c>buckets.get</c> describes them to preflight; any other is not found.</summary>
    public IReadOnlyList<GcsExistingBucket> ExistingBuckets { get; init; } = [];

    /// <summary>The policy of <paramref name="constraint"/> on <paramref name="project"/>: the project's own, else every project's; null when none is set.</summary>
    public GcpConstraintPolicy? PolicyOn(string project, string constraint) =>
        Constraints.FirstOrDefault(c => c.Constraint == constraint && c.Project == project)
        ?? Constraints.FirstOrDefault(c => c.Constraint == constraint && c.Project == GcpConstraintPolicy.EveryProject);
}

/// <summary>
/// A bucket its owner had before the stack, as preflight reads it: its location, and whether it has uniform bucket-level access,
/// which the IAM condition of a grant kept to a path needs. It has no retention policy.
/// </summary>
/// <param name="Location">Its location as Cloud Storage names it (<c>EU</c>, <c>EUROPE-WEST1</c>); <c>US</c>, Cloud Storage's default, unless the file says.</param>
/// <param name="Project">The id of the project it is in; null: a project of its own, under the policies set for every project.</param>
public sealed record GcsExistingBucket(string Name, string Location, bool UniformBucketLevelAccess, string? Project = null)
{
    public const string DefaultLocation = "US";
}

/// <summary>
/// An S3 bucket its owner had before the stack, as preflight reads it: its region (GetBucketLocation) and its Object Lock
/// default retention (GetObjectLockConfiguration), which S3 judges a logging target by.
/// </summary>
/// <param name="Region">Its region; <c>us-east-1</c>, where S3 makes a bucket that names none, unless the file says.</param>
/// <param name="DefaultRetention">Its Object Lock default retention; null: it has none.</param>
public sealed record S3ExistingBucket(string Name, string Region, BucketLock? DefaultRetention)
{
    public const string DefaultRegion = "us-east-1";
}

/// <summary>The kind of a GCP constraint, which says what its values in a guardrails file are.</summary>
public enum GcpConstraintKind
{
    /// <summary>A boolean or managed constraint: <c>enforced</c> or <c>notEnforced</c>.</summary>
    Boolean,

    /// <summary>A list constraint whose values are the only ones allowed (locations, retention durations).</summary>
    AllowedValues,

    /// <summary>A list constraint whose values are denied (the services that must use a customer-managed key).</summary>
    DeniedValues,

    /// <summary>
    /// A managed constraint enforced with member parameters (<c>iam.managed.allowedPolicyMembers</c>): its values are the
    /// principals it allows by name (<c>group:…</c>, <c>user:…</c>) and the principal sets it allows (<c>//…</c>).
    /// </summary>
    AllowedMembers,
}

/// <param name="Project">A project id, or <see cref="EveryProject"/>.</param>
/// <param name="Enforced">A boolean constraint's state; true for one with member parameters; false for list constraints.</param>
/// <param name="Values">A list constraint's values as the Org Policy API writes them (<c>in:eu-locations</c>, <c>europe-west1</c>), or the allowed members; empty for boolean ones.</param>
public sealed record GcpConstraintPolicy(string Constraint, string Project, GcpConstraintKind Kind, bool Enforced, IReadOnlyList<string> Values)
{
    public const string EveryProject = "*";
}

/// <summary>Who denies an AWS action: a service control policy, the deployer's permissions boundary, or its own policies.</summary>
public enum AwsDenier
{
    Scp,
    Boundary,
    Identity,
}

public sealed record AwsDeniedAction(string Action, AwsDenier By);

/// <summary>AWS: actions denied to the deployer, and the regions an SCP allows (<c>aws:RequestedRegion</c>).</summary>
public sealed record AwsGuardrailSettings
{
    public IReadOnlyList<AwsDeniedAction> DeniedActions { get; init; } = [];

    /// <summary>
    /// Null: every region. Like the region-restricting SCP AWS documents, it spares IAM, a global service whose requests
    /// name its partition's home region (us-east-1); an SCP that does not is written as denied IAM actions.
    /// </summary>
    public IReadOnlyList<string>? AllowedRegions { get; init; }

    /// <summary>Buckets that exist before the stack (<c>existingBucket</c>, <c>accessLogs</c>), as S3 describes them to preflight; any other is not found.</summary>
    public IReadOnlyList<S3ExistingBucket> ExistingBuckets { get; init; } = [];

    /// <summary>The organization the deployer's account is in (<c>o-a1b2c3d4e5</c>), as Organizations' <c>DescribeOrganization</c> answers; null: none.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>
    /// Tags an SCP requires of the requests that create and tag an IAM user or a KMS key
    /// (<see cref="PreflightTargets.AwsTaggingActions"/>): a deny where <c>aws:RequestTag/NAME</c> is null, as AWS's examples
    /// of tag-on-create policies write it.
    /// </summary>
    public IReadOnlyList<string> RequiredTags { get; init; } = [];

    /// <summary>The bucket named <paramref name="name"/> the file describes; null when it describes none.</summary>
    public S3ExistingBucket? DescribedBucket(string name) => ExistingBuckets.FirstOrDefault(b => b.Name == name);

    /// <summary>The tags of <see cref="RequiredTags"/> a request of <paramref name="action"/> that sends <paramref name="sentTags"/> lacks; none for an action the SCP does not judge.</summary>
    /// <remarks>IAM reads condition key names, <c>aws:RequestTag/NAME</c> among them, without regard to case.</remarks>
    public IReadOnlyList<string> UnsentRequiredTags(string action, IEnumerable<string> sentTags) =>
        PreflightTargets.AwsTaggingActions.Contains(action) ? [.. RequiredTags.Except(sentTags, StringComparer.OrdinalIgnoreCase)] : [];

    /// <summary>Who denies <paramref name="action"/> in <paramref name="region"/>; null when it is allowed. An SCP outweighs the others, as AWS evaluates it first.</summary>
    public AwsDenier? DeniedBy(string action, string region)
    {
        var global = action.StartsWith("iam:", StringComparison.OrdinalIgnoreCase);
        if (!global && AllowedRegions is { } regions && !regions.Contains(region, StringComparer.Ordinal))
        {
            return AwsDenier.Scp;
        }

        var denials = DeniedActions.Where(d => string.Equals(d.Action, action, StringComparison.OrdinalIgnoreCase)).Select(d => d.By).ToList();
        return denials.Count == 0 ? null : denials.Min();
    }
}

/// <summary>An Azure Policy assignment with the deny effect: resources of <see cref="ResourceType"/> whose <see cref="Field"/> is one of <see cref="Values"/> are refused.</summary>
/// <param name="Field">The resource's field as its content names it: <c>location</c>, <c>properties.publicNetworkAccess</c>.</param>
public sealed record AzureDenyPolicy(string Name, string ResourceType, string Field, IReadOnlyList<string> Values);

/// <summary>The tenant's default app management policy, enabled with restrictions on applications' passwords.</summary>
/// <param name="PasswordAdditionBlocked">No password may be added to an application (<c>passwordAddition</c>).</param>
/// <param name="MaxPasswordLifetimeDays">Null: no cap; else the longest lifetime a password may have, in days (<c>passwordLifetime</c>).</param>
public sealed record AzureAppManagementPolicy(bool PasswordAdditionBlocked, int? MaxPasswordLifetimeDays);

/// <summary>Azure: the tenant's app registration setting and app management policy, the allowed locations and deny policies of the subscription.</summary>
public sealed record AzureGuardrailSettings
{
    /// <summary>The name the allowed-locations assignment goes by.</summary>
    public const string AllowedLocationsPolicy = "allowed-locations";

    /// <summary>Whether every user may register applications (Entra's <c>allowedToCreateApps</c>); the deployer holds no directory role.</summary>
    public bool UsersCanRegisterApplications { get; init; } = true;

    /// <summary>
    /// Whether the deployer signs in as the tenant's guest, which gives guests Entra's default Guest User role: then
    /// <see cref="UsersCanRegisterApplications"/>, the default user role's, does not cover it.
    /// </summary>
    public bool Guest { get; init; }

    /// <summary>
    /// Null: the deployer signs in as a user. Otherwise it signs in as a service principal granted these Microsoft Graph
    /// application permissions (<c>Application.ReadWrite.OwnedBy</c>), to which <see cref="UsersCanRegisterApplications"/> does not apply.
    /// </summary>
    public IReadOnlyList<string>? ServicePrincipalGraphPermissions { get; init; }

    /// <summary>
    /// Resource Manager actions no role of the deployer grants anywhere in the subscription (its roles' <c>notActions</c>),
    /// such as <c>Microsoft.Authorization/roleAssignments/write</c> for a Contributor; every other is granted.
    /// </summary>
    public IReadOnlyList<string> DeniedActions { get; init; } = [];

    /// <summary>Null: the default app management policy is off, as Entra ships it.</summary>
    public AzureAppManagementPolicy? AppManagementPolicy { get; init; }

    /// <summary>Null: every location. Applies to every resource that has a location.</summary>
    public IReadOnlyList<string>? AllowedLocations { get; init; }

    public IReadOnlyList<AzureDenyPolicy> DenyPolicies { get; init; } = [];

    /// <summary>Storage accounts that exist before the stack (<c>accessLogs</c>), as Resource Manager describes them to preflight; any other is not found.</summary>
    public IReadOnlyList<AzureExistingAccount> ExistingAccounts { get; init; } = [];

    /// <summary>Log Analytics workspaces access logs may go to; any other the deployer may use.</summary>
    public IReadOnlyList<AzureLogWorkspace> LogWorkspaces { get; init; } = [];

    /// <summary>
    /// The destinations on which the deployer lacks what Azure Monitor's linked access check asks
    /// (<see cref="PreflightTargets.WorkspaceLinkedAction"/>, <see cref="PreflightTargets.AccountLinkedAction"/>), with that action.
    /// </summary>
    public IEnumerable<(string Id, string LinkedAction)> LinkedAccessDenied =>
        LogWorkspaces.Where(w => !w.LinkedAccess).Select(w => (w.Id, PreflightTargets.WorkspaceLinkedAction))
            .Concat(ExistingAccounts.Where(a => !a.LinkedAccess).Select(a => (a.Id, PreflightTargets.AccountLinkedAction)));
}

/// <summary>A storage account its owner had before the stack, as preflight reads it: its ARM id and location.</summary>
/// <param name="Location">As Resource Manager writes it: <c>westeurope</c>.</param>
public sealed record AzureExistingAccount(string Id, string Location)
{
    /// <summary>False: the deployer holds no role on it that grants its keys, which a diagnostic setting sending logs there needs.</summary>
    public bool LinkedAccess { get; init; } = true;
}

/// <summary>A Log Analytics workspace, by its ARM id.</summary>
/// <param name="LinkedAccess">False: the deployer holds no role on it that grants its shared keys, which a diagnostic setting sending logs there needs.</param>
public sealed record AzureLogWorkspace(string Id, bool LinkedAccess);
