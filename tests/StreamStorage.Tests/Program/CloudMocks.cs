using System.Collections.Concurrent;
using System.Text;
using Pulumi.Testing;

namespace StreamStorage.Tests.Program;

/// <summary>
/// Echoes every resource's inputs as its outputs, adds the values each cloud computes (ids, emails,
/// keys) and records the inputs by resource type and name.
/// </summary>
internal sealed class CloudMocks : IMocks
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string Suffix = "0a1b2c3d";

    /// <summary>The hex of an unguessable folder (a RandomId of <see cref="StackPlanning.ResourceNames.FolderBytes"/> bytes).</summary>
    public const string Folder = "00112233445566778899aabbccddeeff";

    /// <summary>The GCP provider's default project, for what names no project of its own.</summary>
    public const string DefaultProject = "acme-default";
    /// <summary>The AWS account the program runs as.</summary>
    public const string AwsAccountId = "123456789012";

    /// <summary>The number of every GCP project, which names its Cloud Storage service agent.</summary>
    public const string GcpProjectNumber = "987654321098";
    public const string AccessKeySecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string ClientSecret = "client-secret-value";
    public const string KeyFile = """{"type":"service_account","client_email":"writer@acme.iam.gserviceaccount.com"}""";

    /// <summary>The region of an existing Azure account, as Azure answers when the program reads it.</summary>
    public const string ExistingAccountLocation = "northeurope";
    public const string KeyIdentityPrincipalId = "key-identity-principal-id";

    public ConcurrentDictionary<(string Type, string Name), ImmutableDictionary<string, object>> Inputs { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var type = args.Type!;
        var name = args.Name!;
        Inputs[(type, name)] = args.Inputs;
        var outputs = args.Inputs.ToBuilder();
        var id = $"{name}_id";
        switch (type)
        {
            case PulumiTypes.RandomId:
                outputs["hex"] = Convert.ToInt32(args.Inputs["byteLength"], System.Globalization.CultureInfo.InvariantCulture) == StackPlanning.ResourceNames.FolderBytes ? Folder : Suffix;
                break;
            case PulumiTypes.S3Bucket:
                id = (string)args.Inputs["bucket"];
                outputs["arn"] = $"arn:aws:s3:::{id}";
                break;
            case PulumiTypes.KmsKey:
                outputs["arn"] = KmsKeyArn((string)args.Inputs["region"], id);
                outputs["keyId"] = id;
                break;
            case PulumiTypes.GcpKeyRing:
                id = $"projects/{args.Inputs.GetValueOrDefault("project", DefaultProject)}/locations/{args.Inputs["location"]}/keyRings/{args.Inputs["name"]}";
                break;
            case PulumiTypes.GcpCryptoKey:
                id = $"{args.Inputs["keyRing"]}/cryptoKeys/{args.Inputs["name"]}";
                break;
            case PulumiTypes.IamAccessKey:
                id = "AKIAIOSFODNN7EXAMPLE";
                outputs["secret"] = AccessKeySecret;
                break;
            case PulumiTypes.GcsBucket:
                id = (string)args.Inputs["name"];
                outputs["project"] = args.Inputs.TryGetValue("project", out var project) ? project : DefaultProject;
                break;
            case PulumiTypes.GcpServiceAccount:
                var email = $"{args.Inputs["accountId"]}@acme.iam.gserviceaccount.com";
                outputs["email"] = email;
                outputs["name"] = $"projects/acme/serviceAccounts/{email}";
                outputs["project"] = args.Inputs.TryGetValue("project", out var accountProject) ? accountProject : DefaultProject;
                break;
            case PulumiTypes.GcpServiceAccountKey:
                outputs["privateKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyFile));
                break;
            case PulumiTypes.AzureResourceGroup:
                outputs["name"] = args.Inputs["resourceGroupName"];
                id = GroupId(args.Inputs);
                break;
            case PulumiTypes.AzureStorageAccount:
                outputs["name"] = args.Inputs["accountName"];
                id = AccountId(args.Inputs);
                break;
            case PulumiTypes.AzureBlobContainer:
                outputs["name"] = args.Inputs["containerName"];
                id = $"{AccountId(args.Inputs)}/blobServices/default/containers/{args.Inputs["containerName"]}";
                break;
            case PulumiTypes.AzureUserAssignedIdentity:
                outputs["name"] = args.Inputs["resourceName"];
                outputs["principalId"] = KeyIdentityPrincipalId;
                id = $"{GroupId(args.Inputs)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{args.Inputs["resourceName"]}";
                break;
            case PulumiTypes.AzureKeyVault:
                outputs["name"] = args.Inputs["vaultName"];
                outputs["properties"] = ((ImmutableDictionary<string, object>)args.Inputs["properties"]).Add("vaultUri", $"https://{args.Inputs["vaultName"]}.vault.azure.net/");
                id = VaultId(args.Inputs);
                break;
            case PulumiTypes.AzureKeyVaultKey:
                outputs["name"] = args.Inputs["keyName"];
                id = $"{VaultId(args.Inputs)}/keys/{args.Inputs["keyName"]}";
                break;
            case PulumiTypes.AzureRoleDefinition:
                id = $"/subscriptions/{SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555";
                break;
            case PulumiTypes.EntraApplication:
                outputs["clientId"] = "app-client-id";
                id = "/applications/app-object-id";
                break;
            case PulumiTypes.EntraServicePrincipal:
                outputs["objectId"] = "principal-object-id";
                break;
            case PulumiTypes.EntraApplicationPassword:
                outputs["value"] = ClientSecret;
                break;
        }

        return Task.FromResult<(string? id, object state)>((id, outputs.ToImmutable()));
    }

    /// <summary>The object id of the principal the azuread provider signs in as (a service principal in CI).</summary>
    public const string EntraDeployerObjectId = "entra-deployer-object-id";

    /// <summary>The arguments of each invoke, by its token (the last call's).</summary>
    public ConcurrentDictionary<string, ImmutableDictionary<string, object>> Invokes { get; } = new();

    /// <summary>A vault's URI as Resource Manager answers it: in the US Government cloud, which no key id here names.</summary>
    public static string VaultUri(string vaultName) => $"https://{vaultName}.vault.usgovcloudapi.net/";

    public Task<object> CallAsync(MockCallArgs args)
    {
        Invokes[args.Token!] = args.Args;
        return Task.FromResult(Answer(args));
    }

    private static object Answer(MockCallArgs args) => args.Token switch
    {
        "azure-native:authorization:getClientConfig" => ImmutableDictionary<string, object>.Empty
            .Add("clientId", "deployer-client-id")
            .Add("objectId", "deployer-object-id")
            .Add("subscriptionId", SubscriptionId)
            .Add("tenantId", TenantId),
        "azuread:index/getClientConfig:getClientConfig" => ImmutableDictionary<string, object>.Empty
            .Add("clientId", "deployer-client-id")
            .Add("id", "deployer-entra-config")
            .Add("objectId", EntraDeployerObjectId)
            .Add("tenantId", TenantId),
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", AwsAccountId)
            .Add("arn", $"arn:aws:iam::{AwsAccountId}:user/deployer")
            .Add("id", AwsAccountId)
            .Add("userId", "AIDAEXAMPLEDEPLOYER"),
        "gcp:storage/getProjectServiceAccount:getProjectServiceAccount" => ImmutableDictionary<string, object>.Empty
            .Add("emailAddress", ServiceAgentEmail)
            .Add("member", $"serviceAccount:{ServiceAgentEmail}")
            .Add("project", args.Args.GetValueOrDefault("project", DefaultProject))
            .Add("id", ServiceAgentEmail),
        "gcp:organizations/getClientConfig:getClientConfig" => ImmutableDictionary<string, object>.Empty
            .Add("project", DefaultProject)
            .Add("id", DefaultProject),
        "azure-native:storage:getStorageAccount" => ImmutableDictionary<string, object>.Empty
            .Add("name", args.Args["accountName"])
            .Add("location", ExistingAccountLocation),
        "azure-native:keyvault:getVault" => ImmutableDictionary<string, object>.Empty
            .Add("name", args.Args["vaultName"])
            .Add("id", VaultId(args.Args))
            .Add("properties", ImmutableDictionary<string, object>.Empty
                .Add("tenantId", TenantId)
                .Add("sku", ImmutableDictionary<string, object>.Empty.Add("family", "A").Add("name", "standard"))
                .Add("vaultUri", VaultUri((string)args.Args["vaultName"]))),
        _ => ImmutableDictionary<string, object>.Empty,
    };

    /// <summary>The ARM ids Resource Manager gives what a resource or invoke names by its group, account and vault names.</summary>
    private static string GroupId(ImmutableDictionary<string, object> names) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{names["resourceGroupName"]}";

    private static string AccountId(ImmutableDictionary<string, object> names) =>
        $"{GroupId(names)}/providers/Microsoft.Storage/storageAccounts/{names["accountName"]}";

    private static string VaultId(ImmutableDictionary<string, object> names) =>
        $"{GroupId(names)}/providers/Microsoft.KeyVault/vaults/{names["vaultName"]}";

    /// <summary>The Cloud Storage service agent of every project.</summary>
    public static string ServiceAgentEmail => $"service-{GcpProjectNumber}@gs-project-accounts.iam.gserviceaccount.com";

    /// <summary>The ARN a KMS key gets in a region.</summary>
    public static string KmsKeyArn(string region, string keyId) => $"arn:aws:kms:{region}:{AwsAccountId}:key/{keyId}";

    public ImmutableDictionary<string, object> Of(string type, string name) =>
        Inputs.TryGetValue((type, name), out var inputs) ? inputs : throw new InvalidOperationException($"no {type} named {name} was registered");
}
