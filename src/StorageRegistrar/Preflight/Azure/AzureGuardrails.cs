namespace StorageRegistrar.Preflight.Azure;

/// <summary>
/// The Azure guardrails an ABS storage can meet, in the order <c>pulumi up</c> meets them (the group and account,
/// Stream's Entra application, the role; permissions all along), and who lifts each.
/// </summary>
public static class AzureGuardrails
{
    private const string PolicyOwners =
        "the policy assignment's owners: an Owner or Resource Policy Contributor at the assignment's scope (Microsoft.Authorization/policyExemptions/write)";

    private const string AccessAdmins = "an Owner, User Access Administrator or Role Based Access Control Administrator of the scope";

    private const string DirectoryRoleAdmins = "a Privileged Role Administrator or Global Administrator of the tenant";

    public static readonly Guardrail PolicyDeny = new("azure-policy-deny", GuardrailCloud.Azure, PolicyOwners);
    public static readonly Guardrail AppRegistration = new("entra.allowedToCreateApps", GuardrailCloud.Azure, DirectoryRoleAdmins);

    /// <summary>Who may create app management policies and assign one to an application (Policy.ReadWrite.ApplicationConfiguration).</summary>
    private const string AppPolicyAdmins = "an Application Administrator or Global Administrator of the tenant";

    /// <summary>Assigns an app management policy to an application (by its object id), which then takes it over the tenant's default.</summary>
    public const string AssignAppPolicyCommand =
        "az rest --method POST --url 'https://graph.microsoft.com/v1.0/applications/OBJECT_ID/appManagementPolicies/$ref' --body '{\"@odata.id\":\"https://graph.microsoft.com/v1.0/policies/appManagementPolicies/POLICY_ID\"}'";

    public static readonly Guardrail AppManagementPolicy = new("entra.appManagementPolicy", GuardrailCloud.Azure, AppPolicyAdmins);
    public static readonly Guardrail DeployerPermissions = new("azure-deployer-permissions", GuardrailCloud.Azure, AccessAdmins);

    public static IReadOnlyList<Guardrail> All { get; } = [PolicyDeny, AppRegistration, AppManagementPolicy, DeployerPermissions];

    /// <summary>
    /// Held only against a storage whose access logs go to a workspace or an existing account: Azure Monitor's linked
    /// access check asks the deployer for the destination's keys when pulumi up creates the diagnostic setting.
    /// </summary>
    public static readonly Guardrail LogDestination = new("azure-log-destination", GuardrailCloud.Azure, $"{AccessAdmins} (the destination, or its resource group or subscription)");

    /// <summary>
    /// Held only against a storage whose account the owner's existing key encrypts: the program reads the key's vault
    /// (its URI, in the cloud's own vault domain) through the stack's azure-native provider, which answers for the
    /// subscription it deploys into and no other.
    /// </summary>
    public static readonly Guardrail KeySubscription = new("azure-key-subscription", GuardrailCloud.Azure, "the stack's owner, who declares the key");

    /// <summary>How the owner signs in for DefaultAzureCredential.</summary>
    public const string OwnerSignIn = "run `az login` (or set the Azure sign-in DefaultAzureCredential reads)";

    /// <summary>The predefined role to assign for an action of the plan, by its provider's resource type.</summary>
    public static string RoleFor(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase) ? "User Access Administrator"
            // An account's keys alone, as Azure Monitor's linked check asks them of a log account.
            : action.Equals("Microsoft.Storage/storageAccounts/listKeys/action", StringComparison.OrdinalIgnoreCase) ? "Storage Account Key Operator Service Role"
            : action.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase) ? "Storage Account Contributor"
            : action.StartsWith("Microsoft.OperationalInsights/", StringComparison.OrdinalIgnoreCase) ? "Log Analytics Contributor"
            : "Contributor";
    }

    /// <summary>How to give the stack's subscription, without which nothing in it is read.</summary>
    public const string SubscriptionFix =
        "Set the stack's subscription, which pulumi up uses too: pulumi config set azure-native:subscriptionId $(az account show --query id -o tsv) (or export ARM_SUBSCRIPTION_ID).";
}
