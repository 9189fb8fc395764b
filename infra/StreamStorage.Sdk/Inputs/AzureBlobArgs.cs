
namespace StreamStorage.Sdk.Inputs;

/// <summary>Azure Blob Storage settings: a service principal that may write blobs to the container.</summary>
public sealed class AzureBlobArgs : ResourceArgs
{
    private Input<string>? _clientSecret;

    [Input("accountName", required: true)]
    public Input<string> AccountName { get; set; } = null!;

    [Input("clientId", required: true)]
    public Input<string> ClientId { get; set; } = null!;

    /// <summary>Client secret of the service principal. Always sent as a secret.</summary>
    [Input("clientSecret", required: true)]
    public Input<string>? ClientSecret
    {
        get => _clientSecret;
        set => _clientSecret = SdkOptions.Secret(value);
    }

    [Input("tenantId", required: true)]
    public Input<string> TenantId { get; set; } = null!;
}
