
namespace StreamStorage.Sdk.Inputs;

/// <summary>Amazon S3 or S3-compatible settings. Without ApiKey and Secret, Stream writes through a bucket policy.</summary>
public sealed class AwsS3Args : ResourceArgs
{
    private Input<string>? _secret;

    [Input("region", required: true)]
    public Input<string> Region { get; set; } = null!;

    /// <summary>Access key id of an IAM user that may write to the bucket (keys mode).</summary>
    [Input("apiKey")]
    public Input<string>? ApiKey { get; set; }

    /// <summary>Secret access key that belongs to <see cref="ApiKey"/>. Always sent as a secret.</summary>
    [Input("secret")]
    public Input<string>? Secret
    {
        get => _secret;
        set => _secret = SdkOptions.Secret(value);
    }

    /// <summary>Endpoint of an S3-compatible store; needs ApiKey and Secret.</summary>
    [Input("customEndpointUrl")]
    public Input<string>? CustomEndpointUrl { get; set; }
}
