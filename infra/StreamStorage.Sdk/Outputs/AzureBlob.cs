
namespace StreamStorage.Sdk.Outputs;

[OutputType]
public sealed class AzureBlob
{
    public string AccountName { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public string TenantId { get; }

    [OutputConstructor]
    private AzureBlob(string accountName, string clientId, string clientSecret, string tenantId)
    {
        AccountName = accountName;
        ClientId = clientId;
        ClientSecret = clientSecret;
        TenantId = tenantId;
    }
}
