namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// The AWS guardrails preflight judges for an S3 storage, all from one simulation of the deployer's policies per
/// resource (IAM's policy simulator) and the account's Block Public Access, and the fixes for each.
/// </summary>
public static class AwsGuardrails
{
    private const string OrganizationAdmins =
        "the organization's administrators (in the management account, or a delegated administrator for AWS Organizations policies)";

    internal const string IamAdmins = "the account's IAM administrators";

    public static readonly Guardrail ServiceControlPolicies = new("aws-scp", GuardrailCloud.Aws, OrganizationAdmins);
    public static readonly Guardrail PermissionsBoundary = new("aws-permissions-boundary", GuardrailCloud.Aws, IamAdmins);
    public static readonly Guardrail DeployerPermissions = new("aws-deployer-permissions", GuardrailCloud.Aws, IamAdmins);
    public static readonly Guardrail AccountBlockPublicAccess = new("s3-account-block-public-access", GuardrailCloud.Aws, IamAdmins);

    public static IReadOnlyList<Guardrail> All { get; } = [ServiceControlPolicies, PermissionsBoundary, DeployerPermissions, AccountBlockPublicAccess];

    /// <summary>
    /// What lets the deployer simulate its own policies: <c>iam:SimulatePrincipalPolicy</c> on itself, and for an assumed
    /// role <c>iam:GetRole</c>, which finds the role's path. A role whose path is not known is granted under any path.
    /// </summary>
    public static string SimulationFix(AwsCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var principal = caller.PrincipalArn!;
        string[] actions = caller.AssumedRole ? ["iam:GetRole", "iam:SimulatePrincipalPolicy"] : ["iam:SimulatePrincipalPolicy"];
        string[] resources = caller.RolePathUnread is null ? [principal] : [principal, principal.Replace(":role/", ":role/*/", StringComparison.Ordinal)];
        return $"Allow the deployer {string.Join(" and ", actions)} on itself: {PutPolicy(caller, "stream-storage-preflight", actions, resources)}";
    }

    /// <summary>
    /// An inline policy for the caller's user or role allowing <paramref name="actions"/> on <paramref name="resources"/>, as
    /// one command line. A role of IAM Identity Center (<c>AWSReservedSSO_…</c>) is protected: only its permission set
    /// changes it, so the statement goes into the permission set's inline policy instead.
    /// </summary>
    public static string PutPolicy(AwsCaller caller, string name, IEnumerable<string> actions, IEnumerable<string> resources)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var principal = caller.PrincipalArn ?? caller.Arn;
        var kind = principal.Contains(":role/", StringComparison.Ordinal) ? "role" : "user";
        var principalName = principal[(principal.LastIndexOf('/') + 1)..];
        static string List(IEnumerable<string> values) => string.Join(',', values.Select(v => $"\"{v}\""));
        var statement = $"{{\"Effect\":\"Allow\",\"Action\":[{List(actions)}],\"Resource\":[{List(resources)}]}}";
        return IsIdentityCenterRole(caller)
            ? $"your role {principalName} belongs to an IAM Identity Center permission set, which alone may change it: merge the statement {statement} into the permission set's inline policy "
                + "(aws sso-admin put-inline-policy-to-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --inline-policy FILE, which replaces the whole inline policy), "
                + $"then aws sso-admin provision-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --target-type AWS_ACCOUNT --target-id {caller.Account}"
            : $"aws iam put-{kind}-policy --{kind}-name {principalName} --policy-name {name} --policy-document "
                + $"'{{\"Version\":\"2012-10-17\",\"Statement\":[{statement}]}}'";
    }

    /// <summary>Who grants what <see cref="PutPolicy"/> says: IAM Identity Center's administrators for its roles, else the account's IAM administrators.</summary>
    public static string GrantorOf(AwsCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return IsIdentityCenterRole(caller)
            ? "IAM Identity Center's administrators (in the organization's management account or its delegated administrator)"
            : IamAdmins;
    }

    private static bool IsIdentityCenterRole(AwsCaller caller) =>
        caller.RoleName?.StartsWith("AWSReservedSSO_", StringComparison.Ordinal) == true;
}
