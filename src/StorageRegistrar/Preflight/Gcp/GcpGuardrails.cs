namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// The GCP guardrails a GCS storage can meet, in the order <c>pulumi up</c> meets them (the bucket, the service
/// account, its key; permissions all along), and the commands that lift each for one project.
/// </summary>
public static class GcpGuardrails
{
    /// <summary>The role that may set organization policies; Google grants it on the organization only.</summary>
    public const string OrgPolicyAdminRole = "roles/orgpolicy.policyAdmin";

    private const string PolicyAdmin = "an Organization Policy Administrator (roles/orgpolicy.policyAdmin, granted on the organization)";

    private const string TagAdmins =
        PolicyAdmin + "; for the tag variant also a Tag Administrator (roles/resourcemanager.tagAdmin) to create the tag and a Tag User (roles/resourcemanager.tagUser) on the project to bind it";

    private const string ProjectIamAdmin = "a Project IAM Admin (roles/resourcemanager.projectIamAdmin) or the project's owner";

    public static readonly Guardrail ResourceLocations = new(
        "gcp.resourceLocations",
        GuardrailCloud.Gcp,
        "A bucket the stack creates in a location the effective policy does not allow (in: value groups included), or the key ring it creates for the bucket's key (encryptionKey: create) in the bucket's Cloud KMS location (europe for EU).",
        "Set the storage's location to one the policy allows (for a key the stack creates, in Cloud KMS too), or name an existing key, or have the location allowed on the project by a policy there that inherits what is allowed above (inheritFromParent: true, allowedValues: [LOCATION]).",
        PolicyAdmin);

    public static readonly Guardrail AllowedProtectionLevels = new(
        "cloudkms.allowedProtectionLevels",
        GuardrailCloud.Gcp,
        "The key the stack creates for the bucket (encryptionKey: create), which Cloud KMS protects in software (SOFTWARE: the stack sets no protection level), where the policy allows only others (such as HSM); its automatic rotations would be refused too.",
        "Set encryptionKey to an existing key of an allowed protection level in the bucket's location, or exempt the project with a policy on it that allows SOFTWARE (or allowAll).",
        PolicyAdmin);

    public static readonly Guardrail RestrictNonCmekServices = new(
        "gcp.restrictNonCmekServices",
        GuardrailCloud.Gcp,
        "A bucket created without a customer-managed key while storage.googleapis.com must use one; the stack creates buckets with Google-managed encryption unless encryptionKey is set.",
        "Set encryptionKey (create, or a Cloud KMS key of the bucket's location), use an existing bucket that has a default Cloud KMS key (existingBucket), or exempt the project with a policy on it that requires no CMEK (allowAll).",
        PolicyAdmin);

    public static readonly Guardrail RestrictCmekCryptoKeyProjects = new(
        "gcp.restrictCmekCryptoKeyProjects",
        GuardrailCloud.Gcp,
        "A bucket whose default customer-managed key (encryptionKey) is in a project the effective policy does not allow (under:projects/, under:folders/ or under:organizations/, the last two read from the key project's ancestry).",
        "Set encryptionKey to a key in an allowed project (often the organization's central key project), or have the key's project allowed on the bucket's project by a policy there that inherits what is allowed above (inheritFromParent: true, allowedValues: [under:projects/KEY_PROJECT]).",
        PolicyAdmin);

    public static readonly Guardrail RetentionPolicySeconds = new(
        "storage.retentionPolicySeconds",
        GuardrailCloud.Gcp,
        "A bucket whose retention policy is not one of the allowed durations, or that has none.",
        "Set immutability.days so that days x 86400 s is an allowed duration, or exempt the project with a policy on it that allows any duration (allowAll).",
        PolicyAdmin);

    public static readonly Guardrail SoftDeletePolicySeconds = new(
        "storage.softDeletePolicySeconds",
        GuardrailCloud.Gcp,
        "A bucket the stack creates (the recordings' or the log bucket) whose soft delete duration is not one of the allowed: softDeleteDays, or Cloud Storage's default of 7 days (604800 s) where it is not set.",
        "Set softDeleteDays to an allowed duration (0 turns soft delete off, where 0 is allowed), or exempt the project with a policy on it that allows any duration (allowAll).",
        PolicyAdmin);

    public static readonly Guardrail AllowedPolicyMemberDomains = new(
        "iam.allowedPolicyMemberDomains",
        GuardrailCloud.Gcp,
        "The grant that lets group:cloud-storage-analytics@google.com, Google's group that writes usage logs, create objects in the log bucket (accessLogs: create or a log bucket), where domain restricted sharing allows only the listed customers' principals (the organization's own, by default in organizations created since 3 May 2024).",
        "Send the access logs to the project's Data Access audit logs (accessLogs: auditLogs), which grant no one outside the organization; or exempt the project with a policy on it that allows all (allowAll).",
        PolicyAdmin);

