using System.Text.RegularExpressions;
using TestSupport;

namespace StreamApiEmulator.Tests;

/// <summary>
/// Writes into the local object stores through each cloud's SDK, read back with the owner's credentials.
/// This part: the check writes a real <c>stream-&lt;uuid&gt;.md</c>.
/// </summary>
public sealed partial class ObjectStoreTests(ObjectStoresFixture fixture) : EmulatorTest<ObjectStoresFixture>(fixture)
{
    private const string Storages = "/api/v2/external_storage";
    private const string Path = "checks/";

    private ObjectStores Stores => Fixture.Stores;

    [Fact]
    public async Task S3_keys_mode_writes_the_check_file_through_the_custom_endpoint_and_prints_no_secret()
    {
        var bucket = await NewS3BucketAsync();
        await using var own = await OwnEmulator.StartAsync(Stores, Cancellation);
        await CreateStorageAsync(own.Stream, new JsonObject
        {
            ["name"] = "s3-keys",
            ["storage_type"] = "s3",
            ["bucket"] = bucket,
            ["path"] = Path,
            ["aws_s3"] = new JsonObject
            {
                ["s3_region"] = S3Server.Region,
                ["s3_api_key"] = S3Server.DefaultAccessKey,
                ["s3_secret"] = S3Server.DefaultSecretKey,
                ["s3_custom_endpoint_url"] = Stores.S3.ServiceUrl.ToString(),
            },
        });

        // Through the legacy path, which serves the same check.
        var check = await own.Stream.GetAsync($"/video/external_storage/s3-keys/check");

        Assert.Equal(HttpStatusCode.OK, check.Status);
        var key = Assert.Single(await Stores.S3.ListKeysAsync(bucket, Cancellation));
        Assert.Matches(CheckFileKey(), key);
        Assert.EndsWith($"/{bucket}/{key}", check.Body["file_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Stream", await ReadS3Async(bucket, key), StringComparison.Ordinal);
        Assert.DoesNotContain(S3Server.DefaultSecretKey, await own.StopAndReadOutputAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_policy_mode_writes_the_check_file_as_the_stream_principal()
    {
        var bucket = await NewS3BucketAsync();
        await CreateStorageAsync(S3PolicyStorage("s3-policy", bucket));

        var check = await Stream.GetAsync($"{Storages}/s3-policy/check");

        Assert.Equal(HttpStatusCode.OK, check.Status);
        var key = Assert.Single(await Stores.S3.ListKeysAsync(bucket, Cancellation));
        Assert.Matches(CheckFileKey(), key);
        Assert.Contains("Stream", await ReadS3Async(bucket, key), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_check_writes_a_new_file()
    {
        var bucket = await NewS3BucketAsync();
        await CreateStorageAsync(S3PolicyStorage("twice", bucket));

        var first = await Stream.GetAsync($"{Storages}/twice/check");
        var second = await Stream.GetAsync($"{Storages}/twice/check");

        Assert.NotEqual(first.Body["file_url"]!.GetValue<string>(), second.Body["file_url"]!.GetValue<string>());
        Assert.Equal(2, (await Stores.S3.ListKeysAsync(bucket, Cancellation)).Count);
    }

    [Fact]
    public async Task S3_check_into_a_missing_bucket_names_the_clouds_reason()
    {
        await CreateStorageAsync(S3PolicyStorage("no-bucket", "bucket-that-does-not-exist"));

        var check = await Stream.GetAsync($"{Storages}/no-bucket/check");

        Assert.Equal(HttpStatusCode.BadRequest, check.Status);
        Assert.Equal(4, check.ErrorCode);
        Assert.Contains("NoSuchBucket", check.Message, StringComparison.Ordinal);
        Assert.Contains("bucket-that-does-not-exist", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_while_permissions_propagate_then_succeeds()
    {
        var bucket = await NewS3BucketAsync();
        await CreateStorageAsync(S3PolicyStorage("fresh", bucket));
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.CheckFailure(times: 2), Cancellation);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            statuses.Add((await Stream.GetAsync($"{Storages}/fresh/check")).Status);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK], statuses);
        Assert.Single(await Stores.S3.ListKeysAsync(bucket, Cancellation));
    }

    [Fact]
    public async Task Gcs_check_writes_with_the_service_account_key_as_given()
    {
        var bucket = UniqueNames.For("gcs");
        var key = Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "stream-writer@demo-streamstorage.iam.gserviceaccount.com");
        await CreateStorageAsync(GcsStorage("gcs", bucket, key));

        var check = await Stream.GetAsync($"{Storages}/gcs/check");

        Assert.Equal(HttpStatusCode.OK, check.Status);
        var owner = Stores.Gcs.CreateOwnerClient();
        var objectName = Assert.Single(owner.ListObjects(bucket).Select(o => o.Name));
        Assert.Matches(CheckFileKey(), objectName);
        using var content = new MemoryStream();
        await owner.DownloadObjectAsync(bucket, objectName, content, cancellationToken: Cancellation);
        Assert.Contains("Stream", System.Text.Encoding.UTF8.GetString(content.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gcs_check_with_an_unknown_key_names_the_token_error_without_printing_the_key()
    {
        var key = Stores.GoogleTokens.CreateUnregisteredServiceAccountKeyJson(GcsServer.ProjectId, "stranger@demo-streamstorage.iam.gserviceaccount.com");
        await using var own = await OwnEmulator.StartAsync(Stores, Cancellation);
        await CreateStorageAsync(own.Stream, GcsStorage("gcs-stranger", UniqueNames.For("gcs"), key));

        var check = await own.Stream.GetAsync($"{Storages}/gcs-stranger/check");

        Assert.Equal(4, check.ErrorCode);
        Assert.Contains("invalid_grant", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", check.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", await own.StopAndReadOutputAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_check_writes_as_the_service_principal()
    {
        var container = await NewAzureContainerAsync();
        var (tenant, client, secret) = RegisterServicePrincipal();
        await CreateStorageAsync(AzureStorage("abs", container, tenant, client, secret));

        var check = await Stream.GetAsync($"{Storages}/abs/check");

        Assert.Equal(HttpStatusCode.OK, check.Status);
        var owner = Stores.Azurite.CreateOwnerClient().GetBlobContainerClient(container);
        var blobName = Assert.Single(owner.GetBlobs(cancellationToken: Cancellation).Select(b => b.Name));
        Assert.Matches(CheckFileKey(), blobName);
        Assert.EndsWith($"/{container}/{blobName}", check.Body["file_url"]!.GetValue<string>(), StringComparison.Ordinal);
        var content = await owner.GetBlobClient(blobName).DownloadContentAsync(Cancellation);
        Assert.Contains("Stream", content.Value.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_check_with_a_wrong_client_secret_names_the_sign_in_failure_without_the_secret()
    {
        var container = await NewAzureContainerAsync();
        var (tenant, client, _) = RegisterServicePrincipal();
        await using var own = await OwnEmulator.StartAsync(Stores, Cancellation);
        await CreateStorageAsync(own.Stream, AzureStorage("abs-wrong", container, tenant, client, "wrong-client-secret-value"));

        var check = await own.Stream.GetAsync($"{Storages}/abs-wrong/check");

        Assert.Equal(4, check.ErrorCode);
        Assert.Contains("service principal sign-in failed", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-client-secret-value", check.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-client-secret-value", await own.StopAndReadOutputAsync(), StringComparison.Ordinal);
        Assert.Empty(Stores.Azurite.CreateOwnerClient().GetBlobContainerClient(container).GetBlobs(cancellationToken: Cancellation));
    }

    private Task CreateStorageAsync(JsonObject storage) => CreateStorageAsync(Stream, storage);

    private static async Task CreateStorageAsync(StreamHttp stream, JsonObject storage)
    {
        var response = await stream.PostAsync(Storages, storage);
        Assert.True(response.Status == HttpStatusCode.Created, response.RawBody);
    }

    private (string Tenant, string Client, string Secret) RegisterServicePrincipal()
    {
        var tenant = Guid.NewGuid().ToString();
        var client = Guid.NewGuid().ToString();
        var secret = "sp-secret-" + Guid.NewGuid().ToString("N");
        Stores.Entra.RegisterServicePrincipal(tenant, client, secret);
        return (tenant, client, secret);
    }

    /// <summary>An S3 storage in policy mode: Stream writes as its own AWS principal.</summary>
    private static JsonObject S3PolicyStorage(string name, string bucket) => new()
    {
        ["name"] = name,
        ["storage_type"] = "s3",
        ["bucket"] = bucket,
        ["path"] = Path,
        ["aws_s3"] = new JsonObject { ["s3_region"] = S3Server.Region },
    };

    private static JsonObject GcsStorage(string name, string bucket, string serviceAccountKey) => new()
    {
        ["name"] = name,
        ["storage_type"] = "gcs",
        ["bucket"] = bucket,
        ["path"] = Path,
        ["gcs_credentials"] = serviceAccountKey,
    };

    private static JsonObject AzureStorage(string name, string container, string tenant, string client, string secret) => new()
    {
        ["name"] = name,
        ["storage_type"] = "abs",
        ["bucket"] = container,
        ["path"] = Path,
        ["azure_blob"] = new JsonObject
        {
            ["abs_account_name"] = AzuriteServer.DefaultAccountName,
            ["abs_tenant_id"] = tenant,
            ["abs_client_id"] = client,
            ["abs_client_secret"] = secret,
        },
    };

    private async Task<string> NewS3BucketAsync()
    {
        var bucket = UniqueNames.For("s3");
        await Stores.S3.CreateBucketAsync(bucket, Cancellation);
        return bucket;
    }

    private async Task<string> NewAzureContainerAsync()
    {
        var container = UniqueNames.For("abs");
        await Stores.Azurite.CreateContainerAsync(container, Cancellation);
        return container;
    }

    private async Task<string> ReadS3Async(string bucket, string key)
    {
        using var owner = Stores.S3.CreateClient();
        using var response = await owner.GetObjectAsync(bucket, key, Cancellation);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }

    [GeneratedRegex(@"^checks/stream-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.md$")]
    private static partial Regex CheckFileKey();
}
