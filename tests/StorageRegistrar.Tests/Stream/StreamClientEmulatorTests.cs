using System.Net;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Stream;

/// <summary>Every client operation against the Stream emulator, whose checks and recordings land in real local object stores.</summary>
public sealed class StreamClientEmulatorTests(StreamEmulatorFixture fixture) : StreamEmulatorTest(fixture)
{
    private static CreateExternalStorageRequest ToCreateRequest(StorageDeclaration d) => new()
    {
        Name = d.Name!,
        StorageType = d.StorageType!,
        Bucket = d.Bucket!,
        Path = d.Path,
        AwsS3 = new S3Request { S3Region = d.AwsS3!.Region!, S3ApiKey = d.AwsS3.ApiKey, S3Secret = d.AwsS3.Secret, S3CustomEndpointUrl = d.AwsS3.CustomEndpointUrl },
    };

    private static UpdateExternalStorageRequest ToUpdateRequest(StorageDeclaration d) =>
        new() { StorageType = d.StorageType!, Bucket = d.Bucket!, Path = d.Path, AwsS3 = ToCreateRequest(d).AwsS3 };

    [Fact]
    public async Task A_runner_whose_clock_is_ahead_of_streams_is_still_accepted()
    {
        var ahead = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(5));
        using var client = Fixture.CreateClient(o => o.TimeProvider = ahead);

        var listed = await client.ListExternalStoragesAsync(Ct);

