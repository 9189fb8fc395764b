using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Options;
using StreamApiEmulator.State;

namespace StreamApiEmulator.ObjectStores;

/// <summary>Why an object could not be written, in the cloud's own words (never a credential).</summary>
public sealed class ObjectStoreWriteException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// Writes objects into a storage with the credentials stored in its config, through the official SDKs,
/// as Stream's workers do. Endpoints are emulator settings so that the writes land in local emulators.
/// </summary>
public sealed class ObjectStoreWriter(IOptions<EmulatorOptions> options)
{
    private readonly EmulatorOptions _options = options.Value;
    private readonly Lazy<HttpMessageHandler> _azureHandler = new(() => CreateHandler(options.Value.TrustedCertificatePath));

    /// <summary>Writes a new object and returns its URL.</summary>
    public Task<string> WriteAsync(StoredStorage storage, string key, string content, string contentType, CancellationToken cancellationToken) =>
        storage.Type switch
        {
            "s3" => WriteS3Async(storage, key, content, contentType, cancellationToken),
            "gcs" => WriteGcsAsync(storage, key, content, contentType, cancellationToken),
            "abs" => WriteAzureAsync(storage, key, content, contentType, cancellationToken),
            _ => throw new ObjectStoreWriteException($"unknown storage type {storage.Type}"),
        };

    /// <summary>Joins the storage's path prefix and a file name into an object key.</summary>
    public static string ObjectKey(StoredStorage storage, string fileName)
    {
        var prefix = storage.Path.TrimStart('/');
        return prefix.Length == 0 || prefix.EndsWith('/') ? prefix + fileName : prefix + "/" + fileName;
    }

