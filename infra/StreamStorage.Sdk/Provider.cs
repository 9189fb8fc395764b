
namespace StreamStorage.Sdk;

/// <summary>
/// An explicit streamstorage provider, for a stack that talks to more than one Stream app or takes
/// its credentials from other resources. Without one, the default provider reads stack config
/// (<c>streamstorage:apiKey</c>, ...) and the STREAM_* environment variables.
/// </summary>
[ResourceType("pulumi:providers:streamstorage", null)]
public sealed class Provider : ProviderResource
{
    public Provider(string name, ProviderArgs? args = null, CustomResourceOptions? options = null)
        : base("streamstorage", name, args ?? new ProviderArgs(), SdkOptions.Merge(options, id: null))
    {
    }
}

public sealed class ProviderArgs : ResourceArgs
{
    private Input<string>? _apiSecret;

    [Input("apiKey")]
    public Input<string>? ApiKey { get; set; }

    /// <summary>Stream API secret. Always sent as a secret.</summary>
    [Input("apiSecret")]
    public Input<string>? ApiSecret
    {
        get => _apiSecret;
        set => _apiSecret = SdkOptions.Secret(value);
    }

    /// <summary>Base URL of Stream's API; defaults to Stream's public endpoint.</summary>
    [Input("baseUrl")]
    public Input<string>? BaseUrl { get; set; }

    /// <summary>Default for every storage's check deadline.</summary>
    [Input("checkDeadlineSeconds", json: true)]
    public Input<int>? CheckDeadlineSeconds { get; set; }
}
