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

    public static readonly Guardrail PolicyDeny = new(
        "azure-policy-deny",
        GuardrailCloud.Azure,
        "A resource group, key identity, Key Vault, storage account, container or custom role whose planned content an assigned deny policy refuses (allowed locations, required tags, public network access disabled, infrastructure encryption...): pulumi up stops there, after what it created before.",
        "Give the refused value one the policy allows where the plan can (location, tags; an access-log account beside an existing account goes in that account's location: send the logs to a Log Analytics workspace instead), else an exemption for the stack's scope: az policy exemption create --name NAME --policy-assignment ASSIGNMENT_ID --scope SCOPE --exemption-category Waiver.",
        PolicyOwners);

    public static readonly Guardrail AppRegistration = new(
        "entra.allowedToCreateApps",
        GuardrailCloud.Azure,
        "Stream's Entra application, when the deployer may not create applications: a user, when the tenant lets no user register applications, or lets its members and they sign in as a guest whose role (guestUserRoleId) is not User, and they hold no role that may (Application Developer, Application Administrator, Cloud Application Administrator, Global Administrator, or a custom role on the tenant allowing microsoft.directory/applications/create or createAsOwner); a service principal, to which that setting does not apply, without the Microsoft Graph application permission Application.ReadWrite.OwnedBy or Application.ReadWrite.All or such a role.",
        "Have the Application Developer role assigned to a user deployer, or let users register applications (Entra admin center, Users, User settings); grant a service principal deployer Application.ReadWrite.OwnedBy with admin consent: az ad app permission add --id APP_ID --api 00000003-0000-0000-c000-000000000000 --api-permissions 18a4783c-866b-4cc7-a460-3d5e5662c884=Role && az ad app permission admin-consent --id APP_ID.",
        DirectoryRoleAdmins);

    /// <summary>Who may create app management policies and assign one to an application (Policy.ReadWrite.ApplicationConfiguration).</summary>
    private const string AppPolicyAdmins = "an Application Administrator or Global Administrator of the tenant";

    /// <summary>Assigns an app management policy to an application (by its object id), which then takes it over the tenant's default.</summary>
    public const string AssignAppPolicyCommand =
        "az rest --method POST --url 'https://graph.microsoft.com/v1.0/applications/OBJECT_ID/appManagementPolicies/$ref' --body '{\"@odata.id\":\"https://graph.microsoft.com/v1.0/policies/appManagementPolicies/POLICY_ID\"}'";

    public static readonly Guardrail AppManagementPolicy = new(
        "entra.appManagementPolicy",
        GuardrailCloud.Azure,
        "The client secret of Stream's Entra application, when the tenant's default app management policy, for applications created now, blocks adding passwords (passwordAddition) or caps their lifetime below clientSecretDays (passwordLifetime): pulumi up creates the application, then fails at its secret.",
        "Set clientSecretDays within the cap; where passwords are blocked, have the deployer exempted (the custom security attribute the restriction's excludeActors names), or Stream's application assigned an app management policy that allows its secret once the first pulumi up created it: " + AssignAppPolicyCommand + ".",
        AppPolicyAdmins);

    public static readonly Guardrail DeployerPermissions = new(
        "azure-deployer-permissions",
        GuardrailCloud.Azure,
        "Any resource whose creation needs an action the deployer lacks on the resource group (or the subscription, when the stack creates the group): notably Microsoft.Authorization/roleAssignments/write for Stream's role.",
        "Assign the deployer a role holding the action on the scope: az role assignment create --assignee PRINCIPAL --role ROLE --scope SCOPE.",
        AccessAdmins);

    public static IReadOnlyList<Guardrail> All { get; } = [PolicyDeny, AppRegistration, AppManagementPolicy, DeployerPermissions];

    /// <summary>
    /// Held only against a storage whose account the owner's existing key encrypts: the program reads the key's vault
    /// (its URI, in the cloud's own vault domain) through the stack's azure-native provider, which answers for the
    /// subscription it deploys into and no other.
    /// </summary>
    public static readonly Guardrail KeySubscription = new(
        "azure-key-subscription",
        GuardrailCloud.Azure,
        "An existing Key Vault key (encryptionKey) in another subscription than the one the stack deploys into: azure-native looks for the key's vault in the deployment subscription and does not find it, so pulumi up stops at the storage account's encryption, after what it created before.",
        "Name a key of a vault in the subscription the stack deploys into, or let the stack create one (encryptionKey: create).",
        "the stack's owner, who declares the key");

    /// <summary>How the owner signs in for DefaultAzureCredential.</summary>
    public const string OwnerSignIn = "run `az login` (or set the Azure sign-in DefaultAzureCredential reads)";

    /// <summary>The predefined role to assign for an action of the plan, by its provider's resource type.</summary>
    public static string RoleFor(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase) ? "User Access Administrator"
            : action.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase) ? "Storage Account Contributor"
            : "Contributor";
    }

    /// <summary>How to give the stack's subscription, without which nothing in it is read.</summary>
    public const string SubscriptionFix =
        "Set the stack's subscription, which pulumi up uses too: pulumi config set azure-native:subscriptionId $(az account show --query id -o tsv) (or export ARM_SUBSCRIPTION_ID).";
}
