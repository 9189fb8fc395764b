using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace LocalWorld.Tests;

[Collection(ObjectStoresCollection.Name)]
public sealed class S3ServerTests(ObjectStoresFixture fixture)
{
    private readonly S3Server s3 = fixture.Stores.S3;

    [Fact]
    public async Task PutObject_WithSdkDefaults_StoresTheBodyByteExact()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync("put", cancellationToken);
        var body = TestData.RandomBytes(300_000);
        using var client = s3.CreateClient();

        // SDK v4 defaults: a streamed body is sent aws-chunked with a CRC32 trailer; a server that
        // does not decode that framing stores it as the object.
        await client.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = "recordings/call.mp4", InputStream = new MemoryStream(body) },
            cancellationToken);

        Assert.Equal(body, await ReadObjectAsync(bucket, "recordings/call.mp4", cancellationToken));
    }

    [Fact]
    public async Task TransferUtility_MultipartUpload_IsByteExact()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync("transfer", cancellationToken);
        var body = TestData.RandomBytes(11 * 1024 * 1024);
        using var client = s3.CreateClient();
        using var transfer = new TransferUtility(client, new TransferUtilityConfig { MinSizeBeforePartUpload = 5 * 1024 * 1024 });

        await transfer.UploadAsync(
            new TransferUtilityUploadRequest { BucketName = bucket, Key = "large.bin", InputStream = new MemoryStream(body), PartSize = 5 * 1024 * 1024 },
            cancellationToken);

        Assert.Equal(body, await ReadObjectAsync(bucket, "large.bin", cancellationToken));
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
