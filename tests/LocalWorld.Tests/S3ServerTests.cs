using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace LocalWorld.Tests;

[Collection(ObjectStoresCollection.Name)]
public sealed class S3ServerTests(ObjectStoresFixture fixture)
{
    private readonly S3Server s3 = fixture.Stores.S3;

    /// <summary>Puts <paramref name="body"/> at <paramref name="key"/> of <paramref name="bucket"/> the way one SDK call does.</summary>
    private delegate Task Upload(IAmazonS3 client, string bucket, string key, Stream body, CancellationToken cancellationToken);

    [Fact]
    public async Task PutObject_WithSdkDefaults_StoresTheBodyByteExact()
    {
        // SDK v4 defaults: a streamed body is sent aws-chunked with a CRC32 trailer; a server that
        // does not decode that framing stores it as the object.
        await AssertUploadIsByteExactAsync("put", 300_000, "recordings/call.mp4", (client, bucket, key, body, cancellationToken) =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body }, cancellationToken));
    }

    [Fact]
    public async Task TransferUtility_MultipartUpload_IsByteExact()
    {
        await AssertUploadIsByteExactAsync("transfer", 11 * 1024 * 1024, "large.bin", async (client, bucket, key, body, cancellationToken) =>
        {
            using var transfer = new TransferUtility(client, new TransferUtilityConfig { MinSizeBeforePartUpload = 5 * 1024 * 1024 });
            await transfer.UploadAsync(
                new TransferUtilityUploadRequest { BucketName = bucket, Key = key, InputStream = body, PartSize = 5 * 1024 * 1024 },
                cancellationToken);
        });
    }

    [Fact]
    public async Task GetObject_OfMissingKey_FailsWithNoSuchKey()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync("missing", cancellationToken);
        using var client = s3.CreateClient();

        var error = await Assert.ThrowsAsync<Amazon.S3.Model.NoSuchKeyException>(
            () => client.GetObjectAsync(bucket, "absent.txt", cancellationToken));

        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    /// <summary>Uploads <paramref name="size"/> random bytes into a new bucket with <paramref name="upload"/> and reads them back unchanged.</summary>
    private async Task AssertUploadIsByteExactAsync(string bucketPrefix, int size, string key, Upload upload)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync(bucketPrefix, cancellationToken);
        var body = TestData.RandomBytes(size);
        using var client = s3.CreateClient();

        await upload(client, bucket, key, new MemoryStream(body), cancellationToken);

        Assert.Equal(body, await ReadObjectAsync(bucket, key, cancellationToken));
    }

    private async Task<string> NewBucketAsync(string prefix, CancellationToken cancellationToken)
    {
        var bucket = UniqueNames.For(prefix);
        await s3.CreateBucketAsync(bucket, cancellationToken);
        return bucket;
    }

    private async Task<byte[]> ReadObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        using var client = s3.CreateClient();
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken);
        using var stored = new MemoryStream();
        await response.ResponseStream.CopyToAsync(stored, cancellationToken);
        return stored.ToArray();
    }
}