    public static readonly Guardrail ManagedAllowedPolicyMembers = new(
        "iam.managed.allowedPolicyMembers",
        GuardrailCloud.Gcp,
        "The grant that lets group:cloud-storage-analytics@google.com, Google's group that writes usage logs, create objects in the log bucket (accessLogs: create or a log bucket), where the managed domain restricted sharing constraint is enforced and its allowedMemberSubjects do not list the group (its allowedPrincipalSets hold only organizations' and customers' own principals).",
        "Send the access logs to the project's Data Access audit logs (accessLogs: auditLogs), which grant no one outside the organization; or have the group added to allowedMemberSubjects by a policy on the project that keeps the members and principal sets allowed now.",
        PolicyAdmin);

    public static readonly Guardrail DisableServiceAccountCreation = new(
        "iam.disableServiceAccountCreation",
        GuardrailCloud.Gcp,
        "Creating Stream's service account (the stack creates the bucket first, then fails at the account).",
        "Exempt the project: gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountCreation --project=PROJECT.",
        PolicyAdmin);

    public static readonly Guardrail ManagedDisableServiceAccountCreation = new(
        "iam.managed.disableServiceAccountCreation",
        GuardrailCloud.Gcp,
        "Creating Stream's service account (managed constraint).",
        "Exempt the project with a policy on it that does not enforce the constraint (gcloud org-policies set-policy, rule enforce: false).",
        PolicyAdmin);

    public static readonly Guardrail ProjectKeyPolicy = new(
        "gcp-project-key-policy",
        GuardrailCloud.Gcp,
        "The stack's exception to the key constraints (keyCreationException), where the project already has a policy of its own on one of them (set on the project itself, not inherited): a project holds one policy per constraint, so Org Policy refuses the stack's with 409 ALREADY_EXISTS, once the service account exists.",
        "Remove keyCreationException and let the project's own policy lift the constraint (rule enforce: false), if it does not already; or delete the project's policy (gcloud org-policies delete CONSTRAINT --project=PROJECT) so that the stack's takes its place.",
        PolicyAdmin);

    public static readonly Guardrail DisableServiceAccountKeyCreation = new(
        "iam.disableServiceAccountKeyCreation",
        GuardrailCloud.Gcp,
        "Creating the service account's key, which Stream needs as gcs_credentials: the stack creates the bucket and the service account, then fails at the key.",
        "Exempt the project (gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project=PROJECT), or only projects that carry a tag (a rule conditioned on the tag at the organization), or set keyCreationException: true on the storage so that the stack owns the project's exception.",
        TagAdmins);

    public static readonly Guardrail ManagedDisableServiceAccountKeyCreation = new(
        "iam.managed.disableServiceAccountKeyCreation",
        GuardrailCloud.Gcp,
        "Creating the service account's key (managed constraint, enforced by default in organizations created since 3 May 2024): the stack creates the bucket and the service account, then fails at the key.",
        "Exempt the project with a policy on it that does not enforce the constraint (gcloud org-policies set-policy, rule enforce: false), or only projects that carry a tag (a rule conditioned on the tag at the organization), or set keyCreationException: true on the storage so that the stack owns the project's exception.",
        TagAdmins);

    public static readonly Guardrail DeployerPermissions = new(
        "gcp-deployer-permissions",
        GuardrailCloud.Gcp,
        "Any resource whose creation needs an IAM permission the deployer lacks on the project (projects.testIamPermissions).",
        "Grant the deployer a role holding the permission on the project: gcloud projects add-iam-policy-binding PROJECT --member=PRINCIPAL --role=ROLE.",
        ProjectIamAdmin);

    public static IReadOnlyList<Guardrail> All { get; } =
    [
        ResourceLocations,
        AllowedProtectionLevels,
        RestrictNonCmekServices,
        RestrictCmekCryptoKeyProjects,
        RetentionPolicySeconds,
        SoftDeletePolicySeconds,
        AllowedPolicyMemberDomains,
        ManagedAllowedPolicyMembers,
        DisableServiceAccountCreation,
        ManagedDisableServiceAccountCreation,
        ProjectKeyPolicy,
        DisableServiceAccountKeyCreation,
        ManagedDisableServiceAccountKeyCreation,
        DeployerPermissions,
    ];

