namespace LocalWorld;

/// <summary>
/// Every local object store and token endpoint, started in parallel with one shared certificate: one
/// call for a collection or assembly fixture.
/// </summary>
public sealed class ObjectStores : IAsyncDisposable
{
    private ObjectStores(
        LoopbackCertificate certificate, S3Server s3, AzuriteServer azurite, EntraTokenServer entra, GcsServer gcs, GoogleTokenServer googleTokens)
    {
        Certificate = certificate;
        S3 = s3;
        Azurite = azurite;
        Entra = entra;
        Gcs = gcs;
        GoogleTokens = googleTokens;
    }

    /// <summary>The certificate azurite and the Entra endpoint serve HTTPS with.</summary>
    public LoopbackCertificate Certificate { get; }

    public S3Server S3 { get; }

    public AzuriteServer Azurite { get; }

    public EntraTokenServer Entra { get; }

    public GcsServer Gcs { get; }

    public GoogleTokenServer GoogleTokens { get; }

    public static Task<ObjectStores> StartAsync(CancellationToken cancellationToken) => StartAsync([], cancellationToken);

    /// <param name="azureAccountNames">Storage accounts azurite serves besides its development account.</param>
    public static async Task<ObjectStores> StartAsync(IReadOnlyCollection<string> azureAccountNames, CancellationToken cancellationToken)
    {
        var certificate = LoopbackCertificate.Create();
        var s3 = S3Server.StartAsync(cancellationToken);
        var azurite = AzuriteServer.StartAsync(certificate, azureAccountNames, cancellationToken);
        var entra = EntraTokenServer.StartAsync(certificate, cancellationToken);
        var gcs = GcsServer.StartAsync(cancellationToken);
        var googleTokens = GoogleTokenServer.StartAsync(cancellationToken);
        Task[] starts = [s3, azurite, entra, gcs, googleTokens];
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // WhenAll has waited for every start: stop those that succeeded, then report the failure.
            await DisposeIfStartedAsync(s3);
            await DisposeIfStartedAsync(azurite);
            await DisposeIfStartedAsync(entra);
            await DisposeIfStartedAsync(gcs);
            await DisposeIfStartedAsync(googleTokens);
            certificate.Dispose();
            throw;
        }

        return new ObjectStores(certificate, s3.Result, azurite.Result, entra.Result, gcs.Result, googleTokens.Result);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(
            S3.DisposeAsync().AsTask(),
            Azurite.DisposeAsync().AsTask(),
            Entra.DisposeAsync().AsTask(),
            Gcs.DisposeAsync().AsTask(),
            GoogleTokens.DisposeAsync().AsTask());
        Certificate.Dispose();
    }

    private static async Task DisposeIfStartedAsync<TServer>(Task<TServer> start)
        where TServer : IAsyncDisposable
    {
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }
}
