using System.Net;
using Amazon.S3.Model;
using Amazon.S3;
using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

public sealed class S3CheckFileVerifierTests(ObjectStoresFixture fixture) : CheckFileVerifierTest
{
    private readonly S3Server _s3 = fixture.Stores.S3;

    [Fact]
    public Task The_url_host_layout_does_not_matter_only_the_file_name() =>
        // Virtual-hosted form with a signed query: nothing but the last path segment is used, and no request goes to this host.
        AssertFoundAndDeletedAsync(Verifier(), "", (bucket, fileName) => $"https://{bucket}.s3.us-east-1.amazonaws.com/{fileName}?X-Amz-Signature=abc");

    [Fact]
    public async Task With_deletion_off_the_file_is_confirmed_and_kept()
    {
        var declaration = await NewBucketAsync("calls/");
        var key = await PutCheckFileAsync(declaration, "calls/");

        var verifier = Verifier(options => options.DeleteCheckFile = false);
        var result = await verifier.VerifyAsync(declaration, FileUrl(declaration.Bucket!, key), Cancellation);

        Assert.Equal(key, result.ObjectKey);
        Assert.False(result.Deleted);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
    }

    [Fact]
    public async Task Under_a_retention_lock_the_refused_delete_is_expected_and_the_file_kept_until_the_lock_ends()
    {
        var result = await AssertKeptUnderLockAsync(Verifier(), "calls/", new RetentionLock(30, RetentionLockMode.Governance));

        Assert.Equal($"kept until {result.KeptUntil!.Value.UtcDateTime:yyyy-MM-dd} under the retention lock", result.Outcome);
    }