    private async Task<string> WriteS3Async(StoredStorage storage, string key, string content, string contentType, CancellationToken cancellationToken)
    {
        var s3 = storage.S3 ?? new S3Config("us-east-1", null, null, null);
        var endpoint = s3.CustomEndpoint ?? _options.S3ServiceUrl
            ?? throw new ObjectStoreWriteException("the emulator has no S3 endpoint: set StreamEmulator:S3ServiceUrl");
        AWSCredentials credentials = s3.AccessKey is not null
            ? new BasicAWSCredentials(s3.AccessKey, s3.SecretKey)
            : new BasicAWSCredentials(
                _options.StreamPrincipalAccessKey ?? throw new ObjectStoreWriteException("policy mode needs the emulator's Stream principal: set StreamEmulator:StreamPrincipalAccessKey"),
                _options.StreamPrincipalSecretKey ?? throw new ObjectStoreWriteException("policy mode needs the emulator's Stream principal: set StreamEmulator:StreamPrincipalSecretKey"));
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = s3.Region,
            // Local S3 emulators differ in aws-chunked and trailing-checksum support; plain signed bodies work in all of them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 1,
        };
        try
        {
            using var client = new AmazonS3Client(credentials, config);
            await client.PutObjectAsync(
                new PutObjectRequest { BucketName = storage.Bucket, Key = key, ContentBody = content, ContentType = contentType, UseChunkEncoding = false },
                cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            throw new ObjectStoreWriteException($"{e.ErrorCode ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            throw new ObjectStoreWriteException(e.Message, e);
        }

        return $"{endpoint.ToString().TrimEnd('/')}/{storage.Bucket}/{key}";
    }

    private async Task<string> WriteGcsAsync(StoredStorage storage, string key, string content, string contentType, CancellationToken cancellationToken)
    {
        var baseUri = _options.GcsBaseUri ?? throw new ObjectStoreWriteException("the emulator has no GCS endpoint: set StreamEmulator:GcsBaseUri");
        if (string.IsNullOrWhiteSpace(storage.GcsCredentials))
        {
            throw new ObjectStoreWriteException("gcs_credentials is empty: the storage needs a service-account JSON key");
        }

        GoogleCredential credential;
        try
        {
            credential = CredentialFactory.FromJson<ServiceAccountCredential>(storage.GcsCredentials)
                .ToGoogleCredential()
                .CreateScoped("https://www.googleapis.com/auth/devstorage.read_write")
                .CreateWithHttpClientFactory(new TrustingHttpClientFactory(_options.TrustedCertificatePath));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or Newtonsoft.Json.JsonException)
        {
            // The parser's message may quote the key material, so only the kind of failure is reported.
            throw new ObjectStoreWriteException("gcs_credentials is not a valid service-account JSON key", null);
        }

        try
        {
            var client = await new StorageClientBuilder
            {
                BaseUri = baseUri.ToString(),
                GoogleCredential = credential,
                // Self-signed JWTs are checked only by Google itself; exchanging the key at its token_uri lets a
                // local token endpoint verify it, since the storage emulator accepts any token.
                UseJwtAccessWithScopes = false,
                HttpClientFactory = new TrustingHttpClientFactory(_options.TrustedCertificatePath),
            }.BuildAsync(cancellationToken);
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
            var written = await client.UploadObjectAsync(storage.Bucket, key, contentType, body, cancellationToken: cancellationToken);
            return written.MediaLink ?? $"{baseUri.ToString().TrimEnd('/')}/{storage.Bucket}/{key}";
        }
        catch (GoogleApiException e)
        {
            throw new ObjectStoreWriteException($"{(int)e.HttpStatusCode} {e.Error?.Message ?? e.Message}", e);
        }
        catch (TokenResponseException e)
        {
            throw new ObjectStoreWriteException($"token request failed: {e.Error?.Error} {e.Error?.ErrorDescription}".TrimEnd(), e);
        }
        catch (HttpRequestException e)
        {
            throw new ObjectStoreWriteException(e.Message, e);
        }
    }

    private async Task<string> WriteAzureAsync(StoredStorage storage, string key, string content, string contentType, CancellationToken cancellationToken)
    {
        var azure = storage.Azure ?? throw new ObjectStoreWriteException("azure_blob is not set: the storage needs a service principal");
        var template = _options.AzureBlobEndpoint ?? throw new ObjectStoreWriteException("the emulator has no Azure Blob endpoint: set StreamEmulator:AzureBlobEndpoint");
        var transport = new HttpClientTransport(_azureHandler.Value);
        var credentialOptions = new ClientSecretCredentialOptions { Transport = transport };
        if (_options.EntraAuthorityHost is { } authority)
        {
            credentialOptions.AuthorityHost = authority;
            credentialOptions.DisableInstanceDiscovery = true;
        }

        var clientOptions = new BlobClientOptions { Transport = transport };
        clientOptions.Retry.MaxRetries = 1;
        credentialOptions.Retry.MaxRetries = 1;
        var credential = new ClientSecretCredential(azure.TenantId, azure.ClientId, azure.ClientSecret, credentialOptions);
        var endpoint = new Uri(template.Replace("{account}", azure.AccountName, StringComparison.Ordinal));
        var blob = new BlobServiceClient(endpoint, credential, clientOptions).GetBlobContainerClient(storage.Bucket).GetBlobClient(key);
        try
        {
            await blob.UploadAsync(
                BinaryData.FromString(content),
                new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new() { ContentType = contentType } },
                cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new ObjectStoreWriteException($"{e.ErrorCode ?? e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {FirstLine(e.Message)}", e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new ObjectStoreWriteException($"service principal sign-in failed: {FirstLine(e.Message)}", e);
        }

        return blob.Uri.ToString();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Accepts publicly trusted servers and, when configured, ones whose chain ends in the test certificate.</summary>
    private static HttpClientHandler CreateHandler(string? trustedCertificatePath)
    {
        var trusted = trustedCertificatePath is null ? null : X509CertificateLoader.LoadCertificateFromFile(trustedCertificatePath);
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (trusted is null || certificate is null || chain is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
    }

    /// <summary>Google's factory disposes its handler with each client, so it gets a fresh one every time.</summary>
    private sealed class TrustingHttpClientFactory(string? trustedCertificatePath) : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) => ObjectStoreWriter.CreateHandler(trustedCertificatePath);
    }
}
