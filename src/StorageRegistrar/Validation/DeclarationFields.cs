using StorageRegistrar.Resources;

namespace StorageRegistrar.Validation;

/// <summary>
/// The camelCase paths that <see cref="ValidationProblem.Field"/> uses, one per declaration property: the provider's
/// property names, joined with '.' inside an object, so that a problem names the path a Pulumi program sets.
/// </summary>
public static class DeclarationFields
{
    public const string Name = ExternalStorageProperties.Name;
    public const string StorageType = ExternalStorageProperties.StorageType;
    public const string Bucket = ExternalStorageProperties.Bucket;
    public const string Path = ExternalStorageProperties.Path;
    public const string AwsS3 = ExternalStorageProperties.AwsS3;
    public const string AwsS3Region = AwsS3 + "." + ExternalStorageProperties.S3.Region;
    public const string AwsS3ApiKey = AwsS3 + "." + ExternalStorageProperties.S3.ApiKey;
    public const string AwsS3Secret = AwsS3 + "." + ExternalStorageProperties.S3.Secret;
    public const string AwsS3CustomEndpointUrl = AwsS3 + "." + ExternalStorageProperties.S3.CustomEndpointUrl;
    public const string GcsCredentials = ExternalStorageProperties.GcsCredentials;
    public const string AzureBlob = ExternalStorageProperties.AzureBlob;
    public const string AzureBlobAccountName = AzureBlob + "." + ExternalStorageProperties.Azure.AccountName;
    public const string AzureBlobClientId = AzureBlob + "." + ExternalStorageProperties.Azure.ClientId;
    public const string AzureBlobClientSecret = AzureBlob + "." + ExternalStorageProperties.Azure.ClientSecret;
    public const string AzureBlobTenantId = AzureBlob + "." + ExternalStorageProperties.Azure.TenantId;
    public const string CallType = CallTypeBindingProperties.CallType;
    public const string ExternalStorage = CallTypeBindingProperties.ExternalStorage;
}
