using System.Security.Cryptography;

namespace LocalWorld;

/// <summary>
/// How to start the Stream API emulator: the app's key and secret, and where its checks and recordings
/// write (the local object stores). Unset endpoints make those writes fail with a message naming the setting.
/// </summary>
public sealed record StreamEmulatorSettings
{
    public string ApiKey { get; init; } = "test-key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>A fresh 64-character secret: HS256 clients (IdentityModel) reject keys under 256 bits.</summary>
    public string ApiSecret { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public Uri? S3ServiceUrl { get; init; }

    /// <summary>Access key of the emulator's "Stream principal", which writes to S3 storages in bucket-policy mode.</summary>
    public string? StreamPrincipalAccessKey { get; init; }

    public string? StreamPrincipalSecretKey { get; init; }

    public Uri? GcsBaseUri { get; init; }

    /// <summary>Blob endpoint with <c>{account}</c> for the account name.</summary>
    public string? AzureBlobEndpoint { get; init; }

    public Uri? EntraAuthorityHost { get; init; }

    /// <summary>PEM certificate the emulator trusts for HTTPS object stores and token endpoints.</summary>
    public string? TrustedCertificatePath { get; init; }

    public int? RateLimitPerMinute { get; init; }

    public int? MaxExternalStorages { get; init; }

    /// <summary>4 (default) or 16: the code for a call type or call naming a storage that does not exist.</summary>
    public int? UnknownStorageErrorCode { get; init; }

    /// <summary>Settings whose checks and recordings write into <paramref name="stores"/>.</summary>
    public static StreamEmulatorSettings For(ObjectStores stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var blob = stores.Azurite.BlobServiceUri;
        return new StreamEmulatorSettings
        {
            S3ServiceUrl = stores.S3.ServiceUrl,
            StreamPrincipalAccessKey = "stream-principal-access-key",
            StreamPrincipalSecretKey = "stream-principal-secret-key",
            GcsBaseUri = stores.Gcs.BaseUri,
            AzureBlobEndpoint = $"{blob.Scheme}://{blob.Authority}/{{account}}",
            EntraAuthorityHost = stores.Entra.AuthorityHost,
            TrustedCertificatePath = stores.Certificate.CertificatePath,
        };
    }

    // Process environment for the emulator (its options bind from StreamEmulator__<Name>).
    internal IEnumerable<KeyValuePair<string, string?>> ToEnvironment()
    {
        yield return new("STREAM_API_KEY", ApiKey);
        yield return new("STREAM_API_SECRET", ApiSecret);
        // An inherited ASPNETCORE_URLS would compete with --urls.
        yield return new("ASPNETCORE_URLS", null);
        yield return Setting("S3ServiceUrl", S3ServiceUrl?.ToString());
        yield return Setting("StreamPrincipalAccessKey", StreamPrincipalAccessKey);
        yield return Setting("StreamPrincipalSecretKey", StreamPrincipalSecretKey);
        yield return Setting("GcsBaseUri", GcsBaseUri?.ToString());
        yield return Setting("AzureBlobEndpoint", AzureBlobEndpoint);
        yield return Setting("EntraAuthorityHost", EntraAuthorityHost?.ToString());
        yield return Setting("TrustedCertificatePath", TrustedCertificatePath);
        yield return Setting("RateLimitPerMinute", RateLimitPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return Setting("MaxExternalStorages", MaxExternalStorages?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return Setting("UnknownStorageErrorCode", UnknownStorageErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static KeyValuePair<string, string?> Setting(string name, string? value) => new($"StreamEmulator__{name}", value);

    // The secrets must not reach test output through record printing.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(ApiKey).Append(", ApiSecret = [secret]");
        return true;
    }
}
