using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

public sealed class AzureCheckFileVerifierTests(ObjectStoresFixture fixture) : CheckFileVerifierTest
{
    private const string ClientSecret = "owner~Zq7LeakMarker~secret";

    private readonly AzuriteServer _azurite = fixture.Stores.Azurite;
    private readonly EntraTokenServer _entra = fixture.Stores.Entra;
    private readonly string _tenantId = Guid.NewGuid().ToString();
    private readonly string _clientId = Guid.NewGuid().ToString();

    [Fact]
    public Task Under_an_immutability_policy_the_refused_delete_is_expected_and_the_file_kept_until_it_expires() =>
        AssertKeptUnderLockAsync(Verifier(ClientSecret), "calls/", new RetentionLock(365, RetentionLockMode.Governance));

    [Fact]
    public async Task A_missing_file_is_FileNotFound()
    {
        var declaration = await NewBucketAsync("calls/");

        var error = await AssertFileNotFoundAsync(Verifier(ClientSecret), declaration);

        Assert.Contains($"Azure Blob Storage container '{declaration.Bucket}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_container_is_BucketNotFound_with_the_store_code()
    {
        var declaration = await NewBucketAsync("calls/") with { Bucket = UniqueNames.For("missing") };
        var key = "calls/" + CheckFiles.NewFileName();

        var error = await RefusalAsync(Verifier(ClientSecret), declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.BucketNotFound, error.Reason);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_wrong_account_key_is_OwnerCredentialsUnavailable_with_the_store_code()
    {
        var declaration = await NewBucketAsync("calls/");
        var key = await PutCheckFileAsync(declaration, "calls/");
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var verifier = new CheckFileVerifier(new CheckFileVerifierOptions
        {
            BlobServiceClientFactory = _ => new BlobServiceClient(
                _azurite.BlobServiceUri, new Azure.Storage.StorageSharedKeyCredential(_azurite.AccountName, wrongKey), _azurite.CreateClientOptions()),
        });

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.OwnerCredentialsUnavailable, error.Reason);
        // Azure answers 403 AuthenticationFailed; azurite in OAuth mode answers 400 InvalidAuthenticationInfo.
        Assert.Contains(error.ErrorCode, (string[])["AuthenticationFailed", "InvalidAuthenticationInfo"]);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
    }

    /// <summary>Once its tries are spent, the SDK throws each try's failure together (an AggregateException), not a RequestFailedException.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task An_unreachable_store_is_ServiceError(int retries)
    {
        var declaration = await NewBucketAsync("calls/");
        var options = _azurite.CreateClientOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var unreachable = new Uri($"https://127.0.0.1:{LoopbackPorts.Closed()}/{_azurite.AccountName}");
        var verifier = new CheckFileVerifier(new CheckFileVerifierOptions
        {
            BlobServiceClientFactory = _ => new BlobServiceClient(unreachable, options),
        });

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, "calls/" + CheckFiles.NewFileName()));

        Assert.Equal(CheckFileVerificationFailure.ServiceError, error.Reason);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_OwnerCredentialsUnavailable_without_the_secret()
    {
        var declaration = await NewBucketAsync("calls/");
        var key = await PutCheckFileAsync(declaration, "calls/");
        const string wrongSecret = "wrong~Zq7LeakMarker~secret";

        var error = await RefusalAsync(Verifier(wrongSecret), declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.OwnerCredentialsUnavailable, error.Reason);
        Assert.DoesNotContain("Zq7LeakMarker", error.Message, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
    }

    /// <summary>A verifier that signs in as the service principal with <paramref name="clientSecret"/>; <paramref name="clientOptions"/> default to azurite's.</summary>
    private CheckFileVerifier Verifier(string clientSecret, BlobClientOptions? clientOptions = null)
    {
        _entra.RegisterServicePrincipal(_tenantId, _clientId, ClientSecret);
        return new CheckFileVerifier(new CheckFileVerifierOptions
        {
            BlobServiceClientFactory = _ => new BlobServiceClient(
                _azurite.BlobServiceUri,
                new ClientSecretCredential(_tenantId, _clientId, clientSecret, _entra.CreateCredentialOptions()),
                clientOptions ?? _azurite.CreateClientOptions()),
        });
    }

    protected override string FileUrl(string bucket, string key) => $"{_azurite.BlobServiceUri}/{bucket}/{key}";

    protected override string DeclaredPath => "calls/";

    /// <summary>Signs in as the service principal with its client secret.</summary>
    protected override CheckFileVerifier SignedInVerifier() => Verifier(ClientSecret);

    protected override CheckFileVerifier DeleteRefusingVerifier() =>
        Verifier(ClientSecret, new BlobClientOptions
        {
            Transport = new HttpClientTransport(DeleteRefusingHandler.AzurePermissionMismatch(fixture.Stores.Certificate.CreateTrustingHandler())),
        });

    protected override string AccessDeniedCode => "AuthorizationPermissionMismatch";

    private BlobContainerClient Owner(string container) => _azurite.CreateOwnerClient().GetBlobContainerClient(container);

    protected override Task CreateBucketAsync(string bucket) => _azurite.CreateContainerAsync(bucket, Cancellation);

    protected override StorageDeclaration Declaration => new()
    {
        Name = "recordings-abs",
        StorageType = StorageTypes.Abs,
        AzureBlob = new AzureBlobSettings { AccountName = _azurite.AccountName },
    };

    protected override async Task PutAsync(string bucket, string key) =>
        await Owner(bucket).GetBlobClient(key).UploadAsync(BinaryData.FromString(CheckFiles.Content), Cancellation);

    protected override async Task<bool> ExistsAsync(string bucket, string key) => await Owner(bucket).GetBlobClient(key).ExistsAsync(Cancellation);

    protected override void Lock(string container, RetentionLock retention) => _azurite.Locks.Lock($"{_azurite.AccountName}/{container}", retention);

    protected override async Task<DateTimeOffset> WrittenAtAsync(string container, string key) =>
        (await Owner(container).GetBlobClient(key).GetPropertiesAsync(cancellationToken: Cancellation)).Value.CreatedOn;
}
