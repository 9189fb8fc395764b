using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Tests.Stream;

/// <summary>The exact requests the client sends and how it reads Stream's answers, over a scripted transport.</summary>
public sealed class StreamClientWireTests
{
    private const string ApiKey = "wire-test-key";
    private const string ApiSecret = "wire-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

    private const string KeyLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    private const string SecondKeyLine = "MIIEpAIBAAKCAQEA0vx7agoe+GcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78";
    private const string KeyId = "0123456789abcdef0123456789abcdef01234567";

    // Written as System.Text.Json writes a key file: the + of the second line as \u002B.
    private static readonly string KeyFile = JsonSerializer.Serialize(new
    {
        type = "service_account",
        project_id = "acme-rec",
        private_key_id = KeyId,
        private_key = $"-----BEGIN PRIVATE KEY-----\n{KeyLine}\n{SecondKeyLine}\n-----END PRIVATE KEY-----\n",
        client_email = "rec@acme-rec.iam.gserviceaccount.com",
    });

    // The key file as Stream's message quotes it, Go-style (every quote and backslash escaped once more), as it stands inside the JSON answer.
    private static readonly string QuotedKeyFile = JsonSerializer.Serialize(JsonSerializer.Serialize(KeyFile))[1..^1];

    private readonly ScriptedHandler _handler = new();

    private StreamClient CreateClient(Action<StreamClientOptions>? configure = null) => _handler.CreateClient(ApiKey, ApiSecret, configure);

