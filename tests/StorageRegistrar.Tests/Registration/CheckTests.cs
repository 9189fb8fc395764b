using Amazon.S3.Model;
using StorageRegistrar.Registration;

namespace StorageRegistrar.Tests.Registration;

public sealed class CheckTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task S3_check_writes_a_real_file_on_the_first_attempt()
    {
        var declaration = await EnsureS3StorageAsync("check-s3");

        var result = await Registrar.CheckAsync("check-s3", "s3", ct: Ct);

        var attempt = Assert.Single(result.Attempts);
        Assert.True(attempt.Succeeded);
        var key = result.FileUrl[result.FileUrl.IndexOf("recordings/", StringComparison.Ordinal)..];
        using var s3 = Fixture.Stores.S3.CreateClient();
        using var file = await s3.GetObjectAsync(new GetObjectRequest { BucketName = declaration.Bucket, Key = key }, Ct);
        Assert.True(file.ContentLength > 0);
    }

    [Fact]
    public async Task Gcs_check_signs_in_with_the_service_account_key_and_writes()
    {
        await Registrar.EnsureAsync(Fixture.GcsStorage("check-gcs"), ct: Ct);

        var result = await Registrar.CheckAsync("check-gcs", "gcs", ct: Ct);

        Assert.Contains("calls/stream-", Uri.UnescapeDataString(result.FileUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_check_signs_in_as_the_service_principal_and_writes()
    {
        await Registrar.EnsureAsync(await Fixture.AzureStorageAsync("check-abs"), ct: Ct);

        var result = await Registrar.CheckAsync("check-abs", "abs", ct: Ct);

        Assert.Contains("stream-", result.FileUrl, StringComparison.Ordinal);
        Assert.Single(result.Attempts);
    }

    [Fact]
    public async Task A_check_failing_k_times_converges_and_keeps_every_error()
    {
        await EnsureS3StorageAsync("check-converges");
        await SetFaultAsync(StreamEmulatorFault.CheckFailure(3));

        var result = await Registrar.CheckAsync("check-converges", "s3", ct: Ct);

        Assert.Equal(4, result.Attempts.Count);
        Assert.Equal([1, 2, 3, 4], result.Attempts.Select(a => a.Number));
        Assert.All(result.Attempts.Take(3), a =>
        {
            Assert.Equal(400, a.StatusCode);
            Assert.Contains("AccessDenied", a.Error, StringComparison.Ordinal);
        });
        Assert.True(result.Attempts[3].Succeeded);
        Assert.Equal(4, (await RequestsAsync()).Count(r => r.Operation == "CheckExternalStorage"));
    }

    [Fact]
    public async Task A_check_that_never_passes_fails_at_the_deadline_listing_every_attempt()
    {
        await Registrar.EnsureAsync(Fixture.GcsStorage("check-never"), ct: Ct);
        await SetFaultAsync(StreamEmulatorFault.CheckFailure(1000));

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() =>
            Registrar.CheckAsync("check-never", "gcs", new CheckOptions { Deadline = TimeSpan.FromSeconds(1.5) }, Ct));

        var checks = (await RequestsAsync()).Count(r => r.Operation == "CheckExternalStorage");
        Assert.Equal(checks, error.Attempts.Count);
        Assert.True(error.Attempts.Count >= 3, $"only {error.Attempts.Count} attempts");
        Assert.All(error.Attempts, a => Assert.Contains("storage.objects.create", a.Error, StringComparison.Ordinal));
        Assert.Equal("check-never", error.StorageName);
        foreach (var attempt in error.Attempts)
        {
            Assert.Contains($"#{attempt.Number} at", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A suspended app (99) and credentials not allowed the check (17) get the same answer however often they ask.</summary>
    [Theory]
    [InlineData(99, "app suspended")]
    [InlineData(17, "not allowed")]
    public async Task A_check_refused_in_a_way_asking_again_cannot_change_stops_at_the_first_answer(int code, string message)
    {
        var name = $"check-refused-{code}";
        await EnsureS3StorageAsync(name);
        await SetFaultAsync(StreamEmulatorFault.ErrorBody(403, $$"""{"code":{{code}},"message":"{{message}}","StatusCode":403,"duration":"0ms","more_info":"","details":[]}""") with { Operation = "CheckExternalStorage", Times = 1000 });

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() =>
            Registrar.CheckAsync(name, "s3", new CheckOptions { Deadline = TimeSpan.FromSeconds(30) }, Ct));

        var attempt = Assert.Single(error.Attempts);
        Assert.Equal((403, code), (attempt.StatusCode, attempt.StreamCode));
        Assert.Contains("Stream refused the check in a way retrying cannot fix", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await RequestsAsync()).Count(r => r.Operation == "CheckExternalStorage"));
    }

    /// <summary>
    /// The check is the one call where Stream uses the storage's credentials, and it passes the cloud's refusal back: what
    /// that quotes of them is masked in every attempt, the failure and the log.
    /// </summary>
    [Theory]
    [InlineData(StorageTypes.S3)]
    [InlineData(StorageTypes.Gcs)]
    [InlineData(StorageTypes.Abs)]
    public async Task Credentials_the_clouds_refusal_quotes_are_masked_in_every_attempt(string storageType)
    {
        var name = $"check-quoted-{storageType}";
        var declaration = storageType switch
        {
            StorageTypes.S3 => await Fixture.S3StorageAsync(name),
            StorageTypes.Gcs => Fixture.GcsStorage(name),
            _ => await Fixture.AzureStorageAsync(name),
        };
        await Registrar.EnsureAsync(declaration, ct: Ct);
        var credential = Assert.Single(declaration.Secrets, s => s is not null)!.Reveal();
        var material = StreamEmulatorFixture.SecretMaterial(credential).ToList();
        await SetFaultAsync(StreamEmulatorFixture.CheckRefusalQuoting(credential, material[^1]));

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() => Registrar.CheckAsync(
            name, storageType, new CheckOptions { Deadline = TimeSpan.FromSeconds(0.5), StorageSecrets = declaration.Secrets }, Ct));

        Assert.True(error.Attempts.Count >= 2, $"only {error.Attempts.Count} attempts");
        Assert.All(error.Attempts, a => Assert.Contains("credentials [secret] were refused", a.Error, StringComparison.Ordinal));
        var printed = error + Environment.NewLine + Fixture.Logs.AllText;
        Assert.All(material, m => Assert.False(printed.Contains(m, StringComparison.Ordinal), $"{m.Length} characters of the credential were printed"));
    }

    [Fact]
    public async Task Each_failed_attempt_lists_the_wait_that_followed_it_and_not_the_rate_limit_windows_reset()
    {
        await EnsureS3StorageAsync("check-waits");
        await SetFaultAsync(StreamEmulatorFault.CheckFailure(1000));

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() =>
            Registrar.CheckAsync("check-waits", "s3", new CheckOptions { Deadline = TimeSpan.FromSeconds(1.5) }, Ct));

        // Every answer carries X-RateLimit-Reset, but a 400 asks for no wait.
        Assert.DoesNotContain("Retry after", error.Message, StringComparison.Ordinal);
        Assert.True(error.Attempts.Count >= 3, $"only {error.Attempts.Count} attempts");
        foreach (var (attempt, next) in error.Attempts.Zip(error.Attempts.Skip(1)))
        {
            var delay = Assert.IsType<TimeSpan>(attempt.DelayBeforeNext);
            // Within the deadline, and really waited before the next attempt. Attempts are stamped with the wall
            // clock and waits run on the monotonic timer, which may fire a few milliseconds early by the wall clock.
            Assert.InRange(delay, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1.5));
            Assert.True(next.StartedAt - attempt.StartedAt >= delay - TimeSpan.FromMilliseconds(15), $"attempt {next.Number} started {next.StartedAt - attempt.StartedAt} after attempt {attempt.Number}, not {delay} later");
            Assert.Contains($"#{attempt.Number} at {attempt.StartedAt:HH:mm:ss.fff}Z: {attempt.Error} (next attempt {delay.TotalSeconds:0.##} s later)", error.Message, StringComparison.Ordinal);
        }

        var last = error.Attempts[^1];
        Assert.Null(last.DelayBeforeNext);
        Assert.EndsWith($"#{last.Number} at {last.StartedAt:HH:mm:ss.fff}Z: {last.Error}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_attempt_waits_at_least_as_long_as_stream_asks()
    {
        using var client = Fixture.CreateClient(o => o.Retry.MaxRetries = 0);
        var registrar = Fixture.CreateRegistrar(client);
        await registrar.EnsureAsync(await Fixture.S3StorageAsync("check-rate-limited"), ct: Ct);
        await SetFaultAsync(StreamEmulatorFault.RateLimit(1, retryAfterHeader: true) with { Operation = "CheckExternalStorage", Times = 1 });

        var result = await registrar.CheckAsync("check-rate-limited", "s3", ct: Ct);

        Assert.Equal(2, result.Attempts.Count);
        var (limited, passed) = (result.Attempts[0], result.Attempts[1]);
        Assert.Equal(429, limited.StatusCode);
        var delay = Assert.IsType<TimeSpan>(limited.DelayBeforeNext);
        Assert.True(delay >= TimeSpan.FromSeconds(1), $"waited {delay}, not the 1 s Stream asked for");
        // The wall clock that stamps attempts and the timer that waits are not one clock: a timer may fire a few
        // milliseconds early by the wall clock's reading on a loaded machine, never a whole share of the wait.
        Assert.True(passed.StartedAt - limited.StartedAt >= delay - TimeSpan.FromMilliseconds(50), $"next attempt after {passed.StartedAt - limited.StartedAt}, waited {delay}");
        Assert.Null(passed.DelayBeforeNext);
    }

    [Fact]
    public async Task A_check_of_a_storage_streams_list_does_not_show_yet_retries_until_it_exists()
    {
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(1)) with { Times = 1 });
        await EnsureS3StorageAsync("check-after-create");
        await SetFaultAsync(StreamEmulatorFault.CheckFailure(2));

        var result = await Registrar.CheckAsync("check-after-create", "s3", ct: Ct);

        Assert.Equal(3, result.Attempts.Count);
    }

    [Fact]
    public async Task A_check_of_a_storage_stream_does_not_have_stops_once_the_consistency_window_has_passed()
    {
        var registrar = Fixture.CreateRegistrar(Client, o => o.ConsistencyWindow = TimeSpan.FromSeconds(0.5));

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(() => registrar.CheckAsync("never-created", "abs", ct: Ct));

        Assert.Contains("no storage by this name", error.Message, StringComparison.Ordinal);
        Assert.All(error.Attempts, a => Assert.Equal(404, a.StatusCode));
        Assert.Equal(TimeSpan.FromMinutes(30), error.Deadline);
        Assert.Equal(1, (await RequestsAsync()).Count(r => r.Operation == "ListExternalStorage"));
    }

    [Fact]
    public async Task Rate_limited_and_failing_server_checks_are_retried()
    {
        await EnsureS3StorageAsync("check-faults");
        await SetFaultAsync(StreamEmulatorFault.RateLimit(1) with { Operation = "CheckExternalStorage", Times = 1 });

        var result = await Registrar.CheckAsync("check-faults", "s3", ct: Ct);

        Assert.Equal([429, 200], (await RequestsAsync()).Where(r => r.Operation == "CheckExternalStorage").Select(r => r.Status));
        Assert.Single(result.Attempts);
    }

    [Fact]
    public void Default_deadlines_follow_each_clouds_propagation_time()
    {
        var options = new RegistrarOptions();

        Assert.Equal(TimeSpan.FromMinutes(2), options.CheckDeadlineFor("s3"));
        Assert.Equal(TimeSpan.FromMinutes(10), options.CheckDeadlineFor("gcs"));
        Assert.Equal(TimeSpan.FromMinutes(30), options.CheckDeadlineFor("abs"));
    }

    [Fact]
    public void Backoff_grows_exponentially_but_never_past_a_tenth_of_the_time_spent_plus_the_first_wait()
    {
        var backoff = new BackoffOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(backoff.NextDelay(1, TimeSpan.Zero), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
            Assert.InRange(backoff.NextDelay(3, TimeSpan.FromSeconds(100)), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
            Assert.InRange(backoff.NextDelay(10, TimeSpan.FromSeconds(40)), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5));
            Assert.InRange(backoff.NextDelay(30, TimeSpan.FromHours(1)), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        }
    }
}
