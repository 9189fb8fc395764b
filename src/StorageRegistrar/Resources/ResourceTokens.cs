namespace StorageRegistrar.Resources;

/// <summary>The Pulumi package name and the type tokens of its resources.</summary>
public static class ResourceTokens
{
    public const string Package = "streamstorage";

    public const string ExternalStorage = Package + ":index:ExternalStorage";

    public const string CallTypeBinding = Package + ":index:CallTypeBinding";

    /// <summary>Schema token of the <c>awsS3</c> object type.</summary>
    public const string AwsS3Type = Package + ":index:AwsS3";

    /// <summary>Schema token of the <c>azureBlob</c> object type.</summary>
    public const string AzureBlobType = Package + ":index:AzureBlob";
}
