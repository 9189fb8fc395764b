using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Azure;
using Azure.Storage.Blobs.Models;
using Google;

namespace LocalWorld.Tests;

/// <summary>
/// The local stores' retention locks, through the official SDKs: a delete or overwrite of an object younger than its
/// bucket's lock is refused with the cloud's own error, the object's metadata shows when it may go, and objects of
/// unlocked buckets, and new objects in locked ones, are written and deleted as before.
/// </summary>
[Collection(ObjectStoresCollection.Name)]
public sealed class RetentionLockTests(ObjectStoresFixture fixture)
{
    private const string Key = "calls/call 1.mp4";
    private static readonly RetentionLock Governance = new(30, RetentionLockMode.Governance);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task S3_refuses_to_delete_or_overwrite_a_locked_object_with_access_denied_and_reports_its_retention()
    {
        var s3 = fixture.Stores.S3;
        var bucket = await S3BucketAsync("locked", new RetentionLock(30, RetentionLockMode.Compliance));
        using var client = s3.CreateClient();
        await PutS3Async(client, bucket, "first");

        var delete = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.DeleteObjectAsync(bucket, Key, Cancellation));
        var deleteVersion = await Assert.ThrowsAsync<AmazonS3Exception>(
            () => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = Key, VersionId = "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd" }, Cancellation));
        var overwrite = await Assert.ThrowsAsync<AmazonS3Exception>(() => PutS3Async(client, bucket, "second"));

        Assert.All([delete, deleteVersion, overwrite], e => Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (e.StatusCode, e.ErrorCode)));
        var metadata = await client.GetObjectMetadataAsync(bucket, Key, Cancellation);
        Assert.Equal(ObjectLockMode.Compliance, metadata.ObjectLockMode);
        Assert.Equal(metadata.LastModified!.Value.ToUniversalTime().AddDays(30), metadata.ObjectLockRetainUntilDate!.Value.ToUniversalTime());
        Assert.Equal("first", await ReadS3Async(client, bucket, Key));
    }

    [Fact]
    public async Task S3_lets_a_delete_bypass_a_governance_lock_but_never_a_compliance_one()
    {
        var s3 = fixture.Stores.S3;
        var governed = await S3BucketAsync("governed", Governance);
        var compliant = await S3BucketAsync("compliant", new RetentionLock(30, RetentionLockMode.Compliance));
        using var client = s3.CreateClient();
        await PutS3Async(client, governed, "first");
        await PutS3Async(client, compliant, "first");

        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = governed, Key = Key, BypassGovernanceRetention = true }, Cancellation);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(
            () => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = compliant, Key = Key, BypassGovernanceRetention = true }, Cancellation));

        Assert.DoesNotContain(Key, await s3.ListKeysAsync(governed, Cancellation));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (refused.StatusCode, refused.ErrorCode));
    }

    [Fact]
    public async Task S3_refuses_to_suspend_a_locked_buckets_versioning_with_invalid_bucket_state()
    {
        var s3 = fixture.Stores.S3;
        var (locked, unlocked) = await LockedAndUnlockedS3BucketsAsync();
        using var client = s3.CreateClient();
        PutBucketVersioningRequest Versioning(string bucket, VersionStatus status) =>
            new() { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = status } };
        await client.PutBucketVersioningAsync(Versioning(locked, VersionStatus.Enabled), Cancellation);
        await client.PutBucketVersioningAsync(Versioning(unlocked, VersionStatus.Enabled), Cancellation);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutBucketVersioningAsync(Versioning(locked, VersionStatus.Suspended), Cancellation));
        await client.PutBucketVersioningAsync(Versioning(unlocked, VersionStatus.Suspended), Cancellation);

        Assert.Equal((HttpStatusCode.Conflict, "InvalidBucketState"), (refused.StatusCode, refused.ErrorCode));
        Assert.Contains("Object Lock configuration is present", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_writes_new_objects_into_a_locked_bucket_and_leaves_unlocked_buckets_alone()
    {
        var s3 = fixture.Stores.S3;
        var (locked, unlocked) = await LockedAndUnlockedS3BucketsAsync();
        using var client = s3.CreateClient();

        await PutS3Async(client, locked, "new");
        await PutS3Async(client, unlocked, "new");
        await client.DeleteObjectAsync(unlocked, Key, Cancellation);
        // A key that was never written has nothing to keep.
        await client.DeleteObjectAsync(locked, "calls/absent.mp4", Cancellation);

        Assert.Equal([Key], await s3.ListKeysAsync(locked, Cancellation));
        Assert.Empty(await s3.ListKeysAsync(unlocked, Cancellation));
        Assert.Equal(ObjectLockMode.Governance, (await client.GetObjectMetadataAsync(locked, Key, Cancellation)).ObjectLockMode);
    }

    [Fact]
    public async Task Gcs_refuses_to_delete_or_overwrite_a_locked_object_with_retention_policy_not_met_and_reports_its_expiry()
    {
        var gcs = fixture.Stores.Gcs;
        var bucket = UniqueNames.For("locked");
        gcs.Locks.Lock(bucket, Governance);
        using var client = gcs.CreateOwnerClient();
        await UploadAsync(client, bucket, Key, "first");

        var delete = await Assert.ThrowsAsync<GoogleApiException>(() => client.DeleteObjectAsync(bucket, Key, cancellationToken: Cancellation));
        var overwrite = await Assert.ThrowsAsync<GoogleApiException>(() => UploadAsync(client, bucket, Key, "second"));

        Assert.All([delete, overwrite], e =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, e.HttpStatusCode);
            Assert.Equal("retentionPolicyNotMet", Assert.Single(e.Error.Errors).Reason);
            Assert.Contains($"Object '{bucket}/{Key}' is subject to bucket's retention policy", e.Error.Message, StringComparison.Ordinal);
        });
        var stored = await client.GetObjectAsync(bucket, Key, cancellationToken: Cancellation);
        Assert.Equal(stored.TimeCreatedDateTimeOffset!.Value.AddDays(30), stored.RetentionExpirationTimeDateTimeOffset);
        using var content = new MemoryStream();
        await client.DownloadObjectAsync(bucket, Key, content, cancellationToken: Cancellation);
        Assert.Equal("first", System.Text.Encoding.UTF8.GetString(content.ToArray()));
    }

    [Fact]
    public async Task Azure_refuses_to_delete_or_overwrite_a_locked_blob_with_blob_immutable_due_to_policy_and_reports_its_policy()
    {
        var azurite = fixture.Stores.Azurite;
        var container = UniqueNames.For("locked");
        await azurite.CreateContainerAsync(container, Cancellation);
        azurite.Locks.Lock($"{AzuriteServer.DefaultAccountName}/{container}", new RetentionLock(30, RetentionLockMode.Compliance));
        var blob = azurite.CreateOwnerClient().GetBlobContainerClient(container).GetBlobClient(Key);
        await blob.UploadAsync(BinaryData.FromString("first"), Cancellation);

        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DeleteIfExistsAsync(cancellationToken: Cancellation));
        var overwrite = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("second"), overwrite: true, Cancellation));

        Assert.All([delete, overwrite], e => Assert.Equal((409, BlobErrorCode.BlobImmutableDueToPolicy.ToString()), (e.Status, e.ErrorCode)));
        var properties = (await blob.GetPropertiesAsync(cancellationToken: Cancellation)).Value;
        Assert.Equal(BlobImmutabilityPolicyMode.Locked, properties.ImmutabilityPolicy.PolicyMode);
        Assert.Equal(properties.CreatedOn.AddDays(30), properties.ImmutabilityPolicy.ExpiresOn);
        Assert.Equal("first", (await blob.DownloadContentAsync(Cancellation)).Value.Content.ToString());
    }

    /// <summary>A new bucket in the local S3 store, under <paramref name="retention"/> when one is given.</summary>
    private async Task<string> S3BucketAsync(string prefix, RetentionLock? retention)
    {
        var bucket = UniqueNames.For(prefix);
        await fixture.Stores.S3.CreateBucketAsync(bucket, Cancellation);
        if (retention is not null)
        {
            fixture.Stores.S3.Locks.Lock(bucket, retention);
        }

        return bucket;
    }

    /// <summary>A new bucket under <see cref="Governance"/> and a new one with no lock, to hold the one against the other.</summary>
    private async Task<(string Locked, string Unlocked)> LockedAndUnlockedS3BucketsAsync() =>
        (await S3BucketAsync("locked", Governance), await S3BucketAsync("unlocked", retention: null));

    /// <summary>Writes <paramref name="text"/> at <see cref="Key"/> of <paramref name="bucket"/>.</summary>
    private static Task PutS3Async(IAmazonS3 client, string bucket, string text) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Key, ContentBody = text }, Cancellation);

    private static async Task<string> ReadS3Async(IAmazonS3 client, string bucket, string key)
    {
        using var response = await client.GetObjectAsync(bucket, key, Cancellation);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }

    private static Task UploadAsync(Google.Cloud.Storage.V1.StorageClient client, string bucket, string name, string text)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(text);
        return client.UploadObjectAsync(bucket, name, "text/plain", new MemoryStream(body), GcsServer.SingleChunkUpload(body.Length), Cancellation);
    }
}