    [Fact]
    public async Task Requests_carry_api_key_query_raw_server_jwt_and_client_headers()
    {
        _handler.Respond(HttpStatusCode.OK, """{"duration":"1ms","external_storages":{}}""");
        using var client = CreateClient();

        await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v2/external_storage", request.Uri.AbsolutePath);
        Assert.Equal($"?api_key={ApiKey}", request.Uri.Query);
        Assert.Equal("jwt", request.Header("stream-auth-type"));
        Assert.Equal(StreamClient.ClientIdentifier, request.Header("X-Stream-Client"));
        Assert.StartsWith("streamstorage-registrar-0.1.0", StreamClient.ClientIdentifier, StringComparison.Ordinal);

        var token = request.Header("Authorization");
        Assert.DoesNotContain("Bearer", token, StringComparison.OrdinalIgnoreCase);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiSecret)),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var jwt = (JsonWebToken)validation.SecurityToken;
        Assert.Equal("HS256", jwt.Alg);
        Assert.True(jwt.GetPayloadValue<bool>("server"));
        // No timestamps, as Stream's docs and its Node and Go SDKs: an iat ahead of Stream's clock is refused.
        Assert.Equal(["server"], jwt.Claims.Select(c => c.Type));
        Assert.False(jwt.TryGetPayloadValue<string>("user_id", out _));
    }

    [Fact]
    public async Task Each_clients_token_validates_with_its_own_secret_only()
    {
        const string otherSecret = "another-secret-0123456789abcdefghijklmnopqrstuvwxyz";
        _handler.Respond(HttpStatusCode.OK, """{"duration":"1ms","external_storages":{}}""");
        _handler.Respond(HttpStatusCode.OK, """{"duration":"1ms","external_storages":{}}""");
        using (var client = CreateClient())
        {
            await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);
        }

        using (var other = _handler.CreateClient(ApiKey, otherSecret))
        {
            await other.ListExternalStoragesAsync(TestContext.Current.CancellationToken);
        }

        var token = _handler.Requests[0].Header("Authorization");
        var otherToken = _handler.Requests[1].Header("Authorization");
        Assert.True(await ValidatesWithAsync(token, ApiSecret));
        Assert.False(await ValidatesWithAsync(token, otherSecret));
        Assert.True(await ValidatesWithAsync(otherToken, otherSecret));
        Assert.False(await ValidatesWithAsync(otherToken, ApiSecret));
    }

    private static async Task<bool> ValidatesWithAsync(string token, string secret) =>
        (await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        })).IsValid;

    [Fact]
    public async Task Create_sends_snake_case_json_without_nulls_and_reveals_secrets_only_in_the_body()
    {
        _handler.Respond(HttpStatusCode.Created, """{"duration":"2ms"}""");
        using var client = CreateClient();
        var request = new CreateExternalStorageRequest
        {
            Name = "my-s3",
            StorageType = "s3",
            Bucket = "my-bucket",
            Path = "calls/",
            AwsS3 = new S3Request { S3Region = "us-east-1", S3ApiKey = "AKIAEXAMPLE", S3Secret = new SecretString("s3-secret-value") },
        };

        var response = await client.CreateExternalStorageAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("2ms", response.Duration);
        var sent = Assert.Single(_handler.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/api/v2/external_storage", sent.Uri.AbsolutePath);
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        AssertJson("""{"name":"my-s3","storage_type":"s3","bucket":"my-bucket","path":"calls/","aws_s3":{"s3_region":"us-east-1","s3_api_key":"AKIAEXAMPLE","s3_secret":"s3-secret-value"}}""", sent.Body);
        Assert.DoesNotContain("s3-secret-value", request.ToString(), StringComparison.Ordinal);
        Assert.Contains(SecretString.Mask, request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_puts_a_full_replacement_to_the_escaped_name()
    {
        _handler.Respond(HttpStatusCode.Created, """{"duration":"1ms","name":"a b/c","type":"gcs","bucket":"bkt","path":""}""");
        using var client = CreateClient();

        var response = await client.UpdateExternalStorageAsync(
            "a b/c",
            new UpdateExternalStorageRequest { StorageType = "gcs", Bucket = "bkt", GcsCredentials = new SecretString("""{"type":"service_account"}""") },
            TestContext.Current.CancellationToken);

        Assert.Equal("a b/c", response.Name);
        var sent = Assert.Single(_handler.Requests);
        Assert.Equal("PUT", sent.Method);
        Assert.Equal("/api/v2/external_storage/a%20b%2Fc", sent.Uri.AbsolutePath);
        AssertJson("""{"storage_type":"gcs","bucket":"bkt","gcs_credentials":"{\u0022type\u0022:\u0022service_account\u0022}"}""", sent.Body);
    }

    [Theory]
    [InlineData("delete", "DELETE", "/api/v2/external_storage/s1")]
    [InlineData("check", "GET", "/api/v2/external_storage/s1/check")]
    [InlineData("calltypes", "GET", "/api/v2/video/calltypes")]
    [InlineData("calltype", "GET", "/api/v2/video/calltypes/s1")]
    [InlineData("deletecalltype", "DELETE", "/api/v2/video/calltypes/s1")]
    public async Task Bodiless_operations_use_their_documented_method_and_path(string operation, string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Respond(HttpStatusCode.OK, operation switch
        {
            "check" => """{"duration":"1ms","file_url":"http://files/stream-1.md"}""",
            "calltypes" => """{"duration":"1ms","call_types":{}}""",
            "calltype" => CallTypeJson("s1", "\"external_storage\":\"rec\","),
            _ => """{"duration":"1ms"}""",
        });
        using var client = CreateClient();

        Task call = operation switch
        {
            "delete" => client.DeleteExternalStorageAsync("s1", ct),
            "check" => client.CheckExternalStorageAsync("s1", ct),
            "calltypes" => client.ListCallTypesAsync(ct),
            "calltype" => client.GetCallTypeAsync("s1", ct),
            _ => client.DeleteCallTypeAsync("s1", ct),
        };
        await call;

        var sent = Assert.Single(_handler.Requests);
        Assert.Equal(method, sent.Method);
        Assert.Equal(path, sent.Uri.AbsolutePath);
        Assert.Null(sent.Body);
    }

    [Fact]
    public async Task Start_recording_posts_its_storage_field_or_an_empty_object_to_the_escaped_call()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");
        _handler.Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");
        using var client = CreateClient();

        await client.StartRecordingAsync("default", "call 1", "composite", new StartRecordingRequest { RecordingExternalStorage = "rec-s3" }, ct);
        await client.StartRecordingAsync("default", "c1", "composite", cancellationToken: ct);

        var sent = _handler.Requests;
        Assert.Equal("/api/v2/video/call/default/call%201/recordings/composite/start", sent[0].Uri.AbsolutePath);
        AssertJson("""{"recording_external_storage":"rec-s3"}""", sent[0].Body);
        Assert.Equal("/api/v2/video/call/default/c1/recordings/composite/start", sent[1].Uri.AbsolutePath);
        AssertJson("{}", sent[1].Body);
        Assert.All(sent, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task Call_type_timestamps_are_read_as_nanoseconds_or_rfc3339_and_maps_as_maps()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Respond(HttpStatusCode.OK, $$$"""{"duration":"1ms","call_types":{"a":{{{CallTypeBody("a", "")}}},"b":{{{CallTypeBody("b", "\"external_storage\":\"rec\",").Replace("1704164645000000000", "\"2024-01-02T03:04:05Z\"", StringComparison.Ordinal)}}}}}""");
        using var client = CreateClient();

        var list = await client.ListCallTypesAsync(ct);

        Assert.Equal(["a", "b"], list.CallTypes.Keys.Order());
        Assert.Equal("a", list.CallTypes["a"].Name);
        Assert.Null(list.CallTypes["a"].ExternalStorage);
        Assert.Equal("rec", list.CallTypes["b"].ExternalStorage);
    }

    [Fact]
    public async Task Update_call_type_sends_only_the_storage_field()
    {
        _handler.Respond(HttpStatusCode.Created, CallTypeJson("default", "\"external_storage\":\"rec\","));
        using var client = CreateClient();

        var response = await client.UpdateCallTypeAsync("default", new UpdateCallTypeRequest { ExternalStorage = "rec" }, TestContext.Current.CancellationToken);

        Assert.Equal("rec", response.ExternalStorage);
        AssertJson("""{"external_storage":"rec"}""", _handler.Requests[0].Body);
        Assert.Equal("PUT", _handler.Requests[0].Method);
    }

    [Fact]
    public async Task Error_answers_become_one_typed_exception_with_streams_fields()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            """{"code":4,"message":"CreateExternalStorage failed with error: \"bucket is required\"","StatusCode":400,"duration":"0.1ms","more_info":"https://getstream.io/chat/docs/api_errors_response","details":[],"unrecoverable":true,"exception_fields":{"bucket":"is required"}}""",
            r =>
            {
                r.Headers.Add("X-RateLimit-Limit", "60");
                r.Headers.Add("X-RateLimit-Remaining", "59");
                r.Headers.Add("X-RateLimit-Reset", "1900000000");
            });
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(
            new CreateExternalStorageRequest { Name = "x", StorageType = "s3", Bucket = "" }, TestContext.Current.CancellationToken));

        Assert.Equal("CreateExternalStorage", error.Operation);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(4, error.Code);
        Assert.True(error.Unrecoverable);
        Assert.Equal("is required", error.ExceptionFields["bucket"]);
        Assert.Equal(new RateLimitInfo(60, 59, DateTimeOffset.FromUnixTimeSeconds(1900000000)), error.RateLimit);
        // The window's reset is no request to wait while the window still has room.
        Assert.Null(error.RetryAfter);
        Assert.DoesNotContain("Retry after", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stream code 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("bucket is required", error.Message, StringComparison.Ordinal);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Secrets_that_stream_quotes_back_are_masked_in_the_exception()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            """{"code":4,"message":"UpdateExternalStorage failed with error: \"abs_client_secret 'client-secret-value-123' rejected\"","StatusCode":400,"duration":"","more_info":"","details":[],"exception_fields":{"azure_blob.abs_client_secret":"client-secret-value-123 is expired"}}""");
        using var client = CreateClient();
        var request = new UpdateExternalStorageRequest
        {
            StorageType = "abs",
            Bucket = "container",
            AzureBlob = new AzureRequest { AbsAccountName = "acct", AbsClientId = "id", AbsTenantId = "tenant", AbsClientSecret = new SecretString("client-secret-value-123") },
        };

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.UpdateExternalStorageAsync("abs1", request, TestContext.Current.CancellationToken));

        AssertNotShown(error, "azure_blob.abs_client_secret", "client-secret-value-123");
        Assert.Contains("'[secret]' rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_stream_quotes_back_escaped_is_masked_line_by_line()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            $$$"""{"code":4,"message":"UpdateExternalStorage failed with error: invalid gcs_credentials {{{QuotedKeyFile}}}","StatusCode":400,"duration":"","more_info":"","details":[],"exception_fields":{"gcs_credentials":"{{{KeyLine}}} is not valid"}}""");
        using var client = CreateClient();
        var request = new UpdateExternalStorageRequest { StorageType = "gcs", Bucket = "bucket", GcsCredentials = new SecretString(KeyFile) };

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.UpdateExternalStorageAsync("gcs1", request, TestContext.Current.CancellationToken));

        Assert.Contains("invalid gcs_credentials", error.Message, StringComparison.Ordinal);
        AssertNotShown(error, "gcs_credentials", KeyLine, SecondKeyLine, KeyId);
    }

    /// <summary>The check is the one call where Stream uses the storage's credentials, and it passes the cloud's refusal back.</summary>
    [Fact]
    public async Task The_storages_credentials_that_a_check_error_quotes_are_masked_as_a_creates_are()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            $$$"""{"code":4,"message":"CheckExternalStorage failed with error: \"failed to write check file to gcs bucket b: invalid_grant for key {{{QuotedKeyFile}}} and s3-secret-value-0123\"","StatusCode":400,"duration":"","more_info":"","details":[],"exception_fields":{"gcs_credentials":"{{{SecondKeyLine}}} is not valid"}}""");
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CheckExternalStorageAsync(
            "gcs1", [new SecretString(KeyFile), new SecretString("s3-secret-value-0123"), null], TestContext.Current.CancellationToken));

        Assert.Contains("failed to write check file to gcs bucket b: invalid_grant for key", error.Message, StringComparison.Ordinal);
        Assert.Contains("and [secret]", error.Message, StringComparison.Ordinal);
        // The line is masked whole although the key file's text writes its + escaped.
        Assert.Equal("[secret] is not valid", error.ExceptionFields["gcs_credentials"]);
        AssertNotShown(error, "gcs_credentials", KeyLine, SecondKeyLine, KeyId, "s3-secret-value-0123");
    }

    /// <summary>The CLI's check and doctor hold no storage's credentials: a private key Stream quotes back is masked all the same.</summary>
    [Fact]
    public async Task A_private_key_a_check_error_quotes_is_masked_without_the_storages_credentials()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            $$$"""{"code":4,"message":"CheckExternalStorage failed with error: \"invalid key {{{QuotedKeyFile}}}\"","StatusCode":400,"duration":"","more_info":"","details":[],"exception_fields":{}}""");
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CheckExternalStorageAsync("gcs1", TestContext.Current.CancellationToken));

        Assert.Contains("invalid key", error.Message, StringComparison.Ordinal);
        Assert.Contains("[secret]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyLine, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecondKeyLine, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_words_in_an_error_reach_the_message_with_what_a_terminal_acts_on_escaped()
    {
        _handler.Respond(
            HttpStatusCode.BadRequest,
            """{"code":4,"message":"bucket \u001b[2Kgone","StatusCode":400,"duration":"","more_info":"","details":[],"exception_fields":{"path\u202e":"calls/\u0007"}}""");
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(TestContext.Current.CancellationToken));

        Assert.DoesNotContain('\u001B', error.Message);
        Assert.DoesNotContain('\u0007', error.Message);
        Assert.DoesNotContain('\u202E', error.Message);
        Assert.Contains("bucket \\u001B[2Kgone", error.Message, StringComparison.Ordinal);
        Assert.Contains("path\\u202E: calls/\\u0007", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_that_is_not_streams_still_gives_the_status()
    {
        _handler.Respond(HttpStatusCode.BadGateway, null, r => r.Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html"));
        using var client = CreateClient(o => o.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.Code);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_that_is_not_streams_does_not_say_the_call_type_is_missing()
    {
        _handler.Respond(HttpStatusCode.NotFound, null, r => r.Content = new StringContent("<html>no route</html>", Encoding.UTF8, "text/html"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.GetCallTypeAsync("default", TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
        Assert.False(error.IsNotFound);
        Assert.Contains("check the Stream base URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_2xx_is_success()
    {
        _handler.Respond(HttpStatusCode.Accepted, """{"duration":"1ms"}""");
        using var client = CreateClient();

        var response = await client.DeleteExternalStorageAsync("s1", TestContext.Current.CancellationToken);

        Assert.Equal("1ms", response.Duration);
    }

    [Theory]
    [InlineData("delete", HttpStatusCode.NoContent)]
    [InlineData("delete", HttpStatusCode.OK)]
    [InlineData("deletecalltype", HttpStatusCode.NoContent)]
    [InlineData("create", HttpStatusCode.Created)]
    [InlineData("record", HttpStatusCode.Created)]
    public async Task A_2xx_without_a_body_is_success_where_the_answer_is_only_its_duration(string operation, HttpStatusCode status)
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Respond(status);
        using var client = CreateClient();

        var response = await (operation switch
        {
            "delete" => client.DeleteExternalStorageAsync("s1", ct),
            "deletecalltype" => client.DeleteCallTypeAsync("s1", ct),
            "create" => client.CreateExternalStorageAsync(new CreateExternalStorageRequest { Name = "s1", StorageType = "s3", Bucket = "b" }, ct),
            _ => client.StartRecordingAsync("default", "c1", "composite", cancellationToken: ct),
        });

        Assert.Equal("", response.Duration);
    }

    [Fact]
    public async Task A_2xx_without_the_data_it_should_carry_is_an_error()
    {
        _handler.Respond(HttpStatusCode.OK);
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CheckExternalStorageAsync("s1", TestContext.Current.CancellationToken));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("not a valid CheckExternalStorageResponse", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Stream said it did the write; only its answer is unreadable, so the write is not one that failed.</summary>
    [Fact]
    public async Task A_create_answered_2xx_with_a_body_that_cannot_be_read_may_have_been_made()
    {
        _handler.Respond(HttpStatusCode.Created, null, r => r.Content = new StringContent("<html>created</html>", Encoding.UTF8, "text/html"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(
            new CreateExternalStorageRequest { Name = "s1", StorageType = "s3", Bucket = "b" }, TestContext.Current.CancellationToken));

        Assert.Equal(201, error.StatusCode);
        Assert.True(error.MayHideAWrite);
    }

    [Fact]
    public void Missing_credentials_name_the_option_and_the_environment_variable()
    {
        var noKey = Assert.Throws<ArgumentException>(() => new StreamClient(new StreamClientOptions { ApiSecret = new SecretString(ApiSecret) }));
        Assert.Contains("STREAM_API_KEY", noKey.Message, StringComparison.Ordinal);
        var noSecret = Assert.Throws<ArgumentException>(() => new StreamClient(new StreamClientOptions { ApiKey = ApiKey }));
        Assert.Contains("STREAM_API_SECRET", noSecret.Message, StringComparison.Ordinal);
        var shortSecret = Assert.Throws<ArgumentException>(() => new StreamClient(ApiKey, new SecretString("short-secret-value")));
        Assert.Contains("at least 32", shortSecret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret-value", shortSecret.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://stream.example.com")]
    [InlineData("ftp://127.0.0.1")]
    public void A_base_url_that_would_send_the_signed_token_in_the_clear_is_refused(string baseUrl)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new StreamClient(new StreamClientOptions { ApiKey = ApiKey, ApiSecret = new SecretString(ApiSecret), BaseUrl = new Uri(baseUrl) }));
        Assert.Contains("must be an absolute https URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("http only for a local emulator", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://video.stream-io-api.com")]
    [InlineData("http://127.0.0.1:4100")]
    [InlineData("http://localhost:4100")]
    public void Https_and_plain_http_to_this_machine_are_accepted_base_urls(string baseUrl)
    {
        using var client = new StreamClient(new StreamClientOptions { ApiKey = ApiKey, ApiSecret = new SecretString(ApiSecret), BaseUrl = new Uri(baseUrl) });
        Assert.NotNull(client);
    }

    [Fact]
    public void Options_from_environment_read_the_official_sdk_variables()
    {
        string?[] saved = [.. new[] { StreamClientOptions.ApiKeyVariable, StreamClientOptions.ApiSecretVariable, StreamClientOptions.BaseUrlVariable }.Select(Environment.GetEnvironmentVariable)];
        try
        {
            Environment.SetEnvironmentVariable(StreamClientOptions.ApiKeyVariable, "env-key");
            Environment.SetEnvironmentVariable(StreamClientOptions.ApiSecretVariable, "env-secret");
            Environment.SetEnvironmentVariable(StreamClientOptions.BaseUrlVariable, "http://127.0.0.1:1234");
            var options = StreamClientOptions.FromEnvironment();
            Assert.Equal("env-key", options.ApiKey);
            Assert.Equal("env-secret", options.ApiSecret!.Reveal());
            Assert.Equal(new Uri("http://127.0.0.1:1234"), options.BaseUrl);

            Environment.SetEnvironmentVariable(StreamClientOptions.BaseUrlVariable, null);
            Assert.Equal(StreamClientOptions.DefaultBaseUrl, StreamClientOptions.FromEnvironment().BaseUrl);
            Assert.Equal(new Uri("https://chat.stream-io-api.com"), StreamClientOptions.DefaultBaseUrl);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StreamClientOptions.ApiKeyVariable, saved[0]);
            Environment.SetEnvironmentVariable(StreamClientOptions.ApiSecretVariable, saved[1]);
            Environment.SetEnvironmentVariable(StreamClientOptions.BaseUrlVariable, saved[2]);
        }
    }

    [Fact]
    public void Wire_models_round_trip_through_the_source_generated_context()
    {
        var json = """{"duration":"1ms","external_storages":{"s":{"name":"s","type":"abs","bucket":"c","path":"p/"}}}""";
        var parsed = JsonSerializer.Deserialize(json, StreamJsonContext.Default.ListExternalStorageResponse)!;
        Assert.Equal(new ExternalStorageResponse { Name = "s", Type = "abs", Bucket = "c", Path = "p/" }, parsed.ExternalStorages["s"]);
        Assert.Equal(json, JsonSerializer.Serialize(parsed, StreamJsonContext.Default.ListExternalStorageResponse));
    }

    [Fact]
    public async Task A_storage_field_stream_sends_as_null_reads_as_one_it_leaves_out()
    {
        _handler.Respond(HttpStatusCode.OK, """{"duration":"1ms","external_storages":{"s":{"name":"s","type":null,"bucket":"c","path":null},"t":{"name":"t","bucket":"d"}}}""");
        using var client = CreateClient();

        var listed = await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new ExternalStorageResponse { Name = "s", Type = "", Bucket = "c", Path = "" }, listed.ExternalStorages["s"]);
        Assert.Equal(new ExternalStorageResponse { Name = "t", Type = "", Bucket = "d", Path = "" }, listed.ExternalStorages["t"]);
    }

    /// <summary>No secret shows in the exception's text nor in the field Stream quoted it back in.</summary>
    private static void AssertNotShown(StreamApiException error, string field, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ExceptionFields[field], StringComparison.Ordinal);
        }
    }

    private static void AssertJson(string expected, string? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual!)), $"expected {expected}{Environment.NewLine}actual   {actual}");

    internal static string CallTypeJson(string name, string storageField) =>
        CallTypeBody(name, storageField).Insert(1, "\"duration\":\"1ms\",");

    internal static string CallTypeBody(string name, string storageField) =>
        $$$"""{"name":"{{{name}}}",{{{storageField}}}"grants":{"user":["create-call"]},"settings":{"recording":{"audio_only":false,"mode":"auto-on","quality":"720p","layout":{"name":"grid","external_app_url":"","external_css_url":""} } },"notification_settings":{"enabled":true},"created_at":1704164645000000000,"updated_at":1704164645000000000}""";
}
