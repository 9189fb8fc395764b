using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Signs a request with Signature Version 4 through the AWS SDK's own signer, body included, for the AWS APIs the
/// product calls without an SDK client (IAM's and STS's Query API, S3 Control, Organizations' JSON API): the doctor's key
/// ages and preflight's reads.
/// </summary>
internal static class AwsSigning
{
    /// <summary>Adds the signature's headers to <paramref name="request"/>; its <c>x-amz-*</c> headers are signed with it.</summary>
    public static async Task SignAsync(
        HttpRequestMessage request, AWSCredentials credentials, RegionEndpoint signingRegion, string service, DateTime signedAt, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri };
        if (request.Content is { } content)
        {
            signing.Content = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)))
        {
            signing.Headers[name] = string.Join(',', values);
        }

        var parameters = new AWSSigV4Parameters { Credentials = credentials, Region = signingRegion, Service = service, SignedAt = signedAt };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
