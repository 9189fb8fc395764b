using Azure.Identity;
using Azure.Storage.Blobs;
using Google.Apis.Auth.OAuth2;
using StorageRegistrar.Registration;
using StorageRegistrar.Validation;
using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

/// <summary>
/// The whole proof, end to end: the Stream emulator's check writes a real check file into the local
/// store with the declared credentials, and the owner-side verifier finds and deletes it.
/// </summary>
public sealed class CheckRoundTripTests(StreamEmulatorFixture fixture) : StreamEmulatorTest(fixture)
{
    private ObjectStores Stores => Fixture.Stores;

    [Fact]
    public async Task S3_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var bucket = UniqueNames.For("roundtrip");
        await Stores.S3.CreateBucketAsync(bucket, Ct);
        var declaration = new StorageDeclaration
        {
            Name = "roundtrip-s3",
            StorageType = StorageTypes.S3,
            Bucket = bucket,
            Path = "calls/",
            AwsS3 = new S3Settings { Region = S3Server.Region, ApiKey = "AKIAIOSFODNN7EXAMPLE", Secret = new SecretString("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") },
        };

        var result = await RegisterCheckAndVerifyAsync(declaration, new CheckFileVerifierOptions { S3ClientFactory = _ => Stores.S3.CreateClient() });

        Assert.StartsWith("calls/stream-", result.ObjectKey, StringComparison.Ordinal);
        Assert.True(result.SizeInBytes > 0);
    }

    [Fact]
    public async Task Gcs_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var streamKey = Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "stream-writer@demo-streamstorage.iam.gserviceaccount.com");
        var ownerKey = Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "owner@demo-streamstorage.iam.gserviceaccount.com");
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
            GcsClientFactory = _ => Stores.Gcs.CreateClient(CredentialFactory.FromJson<ServiceAccountCredential>(ownerKey).ToGoogleCredential()),
        });

        Assert.StartsWith("video/checks/stream-", result.ObjectKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_check_file_written_by_Stream_is_found_and_deleted_by_the_owner()
    {
        var declaration = await Fixture.AzureStorageAsync("roundtrip-abs");
        var tenantId = declaration.AzureBlob!.TenantId!;
        var (ownerClientId, ownerSecret) = (Guid.NewGuid().ToString(), "owner~" + Guid.NewGuid().ToString("N"));
        Stores.Entra.RegisterServicePrincipal(tenantId, ownerClientId, ownerSecret);

        var result = await RegisterCheckAndVerifyAsync(declaration, new CheckFileVerifierOptions
        {
            BlobServiceClientFactory = _ => new BlobServiceClient(
                Stores.Azurite.BlobServiceUri,
                new ClientSecretCredential(tenantId, ownerClientId, ownerSecret, Stores.Entra.CreateCredentialOptions()),
                Stores.Azurite.CreateClientOptions()),
        });

        Assert.Matches("^stream-[0-9a-f-]{36}\\.md$", result.ObjectKey);
    }

    [Fact]
    public async Task An_invalid_declaration_sends_no_request_to_Stream()
    {
        await ClearRequestsAsync();
        var declaration = new StorageDeclaration
        {
            Name = "stream-s3",
            StorageType = "S3",
            Bucket = "Bad_Bucket",
            Path = "/calls",
            AwsS3 = new S3Settings { Region = "us-east-1a" },
        };

        var error = await Assert.ThrowsAsync<DeclarationValidationException>(
            () => new ExternalStorageRegistrar(Client).EnsureAsync(declaration, ct: Ct));

        Assert.Equal(["name", "storageType", "path", "awsS3.region"], error.Problems.Select(p => p.Field));
        Assert.Empty(await RequestsAsync());
    }

    private async Task<CheckFileVerification> RegisterCheckAndVerifyAsync(StorageDeclaration declaration, CheckFileVerifierOptions verifierOptions)
    {
        var registrar = new ExternalStorageRegistrar(Client);
        await registrar.EnsureAsync(declaration, ct: Ct);
        var check = await registrar.CheckAsync(declaration.Name!, declaration.StorageType!, ct: Ct);

        var verifier = new CheckFileVerifier(verifierOptions);
        var result = await verifier.VerifyAsync(declaration, check.FileUrl, Ct);

        Assert.True(result.Deleted);
        var again = await Assert.ThrowsAsync<CheckFileVerificationException>(() => verifier.VerifyAsync(declaration, check.FileUrl, Ct));
        Assert.Equal(CheckFileVerificationFailure.FileNotFound, again.Reason);
        return result;
    }
}