    [Fact]
    public async Task A_missing_file_is_FileNotFound()
    {
        var declaration = await NewBucketAsync("calls/");

        var error = await AssertFileNotFoundAsync(Verifier(), declaration);

        Assert.Equal(declaration.Bucket, error.Bucket);
        Assert.Contains("run Stream's check again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_outside_the_declared_path_is_FileOutsidePath_and_left_alone()
    {
        var error = await AssertOutsidePathAsync(Verifier(), "calls/", "recordings/");

        Assert.Contains("outside the declared path 'calls/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_at_the_bucket_root_is_found_as_outside_the_path_whatever_the_url_says()
    {
        var declaration = await NewBucketAsync("calls/");
        var fileName = await PutCheckFileAsync(declaration, "");

        var error = await RefusalAsync(Verifier(), declaration, $"https://files.example/x/{fileName}");

        Assert.Equal(CheckFileVerificationFailure.FileOutsidePath, error.Reason);
        Assert.Equal(fileName, error.ObjectKey);
    }

    [Fact]
    public async Task A_wrong_bucket_is_BucketNotFound_with_the_store_code()
    {
        var declaration = await NewBucketAsync("calls/") with { Bucket = UniqueNames.For("missing") };
        var fileName = CheckFiles.NewFileName();

        var error = await RefusalAsync(Verifier(), declaration, FileUrl(declaration.Bucket!, "calls/" + fileName));

        Assert.Equal(CheckFileVerificationFailure.BucketNotFound, error.Reason);
        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(404, error.Status);
        Assert.Contains($"S3 bucket '{declaration.Bucket}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_store_is_ServiceError()
    {
        var declaration = await NewBucketAsync("calls/");
        var closedPort = LoopbackPorts.Closed();
        var verifier = Verifier(
            new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{closedPort}", ForcePathStyle = true, AuthenticationRegion = S3Server.Region, MaxErrorRetry = 0 });

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, "calls/" + CheckFiles.NewFileName()));

        Assert.Equal(CheckFileVerificationFailure.ServiceError, error.Reason);
    }

    [Theory]
    [InlineData("https://files.example/calls/recording.mp4")]
    [InlineData("https://files.example/calls/stream-not-a-uuid.md")]
    [InlineData("https://files.example/")]
    [InlineData("calls/stream-6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b.md")]
    [InlineData("")]
    public async Task A_url_without_a_check_file_name_is_InvalidFileUrl_before_any_request(string fileUrl)
    {
        var declaration = await NewBucketAsync("calls/");
        var verifier = VerifierWithoutClients();

        var error = await RefusalAsync(verifier, declaration, fileUrl);

        Assert.Equal(CheckFileVerificationFailure.InvalidFileUrl, error.Reason);
    }

    [Fact]
    public async Task The_url_query_is_never_repeated()
    {
        var declaration = await NewBucketAsync("calls/");
        var verifier = VerifierWithoutClients();

        var error = await RefusalAsync(verifier, declaration, "https://files.example/calls/recording.mp4?X-Amz-Signature=Zq7LeakMarker");

        Assert.DoesNotContain("Zq7LeakMarker", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_type_is_held_to_the_validators_rule_before_any_request()
    {
        var declaration = await NewBucketAsync("calls/") with { StorageType = "S3" };
        var verifier = VerifierWithoutClients();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => verifier.VerifyAsync(declaration, FileUrl(declaration.Bucket!, "calls/" + CheckFiles.NewFileName()), Cancellation));

        Assert.StartsWith("storageType is case-sensitive: write \"s3\" in lowercase.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declaration_without_a_bucket_is_refused_before_any_request()
    {
        var declaration = await NewBucketAsync("calls/") with { Bucket = null };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Verifier().VerifyAsync(declaration, FileUrl("x", CheckFiles.NewFileName()), Cancellation));

        Assert.Contains("bucket is required", error.Message, StringComparison.Ordinal);
    }

    private CheckFileVerifier Verifier(Action<CheckFileVerifierOptions>? configure = null)
    {
        var options = new CheckFileVerifierOptions { S3ClientFactory = _ => _s3.CreateClient() };
        configure?.Invoke(options);
        return new CheckFileVerifier(options);
    }

    /// <summary>A verifier whose clients sign with the server's key and go through <paramref name="config"/>.</summary>
    private CheckFileVerifier Verifier(AmazonS3Config config) =>
        Verifier(options => options.S3ClientFactory = _ => new AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(S3Server.DefaultAccessKey, S3Server.DefaultSecretKey), config));

    /// <summary>A verifier that fails the test if it makes a client: what it refuses, it refuses before any request.</summary>
    private CheckFileVerifier VerifierWithoutClients() =>
        Verifier(options => options.S3ClientFactory = _ => throw new InvalidOperationException("no client may be created"));

    /// <summary>The path-style URL of the local store.</summary>
    protected override string FileUrl(string bucket, string key) => new Uri(_s3.ServiceUrl, $"{bucket}/{key}").ToString();

    protected override string DeclaredPath => "calls/2026/";

    /// <summary>Signs with the owner's access key.</summary>
    protected override CheckFileVerifier SignedInVerifier() => Verifier();

    protected override CheckFileVerifier DeleteRefusingVerifier()
    {
        var config = _s3.CreateConfig();
        config.HttpClientFactory = new RefusingDeletes();
        return Verifier(config);
    }

    protected override string AccessDeniedCode => "AccessDenied";

    protected override Task CreateBucketAsync(string bucket) => _s3.CreateBucketAsync(bucket, Cancellation);

    protected override StorageDeclaration Declaration => new()
    {
        Name = "recordings-s3",
        StorageType = StorageTypes.S3,
        AwsS3 = new S3Settings { Region = S3Server.Region },
    };

    protected override async Task PutAsync(string bucket, string key)
    {
        using var client = _s3.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = CheckFiles.Content }, Cancellation);
    }

    protected override async Task<bool> ExistsAsync(string bucket, string key)
    {
        using var client = _s3.CreateClient();
        return await FoundAsync<AmazonS3Exception>(
            () => client.GetObjectMetadataAsync(bucket, key, Cancellation), e => e.StatusCode == HttpStatusCode.NotFound);
    }

    protected override void Lock(string bucket, RetentionLock retention) => _s3.Locks.Lock(bucket, retention);

    protected override async Task<DateTimeOffset> WrittenAtAsync(string bucket, string key)
    {
        using var client = _s3.CreateClient();
        return new DateTimeOffset((await client.GetObjectMetadataAsync(bucket, key, Cancellation)).LastModified!.Value);
    }

    private sealed class RefusingDeletes : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) =>
            new(DeleteRefusingHandler.S3AccessDenied(new HttpClientHandler()));
    }
}
