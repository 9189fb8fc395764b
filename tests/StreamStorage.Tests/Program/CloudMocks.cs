using System.Collections.Concurrent;
using System.Collections.Immutable;
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

    /// <summary>The GCP provider's default project, for what names no project of its own.</summary>
    public const string DefaultProject = "acme-default";
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
            case "random:index/randomId:RandomId":
                outputs["hex"] = Suffix;
                break;
            case "aws:s3/bucket:Bucket":
                id = (string)args.Inputs["bucket"];
                outputs["arn"] = $"arn:aws:s3:::{id}";
                break;
            case "aws:iam/accessKey:AccessKey":
                id = "AKIAIOSFODNN7EXAMPLE";
                outputs["secret"] = AccessKeySecret;
                break;
            case "gcp:storage/bucket:Bucket":
                id = (string)args.Inputs["name"];
                outputs["project"] = args.Inputs.TryGetValue("project", out var project) ? project : DefaultProject;
                break;
            case "gcp:serviceaccount/account:Account":
                var email = $"{args.Inputs["accountId"]}@acme.iam.gserviceaccount.com";
                outputs["email"] = email;
                outputs["name"] = $"projects/acme/serviceAccounts/{email}";
                outputs["project"] = args.Inputs.TryGetValue("project", out var accountProject) ? accountProject : DefaultProject;
                break;
            case "gcp:serviceaccount/key:Key":
                outputs["privateKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyFile));
                break;
            case "azure-native:resources:ResourceGroup":
                outputs["name"] = args.Inputs["resourceGroupName"];
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}";
                break;
            case "azure-native:storage:StorageAccount":
                outputs["name"] = args.Inputs["accountName"];
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}/providers/Microsoft.Storage/storageAccounts/{args.Inputs["accountName"]}";
                break;
            case "azure-native:storage:BlobContainer":
                outputs["name"] = args.Inputs["containerName"];
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}/providers/Microsoft.Storage/storageAccounts/{args.Inputs["accountName"]}/blobServices/default/containers/{args.Inputs["containerName"]}";
                break;
            case "azure-native:managedidentity:UserAssignedIdentity":
                outputs["name"] = args.Inputs["resourceName"];
                outputs["principalId"] = KeyIdentityPrincipalId;
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{args.Inputs["resourceName"]}";
                break;
            case "azure-native:keyvault:Vault":
                outputs["name"] = args.Inputs["vaultName"];
                outputs["properties"] = ((ImmutableDictionary<string, object>)args.Inputs["properties"]).Add("vaultUri", $"https://{args.Inputs["vaultName"]}.vault.azure.net/");
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}/providers/Microsoft.KeyVault/vaults/{args.Inputs["vaultName"]}";
                break;
            case "azure-native:keyvault:Key":
                outputs["name"] = args.Inputs["keyName"];
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/{args.Inputs["resourceGroupName"]}/providers/Microsoft.KeyVault/vaults/{args.Inputs["vaultName"]}/keys/{args.Inputs["keyName"]}";
                break;
            case "azure-native:authorization:RoleDefinition":
                id = $"/subscriptions/{SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555";
                break;
            case "azuread:index/application:Application":
                outputs["clientId"] = "app-client-id";
                id = "/applications/app-object-id";
                break;
            case "azuread:index/servicePrincipal:ServicePrincipal":
                outputs["objectId"] = "principal-object-id";
                break;
            case "azuread:index/applicationPassword:ApplicationPassword":
                outputs["value"] = ClientSecret;
                break;
        }

        return Task.FromResult<(string? id, object state)>((id, outputs.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Token switch
    {
        "azure-native:authorization:getClientConfig" => ImmutableDictionary<string, object>.Empty
            .Add("clientId", "deployer-client-id")
            .Add("objectId", "deployer-object-id")
            .Add("subscriptionId", SubscriptionId)
            .Add("tenantId", TenantId),
        "azure-native:storage:getStorageAccount" => ImmutableDictionary<string, object>.Empty
            .Add("name", args.Args["accountName"])
            .Add("location", ExistingAccountLocation),
        _ => ImmutableDictionary<string, object>.Empty,
    });

    public ImmutableDictionary<string, object> Of(string type, string name) =>
        Inputs.TryGetValue((type, name), out var inputs) ? inputs : throw new InvalidOperationException($"no {type} named {name} was registered");
}
