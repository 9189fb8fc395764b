using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace StorageRegistrar.Verification;

internal sealed class AzureCheckFileStore(BlobServiceClient client) : ICheckFileStore
{
    public async Task<StoredCheckFile?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Blob(location).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new StoredCheckFile(properties.ContentLength, properties.VersionId, properties.ImmutabilityPolicy?.ExpiresOn);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException || NoAnswer.Is(e, cancellationToken))
        {
            throw Translate(e, location);
        }
    }

    public async Task<DateTimeOffset?> DeleteAsync(CheckFileLocation location, StoredCheckFile file, CancellationToken cancellationToken)
    {
        // With blob versioning on, deleting the blob alone turns its version into a previous one, which stays.
        var blob = file.VersionId is { } versionId ? Blob(location).WithVersion(versionId) : Blob(location);
        try
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobImmutableDueToPolicy && file.Retained)
        {
            return file.RetainedUntil;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException || NoAnswer.Is(e, cancellationToken))
        {
            throw Translate(e, location);
        }
    }

    /// <summary>Blob clients hold no connections of their own; the transport belongs to the options that built them.</summary>
    public void Dispose()
    {
    }

    private BlobClient Blob(CheckFileLocation location) =>
        client.GetBlobContainerClient(location.Bucket).GetBlobClient(location.ObjectKey);

    private static CheckFileVerificationException Translate(Exception exception, CheckFileLocation location)
    {
        if (exception is AuthenticationFailedException authentication)
        {
            return location.CredentialsUnavailable(authentication.GetType().Name, authentication);
        }

        if (exception is not RequestFailedException e)
        {
            // No answer at all, which the SDK reports once its retries are spent (an AggregateException of each try's failure).
            return location.ServiceError(null, null, exception);
        }

        return e switch
        {
            { ErrorCode: var code } when code == BlobErrorCode.ContainerNotFound => location.BucketNotFound(code, e.Status, e),
            // Credentials the account does not accept (wrong shared key, bad or expired token) are not a missing grant.
            { ErrorCode: var code } when code == BlobErrorCode.AuthenticationFailed || code == BlobErrorCode.InvalidAuthenticationInfo =>
                location.CredentialsUnavailable(code, e),
            { Status: 403 } => location.AccessDenied(e.ErrorCode, e.Status, e),
            { Status: 401 } => location.CredentialsUnavailable(e.ErrorCode, e),
            _ => location.ServiceError(e.ErrorCode, e.Status == 0 ? null : e.Status, e),
        };
    }
}
