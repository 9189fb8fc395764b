using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Cloud.Storage.V1;

namespace LocalWorld;

/// <summary>
/// A local Google Cloud Storage JSON API (firebase-tools' storage emulator) on 127.0.0.1.
/// It serves every request as the owner (no IAM), creates buckets on first upload and does not support
/// CreateBucket/GetBucket/DeleteBucket. It has no retention policies either: its clients enforce <see cref="Locks"/>
/// (<see cref="GcsRetentionLockHandler"/>).
/// TRAP: a resumable upload in several chunks keeps only the first chunk and still reports success
/// (a 12 MB upload is stored as 10,485,760 bytes); upload with <see cref="UploadObjectOptions.ChunkSize"/>
/// of at least the object size, as <see cref="SingleChunkUpload"/> does.
/// </summary>
public sealed class GcsServer : EmulatedServer
{
    /// <summary>The project the emulator reports; any project id works for object calls.</summary>
    public const string ProjectId = "demo-streamstorage";

    private readonly DirectoryInfo blobs;

    private GcsServer(EmulatorProcess process, int port, DirectoryInfo blobs)
        : base(process)
    {
        this.blobs = blobs;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Set as <see cref="StorageClientBuilder"/>'s BaseUri.</summary>
    public Uri BaseUri { get; }

    /// <summary>The buckets' retention policies, enforced by every client this class builds.</summary>
    public RetentionLocks Locks { get; } = new();

    public static async Task<GcsServer> StartAsync(CancellationToken cancellationToken)
    {
        // The emulator keeps its blobs in a folder of this process's, which a later start removes if this one is killed.
        var blobs = TempFolders.Create("gcs");
        try
        {
            var (process, port) = await NodeEmulator.StartAsync(
                "gcs.js", "GCS emulator (firebase-tools storage)", ["--project-id", ProjectId, "--blobs-directory", blobs.FullName], cancellationToken);
            return new GcsServer(process, port, blobs);
        }
        catch
        {
            blobs.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Upload options that send <paramref name="sizeInBytes"/> in one chunk, avoiding the truncation trap.</summary>
    public static UploadObjectOptions SingleChunkUpload(long sizeInBytes)
    {
        const int granularity = UploadObjectOptions.MinimumChunkSize;
        var chunks = Math.Max(1, (sizeInBytes + granularity - 1) / granularity);
        return new UploadObjectOptions { ChunkSize = checked((int)(chunks * granularity)) };
    }

    /// <summary>The owner's client, for arranging and inspecting test data.</summary>
    public StorageClient CreateOwnerClient() =>
        new StorageClientBuilder { BaseUri = BaseUri.ToString(), UnauthenticatedAccess = true, HttpClientFactory = new LockingHttpClientFactory(this) }.Build();

    /// <summary>The owner's client with <paramref name="outside"/> in front of the retention lock, to answer as Cloud Storage has in other words.</summary>
    public StorageClient CreateOwnerClient(Func<HttpMessageHandler, DelegatingHandler> outside) =>
        new StorageClientBuilder { BaseUri = BaseUri.ToString(), UnauthenticatedAccess = true, HttpClientFactory = new LockingHttpClientFactory(this, outside) }.Build();

    /// <summary>
    /// A client that authenticates with <paramref name="credential"/> (e.g. a service-account key from
    /// <see cref="GoogleTokenServer"/>) by exchanging it for an access token at the key's token_uri.
    /// </summary>
    /// <remarks>
    /// TRAP: by default StorageClientBuilder signs self-signed JWTs with a service-account key and never
    /// calls token_uri, and this emulator accepts any bearer token, so a bad key would pass.
    /// <c>UseJwtAccessWithScopes = false</c> keeps the OAuth exchange, where <see cref="GoogleTokenServer"/> checks the key.
    /// </remarks>
    public StorageClient CreateClient(GoogleCredential credential) =>
        new StorageClientBuilder
        {
            BaseUri = BaseUri.ToString(),
            GoogleCredential = credential ?? throw new ArgumentNullException(nameof(credential)),
            UseJwtAccessWithScopes = false,
            HttpClientFactory = new LockingHttpClientFactory(this),
        }.Build();

    /// <summary>When the object was created, as the lock counts from, or null when it does not exist.</summary>
    private async Task<DateTimeOffset?> WrittenAtAsync(string bucket, string name, CancellationToken cancellationToken)
    {
        using var client = new StorageClientBuilder { BaseUri = BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
        try
        {
            return (await client.GetObjectAsync(bucket, name, cancellationToken: cancellationToken)).TimeCreatedDateTimeOffset;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // The emulator has stopped: nothing writes its blobs any more.
        if (Directory.Exists(blobs.FullName))
        {
            blobs.Delete(recursive: true);
        }
    }

    private sealed class LockingHttpClientFactory(GcsServer server, Func<HttpMessageHandler, DelegatingHandler>? outside = null) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args)
        {
            var locking = new GcsRetentionLockHandler(server.Locks, server.WrittenAtAsync) { InnerHandler = base.CreateHandler(args) };
            return outside is null ? locking : outside(locking);
        }
    }
}
