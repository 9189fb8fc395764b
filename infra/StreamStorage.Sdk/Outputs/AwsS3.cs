
namespace StreamStorage.Sdk.Outputs;

[OutputType]
public sealed class AwsS3
{
    public string Region { get; }

    public string? ApiKey { get; }

    public string? Secret { get; }

    public string? CustomEndpointUrl { get; }

    [OutputConstructor]
    private AwsS3(string region, string? apiKey, string? secret, string? customEndpointUrl)
    {
        Region = region;
        ApiKey = apiKey;
        Secret = secret;
        CustomEndpointUrl = customEndpointUrl;
    }
}
