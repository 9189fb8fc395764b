using System.Net;
using System.Text;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using Google;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Verification;

public sealed class GcsCheckFileVerifierTests(ObjectStoresFixture fixture) : CheckFileVerifierTest
{
    private readonly GcsServer _gcs = fixture.Stores.Gcs;
    private readonly GoogleTokenServer _tokens = fixture.Stores.GoogleTokens;

    [Fact]
    public Task A_media_link_with_the_key_escaped_into_one_segment_is_understood() =>
        AssertFoundAndDeletedAsync(OwnerVerifier(), "video/", (bucket, key) =>
            $"https://storage.googleapis.com/download/storage/v1/b/{bucket}/o/{Uri.EscapeDataString(key)}?generation=1&alt=media");

    [Fact]
    public Task Under_a_retention_policy_the_refused_delete_is_expected_and_the_file_kept_until_it_expires() =>
        AssertKeptUnderLockAsync(OwnerVerifier(), "video/", new RetentionLock(7, RetentionLockMode.Compliance));

    [Fact]
    public Task A_retention_refusal_with_reason_forbidden_for_an_object_the_policy_still_holds_is_the_lock_keeping_it() =>
        AssertKeptUnderLockAsync(
            new CheckFileVerifier(new CheckFileVerifierOptions { GcsClientFactory = _ => _gcs.CreateOwnerClient(locking => new RetentionRefusalAsForbidden { InnerHandler = locking }) }),
            "video/",
            new RetentionLock(7, RetentionLockMode.Compliance));

    [Fact]
    public async Task The_delete_names_the_generation_found_so_a_bucket_that_keeps_versions_keeps_no_copy()
    {
        var declaration = await NewBucketAsync("video/");
        var key = await PutCheckFileAsync(declaration, "video/");
        using var owner = _gcs.CreateOwnerClient();
        var generation = (await owner.GetObjectAsync(declaration.Bucket!, key, cancellationToken: Cancellation)).Generation;
        var deletes = new List<Uri>();
        var verifier = new CheckFileVerifier(new CheckFileVerifierOptions
        {
            GcsClientFactory = _ => new StorageClientBuilder { BaseUri = _gcs.BaseUri.ToString(), UnauthenticatedAccess = true, HttpClientFactory = new RecordingDeletes(deletes) }.Build(),
        });

        var result = await verifier.VerifyAsync(declaration, FileUrl(declaration.Bucket!, key), Cancellation);

        Assert.True(result.Deleted);
        Assert.NotNull(generation);
        Assert.Contains($"generation={generation}", Assert.Single(deletes).Query, StringComparison.Ordinal);
        Assert.False(await ExistsAsync(declaration.Bucket!, key));
    }

    [Fact]
    public async Task A_missing_file_is_FileNotFound()
    {
        var declaration = await NewBucketAsync("video/");
        await PutCheckFileAsync(declaration, "video/");

        var error = await AssertFileNotFoundAsync(OwnerVerifier(), declaration);

        Assert.Equal(StorageTypes.Gcs, error.StorageType);
    }

    [Fact]
    public Task A_file_outside_the_declared_path_is_FileOutsidePath() =>
        AssertOutsidePathAsync(OwnerVerifier(), "video/", "audio/");

    [Fact]
    public async Task An_unknown_service_account_key_is_OwnerCredentialsUnavailable()
    {
        var declaration = await NewBucketAsync("video/");
        var key = await PutCheckFileAsync(declaration, "video/");
        var unknownKey = _tokens.CreateUnregisteredServiceAccountKeyJson(GcsServer.ProjectId, "stranger@demo-streamstorage.iam.gserviceaccount.com");
        var verifier = ServiceAccountVerifier(unknownKey);

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.OwnerCredentialsUnavailable, error.Reason);
        Assert.Equal("invalid_grant", error.ErrorCode);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
    }

    private CheckFileVerifier OwnerVerifier() =>
        new(new CheckFileVerifierOptions { GcsClientFactory = _ => _gcs.CreateOwnerClient() });

    /// <summary>A verifier that reads as the service account whose key is <paramref name="keyJson"/>.</summary>
    private CheckFileVerifier ServiceAccountVerifier(string keyJson) =>
        new(new CheckFileVerifierOptions
        {
            GcsClientFactory = _ => _gcs.CreateClient(CredentialFactory.FromJson<ServiceAccountCredential>(keyJson).ToGoogleCredential()),
        });

    protected override string FileUrl(string bucket, string key) => $"https://storage.googleapis.com/{bucket}/{key}";

    protected override string DeclaredPath => "video/";

    /// <summary>Signs in as the owner's service account, with a key the token server knows.</summary>
    protected override CheckFileVerifier SignedInVerifier() =>
        ServiceAccountVerifier(_tokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "owner@demo-streamstorage.iam.gserviceaccount.com"));

    protected override CheckFileVerifier DeleteRefusingVerifier() =>
        new(new CheckFileVerifierOptions
        {
            GcsClientFactory = _ => new StorageClientBuilder { BaseUri = _gcs.BaseUri.ToString(), UnauthenticatedAccess = true, HttpClientFactory = new RefusingDeletes() }.Build(),
        });

    protected override string AccessDeniedCode => "forbidden";

    /// <summary>The emulator has no CreateBucket: it creates a bucket on its first upload.</summary>
    protected override Task CreateBucketAsync(string bucket) => Task.CompletedTask;

    protected override StorageDeclaration Declaration => new()
    {
        Name = "recordings-gcs",
        StorageType = StorageTypes.Gcs,
    };

    protected override async Task PutAsync(string bucket, string key)
    {
        using var client = _gcs.CreateOwnerClient();
        var content = Encoding.UTF8.GetBytes(CheckFiles.Content);
        using var stream = new MemoryStream(content);
        await client.UploadObjectAsync(bucket, key, "text/markdown", stream, GcsServer.SingleChunkUpload(content.Length), Cancellation);
    }

    protected override async Task<bool> ExistsAsync(string bucket, string key)
    {
        using var client = _gcs.CreateOwnerClient();
        return await FoundAsync<GoogleApiException>(
            () => client.GetObjectAsync(bucket, key, cancellationToken: Cancellation), e => e.HttpStatusCode == HttpStatusCode.NotFound);
    }

    protected override void Lock(string bucket, RetentionLock retention) => _gcs.Locks.Lock(bucket, retention);

    protected override async Task<DateTimeOffset> WrittenAtAsync(string bucket, string key)
    {
        using var client = _gcs.CreateOwnerClient();
        return (await client.GetObjectAsync(bucket, key, cancellationToken: Cancellation)).TimeCreatedDateTimeOffset!.Value;
    }

    private sealed class RecordingDeletes(List<Uri> deletes) : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) =>
            new Recorder(deletes) { InnerHandler = base.CreateHandler(args) };

        private sealed class Recorder(List<Uri> deletes) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Method == HttpMethod.Delete)
                {
                    deletes.Add(request.RequestUri!);
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>The lock layer's retention refusal with reason <c>forbidden</c>, as Cloud Storage has been seen answering it.</summary>
    private sealed class RetentionRefusalAsForbidden : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                return response;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.Contains("\"reason\":\"retentionPolicyNotMet\"", body, StringComparison.Ordinal);
            response.Content = new StringContent(body.Replace("\"reason\":\"retentionPolicyNotMet\"", "\"reason\":\"forbidden\"", StringComparison.Ordinal), Encoding.UTF8, "application/json");
            return response;
        }
    }

    private sealed class RefusingDeletes : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) =>
            DeleteRefusingHandler.GcsForbidden(base.CreateHandler(args));
    }
}
