using System.Text.Json.Serialization;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream.Models;

// External storage requests and responses (Stream OpenAPI v236). Credentials are SecretString so that records print them masked.

public sealed record CreateExternalStorageRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("storage_type")]
    public required string StorageType { get; init; }

    [JsonPropertyName("bucket")]
    public required string Bucket { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("aws_s3")]
    public S3Request? AwsS3 { get; init; }

    [JsonPropertyName("gcs_credentials")]
    public SecretString? GcsCredentials { get; init; }

    [JsonPropertyName("azure_blob")]
    public AzureRequest? AzureBlob { get; init; }
}

public sealed record UpdateExternalStorageRequest
{
    [JsonPropertyName("storage_type")]
    public required string StorageType { get; init; }

    [JsonPropertyName("bucket")]
    public required string Bucket { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("aws_s3")]
    public S3Request? AwsS3 { get; init; }

    [JsonPropertyName("gcs_credentials")]
    public SecretString? GcsCredentials { get; init; }

    [JsonPropertyName("azure_blob")]
    public AzureRequest? AzureBlob { get; init; }
}

public sealed record S3Request
{
    [JsonPropertyName("s3_region")]
    public required string S3Region { get; init; }

    [JsonPropertyName("s3_api_key")]
    public string? S3ApiKey { get; init; }

    [JsonPropertyName("s3_secret")]
    public SecretString? S3Secret { get; init; }

    [JsonPropertyName("s3_custom_endpoint_url")]
    public string? S3CustomEndpointUrl { get; init; }
}

public sealed record AzureRequest
{
    [JsonPropertyName("abs_account_name")]
    public required string AbsAccountName { get; init; }

    [JsonPropertyName("abs_tenant_id")]
    public required string AbsTenantId { get; init; }

    [JsonPropertyName("abs_client_id")]
    public required string AbsClientId { get; init; }

    [JsonPropertyName("abs_client_secret")]
    public required SecretString AbsClientSecret { get; init; }
}

public sealed record ExternalStorageResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("bucket")]
    public string Bucket { get; init; } = "";

    [JsonPropertyName("path")]
    public string Path { get; init; } = "";
}

public sealed record ListExternalStorageResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";

    [JsonPropertyName("external_storages")]
    public IReadOnlyDictionary<string, ExternalStorageResponse> ExternalStorages { get; init; } = new Dictionary<string, ExternalStorageResponse>();
}

public sealed record CreateExternalStorageResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record UpdateExternalStorageResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("bucket")]
    public string Bucket { get; init; } = "";

    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record DeleteExternalStorageResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record CheckExternalStorageResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";

    [JsonPropertyName("file_url")]
    public string FileUrl { get; init; } = "";
}
