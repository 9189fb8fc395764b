using System.Globalization;
using System.Net;
using Google;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Cloud.Storage.V1;

namespace StorageRegistrar.Verification;

internal sealed class GcsCheckFileStore(StorageClient client) : ICheckFileStore
{
    /// <summary>Google's documented reason for a delete or overwrite of an object younger than the bucket's retention policy.</summary>
    private const string RetentionPolicyNotMet = "retentionPolicyNotMet";

    /// <summary>
    /// The reason Cloud Storage has also been seen refusing such a delete with; it is its reason for a missing permission
    /// too, so it counts as the retention policy's only for an object the policy still holds.
    /// </summary>
    private const string Forbidden = "forbidden";

    public async Task<StoredCheckFile?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            var storedObject = await client.GetObjectAsync(location.Bucket, location.ObjectKey, cancellationToken: cancellationToken);
            // Its generation, so that the delete removes that very object: in a bucket that keeps versions, deleting
            // the live object without one only makes it noncurrent, and the check file would stay.
            return new StoredCheckFile(
                checked((long)(storedObject.Size ?? 0)),
                storedObject.Generation?.ToString(CultureInfo.InvariantCulture),
                storedObject.RetentionExpirationTimeDateTimeOffset);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            // Google answers 404 for a missing bucket too; listing the bucket tells the two apart.
            await EnsureBucketExistsAsync(location, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is GoogleApiException or TokenResponseException || NoAnswer.Is(e, cancellationToken))
        {
            throw Translate(e, location);
        }
    }

    public async Task<DateTimeOffset?> DeleteAsync(CheckFileLocation location, StoredCheckFile file, CancellationToken cancellationToken)
    {
        try
        {
            var generation = file.VersionId is { } version ? long.Parse(version, CultureInfo.InvariantCulture) : (long?)null;
            await client.DeleteObjectAsync(location.Bucket, location.ObjectKey, new DeleteObjectOptions { Generation = generation }, cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: what matters is that it is not there, which the caller confirms.
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.Forbidden && Reason(e) is RetentionPolicyNotMet or Forbidden && file.Retained)
        {
            return file.RetainedUntil;
        }
        catch (Exception e) when (e is GoogleApiException or TokenResponseException || NoAnswer.Is(e, cancellationToken))
        {
            throw Translate(e, location);
        }

        return null;
    }

    public void Dispose() => client.Dispose();

    private async Task EnsureBucketExistsAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListObjectsAsync(location.Bucket, location.ObjectKey).ReadPageAsync(1, cancellationToken);
        }
        catch (Exception e) when (e is GoogleApiException or TokenResponseException || NoAnswer.Is(e, cancellationToken))
        {
            throw Translate(e, location);
        }
    }

    private static CheckFileVerificationException Translate(Exception exception, CheckFileLocation location)
    {
        if (exception is TokenResponseException tokenError)
        {
            return location.CredentialsUnavailable(tokenError.Error?.Error, tokenError);
        }

        if (exception is not GoogleApiException e)
        {
            return location.ServiceError(null, null, exception);
        }

        var status = (int)e.HttpStatusCode;
        var reason = Reason(e);
        return e.HttpStatusCode switch
        {
            HttpStatusCode.NotFound => location.BucketNotFound(reason ?? "notFound", status, e),
            HttpStatusCode.Unauthorized => location.CredentialsUnavailable(reason ?? "unauthorized", e),
            HttpStatusCode.Forbidden => location.AccessDenied(reason ?? "forbidden", status, e),
            _ => location.ServiceError(reason, status, e),
        };
    }

    private static string? Reason(GoogleApiException e) => e.Error?.Errors?.FirstOrDefault()?.Reason;
}
