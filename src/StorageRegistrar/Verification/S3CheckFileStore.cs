using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StorageRegistrar.Verification;

internal sealed class S3CheckFileStore(IAmazonS3 client) : ICheckFileStore
{
    public async Task<long?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.ObjectKey }, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, so a missing bucket and a missing key look alike; a listing tells them apart.
            await EnsureBucketExistsAsync(location, cancellationToken);
            return null;
        }
        catch (AmazonServiceException e)
        {
            throw Translate(e, location);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            // No answer at all: the SDK lets transport failures through as they are.
            throw location.ServiceError(null, null, e);
        }
    }

    public async Task DeleteAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = location.Bucket, Key = location.ObjectKey }, cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            throw Translate(e, location);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            // No answer at all: the SDK lets transport failures through as they are.
            throw location.ServiceError(null, null, e);
        }
    }

    public void Dispose() => client.Dispose();

    private async Task EnsureBucketExistsAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.ObjectKey, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            throw Translate(e, location);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            throw location.ServiceError(null, null, e);
        }
    }

    private static CheckFileVerificationException Translate(AmazonServiceException e, CheckFileLocation location)
    {
        var status = (int)e.StatusCode;
        return e.ErrorCode switch
        {
            "NoSuchBucket" => location.BucketNotFound(e.ErrorCode, status, e),
            "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" => location.CredentialsUnavailable(e.ErrorCode, e),
            _ when e.StatusCode == HttpStatusCode.Forbidden => location.AccessDenied(e.ErrorCode, status, e),
            _ => location.ServiceError(e.ErrorCode, status, e),
        };
    }
}
