using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream.Models;

// External storage requests and responses (Stream OpenAPI v236). Credentials are SecretString so that records print them masked.

/// <summary>Replaces every setting of a storage but its name: type and bucket are required.</summary>
public record UpdateExternalStorageRequest
{
    public required string StorageType { get; init; }

    public required string Bucket { get; init; }

    public string? Path { get; init; }

    public S3Request? AwsS3 { get; init; }

    public SecretString? GcsCredentials { get; init; }

    public AzureRequest? AzureBlob { get; init; }

    /// <summary>The credentials this body carries, to be masked wherever Stream quotes them back.</summary>
    internal IReadOnlyList<SecretString?> Secrets => [AwsS3?.S3Secret, GcsCredentials, AzureBlob?.AbsClientSecret];
}

/// <summary>The update body with the new storage's name.</summary>
public sealed record CreateExternalStorageRequest : UpdateExternalStorageRequest
{
    public CreateExternalStorageRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateExternalStorageRequest(string name, UpdateExternalStorageRequest settings)
        : base(settings)
    {
        Name = name;
    }

    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }
}

public sealed record S3Request
{
    public required string S3Region { get; init; }

    public string? S3ApiKey { get; init; }

    public SecretString? S3Secret { get; init; }

    public string? S3CustomEndpointUrl { get; init; }
}

public sealed record AzureRequest
{
    public required string AbsAccountName { get; init; }

    public required string AbsTenantId { get; init; }

    public required string AbsClientId { get; init; }

    public required SecretString AbsClientSecret { get; init; }
}

/// <summary>A storage as Stream lists it. A field Stream sends as null reads as one it leaves out: empty.</summary>
public record ExternalStorageResponse
{
    public string Name { get; init => field = value ?? ""; } = "";

    public string Type { get; init => field = value ?? ""; } = "";

    public string Bucket { get; init => field = value ?? ""; } = "";

    public string Path { get; init => field = value ?? ""; } = "";
}

/// <summary>The storage as the update left it.</summary>
public sealed record UpdateExternalStorageResponse : ExternalStorageResponse
{
    public string Duration { get; init; } = "";
}

public sealed record ListExternalStorageResponse
{
    public string Duration { get; init; } = "";

    public IReadOnlyDictionary<string, ExternalStorageResponse> ExternalStorages { get; init; } = new Dictionary<string, ExternalStorageResponse>();
}

public sealed record CheckExternalStorageResponse
{
    public string Duration { get; init; } = "";

    /// <summary>Where the check file was written; null when Stream's answer left it out.</summary>
    public string? FileUrl { get; init; }
}
