using System.Diagnostics;
using System.Globalization;

namespace StreamApiEmulator.Tests;

public sealed class FaultInjectionTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string Storages = "/api/v2/external_storage";

    /// <summary>The check of the storage that <see cref="StorageUnderFaultAsync"/> adds.</summary>
    private const string Check = Storages + "/s/check";

    private static JsonObject Storage(string name) => new() { ["name"] = name, ["storage_type"] = "s3", ["bucket"] = "b" };

    /// <summary>Sets <paramref name="fault"/>, then adds the storage 's' whose check the tests ask for.</summary>
    private async Task StorageUnderFaultAsync(StreamEmulatorFault fault)
    {
        await Emulator.Control.SetFaultAsync(fault, Cancellation);
        await Stream.PostAsync(Storages, Storage("s"));
    }

    [Fact]
    public async Task Latency_delays_the_matching_operation_and_then_answers()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.Latency(TimeSpan.FromMilliseconds(400)) with { Operation = "ListExternalStorage" }, Cancellation);

        var watch = Stopwatch.StartNew();
        var response = await Stream.GetAsync(Storages);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("latency", Assert.Single(await Emulator.Control.GetRequestsAsync(Cancellation)).Fault);
        // The server's timer may fire a tick before the client's stopwatch reaches the delay: a whole delay less one tick.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400 - 16), $"answered after {watch.Elapsed.TotalMilliseconds:0.#} ms");
    }

    [Fact]
    public async Task Rate_limit_answers_429_code_9_with_reset_and_retry_after_when_asked()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.RateLimit(retryAfterSeconds: 7, retryAfterHeader: true) with { Operation = "ListExternalStorage", Times = 1 }, Cancellation);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var limited = await Stream.GetAsync(Storages);
        var next = await Stream.GetAsync(Storages);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal(9, limited.ErrorCode);
        Assert.Equal(429, limited.Body["StatusCode"]!.GetValue<int>());
        Assert.False(limited.Body["unrecoverable"]!.GetValue<bool>());
        Assert.Equal("7", limited.Header("Retry-After"));
        Assert.Equal("0", limited.Header("X-RateLimit-Remaining"));
        Assert.InRange(long.Parse(limited.Header("X-RateLimit-Reset"), CultureInfo.InvariantCulture), now + 6, now + 9);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task Rate_limit_answers_with_streams_reset_header_and_no_retry_after_by_default()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.RateLimit(retryAfterSeconds: 5) with { Operation = "ListExternalStorage", Times = 1 }, Cancellation);

        var limited = await Stream.GetAsync(Storages);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Empty(limited.Header("Retry-After"));
        Assert.Equal("0", limited.Header("X-RateLimit-Remaining"));
        Assert.NotEmpty(limited.Header("X-RateLimit-Reset"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_error_answers_the_status_with_code_minus_1(int status)
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.ServerError(status) with { Method = "POST", Path = "/api/v2/external_storage" }, Cancellation);

        var response = await Stream.PostAsync(Storages, Storage("s"));

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(-1, response.ErrorCode);
        Assert.Equal(status, response.Body["StatusCode"]!.GetValue<int>());
        Assert.Empty((await Stream.GetAsync(Storages)).Body["external_storages"]!.AsObject());
    }

    [Fact]
    public async Task Error_body_answers_the_status_with_the_body_verbatim_and_changes_nothing()
    {
        const string offSpec = """{"code":16,"message":"gone","details":["x"],"exception_fields":{"a":1}}""";
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.ErrorBody(404, offSpec) with { Operation = "CreateExternalStorage", Times = 1 }, Cancellation);

        var answered = await Stream.PostAsync(Storages, Storage("s"));

        Assert.Equal(HttpStatusCode.NotFound, answered.Status);
        Assert.Equal(offSpec, answered.RawBody);
        Assert.Empty((await Stream.GetAsync(Storages)).Body["external_storages"]!.AsObject());
        Assert.Equal("error_body", (await Emulator.Control.GetRequestsAsync(Cancellation))[0].Fault);
    }

    [Theory]
    [InlineData(200, "{}", "status_code")]
    [InlineData(404, null, "body")]
    public async Task Error_body_is_refused_without_an_error_status_or_a_body(int status, string? body, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Emulator.Control.SetFaultAsync(new StreamEmulatorFault { Kind = "error_body", StatusCode = status, Body = body }, Cancellation));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropped_connection_gives_the_client_a_transport_error_and_is_logged_with_status_0()
    {
        await StorageUnderFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "CheckExternalStorage" });

        await Assert.ThrowsAsync<HttpRequestException>(() => Stream.GetAsync(Check));

        var log = await Emulator.Control.GetRequestsAsync(Cancellation);
        // A client may retry a request dropped on a reused connection; every attempt is dropped.
        var checks = log.Where(r => r.Operation == "CheckExternalStorage").ToList();
        Assert.NotEmpty(checks);
        Assert.All(checks, r => Assert.Equal(0, r.Status));
    }

    [Fact]
    public async Task A_fault_for_an_operation_the_emulator_does_not_serve_is_refused_rather_than_never_firing()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Emulator.Control.SetFaultAsync(StreamEmulatorFault.RateLimit() with { Operation = "ListExternalStorages" }, Cancellation));

        Assert.Contains("operation must be one of [", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ListExternalStorage ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not ListExternalStorages", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_answer_carries_the_create_out_and_gives_the_client_a_transport_error()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.LostAnswer() with { Operation = "CreateExternalStorage", Times = 1 }, Cancellation);

        await Assert.ThrowsAsync<HttpRequestException>(() => Stream.PostAsync(Storages, Storage("lost")));

        var listed = await Stream.GetAsync(Storages);
        Assert.NotNull(listed.Body["external_storages"]!["lost"]);
        var create = Assert.Single(await Emulator.Control.GetRequestsAsync(Cancellation), r => r.Operation == "CreateExternalStorage");
        Assert.Equal((0, "lost_answer"), (create.Status, create.Fault));
    }

    [Fact]
    public async Task Faults_hit_only_matching_requests_and_only_as_many_times_as_asked()
    {
        await StorageUnderFaultAsync(StreamEmulatorFault.ServerError() with { Path = "/api/v2/external_storage/*/check", Times = 2 });

        var list = await Stream.GetAsync(Storages);
        var first = await Stream.GetAsync(Check);
        var second = await Stream.GetAsync(Check);
        var third = await Stream.GetAsync(Check);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, first.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, second.Status);
        // The third reaches the handler, which has no S3 endpoint configured here.
        Assert.Equal(HttpStatusCode.BadRequest, third.Status);
    }

    [Fact]
    public async Task Reset_clears_faults()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.ServerError(), Cancellation);

        await Emulator.Control.ResetAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, (await Stream.GetAsync(Storages)).Status);
    }

    [Fact]
    public async Task Clearing_faults_keeps_storages()
    {
        await Stream.PostAsync(Storages, Storage("kept"));
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.ServerError(), Cancellation);

        await Emulator.Control.ClearFaultsAsync(Cancellation);

        Assert.NotNull((await Stream.GetAsync(Storages)).Body["external_storages"]!["kept"]);
    }

    [Fact]
    public async Task Eventual_consistency_hides_a_new_storage_from_list_and_delete_until_the_delay_passes()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(0.5)), Cancellation);

        var created = await Stream.PostAsync(Storages, Storage("late"));
        var listedAtOnce = await Stream.GetAsync(Storages);
        var deletedAtOnce = await Stream.DeleteAsync($"{Storages}/late");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Empty(listedAtOnce.Body["external_storages"]!.AsObject());
        Assert.Equal(16, deletedAtOnce.ErrorCode);
        Assert.Contains("does not exist", deletedAtOnce.Message, StringComparison.Ordinal);

        // Poll as a client would; bounded so that a never-visible storage fails the test instead of hanging it.
        var listed = await PollAsync(async () => (await Stream.GetAsync(Storages)).Body["external_storages"]!["late"] is not null);
        Assert.True(listed, "the storage never became visible");
        Assert.Equal(HttpStatusCode.OK, (await Stream.DeleteAsync($"{Storages}/late")).Status);
    }

    [Fact]
    public async Task Eventual_consistency_still_rejects_a_duplicate_name()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(30)), Cancellation);
        await Stream.PostAsync(Storages, Storage("hidden"));

        var duplicate = await Stream.PostAsync(Storages, Storage("hidden"));

        Assert.Equal(4, duplicate.ErrorCode);
    }

    [Fact]
    public async Task Check_failure_answers_the_clouds_access_denied_without_writing()
    {
        await StorageUnderFaultAsync(StreamEmulatorFault.CheckFailure(times: 1));

        var denied = await Stream.GetAsync(Check);
        var next = await Stream.GetAsync(Check);

        Assert.Equal(4, denied.ErrorCode);
        Assert.Contains("AccessDenied", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccessDenied", next.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_without_file_url_answers_success_naming_no_file_once()
    {
        await StorageUnderFaultAsync(StreamEmulatorFault.CheckWithoutFileUrl(times: 1));

        var bare = await Stream.GetAsync(Check);
        var next = await Stream.GetAsync(Check);

        Assert.True(bare.Status == HttpStatusCode.OK, bare.RawBody);
        Assert.False(bare.Body.ContainsKey("file_url"), bare.RawBody);
        // The fault is used up: the next check is the ordinary one, which finds no bucket behind this storage.
        Assert.Contains("failed to write check file", next.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_fault_is_refused_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Emulator.Control.SetFaultAsync(new StreamEmulatorFault { Kind = "latency" }, Cancellation));

        Assert.Contains("latency_ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_requests_are_not_logged_as_stream_requests()
    {
        await Emulator.Control.SetFaultAsync(StreamEmulatorFault.Latency(TimeSpan.FromMilliseconds(1)), Cancellation);

        Assert.Empty(await Emulator.Control.GetRequestsAsync(Cancellation));
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (!await condition())
            {
                await timer.WaitForNextTickAsync(limit.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>An emulator whose real per-operation limit is tiny, to reach Stream's 429 without injection.</summary>
public sealed class LowRateLimitFixture : EmulatorFixture
{
    protected override StreamEmulatorSettings Settings => new() { RateLimitPerMinute = 3 };
}

public sealed class RateLimitTests(LowRateLimitFixture fixture) : EmulatorTest<LowRateLimitFixture>(fixture)
{
    [Fact]
    public async Task Requests_over_the_per_minute_limit_get_429_per_operation()
    {
        var answers = new List<StreamResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await Stream.GetAsync("/api/v2/external_storage"));
        }

        var otherOperation = await Stream.GetAsync("/api/v2/video/calltypes");

        Assert.Equal(["2", "1", "0"], answers.Take(3).Select(a => a.Header("X-RateLimit-Remaining")));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].Status);
        Assert.Equal(9, answers[3].ErrorCode);
        Assert.Empty(answers[3].Header("Retry-After"));
        Assert.NotEmpty(answers[3].Header("X-RateLimit-Reset"));
        Assert.Equal(HttpStatusCode.OK, otherOperation.Status);
    }
}
