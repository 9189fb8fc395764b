using System.Text.Json;

namespace StreamApiEmulator.Tests;

public sealed class ExternalStorageTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string Storages = "/api/v2/external_storage";
    private const string S3Secret = "s3-secret-value-never-echoed";
    private const string AzureSecret = "azure-client-secret-never-echoed";
    private const string GcsKey = "{\"type\":\"service_account\",\"private_key\":\"gcs-key-never-echoed\"}";

    private static JsonObject S3Storage(string name, string bucket = "recordings") => new()
    {
        ["name"] = name,
        ["storage_type"] = "s3",
        ["bucket"] = bucket,
        ["path"] = "calls/",
        ["aws_s3"] = new JsonObject { ["s3_region"] = "us-east-1", ["s3_api_key"] = "AKIAEXAMPLE", ["s3_secret"] = S3Secret },
    };

    [Fact]
    public async Task Create_answers_201_with_only_duration()
    {
        var response = await Stream.PostAsync(Storages, S3Storage("my-s3"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(["duration"], response.Body.Select(p => p.Key));
        Assert.Matches(@"^\d+\.\d\dms$", response.Body["duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_is_a_map_keyed_by_name_with_type_and_never_a_credential()
    {
        await Stream.PostAsync(Storages, S3Storage("my-s3"));
        await Stream.PostAsync(Storages, new JsonObject { ["name"] = "my-gcs", ["storage_type"] = "gcs", ["bucket"] = "gb", ["gcs_credentials"] = GcsKey });
        await Stream.PostAsync(Storages, new JsonObject
        {
            ["name"] = "my-abs",
            ["storage_type"] = "abs",
            ["bucket"] = "container",
            ["azure_blob"] = new JsonObject { ["abs_account_name"] = "acct", ["abs_tenant_id"] = "t", ["abs_client_id"] = "c", ["abs_client_secret"] = AzureSecret },
        });

        var response = await Stream.GetAsync(Storages);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var storages = response.Body["external_storages"]!.AsObject();
        Assert.Equal(["my-abs", "my-gcs", "my-s3"], storages.Select(s => s.Key).Order(StringComparer.Ordinal));
        var s3 = storages["my-s3"]!.AsObject();
        Assert.Equal(["name", "type", "bucket", "path"], s3.Select(p => p.Key));
        Assert.Equal(("my-s3", "s3", "recordings", "calls/"), (s3["name"]!.GetValue<string>(), s3["type"]!.GetValue<string>(), s3["bucket"]!.GetValue<string>(), s3["path"]!.GetValue<string>()));
        Assert.DoesNotContain("storage_type", response.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Secret, response.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", response.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(AzureSecret, response.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("gcs-key-never-echoed", response.RawBody, StringComparison.Ordinal);
        Assert.NotNull(response.Body["duration"]);
    }

    [Fact]
    public async Task A_name_is_read_from_its_path_segment_decoded_whole_an_escaped_slash_included()
    {
        const string name = "team/recordings a";
        await Stream.PostAsync(Storages, S3Storage(name));

        var update = await Stream.PutAsync($"{Storages}/{Uri.EscapeDataString(name)}", S3Storage(name, bucket: "moved"));
        var listed = (await Stream.GetAsync(Storages)).Body["external_storages"]![name]!["bucket"]!.GetValue<string>();
        var delete = await Stream.DeleteAsync($"{Storages}/{Uri.EscapeDataString(name)}");

        Assert.Equal((HttpStatusCode.Created, "moved"), (update.Status, listed));
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.DoesNotContain(name, (await Stream.GetAsync(Storages)).Body["external_storages"]!.AsObject().Select(s => s.Key));
    }

    [Fact]
    public async Task Stream_s3_is_reserved_and_never_listed()
    {
        var response = await Stream.PostAsync(Storages, S3Storage("stream-s3"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(4, response.ErrorCode);
        Assert.Contains("stream-s3 name reserved for internal use", response.Message, StringComparison.Ordinal);
        Assert.Empty((await Stream.GetAsync(Storages)).Body["external_storages"]!.AsObject());
    }

    [Fact]
    public async Task Duplicate_name_is_rejected()
    {
        await Stream.PostAsync(Storages, S3Storage("twice"));

        var response = await Stream.PostAsync(Storages, S3Storage("twice", bucket: "other"));

        Assert.Equal(4, response.ErrorCode);
        Assert.Contains("already exists", response.Message, StringComparison.Ordinal);
        Assert.Equal("recordings", (await Stream.GetAsync(Storages)).Body["external_storages"]!["twice"]!["bucket"]!.GetValue<string>());
    }

    [Fact]
    public async Task At_most_ten_storages()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Stream.PostAsync(Storages, S3Storage($"storage-{i}"))).Status);
        }

        var eleventh = await Stream.PostAsync(Storages, S3Storage("storage-10"));

        Assert.Equal(HttpStatusCode.BadRequest, eleventh.Status);
        Assert.Equal(4, eleventh.ErrorCode);
        Assert.Contains("at most 10", eleventh.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Stream.DeleteAsync($"{Storages}/storage-0")).Status);
        Assert.Equal(HttpStatusCode.Created, (await Stream.PostAsync(Storages, S3Storage("storage-10"))).Status);
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_input_errors_naming_each_field()
    {
        var response = await Stream.PostAsync(Storages, new JsonObject
        {
            ["storage_type"] = "ftp",
            ["aws_s3"] = new JsonObject(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(4, response.ErrorCode);
        var fields = response.ExceptionFields!;
        Assert.Contains("name", fields.Select(f => f.Key));
        Assert.Contains("bucket", fields.Select(f => f.Key));
        Assert.Contains("s3 gcs abs", fields["storage_type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"aws_s3":{"s3_api_key":"AKIA","s3_secret":"x"}}""", "aws_s3.s3_region")]
    [InlineData("""{"aws_s3":{"s3_region":"us-east-1","s3_api_key":"AKIA"}}""", "aws_s3.s3_secret")]
    [InlineData("""{"aws_s3":{"s3_region":"us-east-1","s3_custom_endpoint_url":"http://127.0.0.1:9000"}}""", "aws_s3.s3_custom_endpoint_url")]
    [InlineData("""{"aws_s3":{"s3_region":"us-east-1","s3_api_key":"a","s3_secret":"b","s3_custom_endpoint_url":"not a url"}}""", "aws_s3.s3_custom_endpoint_url")]
    public async Task S3_settings_are_validated(string s3Part, string field)
    {
        var body = S3Storage("bad");
        body["aws_s3"] = JsonNode.Parse(s3Part)!["aws_s3"]!.DeepClone();

        var response = await Stream.PostAsync(Storages, body);

        Assert.Equal(4, response.ErrorCode);
        Assert.Contains(field, response.ExceptionFields!.Select(f => f.Key));
    }

    [Fact]
    public async Task Azure_service_principal_needs_all_four_fields()
    {
        var response = await Stream.PostAsync(Storages, new JsonObject
        {
            ["name"] = "abs",
            ["storage_type"] = "abs",
            ["bucket"] = "c",
            ["azure_blob"] = new JsonObject { ["abs_account_name"] = "acct" },
        });

        Assert.Equal(4, response.ErrorCode);
        Assert.Equal(
            ["azure_blob.abs_client_id", "azure_blob.abs_client_secret", "azure_blob.abs_tenant_id"],
            response.ExceptionFields!.Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Wrongly_typed_field_is_an_input_error_naming_it()
    {
        var response = await Stream.PostAsync(Storages, new JsonObject { ["name"] = "x", ["storage_type"] = "s3", ["bucket"] = 42 });

        Assert.Equal(4, response.ErrorCode);
        Assert.Contains("bucket", response.ExceptionFields!.Select(f => f.Key));
    }

    [Fact]
    public async Task Storage_without_credentials_can_be_created_as_stream_allows()
    {
        var response = await Stream.PostAsync(Storages, new JsonObject { ["name"] = "bare", ["storage_type"] = "s3", ["bucket"] = "b" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task Update_replaces_the_configuration_keeps_the_name_and_answers_201_with_the_storage()
    {
        await Stream.PostAsync(Storages, S3Storage("my-s3"));

        var response = await Stream.PutAsync($"{Storages}/my-s3", new JsonObject { ["bucket"] = "new bucket", ["storage_type"] = "abs" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("my-s3", response.Body["name"]!.GetValue<string>());
        Assert.Equal("abs", response.Body["type"]!.GetValue<string>());
        Assert.Equal("new bucket", response.Body["bucket"]!.GetValue<string>());
        Assert.Equal(string.Empty, response.Body["path"]!.GetValue<string>());
        Assert.NotNull(response.Body["duration"]);
        Assert.Equal("abs", (await Stream.GetAsync(Storages)).Body["external_storages"]!["my-s3"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_requires_type_and_bucket()
    {
        await Stream.PostAsync(Storages, S3Storage("my-s3"));

        var response = await Stream.PutAsync($"{Storages}/my-s3", new JsonObject { ["path"] = "p/" });

        Assert.Equal(4, response.ErrorCode);
        Assert.Equal(["bucket", "storage_type"], response.ExceptionFields!.Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Update_of_an_unknown_storage_is_code_16()
    {
        var response = await Stream.PutAsync($"{Storages}/ghost", new JsonObject { ["bucket"] = "b", ["storage_type"] = "s3" });

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(16, response.ErrorCode);
        Assert.Equal("UpdateExternalStorage failed with error: \"external storage ghost does not exist\"", response.Message);
    }

    [Fact]
    public async Task Delete_answers_200_then_the_storage_does_not_exist()
    {
        await Stream.PostAsync(Storages, S3Storage("gone"));

        var deleted = await Stream.DeleteAsync($"{Storages}/gone");
        var again = await Stream.DeleteAsync($"{Storages}/gone");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.NotNull(deleted.Body["duration"]);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal(16, again.ErrorCode);
        Assert.Contains("does not exist", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_an_unknown_storage_is_code_16()
    {
        var response = await Stream.GetAsync($"{Storages}/ghost/check");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(16, response.ErrorCode);
    }

    [Fact]
    public async Task Check_without_a_configured_object_store_names_the_missing_setting()
    {
        await Stream.PostAsync(Storages, S3Storage("nowhere"));

        var response = await Stream.GetAsync($"{Storages}/nowhere/check");

        Assert.Equal(4, response.ErrorCode);
        Assert.Contains("StreamEmulator:S3ServiceUrl", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_video_paths_reach_the_same_storages()
    {
        var created = await Stream.PostAsync("/video/external_storage", S3Storage("legacy"));
        var listed = await Stream.GetAsync(Storages);
        var updated = await Stream.PutAsync("/video/external_storage/legacy", new JsonObject { ["bucket"] = "b2", ["storage_type"] = "s3" });
        var deleted = await Stream.DeleteAsync("/video/external_storage/legacy");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.NotNull(listed.Body["external_storages"]!["legacy"]);
        Assert.Equal("b2", updated.Body["bucket"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
    }

    [Fact]
    public async Task Error_body_has_every_field_of_stream_api_error()
    {
        var response = await Stream.DeleteAsync($"{Storages}/ghost");

        using var document = JsonDocument.Parse(response.RawBody);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("message").ValueKind);
        Assert.Equal(404, root.GetProperty("StatusCode").GetInt32());
        Assert.Equal(JsonValueKind.String, root.GetProperty("duration").ValueKind);
        Assert.Equal("https://getstream.io/chat/docs/api_errors_response", root.GetProperty("more_info").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("details").ValueKind);
        Assert.False(root.TryGetProperty("status_code", out _));
        Assert.Contains("\"DeleteExternalStorage failed with error: \\\"external storage ghost does not exist\\\"\"", response.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_rate_limit_headers()
    {
        var first = await Stream.GetAsync(Storages);
        var second = await Stream.GetAsync(Storages);
        var failed = await Stream.DeleteAsync($"{Storages}/ghost");

        Assert.Equal("1000", first.Header("X-RateLimit-Limit"));
        Assert.Equal("999", first.Header("X-RateLimit-Remaining"));
        Assert.Equal("998", second.Header("X-RateLimit-Remaining"));
        var reset = long.Parse(first.Header("X-RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(reset, now - 1, now + 61);
        Assert.Equal("1000", failed.Header("X-RateLimit-Limit"));
    }
}
