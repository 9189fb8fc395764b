namespace StorageRegistrar.Validation;

/// <summary>
/// The camelCase paths that <see cref="ValidationProblem.Field"/> uses, one per declaration property.
/// </summary>
public static class DeclarationFields
{
    public const string Name = "name";
    public const string StorageType = "storageType";
    public const string Bucket = "bucket";
    public const string Path = "path";
    public const string AwsS3 = "awsS3";
    public const string AwsS3Region = "awsS3.region";
    public const string AwsS3ApiKey = "awsS3.apiKey";
    public const string AwsS3Secret = "awsS3.secret";
    public const string AwsS3CustomEndpointUrl = "awsS3.customEndpointUrl";
    public const string GcsCredentials = "gcsCredentials";
    public const string AzureBlob = "azureBlob";
    public const string AzureBlobAccountName = "azureBlob.accountName";
    public const string AzureBlobClientId = "azureBlob.clientId";
    public const string AzureBlobClientSecret = "azureBlob.clientSecret";
    public const string AzureBlobTenantId = "azureBlob.tenantId";
    public const string CallType = "callType";
    public const string ExternalStorage = "externalStorage";
}
