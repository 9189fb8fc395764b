namespace StorageRegistrar.Declarations;

/// <summary>
/// An external storage as its owner declares it, before validation. Property names follow the
/// declaration's own vocabulary (the same camelCase names the Pulumi resource uses), and
/// validation problems name fields by these paths, e.g. <c>awsS3.region</c>.
/// Everything is nullable so that a missing value can be reported rather than thrown.
/// </summary>
public sealed record StorageDeclaration
{
    /// <summary>Stream's name for the storage; the key of every later call.</summary>
    public string? Name { get; init; }

    /// <summary>One of <c>s3</c>, <c>gcs</c>, <c>abs</c> (see <see cref="StorageTypes"/>).</summary>
    public string? StorageType { get; init; }

    /// <summary>Bucket name, or the container name for Azure Blob.</summary>
    public string? Bucket { get; init; }

    /// <summary>Key prefix inside the bucket: empty, or relative and ending in <c>/</c>.</summary>
    public string? Path { get; init; }

    public S3Settings? AwsS3 { get; init; }

    /// <summary>The whole Google service-account JSON key, as a string.</summary>
    public SecretString? GcsCredentials { get; init; }

    public AzureBlobSettings? AzureBlob { get; init; }

    /// <summary>The credentials it holds for Stream, to be masked wherever Stream quotes them back.</summary>
    internal IReadOnlyList<SecretString?> Secrets => [AwsS3?.Secret, GcsCredentials, AzureBlob?.ClientSecret];
}

public sealed record S3Settings
{
    public string? Region { get; init; }

    /// <summary>Access key id of an IAM user (keys mode). Absent means policy mode.</summary>
    public string? ApiKey { get; init; }

    public SecretString? Secret { get; init; }

    /// <summary>Endpoint of an S3-compatible store; only with keys.</summary>
    public string? CustomEndpointUrl { get; init; }
}

public sealed record AzureBlobSettings
{
    public string? AccountName { get; init; }

    public string? ClientId { get; init; }

    public SecretString? ClientSecret { get; init; }

    public string? TenantId { get; init; }

    /// <summary>The storage account's blob endpoint in Azure's public cloud.</summary>
    public static Uri BlobServiceUri(string accountName) => new($"https://{accountName}.blob.core.windows.net");
}

/// <summary>A call type pointed at an external storage.</summary>
public sealed record CallTypeBindingDeclaration
{
    public string? CallType { get; init; }

    public string? ExternalStorage { get; init; }
}

/// <summary>The storage type values Stream accepts, and the name Stream reserves for its own bucket.</summary>
public static class StorageTypes
{
    public const string S3 = "s3";
    public const string Gcs = "gcs";
    public const string Abs = "abs";

    /// <summary>Stream's own storage: reserved as a name, valid as a reference (the fallback).</summary>
    public const string StreamDefaultStorage = "stream-s3";

    public static IReadOnlyList<string> All { get; } = [S3, Gcs, Abs];
}
