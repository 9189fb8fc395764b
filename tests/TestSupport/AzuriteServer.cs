using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace TestSupport;

/// <summary>
/// A local Azure Blob endpoint (azurite) on https://127.0.0.1 in OAuth mode: it accepts the account's
/// shared key, and bearer tokens issued by <see cref="EntraTokenServer"/> (azurite checks their issuer,
/// audience and lifetime, not their signature, and enforces no role assignments).
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DefaultAccountName = "devstoreaccount1";

    // Azurite's published development key; not a secret.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly EmulatorProcess process;
    private readonly TestCertificate certificate;

    private AzuriteServer(EmulatorProcess process, TestCertificate certificate, int port)
    {
        this.process = process;
        this.certificate = certificate;
        BlobServiceUri = new Uri($"https://127.0.0.1:{port}/{DefaultAccountName}");
    }

    /// <summary>https://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobServiceUri { get; }

    public string AccountName => DefaultAccountName;

    public string OutputTail => process.OutputTail;

    /// <summary>Starts azurite serving HTTPS with <paramref name="certificate"/>, which the caller keeps and disposes.</summary>
    public static async Task<AzuriteServer> StartAsync(TestCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
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
        var (process, port) = await NodeEmulator.StartAsync("azurite.js", "Azure Blob emulator (azurite)", arguments, cancellationToken);
        return new AzuriteServer(process, certificate, port);
    }

    /// <summary>Client options whose transport trusts the emulator's certificate; use them for every client of this server.</summary>
    public BlobClientOptions CreateClientOptions() => new()
    {
        Transport = new HttpClientTransport(certificate.CreateTrustingHandler()),
    };

    /// <summary>The account owner's client (shared key), for arranging and inspecting test data.</summary>
    public BlobServiceClient CreateOwnerClient() =>
        new(BlobServiceUri, new StorageSharedKeyCredential(AccountName, DevelopmentAccountKey), CreateClientOptions());

    public async Task CreateContainerAsync(string containerName, CancellationToken cancellationToken) =>
        await CreateOwnerClient().CreateBlobContainerAsync(containerName, cancellationToken: cancellationToken);

    /// <summary>The names of the blobs in <paramref name="containerName"/>, as the owner lists them.</summary>
    public async Task<IReadOnlyList<string>> ListBlobNamesAsync(string containerName, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in CreateOwnerClient().GetBlobContainerClient(containerName).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
