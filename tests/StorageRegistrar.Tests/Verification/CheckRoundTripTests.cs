using Azure.Identity;
using Azure.Storage.Blobs;
using Google.Apis.Auth.OAuth2;
using LocalWorld;
using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using StorageRegistrar.Validation;
using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

/// <summary>
/// The whole proof, end to end: the Stream emulator's check writes a real check file into the local
/// store with the declared credentials, and the owner-side verifier finds and deletes it.
/// </summary>
[Collection(ObjectStoresCollection.Name)]
public sealed class CheckRoundTripTests(ObjectStoresFixture fixture) : IAsyncLifetime
{
    private readonly ObjectStores _stores = fixture.Stores;
    private StreamEmulatorProcess? _emulator;
    private StreamClient? _client;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private StreamEmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("The Stream emulator has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _emulator = await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(_stores), timeout.Token);
        _client = new StreamClient(new StreamClientOptions
        {
            ApiKey = _emulator.ApiKey,
            ApiSecret = new SecretString(_emulator.ApiSecret),
            BaseUrl = _emulator.BaseUrl,
        });
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task S3_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var bucket = UniqueNames.For("roundtrip");
        await _stores.S3.CreateBucketAsync(bucket, Cancellation);
        var declaration = new StorageDeclaration
        {
            Name = "roundtrip-s3",
            StorageType = StorageTypes.S3,
            Bucket = bucket,
            Path = "calls/",
            AwsS3 = new S3Settings { Region = S3Server.Region, ApiKey = "AKIAIOSFODNN7EXAMPLE", Secret = new SecretString("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") },
        };

        var result = await RegisterCheckAndVerifyAsync(declaration, new CheckFileVerifierOptions { S3ClientFactory = _ => _stores.S3.CreateClient() });

        Assert.StartsWith("calls/stream-", result.ObjectKey, StringComparison.Ordinal);
        Assert.True(result.SizeInBytes > 0);
    }

    [Fact]
    public async Task Gcs_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var streamKey = _stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "stream-writer@demo-streamstorage.iam.gserviceaccount.com");
        var ownerKey = _stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "owner@demo-streamstorage.iam.gserviceaccount.com");
        var declaration = new StorageDeclaration
        {
            Name = "roundtrip-gcs",
            StorageType = StorageTypes.Gcs,
            Bucket = UniqueNames.For("roundtrip"),
            Path = "video/checks/",
            GcsCredentials = new SecretString(streamKey),
        };

        var result = await RegisterCheckAndVerifyAsync(declaration, new CheckFileVerifierOptions
        {
            GcsClientFactory = _ => _stores.Gcs.CreateClient(CredentialFactory.FromJson<ServiceAccountCredential>(ownerKey).ToGoogleCredential()),
        });

        Assert.StartsWith("video/checks/stream-", result.ObjectKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var container = UniqueNames.For("roundtrip");
        await _stores.Azurite.CreateContainerAsync(container, Cancellation);
        var tenantId = Guid.NewGuid().ToString();
        var (streamClientId, streamSecret) = (Guid.NewGuid().ToString(), "stream~writer~" + Guid.NewGuid().ToString("N"));
        var (ownerClientId, ownerSecret) = (Guid.NewGuid().ToString(), "owner~" + Guid.NewGuid().ToString("N"));
        _stores.Entra.RegisterServicePrincipal(tenantId, streamClientId, streamSecret);
        _stores.Entra.RegisterServicePrincipal(tenantId, ownerClientId, ownerSecret);
        var declaration = new StorageDeclaration
        {
            Name = "roundtrip-abs",
            StorageType = StorageTypes.Abs,
            Bucket = container,
            Path = "",
            AzureBlob = new AzureBlobSettings
            {
                AccountName = _stores.Azurite.AccountName,
                ClientId = streamClientId,
                ClientSecret = new SecretString(streamSecret),
                TenantId = tenantId,
            },
        };

        var result = await RegisterCheckAndVerifyAsync(declaration, new CheckFileVerifierOptions
        {
            BlobServiceClientFactory = _ => new BlobServiceClient(
                _stores.Azurite.BlobServiceUri,
                new ClientSecretCredential(tenantId, ownerClientId, ownerSecret, _stores.Entra.CreateCredentialOptions()),
                _stores.Azurite.CreateClientOptions()),
        });

        Assert.Matches("^stream-[0-9a-f-]{36}\\.md$", result.ObjectKey);
    }

    [Fact]
    public async Task An_invalid_declaration_sends_no_request_to_Stream()
    {
        await Emulator.Control.ClearRequestsAsync(Cancellation);
        var declaration = new StorageDeclaration
        {
            Name = "stream-s3",
            StorageType = "S3",
            Bucket = "Bad_Bucket",
            Path = "/calls",
            AwsS3 = new S3Settings { Region = "us-east-1a" },
        };

        var error = await Assert.ThrowsAsync<DeclarationValidationException>(
            () => new ExternalStorageRegistrar(_client!).EnsureAsync(declaration, ct: Cancellation));

        Assert.Equal(["name", "storageType", "path", "awsS3.region"], error.Problems.Select(p => p.Field));
        Assert.Empty(await Emulator.Control.GetRequestsAsync(Cancellation));
    }

    private async Task<CheckFileVerification> RegisterCheckAndVerifyAsync(StorageDeclaration declaration, CheckFileVerifierOptions verifierOptions)
    {
        var registrar = new ExternalStorageRegistrar(_client!);
        await registrar.EnsureAsync(declaration, ct: Cancellation);
        var check = await registrar.CheckAsync(declaration.Name!, declaration.StorageType!, ct: Cancellation);

        var verifier = new CheckFileVerifier(verifierOptions);
        var result = await verifier.VerifyAsync(declaration, check.FileUrl, Cancellation);

        Assert.True(result.Found);
        Assert.True(result.Deleted);
        var again = await Assert.ThrowsAsync<CheckFileVerificationException>(() => verifier.VerifyAsync(declaration, check.FileUrl, Cancellation));
        Assert.Equal(CheckFileVerificationFailure.FileNotFound, again.Reason);
        return result;
    }
}
