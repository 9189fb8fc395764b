using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace LocalWorld;

/// <summary>
/// A local Azure Blob endpoint (azurite) on https://127.0.0.1 in OAuth mode: it accepts the account's
/// shared key, and bearer tokens issued by <see cref="EntraTokenServer"/> (azurite checks their issuer,
/// audience and lifetime, not their signature, and enforces no role assignments). It has no immutability
/// policies either: its clients enforce <see cref="Locks"/> (<see cref="AzureRetentionLockHandler"/>).
/// </summary>
public sealed class AzuriteServer : EmulatedServer
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DefaultAccountName = "devstoreaccount1";

    // Azurite's published development key; not a secret.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly LoopbackCertificate certificate;
    private readonly IReadOnlyDictionary<string, string> accountKeys;

    /// <summary>The lock layer's own look-ups, which the locks do not apply to.</summary>
    private readonly Lazy<BlobClientOptions> lookupOptions;

    private AzuriteServer(EmulatorProcess process, LoopbackCertificate certificate, int port, IReadOnlyDictionary<string, string> accountKeys)
        : base(process)
    {
        this.certificate = certificate;
        this.accountKeys = accountKeys;
        lookupOptions = new(() => new BlobClientOptions { Transport = new HttpClientTransport(certificate.CreateTrustingHandler()) });
        Endpoint = new Uri($"https://127.0.0.1:{port}/");
        BlobServiceUri = AccountUri(DefaultAccountName);
    }

    /// <summary>https://127.0.0.1:PORT/ — each account is served under its own path.</summary>
    public Uri Endpoint { get; }

    /// <summary>https://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobServiceUri { get; }

    public string AccountName => DefaultAccountName;

    /// <summary>The containers' immutability policies, keyed <c>ACCOUNT/CONTAINER</c>, enforced by every client of <see cref="CreateClientOptions"/>.</summary>
    public RetentionLocks Locks { get; } = new();

    /// <summary>Starts azurite serving HTTPS with <paramref name="certificate"/>, which the caller keeps and disposes.</summary>
    public static Task<AzuriteServer> StartAsync(LoopbackCertificate certificate, CancellationToken cancellationToken) =>
        StartAsync(certificate, [], cancellationToken);

    /// <summary>
    /// Starts azurite with the development account plus <paramref name="accountNames"/> (each with a fresh
    /// shared key), as a stack's dedicated storage accounts would exist in Azure.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(LoopbackCertificate certificate, IReadOnlyCollection<string> accountNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(accountNames);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal) { [DefaultAccountName] = DevelopmentAccountKey };
        foreach (var account in accountNames)
        {
            keys[account] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        }

        string[] arguments =
        [
            "--oauth", "basic",
            "--cert", certificate.CertificatePath,
            "--key", certificate.KeyPath,
            // Azure.Storage.Blobs sends a newer service version than azurite knows.
            "--skipApiVersionCheck",
            "--inMemoryPersistence",
            "--disableTelemetry",
            "--silent",
        ];
        // azurite's own format: account:key pairs separated by ';'. It replaces the development account, which is listed too.
        var environment = new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = string.Join(';', keys.Select(k => $"{k.Key}:{k.Value}")) };
        var (process, port) = await NodeEmulator.StartAsync("azurite.js", "Azure Blob emulator (azurite)", arguments, cancellationToken, environment);
        return new AzuriteServer(process, certificate, port, keys);
    }

    /// <summary>Client options whose transport trusts the emulator's certificate and enforces <see cref="Locks"/>; use them for every client of this server.</summary>
    public BlobClientOptions CreateClientOptions() => new()
    {
        Transport = new HttpClientTransport(new AzureRetentionLockHandler(Locks, WrittenAtAsync) { InnerHandler = certificate.CreateTrustingHandler() }),
    };

    /// <summary>https://127.0.0.1:PORT/ACCOUNT</summary>
    public Uri AccountUri(string accountName) => new(Endpoint, accountName);

    /// <summary>The account owner's client (shared key), for arranging and inspecting data; the development account by default.</summary>
    public BlobServiceClient CreateOwnerClient(string accountName = DefaultAccountName) =>
        new(AccountUri(accountName), new StorageSharedKeyCredential(accountName, accountKeys[accountName]), CreateClientOptions());

    public async Task CreateContainerAsync(string containerName, CancellationToken cancellationToken) =>
        await CreateOwnerClient().CreateBlobContainerAsync(containerName, cancellationToken: cancellationToken);

    /// <summary>The names of the blobs in <paramref name="containerName"/>, as the owner lists them.</summary>
    public async Task<IReadOnlyList<string>> ListBlobNamesAsync(string containerName, CancellationToken cancellationToken, string accountName = DefaultAccountName)
    {
        var names = new List<string>();
        await foreach (var blob in CreateOwnerClient(accountName).GetBlobContainerClient(containerName).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>When the blob was created, as the lock counts from, or null when it does not exist.</summary>
    private async Task<DateTimeOffset?> WrittenAtAsync(string account, string container, string blob, CancellationToken cancellationToken)
    {
        if (!accountKeys.TryGetValue(account, out var key))
        {
            return null;
        }

        var client = new BlobServiceClient(AccountUri(account), new StorageSharedKeyCredential(account, key), lookupOptions.Value);
        try
        {
            return (await client.GetBlobContainerClient(container).GetBlobClient(blob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.CreatedOn;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