    /// <summary>The predefined role that grants each family of permissions the plan needs, for the fix.</summary>
    private static readonly IReadOnlyDictionary<string, string> RolesByPermissionFamily = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["storage.buckets"] = "roles/storage.admin",
        ["iam.serviceAccounts"] = "roles/iam.serviceAccountAdmin",
        ["iam.serviceAccountKeys"] = "roles/iam.serviceAccountKeyAdmin",
        ["cloudkms.keyRings"] = "roles/cloudkms.admin",
        ["cloudkms.cryptoKeys"] = "roles/cloudkms.admin",
        ["resourcemanager.projects"] = "roles/resourcemanager.projectIamAdmin",
        ["orgpolicy.policies"] = OrgPolicyAdminRole,
        ["orgpolicy.policy"] = OrgPolicyAdminRole,
    };

    /// <summary>The predefined role to grant for <paramref name="permission"/>; null when the table has none.</summary>
    public static string? RoleFor(string permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        var family = permission[..Math.Max(0, permission.LastIndexOf('.'))];
        return RolesByPermissionFamily.GetValueOrDefault(family);
    }

    /// <summary>
    /// A project policy that allows <paramref name="value"/> beside what is allowed above, and how it goes: a list policy
    /// replaces its parents' on the project unless it inherits from them (<c>inheritFromParent</c>), and a value denied
    /// above stays denied.
    /// </summary>
    public static string AllowOnProjectFix(string project, string constraint, string value) =>
        $"{value} allowed on project {project}, beside what is allowed above (a value denied above stays denied; if the project has a policy of its own on {constraint}, add {value} to it instead, since this one replaces it): "
        + ProjectPolicyCommand(project, constraint, $"values:\\n      allowedValues:\\n      - {value}", inheritFromParent: true);

    /// <summary>
    /// A policy on the project with one rule (<c>enforce: false</c>, <c>allowAll: true</c>), written and set in one command
    /// line; with <paramref name="inheritFromParent"/>, a list policy that keeps what the parents' allow.
    /// </summary>
    public static string ProjectPolicyCommand(string project, string constraint, string rule, bool inheritFromParent = false) =>
        $"printf 'name: projects/{project}/policies/{constraint}\\nspec:\\n{(inheritFromParent ? "  inheritFromParent: true\\n" : "")}  rules:\\n  - {rule}\\n' > policy.yaml && gcloud org-policies set-policy policy.yaml";

    /// <summary>
    /// The way through for a boolean constraint: the project exempted outright, or through a tag the organization's
    /// policy spares; for a key constraint (<paramref name="keyCreation"/>) also the stack's own exception.
    /// </summary>
    public static string ExemptionFix(Guardrail guardrail, string project, bool legacyBoolean, bool keyCreation = false)
    {
        ArgumentNullException.ThrowIfNull(guardrail);
        var outright = legacyBoolean
            ? $"gcloud resource-manager org-policies disable-enforce {guardrail.Id} --project={project}"
            : ProjectPolicyCommand(project, guardrail.Id, "enforce: false");
        return $"""
            Exempt project {project}:
              {outright}
            Or exempt only projects with the tag stream-storage=keys-allowed: create the tag once,
              gcloud resource-manager tags keys create stream-storage --parent=organizations/ORGANIZATION_ID && gcloud resource-manager tags values create keys-allowed --parent=ORGANIZATION_ID/stream-storage
            make the organization's policy enforce the constraint everywhere else,
              printf 'name: organizations/ORGANIZATION_ID/policies/{guardrail.Id}\nspec:\n  rules:\n  - condition:\n      expression: resource.matchTag("ORGANIZATION_ID/stream-storage", "keys-allowed")\n    enforce: false\n  - enforce: true\n' > policy.yaml && gcloud org-policies set-policy policy.yaml
            and tag the project:
              gcloud resource-manager tags bindings create --tag-value=ORGANIZATION_ID/stream-storage/keys-allowed --parent=//cloudresourcemanager.googleapis.com/projects/$(gcloud projects describe {project} --format='value(projectNumber)')
            """ + (keyCreation
            ? $"""

              Or have the stack own project {project}'s exception to both key constraints: set keyCreationException: true on the storage (the deployer then needs orgpolicy.policies.create, orgpolicy.policies.update and orgpolicy.policy.get on the project: {OrgPolicyAdminRole} on the organization).
              """
            : "");
    }

    /// <summary>What lets the reader see a constraint's effective policy on the project.</summary>
    public static string ReaderFix(string project) =>
        $"Grant the deployer Organization Policy Viewer on the project: gcloud projects add-iam-policy-binding {project} --member=PRINCIPAL --role=roles/orgpolicy.policyViewer; "
        + "if the refusal says the Org Policy API is disabled, enable it in your quota project: gcloud services enable orgpolicy.googleapis.com.";

    public const string ReaderGrantedBy = ProjectIamAdmin;

    /// <summary>How the owner gets the application default credentials preflight reads with.</summary>
    public const string OwnerSignIn = "run `gcloud auth application-default login`";

    /// <summary>When a read failed for another reason than a refusal: read it again, or by hand.</summary>
    public static string RetryFix(string project, string constraint) =>
        $"Run preflight again; if it fails again, read the policy yourself: gcloud org-policies describe {constraint} --project={project} --effective";
}
