using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Does what Stream does: logs in as the service principal and writes a small blob under the
/// storage's path. <paramref name="writer"/> must be built with the service principal's credential;
/// <paramref name="owner"/> (the owner's credential) deletes the probe blob afterwards, because the
/// least role Stream needs cannot delete.
/// </summary>
public sealed class AzureContainerProbe(BlobContainerClient writer, BlobContainerClient owner)
{
    public async Task<AzureContainerFacts> GatherAsync(string path, CancellationToken cancellationToken = default)
    {
        var facts = new AzureContainerFacts { AccountName = writer.AccountName, Container = writer.Name, Path = path };
        var blobName = $"{path}stream-doctor-{Guid.NewGuid():N}.md";
        try
        {
            await writer.GetBlobClient(blobName)
                .UploadAsync(BinaryData.FromString("StreamStorage doctor probe: safe to delete.\n"), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AuthenticationFailedException e)
        {
            // Entra's AADSTS code is in the identity library's inner exception, not in the outer message.
            return facts with { LoginError = string.Join(" ", Messages(e)) };
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            return facts with { AccountUnreachable = true };
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is RequestFailedException { Status: 0 }))
        {
            // Azure.Core reports transport failures that outlived every retry this way.
            return facts with { AccountUnreachable = true };
        }
        catch (RequestFailedException e)
        {
            return facts with { WriteStatus = e.Status, WriteErrorCode = e.ErrorCode };
        }

        try
        {
            await owner.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return facts;
        }
        catch (RequestFailedException e) when (e.Status is 403 or 409)
        {
            // An immutability policy keeps the blob (409), or the owner holds no role that deletes blobs (403): the write's
            // finding stands, and the blob left behind is said.
            return facts with { ProbeLeft = (blobName, e.Status, e.ErrorCode) };
        }
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
        }
    }
}
