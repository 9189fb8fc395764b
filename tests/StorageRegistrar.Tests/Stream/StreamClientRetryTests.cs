using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Tests.Stream;

/// <summary>Which failures the client tries again, how often, and after how long.</summary>
public sealed class StreamClientRetryTests
{
    private const string RateLimited = """{"code":9,"message":"ListExternalStorage failed with error: \"Too many requests\"","StatusCode":429,"duration":"0.1ms","more_info":"","details":[]}""";
    private const string ServerError = """{"code":-1,"message":"internal system error","StatusCode":500,"duration":"0.1ms","more_info":"","details":[]}""";
    private const string EmptyList = """{"duration":"1ms","external_storages":{}}""";
    private const string CheckAnswer = """{"duration":"1ms","file_url":"http://files/stream-2.md"}""";

    private readonly ScriptedHandler _handler = new();

    private StreamClient CreateClient(Action<StreamClientOptions>? configure = null) => _handler.CreateClient("retry-key", "retry-secret-0123456789abcdefghijklmnopqrstuvwxyz", configure);

    /// <summary>The error <paramref name="call"/> fails with after one request, the scripted answers after it left unasked.</summary>
    private async Task<StreamApiException> FailsWithoutRetryAsync(Func<StreamClient, CancellationToken, Task> call)
    {
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<StreamApiException>(() => call(client, TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
        return error;
    }

    private static CreateExternalStorageRequest NewStorage() => new() { Name = "s", StorageType = "s3", Bucket = "b", AwsS3 = new S3Request { S3Region = "us-east-1" } };

    [Fact]
    public async Task A_read_is_retried_on_429_then_succeeds()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited).Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient();

        var list = await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        Assert.Empty(list.ExternalStorages);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task A_read_is_retried_on_server_errors(HttpStatusCode status)
    {
        _handler.Respond(status, ServerError).Respond(status, ServerError).Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient();

        await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_read_is_retried_on_a_reset_connection()
    {
        _handler.Fail(new HttpRequestException("Connection reset by peer", new IOException("reset")))
            .Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient();

        await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_read_is_retried_after_a_connect_timeout_that_surfaces_as_a_cancellation()
    {
        _handler.Fail(ConnectTimeout()).Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient();

        await client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _handler.Requests.Count);
    }

    /// <summary>A connect timeout runs out before the connection is made, so the create was never sent and goes again.</summary>
    [Fact]
    public async Task A_create_that_timed_out_connecting_is_sent_again()
    {
        _handler.Fail(ConnectTimeout()).Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");
        using var client = CreateClient();

        await client.CreateExternalStorageAsync(NewStorage(), TestContext.Current.CancellationToken);

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_create_that_timed_out_connecting_on_every_attempt_is_no_answer_that_never_reached_stream()
    {
        _handler.Fail(ConnectTimeout()).Fail(ConnectTimeout()).Fail(ConnectTimeout()).Fail(ConnectTimeout());
        using var client = CreateClient(o => o.Retry.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(NewStorage(), TestContext.Current.CancellationToken));

        Assert.Equal((true, true, false), (error.IsTransportFailure, error.NeverSent, error.MayHideAWrite));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.IsType<TaskCanceledException>(error.InnerException);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_is_neither_retried_nor_wrapped()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _handler.Fail(() =>
        {
            caller.Cancel();
            return new TaskCanceledException("cancelled by the caller", null, caller.Token);
        }).Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListExternalStoragesAsync(caller.Token));

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_error_is_reported()
    {
        for (var i = 0; i < 10; i++)
        {
            _handler.Respond(HttpStatusCode.ServiceUnavailable, ServerError);
        }

        using var client = CreateClient(o => o.Retry.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(-1, error.Code);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_create_is_not_retried_on_a_server_error_because_it_may_have_happened()
    {
        _handler.Respond(HttpStatusCode.InternalServerError, ServerError).Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");

        var error = await FailsWithoutRetryAsync((client, ct) => client.CreateExternalStorageAsync(NewStorage(), ct));

        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task A_create_is_not_retried_after_a_lost_connection()
    {
        _handler.Fail(new HttpRequestException("Connection reset by peer")).Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");

        var error = await FailsWithoutRetryAsync((client, ct) => client.CreateExternalStorageAsync(NewStorage(), ct));

        Assert.True(error.IsTransportFailure);
        Assert.Equal("CreateExternalStorage", error.Operation);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_create_is_retried_on_429_because_stream_refused_it_before_doing_anything()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited).Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");
        using var client = CreateClient();

        await client.CreateExternalStorageAsync(NewStorage(), TestContext.Current.CancellationToken);

        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(_handler.Requests[0].Body, _handler.Requests[1].Body);
    }

    [Fact]
    public async Task A_create_answered_429_by_something_other_than_streams_rate_limiter_is_not_retried()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, "<html><body>Too Many Requests</body></html>").Respond(HttpStatusCode.Created, """{"duration":"1ms"}""");

        var error = await FailsWithoutRetryAsync((client, ct) => client.CreateExternalStorageAsync(NewStorage(), ct));

        Assert.Equal(429, error.StatusCode);
    }

    /// <summary>What the retry does not repeat, the registrar looks for: only Stream's rate limiter refuses before doing anything.</summary>
    [Theory]
    [InlineData("<html><body>Too Many Requests</body></html>", true)]
    [InlineData("""{"code":4,"message":"slow down","StatusCode":429,"duration":"","more_info":"","details":[]}""", true)]
    [InlineData(RateLimited, false)]
    public async Task A_create_answered_429_may_have_been_made_unless_streams_rate_limiter_refused_it(string body, bool mayHaveBeenMade)
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, body);
        using var client = CreateClient(o => o.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(NewStorage(), TestContext.Current.CancellationToken));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(mayHaveBeenMade, error.MayHideAWrite);
    }

    [Fact]
    public async Task Idempotent_writes_are_retried_on_server_errors()
    {
        _handler.Respond(HttpStatusCode.BadGateway, ServerError)
            .Respond(HttpStatusCode.Created, StreamClientWireTests.CallTypeJson("default", "\"external_storage\":\"rec\","))
            .Respond(HttpStatusCode.ServiceUnavailable, ServerError)
            .Respond(HttpStatusCode.OK, """{"duration":"1ms"}""");
        using var client = CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.UpdateCallTypeAsync("default", new UpdateCallTypeRequest { ExternalStorage = "rec" }, ct);
        await client.DeleteExternalStorageAsync("rec", ct);

        Assert.Equal(["PUT", "PUT", "DELETE", "DELETE"], _handler.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_check_is_retried_on_429_because_stream_uploaded_nothing()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited).Respond(HttpStatusCode.OK, CheckAnswer);
        using var client = CreateClient();

        var check = await client.CheckExternalStorageAsync("s", TestContext.Current.CancellationToken);

        Assert.Equal("http://files/stream-2.md", check.FileUrl);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_check_is_not_retried_on_a_server_error_because_its_upload_may_have_happened()
    {
        _handler.Respond(HttpStatusCode.BadGateway, ServerError).Respond(HttpStatusCode.OK, CheckAnswer);

        var error = await FailsWithoutRetryAsync((client, ct) => client.CheckExternalStorageAsync("s", ct));

        Assert.Equal(502, error.StatusCode);
    }

    [Fact]
    public async Task A_check_is_not_retried_after_a_lost_connection()
    {
        _handler.Fail(new HttpRequestException("Connection reset by peer")).Respond(HttpStatusCode.OK, CheckAnswer);

        var error = await FailsWithoutRetryAsync((client, ct) => client.CheckExternalStorageAsync("s", ct));

        Assert.True(error.IsTransportFailure);
    }

    [Fact]
    public async Task An_unrecoverable_answer_is_not_retried()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, """{"code":9,"message":"app suspended from this endpoint","StatusCode":429,"duration":"","more_info":"","details":[],"unrecoverable":true}""")
            .Respond(HttpStatusCode.OK, EmptyList);

        var error = await FailsWithoutRetryAsync((client, ct) => client.ListExternalStoragesAsync(ct));

        Assert.True(error.Unrecoverable);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        _handler.Respond(HttpStatusCode.NotFound, """{"code":16,"message":"GetCallType failed with error: \"call type does not exist\"","StatusCode":404,"duration":"","more_info":"","details":[]}""");

        var error = await FailsWithoutRetryAsync((client, ct) => client.GetCallTypeAsync("nope", ct));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task Exhausted_429_reports_rate_limit_headers_and_the_wait_stream_asked_for()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r =>
        {
            r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            r.Headers.Add("X-RateLimit-Limit", "1000");
            r.Headers.Add("X-RateLimit-Remaining", "0");
            r.Headers.Add("X-RateLimit-Reset", "1900000000,1900000000");
        });
        using var client = CreateClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListExternalStoragesAsync(TestContext.Current.CancellationToken));

        Assert.True(error.IsRateLimited);
        Assert.Equal(9, error.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(new RateLimitInfo(1000, 0, DateTimeOffset.FromUnixTimeSeconds(1900000000)), error.RateLimit);
    }

    /// <summary>The wait an exhausted 429 reports is read on the client's clock and capped as the retry's own wait is.</summary>
    [Fact]
    public async Task The_reported_wait_is_read_on_the_clients_clock_and_capped_at_the_longest_retry_delay()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(4_000_000_000);
        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("X-RateLimit-Reset", "4000000005"))
            .Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("X-RateLimit-Reset", "4000003600"));
        using var client = CreateClient(o =>
        {
            o.TimeProvider = new FakeTimeProvider(now);
            o.Retry.MaxRetries = 0;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        });
        var ct = TestContext.Current.CancellationToken;

        var soon = await Assert.ThrowsAsync<StreamApiException>(() => client.ListExternalStoragesAsync(ct));
        var late = await Assert.ThrowsAsync<StreamApiException>(() => client.ListExternalStoragesAsync(ct));

        Assert.Equal(TimeSpan.FromSeconds(5), soon.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), late.RetryAfter);
    }

    [Fact]
    public async Task The_retry_waits_as_long_as_retry_after_says()
    {
        var advanced = await RetryOnFakeTimeAsync(DateTimeOffset.UtcNow, HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)));

        Assert.Equal(2, _handler.Requests.Count);
        Assert.InRange(advanced, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task Without_retry_after_the_rate_limit_reset_header_sets_the_wait()
    {
        var advanced = await RetryOnFakeTimeAsync(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("X-RateLimit-Reset", "1800000005"));

        Assert.InRange(advanced, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
    }

    /// <summary>Milliseconds, or a number past any date: the retry backs off on its own, and the error still comes as Stream's.</summary>
    [Theory]
    [InlineData("1700000000000")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    public async Task A_rate_limit_reset_no_date_can_hold_is_ignored(string reset)
    {
        void Headers(HttpResponseMessage response)
        {
            response.Headers.Add("X-RateLimit-Limit", "60");
            response.Headers.Add("X-RateLimit-Reset", reset);
        }

        _handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, Headers)
            .Respond(HttpStatusCode.OK, EmptyList)
            .Respond(HttpStatusCode.BadRequest, """{"code":4,"message":"bad input","StatusCode":400,"duration":"","more_info":"","details":[]}""", Headers);
        using var client = CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.ListExternalStoragesAsync(ct);
        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(ct));

        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal(new RateLimitInfo(60, null, null), error.RateLimit);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_server_error_is_retried_on_backoff_not_at_the_rate_limit_windows_reset()
    {
        var advanced = await RetryOnFakeTimeAsync(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), HttpStatusCode.InternalServerError, ServerError, r => r.Headers.Add("X-RateLimit-Reset", "1800000025"));

        Assert.Equal(2, _handler.Requests.Count);
        Assert.True(advanced < TimeSpan.FromSeconds(10), $"waited {advanced} of fake time for the retry");
    }

    /// <summary>What SocketsHttpHandler throws when its ConnectTimeout passes: a cancellation nobody asked for.</summary>
    private static TaskCanceledException ConnectTimeout() =>
        new("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));

    /// <summary>
    /// Lists storages on a fake clock starting at <paramref name="now"/>: the first answer is the given failure,
    /// the second a success. Moves the clock forward in small steps until the retry is sent (or the call ends)
    /// and returns how far it moved.
    /// </summary>
    private async Task<TimeSpan> RetryOnFakeTimeAsync(DateTimeOffset now, HttpStatusCode status, string json, Action<HttpResponseMessage> headers)
    {
        _handler.Respond(status, json, headers).Respond(HttpStatusCode.OK, EmptyList);
        var time = new FakeTimeProvider(now);
        using var client = CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        });
        var call = client.ListExternalStoragesAsync(TestContext.Current.CancellationToken);
        var step = TimeSpan.FromMilliseconds(250);
        var advanced = TimeSpan.Zero;
        bool Retried() => _handler.Requests.Count == 2 || call.IsCompleted;
        // Let the first attempt finish before time starts moving.
        while (!Retried() && advanced < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            if (Retried())
            {
                break;
            }

            time.Advance(step);
            advanced += step;
        }

        await call;
        return advanced;
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_bounded_by_the_attempts_deadline_and_tried_again()
    {
        _handler
            .Respond(HttpStatusCode.OK, configure: response => response.Content = new StalledContent())
            .Respond(HttpStatusCode.OK, EmptyList);
        using var client = CreateClient(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
        });

        var list = await client.ListExternalStoragesAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Empty(list.ExternalStorages);
        Assert.Equal(2, _handler.Requests.Count);
    }

    /// <summary>An answer whose headers came and whose body never does, as behind a proxy that stalls.</summary>
    private sealed class StalledContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(System.IO.Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(System.IO.Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
