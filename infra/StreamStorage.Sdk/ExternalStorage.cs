using StreamStorage.Sdk.Inputs;

namespace StreamStorage.Sdk;

/// <summary>
/// A bucket registered with Stream Video as external storage for call recordings. Every create and
/// update ends with Stream's own check, which writes a file into the bucket. Changing
/// <see cref="ExternalStorageArgs.Name"/> replaces the storage; every other change updates it.
/// </summary>
[ResourceType("streamstorage:index:ExternalStorage", null)]
public sealed class ExternalStorage : CustomResource
{
    public ExternalStorage(string name, ExternalStorageArgs args, CustomResourceOptions? options = null)
        : base("streamstorage:index:ExternalStorage", name, args, SdkOptions.Merge(options, id: null, "gcsCredentials"))
    {
    }

    private ExternalStorage(string name, Input<string> id, CustomResourceOptions? options = null)
        : base("streamstorage:index:ExternalStorage", name, null, SdkOptions.Merge(options, id, "gcsCredentials"))
    {
    }

    /// <summary>Stream's name for the storage; call types and calls refer to it.</summary>
    [Output("name")]
    public Output<string> Name { get; private set; } = null!;

    [Output("storageType")]
    public Output<string> StorageType { get; private set; } = null!;

    [Output("bucket")]
    public Output<string> Bucket { get; private set; } = null!;

    [Output("path")]
    public Output<string?> Path { get; private set; } = null!;

    [Output("awsS3")]
    public Output<Outputs.AwsS3?> AwsS3 { get; private set; } = null!;

    [Output("gcsCredentials")]
    public Output<string?> GcsCredentials { get; private set; } = null!;

    [Output("azureBlob")]
    public Output<Outputs.AzureBlob?> AzureBlob { get; private set; } = null!;

    [Output("checkDeadlineSeconds")]
    public Output<int?> CheckDeadlineSeconds { get; private set; } = null!;

    [Output("verifyCheckFile")]
    public Output<bool?> VerifyCheckFile { get; private set; } = null!;

    /// <summary>URL of the file that the last successful check wrote.</summary>
    [Output("fileUrl")]
    public Output<string?> FileUrl { get; private set; } = null!;

    /// <summary>When the last successful check finished (ISO 8601, UTC).</summary>
    [Output("checkedAt")]
    public Output<string?> CheckedAt { get; private set; } = null!;

    /// <summary>An existing storage by its Stream name, e.g. to adopt one with <c>pulumi import</c>.</summary>
    public static ExternalStorage Get(string name, Input<string> id, CustomResourceOptions? options = null) =>
        new(name, id, options);
}

public sealed class ExternalStorageArgs : ResourceArgs
{
    private Input<string>? _gcsCredentials;

    /// <summary>Stream's name for the storage. Changing it replaces the storage.</summary>
    [Input("name", required: true)]
    public Input<string> Name { get; set; } = null!;

    /// <summary><c>s3</c>, <c>gcs</c> or <c>abs</c>.</summary>
    [Input("storageType", required: true)]
    public Input<string> StorageType { get; set; } = null!;

    /// <summary>Bucket name; for Azure Blob Storage, the container name.</summary>
    [Input("bucket", required: true)]
    public Input<string> Bucket { get; set; } = null!;

    /// <summary>Key prefix inside the bucket: empty, or relative and ending in <c>/</c>.</summary>
    [Input("path")]
    public Input<string>? Path { get; set; }

    [Input("awsS3")]
    public Input<AwsS3Args>? AwsS3 { get; set; }

    /// <summary>For <c>gcs</c>: the whole service-account JSON key. Always sent as a secret.</summary>
    [Input("gcsCredentials")]
    public Input<string>? GcsCredentials
    {
        get => _gcsCredentials;
        set => _gcsCredentials = SdkOptions.Secret(value);
    }

    [Input("azureBlob")]
    public Input<AzureBlobArgs>? AzureBlob { get; set; }

    /// <summary>How long to keep retrying Stream's check while new cloud permissions propagate.</summary>
    [Input("checkDeadlineSeconds")]
    public Input<int>? CheckDeadlineSeconds { get; set; }

    /// <summary>Read the check file back with the owner's credentials and delete it.</summary>
    [Input("verifyCheckFile")]
    public Input<bool>? VerifyCheckFile { get; set; }
}
