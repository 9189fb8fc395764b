using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Registration;

/// <summary>Turns a validated declaration into Stream's create and update bodies.</summary>
internal static class StorageRequests
{
    public static CreateExternalStorageRequest Create(StorageDeclaration declaration) => new(declaration.Name!, Update(declaration));

    /// <summary>Update is a full replace (type and bucket are required), so it carries everything create does.</summary>
    public static UpdateExternalStorageRequest Update(StorageDeclaration declaration) => new()
    {
        StorageType = declaration.StorageType!,
        Bucket = declaration.Bucket!,
        Path = NormalizedPath(declaration.Path),
        AwsS3 = S3(declaration.AwsS3),
        GcsCredentials = declaration.GcsCredentials,
        AzureBlob = Azure(declaration.AzureBlob),
    };

    public static ExternalStorageState DeclaredState(StorageDeclaration declaration) =>
        new(declaration.Name!, declaration.StorageType!, declaration.Bucket!, NormalizedPath(declaration.Path));

    /// <summary>Stream reports a storage without a prefix as path "".</summary>
    public static string NormalizedPath(string? path) => path ?? "";

    public static ExternalStorageState ToState(ExternalStorageResponse response) =>
        new(response.Name, response.Type, response.Bucket, NormalizedPath(response.Path));

    private static S3Request? S3(S3Settings? settings) => settings is null ? null : new S3Request
    {
        S3Region = settings.Region!,
        S3ApiKey = settings.ApiKey,
        S3Secret = settings.Secret,
        S3CustomEndpointUrl = settings.CustomEndpointUrl,
    };

    private static AzureRequest? Azure(AzureBlobSettings? settings) => settings is null ? null : new AzureRequest
    {
        AbsAccountName = settings.AccountName!,
        AbsClientId = settings.ClientId!,
        AbsClientSecret = settings.ClientSecret!,
        AbsTenantId = settings.TenantId!,
    };
}
