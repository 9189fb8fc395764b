using System.Net;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Registration;

/// <summary>The check's deadline and backoff on a fake clock, over a scripted transport that always refuses.</summary>
public sealed class CheckDeadlineTests
{
    private const string Denied = """{"code":4,"message":"CheckExternalStorage failed with error: \"AccessDenied: Access Denied\"","StatusCode":400,"duration":"","more_info":"","details":[]}""";

    [Theory]
    [InlineData("s3", 2)]
    [InlineData("gcs", 10)]
    public async Task The_clouds_default_deadline_bounds_the_retries_and_the_last_attempt_runs_at_it(string storageType, int minutes)
    {
        var (error, requests) = await RunAlwaysRefusedCheckAsync(storageType, options: null);

        var deadline = TimeSpan.FromMinutes(minutes);
        Assert.Equal(deadline, error.Deadline);
        Assert.Equal(requests, error.Attempts.Count);
        var first = error.Attempts[0].StartedAt;
        Assert.InRange(error.Attempts[^1].StartedAt - first, deadline, deadline + TimeSpan.FromSeconds(0.5));
        for (var i = 1; i < error.Attempts.Count; i++)
        {
            var gap = error.Attempts[i].StartedAt - error.Attempts[i - 1].StartedAt;
            var elapsed = error.Attempts[i - 1].StartedAt - first;
            // Each wait stays under 0.25 s + a tenth of the time spent, within the fake clock's 0.5 s step.
            Assert.True(gap <= TimeSpan.FromSeconds(0.25 + (0.1 * elapsed.TotalSeconds) + 0.5), $"gap {gap} after {elapsed}");
        }

        Assert.All(error.Attempts, a => Assert.Contains("AccessDenied", a.Error, StringComparison.Ordinal));
    }

    /// <summary>A custom timeout shorter than the deadline ends the check at it and says so; a longer one, or none (zero), leaves the deadline.</summary>
    [Theory]
    [InlineData(45, 45, "still failing when the operation's custom timeout ran out, 45 s after the check began")]
    [InlineData(600, 120, "still failing after 120 s")]
    [InlineData(0, 120, "still failing after 120 s")]
    public async Task A_shorter_custom_timeout_ends_the_check_at_it(int timeoutSeconds, int endedAfterSeconds, string reason)
    {
        var (error, _) = await RunAlwaysRefusedCheckAsync("s3", new CheckOptions { Timeout = TimeSpan.FromSeconds(timeoutSeconds) });

        Assert.Equal(TimeSpan.FromSeconds(endedAfterSeconds), error.Deadline);
        Assert.InRange(error.Attempts[^1].StartedAt - error.Attempts[0].StartedAt, error.Deadline, error.Deadline + TimeSpan.FromSeconds(0.5));
        Assert.Contains($"({reason}; {error.Attempts.Count} attempts)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_timeouts_do_not_end_the_check_which_goes_on_until_it_succeeds()
    {
        var handler = new ScriptedHandler();
        handler.Fail(ConnectTimeout)
            .Fail(ConnectTimeout)
            .Respond(HttpStatusCode.OK, """{"duration":"1ms","file_url":"http://127.0.0.1:9/bucket/stream-1.md"}""");
        using var client = handler.CreateClient("k", "deadline-secret-0123456789abcdefghijklmnopqrstuvwxyz", o => o.Retry.MaxRetries = 0);
        var registrar = new ExternalStorageRegistrar(client, new RegistrarOptions { CheckBackoff = { InitialDelay = TimeSpan.FromMilliseconds(1) } });

        var result = await registrar.CheckAsync("slow-network", "s3", ct: TestContext.Current.CancellationToken);

        Assert.Equal("http://127.0.0.1:9/bucket/stream-1.md", result.FileUrl);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts.Take(2), a =>
        {
            Assert.Equal(0, a.StatusCode);
            Assert.Contains("no answer from Stream (timed out)", a.Error, StringComparison.Ordinal);
        });
    }

    /// <summary>A check Stream refuses every time, on a clock that moves 0.5 s a turn: its failure and how many requests it sent.</summary>
    private static async Task<(StorageCheckFailedException Error, int Requests)> RunAlwaysRefusedCheckAsync(string storageType, CheckOptions? options)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var handler = new ScriptedHandler();
        for (var i = 0; i < 1000; i++)
        {
            handler.Respond(HttpStatusCode.BadRequest, Denied);
        }

        using var client = new StreamClient(new StreamClientOptions
        {
            ApiKey = "k",
            ApiSecret = new SecretString("deadline-secret-0123456789abcdefghijklmnopqrstuvwxyz"),
            BaseUrl = new Uri("http://127.0.0.1:9"),
            Transport = handler,
            TimeProvider = time,
        });
        var registrar = new ExternalStorageRegistrar(client, new RegistrarOptions { TimeProvider = time });

        var check = registrar.CheckAsync("deadline", storageType, options, TestContext.Current.CancellationToken);
        while (!check.IsCompleted)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() => check);
        return (error, handler.Requests.Count);
    }

    private static TaskCanceledException ConnectTimeout() =>
        new("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));
}
