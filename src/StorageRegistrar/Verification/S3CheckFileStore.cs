using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StorageRegistrar.Verification;

internal sealed class S3CheckFileStore(IAmazonS3 client) : ICheckFileStore
{
    public async Task<StoredCheckFile?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.ObjectKey }, cancellationToken);
            return new StoredCheckFile(
                metadata.ContentLength,
                string.IsNullOrEmpty(metadata.VersionId) ? null : metadata.VersionId,
                metadata.ObjectLockRetainUntilDate is { } retainUntil ? new DateTimeOffset(retainUntil) : null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, so a missing bucket and a missing key look alike; a listing tells them apart.
            await TranslatingErrorsAsync(
                location,
                () => client.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.ObjectKey, MaxKeys = 1 }, cancellationToken),
                cancellationToken);
            return null;
        }
        catch (Exception e) when (Translate(e, location, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    public async Task<DateTimeOffset?> DeleteAsync(CheckFileLocation location, StoredCheckFile file, CancellationToken cancellationToken)
    {
        try
        {
            // In a versioned bucket a delete without the version id only adds a delete marker; Object Lock allows that and keeps the version.
            await client.DeleteObjectAsync(
                new DeleteObjectRequest { BucketName = location.Bucket, Key = location.ObjectKey, VersionId = file.VersionId }, cancellationToken);
            return null;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "AccessDenied" && file.Retained)
        {
            // S3 answers a locked version's delete as it does a missing grant; the version's own retention tells them apart.
            return file.RetainedUntil;
        }
        catch (Exception e) when (Translate(e, location, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    public void Dispose() => client.Dispose();

    private static async Task TranslatingErrorsAsync(CheckFileLocation location, Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (Translate(e, location, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    /// <summary>The typed error for an SDK failure, or null for exceptions that are not the store's (e.g. cancellation).</summary>
    private static CheckFileVerificationException? Translate(Exception exception, CheckFileLocation location, CancellationToken cancellationToken)
    {
        if (exception is ProcessAWSCredentialException)
        {
            // Its credential_process's output may hold keys: the failure is named, not repeated.
            return location.CredentialsUnavailable("credential_process", exception);
        }

        if (exception is not AmazonServiceException e)
        {
            // No answer at all: the SDK lets transport failures through as they are.
            return exception is AmazonClientException || NoAnswer.Is(exception, cancellationToken) ? location.ServiceError(null, null, exception) : null;
        }

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
