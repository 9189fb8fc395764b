using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalWorld;

/// <summary>
/// A local S3 endpoint (fauxqs) on 127.0.0.1. It accepts AWSSDK.S3 v4 defaults (aws-chunked bodies with
/// CRC32 trailers) but checks no credentials and ignores bucket policies: test policies as documents.
/// It has no Object Lock either: its clients enforce <see cref="Locks"/> (<see cref="S3RetentionLockHandler"/>).
/// </summary>
public sealed class S3Server : EmulatedServer
{
    public const string DefaultAccessKey = "test-access-key";

    public const string DefaultSecretKey = "test-secret-key";

    public const string Region = "us-east-1";

    private S3Server(EmulatorProcess process, int port)
        : base(process)
    {
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri ServiceUrl { get; }

    /// <summary>The buckets' Object Lock, enforced by every client this class configures.</summary>
    public RetentionLocks Locks { get; } = new();

    public static async Task<S3Server> StartAsync(CancellationToken cancellationToken)
    {
        var (process, port) = await NodeEmulator.StartAsync("s3.js", "S3 emulator (fauxqs)", [], cancellationToken);
        return new S3Server(process, port);
    }

    /// <summary>Client settings for this server: path-style addressing, a fixed signing region, and <see cref="Locks"/> enforced.</summary>
    public AmazonS3Config CreateConfig()
    {
        var config = CreateUnlockedConfig();
        config.HttpClientFactory = new LockingHttpClientFactory(this);
        return config;
    }

    public IAmazonS3 CreateClient(string accessKey = DefaultAccessKey, string secretKey = DefaultSecretKey) =>
        new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), CreateConfig());

    public async Task CreateBucketAsync(string bucketName, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken);
    }

    /// <summary>The keys in <paramref name="bucketName"/> (up to 1,000), as the owner lists them.</summary>
    public async Task<IReadOnlyList<string>> ListKeysAsync(string bucketName, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucketName }, cancellationToken);
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }

    private AmazonS3Config CreateUnlockedConfig() => new()
    {
        ServiceURL = ServiceUrl.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    };

    /// <summary>When the object was written, as the lock counts from, or null when it does not exist.</summary>
    private async Task<DateTimeOffset?> WrittenAtAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        using var client = new AmazonS3Client(new BasicAWSCredentials(DefaultAccessKey, DefaultSecretKey), CreateUnlockedConfig());
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return metadata.LastModified is { } written ? new DateTimeOffset(written) : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private sealed class LockingHttpClientFactory(S3Server server) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new S3RetentionLockHandler(server.Locks, server.WrittenAtAsync) { InnerHandler = new HttpClientHandler() });
    }
}