        Assert.NotNull(listed.ExternalStorages);
    }

    [Fact]
    public async Task External_storage_lifecycle_create_list_update_check_delete()
    {
        var declaration = await Fixture.S3StorageAsync("lifecycle-s3");

        await Client.CreateExternalStorageAsync(ToCreateRequest(declaration), Ct);
        var listed = await Client.ListExternalStoragesAsync(Ct);
        Assert.Equal(new ExternalStorageResponse { Name = "lifecycle-s3", Type = "s3", Bucket = declaration.Bucket!, Path = "recordings/" }, listed.ExternalStorages["lifecycle-s3"]);

        var updated = await Client.UpdateExternalStorageAsync(
            "lifecycle-s3",
            new UpdateExternalStorageRequest { StorageType = "s3", Bucket = declaration.Bucket!, Path = "moved/", AwsS3 = ToCreateRequest(declaration).AwsS3 },
            Ct);
        Assert.Equal("lifecycle-s3", updated.Name);
        Assert.Equal("moved/", updated.Path);

        var check = await Client.CheckExternalStorageAsync("lifecycle-s3", Ct);
        Assert.NotNull(check.FileUrl);
        var key = check.FileUrl[(check.FileUrl.IndexOf("moved/", StringComparison.Ordinal))..];
        Assert.Matches("^moved/stream-[0-9a-f-]{36}\\.md$", key);
        using var s3 = Fixture.Stores.S3.CreateClient();
        using var written = await s3.GetObjectAsync(new GetObjectRequest { BucketName = declaration.Bucket, Key = key }, Ct);
        Assert.True(written.ContentLength > 0);

        await Client.DeleteExternalStorageAsync("lifecycle-s3", Ct);
        Assert.DoesNotContain("lifecycle-s3", (await Client.ListExternalStoragesAsync(Ct)).ExternalStorages.Keys);
        var gone = await Assert.ThrowsAsync<StreamApiException>(() => Client.DeleteExternalStorageAsync("lifecycle-s3", Ct));
        Assert.True(gone.IsNotFound);
        Assert.Equal(StreamApiException.DoesNotExistCode, gone.Code);
        Assert.All(await RequestsAsync(), r => Assert.True(r.AuthOk, $"{r.Method} {r.Path} failed authentication"));
    }

    [Fact]
    public async Task Call_type_lifecycle_create_get_list_update_delete()
    {
        var storage = await Fixture.S3StorageAsync("ct-storage");
        await Client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct);
        var name = "ct_" + StreamEmulatorFixture.Suffix();

        var created = await Client.CreateCallTypeAsync(new CreateCallTypeRequest { Name = name }, Ct);
        Assert.Equal(name, created.Name);
        Assert.Null(created.ExternalStorage);

        var updated = await Client.UpdateCallTypeAsync(name, new UpdateCallTypeRequest { ExternalStorage = "ct-storage" }, Ct);
        Assert.Equal("ct-storage", updated.ExternalStorage);
        Assert.Equal("ct-storage", (await Client.GetCallTypeAsync(name, Ct)).ExternalStorage);
        var all = await Client.ListCallTypesAsync(Ct);
        Assert.Contains("default", all.CallTypes.Keys);
        Assert.Equal("ct-storage", all.CallTypes[name].ExternalStorage);

        await Client.DeleteCallTypeAsync(name, Ct);
        var missing = await Assert.ThrowsAsync<StreamApiException>(() => Client.GetCallTypeAsync(name, Ct));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task Call_level_storage_fields_send_recordings_to_the_named_storage()
    {
        var storage = await Fixture.S3StorageAsync("call-level-s3", "calls/");
        await Client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct);

        await Client.StartRecordingAsync("default", "call-1", "composite", new StartRecordingRequest { RecordingExternalStorage = "call-level-s3" }, Ct);
        var finished = await Fixture.Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(3), "composite", Ct);
        Assert.Equal("call-level-s3", finished.Storage);
        var file = Assert.Single(finished.Files);
        Assert.StartsWith("calls/", file.Key, StringComparison.Ordinal);
        using var s3 = Fixture.Stores.S3.CreateClient();
        using var written = await s3.GetObjectAsync(new GetObjectRequest { BucketName = storage.Bucket, Key = file.Key }, Ct);
        Assert.True(written.ContentLength > 0);

        var unknown = await Assert.ThrowsAsync<StreamApiException>(() =>
            Client.StartRecordingAsync("default", "call-6", "composite", new StartRecordingRequest { RecordingExternalStorage = "no-such-storage" }, Ct));
        Assert.Contains("no-such-storage", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_streams_authentication_error()
    {
        using var client = Fixture.CreateClient(o => o.ApiSecret = new SecretString("not-the-app-secret-0123456789abcdefghijklmnop"));

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListExternalStoragesAsync(Ct));

        Assert.Equal(401, error.StatusCode);
        Assert.NotNull(error.Code);
        var request = Assert.Single(await RequestsAsync());
        Assert.False(request.AuthOk);
    }

    [Fact]
    public async Task Rate_limited_reads_wait_and_succeed()
    {
        await SetFaultAsync(StreamEmulatorFault.RateLimit(1) with { Operation = "ListExternalStorage", Times = 2 });
        var start = DateTimeOffset.UtcNow;

        await Client.ListExternalStoragesAsync(Ct);

        Assert.Equal([429, 429, 200], (await RequestsAsync()).Select(r => r.Status));
        // The first 429's X-RateLimit-Reset is the whole second after the request, which a client waiting for it does
        // not answer before; retrying on its own backoff (20 ms here) would. The timer may wake a hair early.
        var firstReset = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds() + 1);
        var answered = DateTimeOffset.UtcNow;
        Assert.True(answered >= firstReset - TimeSpan.FromMilliseconds(50), $"answered {(firstReset - answered).TotalMilliseconds:0} ms before the reset");
    }

    [Fact]
    public async Task Exhausted_rate_limit_reports_streams_headers()
    {
        using var client = Fixture.CreateClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        });
        await SetFaultAsync(StreamEmulatorFault.RateLimit(4, retryAfterHeader: true) with { Operation = "ListCallTypes", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(Ct));

        Assert.True(error.IsRateLimited);
        Assert.Equal(StreamApiException.RateLimitCode, error.Code);
        Assert.Equal(TimeSpan.FromSeconds(4), error.RetryAfter);
        Assert.NotNull(error.RateLimit?.Reset);
    }

    [Fact]
    public async Task An_error_body_off_the_spec_keeps_streams_code_and_fields()
    {
        await SetFaultAsync(StreamEmulatorFault.ErrorBody(
            404,
            """{"code":16,"message":"GetCallType failed with error: \"call type missing\"","StatusCode":"404","details":["x",{"y":1}],"exception_fields":{"a":1,"b":"text","c":null}}""") with { Operation = "GetCallType", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => Client.GetCallTypeAsync("missing", Ct));

        Assert.True(error.IsNotFound);
        Assert.Equal("GetCallType failed with error: \"call type missing\"", error.StreamMessage);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "text", ["c"] = "null" }, error.ExceptionFields);
    }

    [Fact]
    public async Task A_rate_limit_marked_unrecoverable_is_not_retried_even_when_its_details_are_off_the_spec()
    {
        await SetFaultAsync(StreamEmulatorFault.ErrorBody(
            429,
            """{"code":9,"message":"ListExternalStorage failed with error: \"too many\"","details":{"odd":true},"exception_fields":[],"unrecoverable":true}""") with { Operation = "ListExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => Client.ListExternalStoragesAsync(Ct));

        Assert.True(error.Unrecoverable);
        Assert.Equal(StreamApiException.RateLimitCode, error.Code);
        Assert.Empty(error.ExceptionFields);
        Assert.Equal([429], (await RequestsAsync()).Select(r => r.Status));
    }

    /// <summary>A request that fails before it is sent cannot have done anything: Stream never saw it.</summary>
    [Theory]
    [InlineData("refused at connect")]
    [InlineData("name not resolved")]
    [InlineData("TLS handshake failed")]
    public async Task A_create_that_failed_before_it_was_sent_never_reached_stream(string failure)
    {
        var baseUrl = failure switch
        {
            "refused at connect" => new Uri($"http://127.0.0.1:{LoopbackPorts.Closed()}/"),
            "name not resolved" => new Uri("https://stream.invalid/"),
            // The emulator speaks plain HTTP, so a client that opens with TLS is refused its handshake.
            _ => new UriBuilder(Fixture.Emulator.BaseUrl) { Scheme = Uri.UriSchemeHttps }.Uri,
        };
        using var client = Fixture.CreateClient(o => o.BaseUrl = baseUrl);
        var storage = await Fixture.S3StorageAsync("never-sent");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));

        Assert.True(error.NeverSent);
        Assert.False(error.MayHideAWrite);
        Assert.EndsWith("; the request never reached Stream, so nothing was done.", error.Message, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    /// <summary>A proxy that refuses the tunnel to Stream refuses it before the request goes through: Stream never saw it.</summary>
    [Fact]
    public async Task A_create_whose_proxy_refused_the_tunnel_never_reached_stream()
    {
        await using var proxy = new TunnelRefusingProxy();
        using var client = Fixture.CreateClient(o =>
        {
            o.BaseUrl = new Uri("https://video.stream-io-api.com/");
            o.Transport = new SocketsHttpHandler { Proxy = new WebProxy(proxy.Uri), UseProxy = true };
            o.Retry.MaxRetries = 1;
        });
        var storage = await Fixture.S3StorageAsync("never-tunnelled");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));

        Assert.True(error.NeverSent);
        Assert.False(error.MayHideAWrite);
        // Refused before it was sent, the create was tried again.
        Assert.Equal(2, proxy.TunnelsAsked);
    }

    /// <summary>
    /// The connect timeout runs out while the connection to Stream is still being made (here, a proxy that never opens the
    /// tunnel): nothing was sent, so the create is tried again. An attempt's own deadline, which may run out after the
    /// request went, is not taken for it.
    /// </summary>
    [Fact]
    public async Task A_create_whose_connection_timed_out_before_it_was_made_never_reached_stream()
    {
        await using var proxy = new TunnelRefusingProxy(silent: true);
        using var client = Fixture.CreateClient(o =>
        {
            o.BaseUrl = new Uri("https://video.stream-io-api.com/");
            o.Transport = new SocketsHttpHandler { Proxy = new WebProxy(proxy.Uri), UseProxy = true, ConnectTimeout = TimeSpan.FromMilliseconds(300) };
            o.Retry.MaxRetries = 1;
        });
        var storage = await Fixture.S3StorageAsync("never-connected");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));

        Assert.True(error.NeverSent);
        Assert.Equal(2, proxy.TunnelsAsked);
    }

    [Fact]
    public async Task A_create_whose_attempt_ran_out_of_time_while_connecting_may_have_reached_stream_and_is_not_sent_again()
    {
        await using var proxy = new TunnelRefusingProxy(silent: true);
        using var client = Fixture.CreateClient(o =>
        {
            o.BaseUrl = new Uri("https://video.stream-io-api.com/");
            o.Transport = new SocketsHttpHandler { Proxy = new WebProxy(proxy.Uri), UseProxy = true };
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.Retry.MaxRetries = 1;
        });
        var storage = await Fixture.S3StorageAsync("maybe-connected");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));

        Assert.False(error.NeverSent);
        Assert.Equal(1, proxy.TunnelsAsked);
    }

    /// <summary>Retried attempts that are all refused at connect leave the call unsent, after every retry.</summary>
    [Fact]
    public async Task An_update_refused_at_connect_on_every_attempt_never_reached_stream()
    {
        var storage = await Fixture.S3StorageAsync("update-unsent");
        using var client = Fixture.CreateClient(o =>
        {
            o.Transport = new ConnectRefusingHandler(HttpMethod.Put, _ => true);
            o.Retry.MaxRetries = 2;
        });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.UpdateExternalStorageAsync("update-unsent", ToUpdateRequest(storage), Ct));

        Assert.True(error.NeverSent);
        Assert.False(error.MayHideAWrite);
        Assert.Empty(await RequestsAsync());
    }

    /// <summary>
    /// A request without a body is sent again on a new connection when a pooled one closes before answering, and only that
    /// connection's refusal is seen: it may follow a delete Stream received.
    /// </summary>
    [Fact]
    public async Task A_request_without_a_body_refused_at_connect_may_still_have_reached_stream()
    {
        using var client = Fixture.CreateClient(o => o.BaseUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Closed()}/"));

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.DeleteExternalStorageAsync("maybe-deleted", Ct));

        Assert.False(error.NeverSent);
        Assert.True(error.MayHideAWrite);
    }

    /// <summary>
    /// One attempt refused at connect and one that reached Stream and timed out, in either order: the one that reached
    /// Stream may have been carried out, whichever failure came last.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_update_with_an_attempt_that_reached_stream_and_timed_out_may_hide_a_write(int refusedAttempt)
    {
        var storage = await Fixture.S3StorageAsync("update-reached");
        using var client = Fixture.CreateClient(o =>
        {
            o.Transport = new ConnectRefusingHandler(HttpMethod.Put, attempt => attempt == refusedAttempt);
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.Retry.MaxRetries = 1;
        });
        await SetFaultAsync(StreamEmulatorFault.Latency(TimeSpan.FromSeconds(1)) with { Operation = "UpdateExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.UpdateExternalStorageAsync("update-reached", ToUpdateRequest(storage), Ct));

        Assert.False(error.NeverSent);
        Assert.True(error.MayHideAWrite);
        // The emulator still answers the attempt that timed out: it is waited for, so that it is logged in this test.
        using var logged = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        logged.CancelAfter(TimeSpan.FromMinutes(1));
        while (!(await RequestsAsync()).Any(r => r.Operation == "UpdateExternalStorage"))
        {
            await Task.Delay(50, logged.Token);
        }
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried_for_reads_only()
    {
        // With the client's retries off, both faults reach the caller, the drop on a pooled connection too: the
        // transport itself re-sends neither, so the re-sends below are the client's.
        using (var once = Fixture.CreateClient(o => o.Retry.MaxRetries = 0))
        {
            await SetFaultAsync(StreamEmulatorFault.ServerError(503) with { Operation = "ListExternalStorage", Times = 1 });
            var unavailable = await Assert.ThrowsAsync<StreamApiException>(() => once.ListExternalStoragesAsync(Ct));
            Assert.Equal(503, unavailable.StatusCode);
            await SetFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "ListExternalStorage", Times = 1 });
            var lost = await Assert.ThrowsAsync<StreamApiException>(() => once.ListExternalStoragesAsync(Ct));
            Assert.True(lost.IsTransportFailure);
            Assert.Equal([503, 0], (await RequestsAsync()).Select(r => r.Status));
        }

        await ClearRequestsAsync();
        await SetFaultAsync(StreamEmulatorFault.ServerError(503) with { Operation = "ListExternalStorage", Times = 1 });
        await Client.ListExternalStoragesAsync(Ct);
        await SetFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "ListExternalStorage", Times = 1 });
        await Client.ListExternalStoragesAsync(Ct);
        Assert.Equal([503, 200, 0, 200], (await RequestsAsync()).Where(r => r.Operation == "ListExternalStorage").Select(r => r.Status));

        var storage = await Fixture.S3StorageAsync("not-created");
        await SetFaultAsync(StreamEmulatorFault.ServerError(500) with { Operation = "CreateExternalStorage", Times = 1 });
        var error = await Assert.ThrowsAsync<StreamApiException>(() => Client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));
        Assert.Equal(500, error.StatusCode);
        Assert.Single(await RequestsAsync(), r => r.Operation == "CreateExternalStorage");

        await SetFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "CreateExternalStorage", Times = 1 });
        var dropped = await Assert.ThrowsAsync<StreamApiException>(() => Client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));
        Assert.True(dropped.IsTransportFailure);
        Assert.Equal(2, (await RequestsAsync()).Count(r => r.Operation == "CreateExternalStorage"));
    }
}
