namespace StreamApiEmulator;

/// <summary>
/// Emulator settings, bound from the <c>StreamEmulator</c> configuration section (environment
/// <c>StreamEmulator__Name</c>, command line <c>--StreamEmulator:Name=value</c>). The app's key and
/// secret also come from <c>STREAM_API_KEY</c> / <c>STREAM_API_SECRET</c>, the names Stream's SDKs use.
/// Every setting is documented in README.md.
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "StreamEmulator";
    public const string DefaultApiKey = "emulator-key";
    public const string DefaultApiSecret = "emulator-secret-0123456789-abcdefghijklmnop";

    public string ApiKey { get; set; } = DefaultApiKey;

    public string ApiSecret { get; set; } = DefaultApiSecret;

    /// <summary>Requests per minute per operation before Stream's 429 (code 9).</summary>
    public int RateLimitPerMinute { get; set; } = 1000;

    /// <summary>Stream allows up to 10 external storages per app.</summary>
    public int MaxExternalStorages { get; set; } = 10;

    /// <summary>
    /// Stream's code for a call type or call that names a storage which does not exist: 4 (input error,
    /// the default) or 16 (does not exist). Sources do not show which one the live API uses.
    /// </summary>
    public int UnknownStorageErrorCode { get; set; } = 4;

    /// <summary>S3 endpoint for policy-mode storages and for keys-mode storages without <c>s3_custom_endpoint_url</c>.</summary>
    public Uri? S3ServiceUrl { get; set; }

    /// <summary>Access key of the emulator's own "Stream principal", used in S3 policy mode.</summary>
    public string? StreamPrincipalAccessKey { get; set; }

    public string? StreamPrincipalSecretKey { get; set; }

    /// <summary>Base URI of the GCS JSON API, e.g. <c>http://127.0.0.1:9199/</c>.</summary>
    public Uri? GcsBaseUri { get; set; }

    /// <summary>Blob endpoint per account; <c>{account}</c> is replaced, e.g. <c>https://127.0.0.1:10000/{account}</c>.</summary>
    public string? AzureBlobEndpoint { get; set; }

    /// <summary>Entra authority host for <c>ClientSecretCredential</c>, e.g. <c>https://127.0.0.1:8443/</c>.</summary>
    public Uri? EntraAuthorityHost { get; set; }

    /// <summary>PEM or DER certificate that HTTPS object-store and token endpoints may present besides publicly trusted ones.</summary>
    public string? TrustedCertificatePath { get; set; }
}
