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

    public static readonly Guardrail ResourceLocations = new("gcp.resourceLocations", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail AllowedProtectionLevels = new("cloudkms.allowedProtectionLevels", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail RestrictNonCmekServices = new("gcp.restrictNonCmekServices", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail RestrictCmekCryptoKeyProjects = new("gcp.restrictCmekCryptoKeyProjects", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail RetentionPolicySeconds = new("storage.retentionPolicySeconds", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail SoftDeletePolicySeconds = new("storage.softDeletePolicySeconds", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail AllowedPolicyMemberDomains = new("iam.allowedPolicyMemberDomains", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail ManagedAllowedPolicyMembers = new("iam.managed.allowedPolicyMembers", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail DisableServiceAccountCreation = new("iam.disableServiceAccountCreation", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail ManagedDisableServiceAccountCreation = new("iam.managed.disableServiceAccountCreation", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail ProjectKeyPolicy = new("gcp-project-key-policy", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail DisableServiceAccountKeyCreation = new("iam.disableServiceAccountKeyCreation", GuardrailCloud.Gcp, TagAdmins);
    public static readonly Guardrail ManagedDisableServiceAccountKeyCreation = new("iam.managed.disableServiceAccountKeyCreation", GuardrailCloud.Gcp, TagAdmins);
    public static readonly Guardrail ServiceAccountKeyExpiryHours = new("iam.serviceAccountKeyExpiryHours", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail CustomConstraints = new("gcp-custom-constraints", GuardrailCloud.Gcp, PolicyAdmin);
    public static readonly Guardrail DeployerPermissions = new("gcp-deployer-permissions", GuardrailCloud.Gcp, ProjectIamAdmin);

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
        ServiceAccountKeyExpiryHours,
        CustomConstraints,
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

    /// <summary>Who grants a role on the organization itself.</summary>
    public const string OrganizationAdmin = "an Organization Administrator (roles/resourcemanager.organizationAdmin)";

    /// <summary>How the owner gets the application default credentials preflight reads with.</summary>
    public const string OwnerSignIn = "run `gcloud auth application-default login`";

    /// <summary>When a read failed for another reason than a refusal: read it again, or by hand.</summary>
    public static string RetryFix(string project, string constraint) =>
        $"Run preflight again; if it fails again, read the policy yourself: gcloud org-policies describe {constraint} --project={project} --effective";
}
