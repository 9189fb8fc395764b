using System.Security.Cryptography;
using System.Text.Json;

namespace StorageRegistrar.Tests.Validation;

/// <summary>Valid declarations of every type and mode, to derive bad ones from with <c>with</c>.</summary>
internal static class SampleDeclarations
{
    public const string AwsAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static readonly Lazy<string> PrivateKeyPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    public static StorageDeclaration S3PolicyMode { get; } = new()
    {
        Name = "recordings-s3",
        StorageType = StorageTypes.S3,
        Bucket = "acme-recordings",
        Path = "calls/",
        AwsS3 = new S3Settings { Region = "us-east-1" },
    };

    public static StorageDeclaration S3KeysMode { get; } = S3PolicyMode with
    {
        AwsS3 = new S3Settings { Region = "eu-north-1", ApiKey = AwsAccessKeyId, Secret = new SecretString(AwsSecretAccessKey) },
    };

    public static StorageDeclaration S3Compatible { get; } = S3PolicyMode with
    {
        Name = "recordings_r2",
        AwsS3 = new S3Settings
        {
            Region = "auto",
            ApiKey = "0123456789abcdef0123456789abcdef",
            Secret = new SecretString("r2-secret-value-0123456789"),
            CustomEndpointUrl = "https://0123456789abcdef.r2.cloudflarestorage.com",
        },
    };

    public static StorageDeclaration S3LoopbackEndpoint { get; } = S3Compatible with
    {
        AwsS3 = S3Compatible.AwsS3! with { Region = "us-east-1", CustomEndpointUrl = "http://127.0.0.1:9000" },
    };

    public static StorageDeclaration Gcs { get; } = new()
    {
        Name = "recordings-gcs",
        StorageType = StorageTypes.Gcs,
        Bucket = "acme_recordings.v2",
        Path = "",
        GcsCredentials = new SecretString(ServiceAccountJson()),
    };

    public static StorageDeclaration Abs { get; } = new()
    {
        Name = "recordings-abs",
        StorageType = StorageTypes.Abs,
        Bucket = "call-recordings",
        Path = "video/2026/",
        AzureBlob = new AzureBlobSettings
        {
            AccountName = "acmerecordings",
            ClientId = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
            ClientSecret = new SecretString("Q~x8Q~abcdefghijklmnopqrstuvwxyz0123456"),
            TenantId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        },
    };

    public static IReadOnlyDictionary<string, StorageDeclaration> Valid { get; } = new Dictionary<string, StorageDeclaration>
    {
        ["s3 policy mode"] = S3PolicyMode,
        ["s3 keys mode"] = S3KeysMode,
        ["s3 keys mode at bucket root"] = S3KeysMode with { Path = null },
        ["s3 gov region, dotted bucket"] = S3PolicyMode with { Bucket = "acme.recordings.v2", AwsS3 = new S3Settings { Region = "us-gov-west-1" } },
        ["s3-compatible store"] = S3Compatible,
        ["s3-compatible store on loopback http"] = S3LoopbackEndpoint,
        ["gcs"] = Gcs,
        ["gcs long dotted bucket"] = Gcs with { Bucket = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) },
        ["abs"] = Abs,
        ["path with an emoji"] = S3PolicyMode with { Path = "calls/\U0001F600/" },
        ["64-character name"] = S3PolicyMode with { Name = "a" + new string('_', 63) },
    };

    /// <summary>A service-account key shaped like the ones Google issues, optionally edited.</summary>
    public static string ServiceAccountJson(Action<Dictionary<string, object?>>? edit = null)
    {
        var key = new Dictionary<string, object?>
        {
            ["type"] = "service_account",
            ["project_id"] = "acme-video",
            ["private_key_id"] = "0123456789abcdef",
            ["private_key"] = PrivateKeyPem.Value,
            ["client_email"] = "stream-writer@acme-video.iam.gserviceaccount.com",
            ["client_id"] = "123456789012345678901",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        };
        edit?.Invoke(key);
        return JsonSerializer.Serialize(key);
    }

    public static StorageDeclaration GcsWithKey(Action<Dictionary<string, object?>> edit) =>
        Gcs with { GcsCredentials = new SecretString(ServiceAccountJson(edit)) };

    public static StorageDeclaration GcsWithRawKey(string credentials) =>
        Gcs with { GcsCredentials = new SecretString(credentials) };

    public static StorageDeclaration WithS3(Func<S3Settings, S3Settings> edit) =>
        S3KeysMode with { AwsS3 = edit(S3KeysMode.AwsS3!) };

    public static StorageDeclaration WithCompatible(Func<S3Settings, S3Settings> edit) =>
        S3Compatible with { AwsS3 = edit(S3Compatible.AwsS3!) };

    public static StorageDeclaration WithAzure(Func<AzureBlobSettings, AzureBlobSettings> edit) =>
        Abs with { AzureBlob = edit(Abs.AzureBlob!) };
}
