using Amazon.S3;
using Azure.Storage.Blobs;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Verification;

/// <summary>
/// How <see cref="CheckFileVerifier"/> reaches the owner's stores. By default it signs in as the owner
/// through each cloud's ambient credentials (the AWS default credential chain, Google application
/// default credentials, Azure <c>DefaultAzureCredential</c>); a factory replaces that for one cloud, e.g.
/// to use a named profile or a local emulator. The verifier disposes the S3 and GCS clients a factory
/// returns once the verification ends, so return a new client per call.
/// </summary>
public sealed class CheckFileVerifierOptions
{
    public Func<StorageDeclaration, IAmazonS3>? S3ClientFactory { get; set; }

    /// <summary>
    /// The owner's AWS shared-config profile for a storage (an S3-compatible store's key, another account), used by
    /// the default S3 client; null, or a null answer: the default credential chain.
    /// </summary>
    public Func<StorageDeclaration, string?>? AwsProfile { get; set; }

    public Func<StorageDeclaration, StorageClient>? GcsClientFactory { get; set; }

    public Func<StorageDeclaration, BlobServiceClient>? BlobServiceClientFactory { get; set; }

    /// <summary>Delete the check file once found (default). Off, the file is only confirmed and left in place.</summary>
    public bool DeleteCheckFile { get; set; } = true;
}
