namespace StorageRegistrar.Resources;

/// <summary>
/// Property names of the <c>ExternalStorage</c> resource, the declaration's own camelCase names: a validation field
/// (<see cref="Validation.DeclarationFields"/>) is made of them, so <c>awsS3.region</c> is already the property path.
/// </summary>
public static class ExternalStorageProperties
{
    public const string Name = "name";
    public const string StorageType = "storageType";
    public const string Bucket = "bucket";
    public const string Path = "path";
    public const string AwsS3 = "awsS3";
    public const string GcsCredentials = "gcsCredentials";
    public const string AzureBlob = "azureBlob";

    /// <summary>How long to keep retrying Stream's check while cloud permissions propagate.</summary>
    public const string CheckDeadlineSeconds = "checkDeadlineSeconds";

    /// <summary>Whether to read back and delete the file Stream's check writes.</summary>
    public const string VerifyCheckFile = "verifyCheckFile";

    /// <summary>Output: URL of the file written by the last successful check.</summary>
    public const string FileUrl = "fileUrl";

    /// <summary>Output: when the last successful check finished (ISO 8601, UTC).</summary>
    public const string CheckedAt = "checkedAt";

    /// <summary>Fields of the <c>awsS3</c> object.</summary>
    public static class S3
    {
        public const string Region = "region";
        public const string ApiKey = "apiKey";
        public const string Secret = "secret";
        public const string CustomEndpointUrl = "customEndpointUrl";
    }

    /// <summary>Fields of the <c>azureBlob</c> object.</summary>
    public static class Azure
    {
        public const string AccountName = "accountName";
        public const string ClientId = "clientId";
        public const string ClientSecret = "clientSecret";
        public const string TenantId = "tenantId";
    }
}

/// <summary>Property names of the <c>CallTypeBinding</c> resource.</summary>
public static class CallTypeBindingProperties
{
    public const string CallType = "callType";
    public const string ExternalStorage = "externalStorage";

    /// <summary>Output: the storage the call type used before the binding; restored on delete.</summary>
    public const string PreviousExternalStorage = "previousExternalStorage";
}

/// <summary>Provider configuration keys (<c>streamstorage:apiKey</c> and so on in stack config).</summary>
public static class ProviderConfigProperties
{
    public const string ApiKey = "apiKey";
    public const string ApiSecret = "apiSecret";
    public const string BaseUrl = "baseUrl";
    public const string CheckDeadlineSeconds = "checkDeadlineSeconds";

    /// <summary>Every key the provider reads from its namespace.</summary>
    public static IReadOnlyList<string> All { get; } = [ApiKey, ApiSecret, BaseUrl, CheckDeadlineSeconds];
}
