using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Tests.Registration;

public sealed class EnsureTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task Creates_a_missing_storage_with_one_list_and_one_create()
    {
        var declaration = await Fixture.S3StorageAsync("ensure-create");

        var result = await Registrar.EnsureAsync(declaration, ct: Ct);

        Assert.Equal(EnsureOutcome.Created, result.Outcome);
        Assert.Equal(new ExternalStorageState("ensure-create", "s3", declaration.Bucket!, "recordings/"), result.State);
        Assert.Null(result.Previous);
        Assert.Equal(["ListExternalStorage", "CreateExternalStorage"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal(result.State, await Registrar.ReadStorageAsync("ensure-create", Ct));
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_fails_and_removes_what_stream_made_of_it()
    {
        var declaration = await Fixture.S3StorageAsync("ensure-lost");
        await SetFaultAsync(StreamEmulatorFault.LostAnswer() with { Operation = "CreateExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => Registrar.EnsureAsync(declaration, ct: Ct));

        Assert.Equal(0, error.StatusCode);
        Assert.Null(await Registrar.ReadStorageAsync("ensure-lost", Ct));
        Assert.Contains("DeleteExternalStorage", (await RequestsAsync()).Select(r => r.Operation));
        var warning = Assert.Single(Fixture.Logs.Entries, e => e.Contains("Storage ensure-lost: its create got no answer", StringComparison.Ordinal));
        Assert.Contains("was removed (Deleted)", warning, StringComparison.Ordinal);
        Assert.All(Fixture.Secrets, secret => Assert.DoesNotContain(secret, warning, StringComparison.Ordinal));
    }

    /// <summary>A server error or a request timeout (408) may hide a create that happened: what it may have made is looked for and removed.</summary>
    [Theory]
    [InlineData(503)]
    [InlineData(408)]
    public async Task A_create_refused_with_a_server_error_keeps_its_error_once_nothing_is_found_to_remove(int status)
    {
        var registrar = Fixture.CreateRegistrar(Client, options => options.ConsistencyWindow = TimeSpan.FromMilliseconds(300));
        var name = $"ensure-{status}";
        var declaration = await Fixture.S3StorageAsync(name);
        var fault = status == 408
            ? StreamEmulatorFault.ErrorBody(408, """{"code":23,"message":"CreateExternalStorage failed with error: \"request timeout\"","StatusCode":408,"duration":"0ms","more_info":"","details":[]}""")
            : StreamEmulatorFault.ServerError(status);
        await SetFaultAsync(fault with { Operation = "CreateExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(declaration, ct: Ct));

        Assert.Equal(status, error.StatusCode);
        Assert.Null(await registrar.ReadStorageAsync(name, Ct));
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains($"Storage {name}: its create got no answer, so what Stream may have made of it was removed (AlreadyGone)", StringComparison.Ordinal));
    }

    /// <summary>A create refused at connect did nothing at Stream, so it is sent again, and the storage is made by the next attempt.</summary>
    [Fact]
    public async Task A_create_refused_at_connect_is_sent_again_and_makes_the_storage()
    {
        using var client = Fixture.CreateClient(o => o.Transport = new ConnectRefusingHandler(HttpMethod.Post, attempt => attempt == 1));
        var registrar = Fixture.CreateRegistrar(client);
        var declaration = await Fixture.S3StorageAsync("ensure-resent");

        await registrar.EnsureAsync(declaration, ct: Ct);

        Assert.Equal([201], (await RequestsAsync()).Where(r => r.Operation == "CreateExternalStorage").Select(r => r.Status));
        Assert.NotNull(await Registrar.ReadStorageAsync("ensure-resent", Ct));
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains("attempt 1 failed (HttpRequestException)", StringComparison.Ordinal));
    }

    /// <summary>
    /// A create refused at connect on every attempt never reached Stream, so it made nothing: it fails once its retries are
    /// spent, without listing through the list's lag (thirty seconds here) for what it might have made.
    /// </summary>
    [Fact]
    public async Task A_create_refused_at_connect_on_every_attempt_fails_without_waiting_for_streams_list()
    {
        using var client = Fixture.CreateClient(o => o.Transport = new ConnectRefusingHandler(HttpMethod.Post, _ => true));
        var registrar = Fixture.CreateRegistrar(client);
        var declaration = await Fixture.S3StorageAsync("ensure-unsent");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(declaration, ct: Ct));

        Assert.True(error.NeverSent);
        Assert.Equal(["ListExternalStorage"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.DoesNotContain(Fixture.Logs.Entries, e => e.Contains("Storage ensure-unsent: its create got no answer", StringComparison.Ordinal));
    }

    /// <summary>
    /// A create that Stream's rate limiter turned away and whose retry was refused at connect: an attempt reached Stream,
    /// so what the create may have made is looked for through the list's lag, as after any create without an answer.
    /// </summary>
    [Fact]
    public async Task A_create_refused_at_connect_after_an_attempt_reached_stream_still_looks_for_what_it_made()
    {
        using var client = Fixture.CreateClient(o => o.Transport = new ConnectRefusingHandler(HttpMethod.Post, attempt => attempt > 1));
        var registrar = Fixture.CreateRegistrar(client, options => options.ConsistencyWindow = TimeSpan.FromMilliseconds(300));
        var declaration = await Fixture.S3StorageAsync("ensure-reached");
        await SetFaultAsync(StreamEmulatorFault.RateLimit() with { Operation = "CreateExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(declaration, ct: Ct));

        Assert.False(error.NeverSent);
        Assert.Equal([429], (await RequestsAsync()).Where(r => r.Operation == "CreateExternalStorage").Select(r => r.Status));
        Assert.True((await RequestsAsync()).Count(r => r.Operation == "ListExternalStorage") > 1);
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains("Storage ensure-reached: its create got no answer, so what Stream may have made of it was removed (AlreadyGone)", StringComparison.Ordinal));
    }

    /// <summary>A create Stream answered with success in a body that cannot be read was made: the failed create removes it.</summary>
    [Fact]
    public async Task A_create_answered_2xx_with_an_unreadable_body_fails_and_removes_what_stream_made_of_it()
    {
        using var client = Fixture.CreateClient(o => o.Transport = new UnreadableCreateAnswers { InnerHandler = new SocketsHttpHandler() });
        var registrar = Fixture.CreateRegistrar(client);
        var declaration = await Fixture.S3StorageAsync("ensure-unreadable");

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(declaration, ct: Ct));

        Assert.Equal(201, error.StatusCode);
        Assert.Null(await Registrar.ReadStorageAsync("ensure-unreadable", Ct));
        Assert.Contains("DeleteExternalStorage", (await RequestsAsync()).Select(r => r.Operation));
    }

    /// <summary>
    /// Another stack's storage of the same name, made just before and not yet listed: this create is refused for it, the
    /// answer is lost, and what is found under the name once listed is not this create's, so it stays.
    /// </summary>
    [Fact]
    public async Task A_lost_create_leaves_a_storage_of_its_name_that_stream_lists_with_another_bucket()
    {
        var registrar = Fixture.CreateRegistrar(Client, options => options.ConsistencyWindow = TimeSpan.FromSeconds(5));
        var others = await Fixture.S3StorageAsync("ensure-shared");
        var mine = await Fixture.S3StorageAsync("ensure-shared");
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(1.5)) with { Times = 1 });
        await Client.CreateExternalStorageAsync(StorageRequests.Create(others), Ct);
        await SetFaultAsync(StreamEmulatorFault.LostAnswer() with { Operation = "CreateExternalStorage", Times = 1 });

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(mine, ct: Ct));

        Assert.Equal(0, error.StatusCode);
        Assert.Equal(others.Bucket, (await registrar.ReadStorageAsync("ensure-shared", Ct))?.Bucket);
        Assert.DoesNotContain("DeleteExternalStorage", (await RequestsAsync()).Select(r => r.Operation));
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains("Storage ensure-shared: its create got no answer, and Stream lists a storage of that name with another type, bucket or path: another's, left as it is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_create_that_cannot_be_removed_is_named_and_taken_over_by_the_next_run()
    {
        var declaration = await Fixture.S3StorageAsync("ensure-left");
        await SetFaultAsync(StreamEmulatorFault.LostAnswer() with { Operation = "CreateExternalStorage", Times = 1 });
        await SetFaultAsync(StreamEmulatorFault.ServerError(500) with { Operation = "ListCallTypes", Times = 20 });

        await Assert.ThrowsAsync<StreamApiException>(() => Registrar.EnsureAsync(declaration, ct: Ct));

        var warning = Assert.Single(Fixture.Logs.Entries, e => e.Contains("Storage ensure-left: its create got no answer", StringComparison.Ordinal));
        Assert.True(warning.Contains("removing what Stream may have made failed", StringComparison.Ordinal), warning);
        Assert.Contains("run again with the same type, bucket and path to take it over", warning, StringComparison.Ordinal);
        Assert.Equal(EnsureOutcome.Adopted, (await Registrar.EnsureAsync(declaration, ct: Ct)).Outcome);
    }

    [Fact]
    public async Task A_rerun_is_unchanged_and_writes_nothing()
    {
        var declaration = await EnsureS3StorageAsync("ensure-rerun");
        await ClearRequestsAsync();

        var result = await Registrar.EnsureAsync(declaration, new EnsureOptions { AlreadyManaged = true }, Ct);

        Assert.Equal(EnsureOutcome.Unchanged, result.Outcome);
        Assert.Empty(await WritesAsync());
        Assert.Single(await RequestsAsync());
    }

    [Fact]
    public async Task An_identical_storage_made_elsewhere_is_adopted_without_a_write()
    {
        var declaration = await Fixture.S3StorageAsync("ensure-adopt");
        await Client.CreateExternalStorageAsync(
            new CreateExternalStorageRequest { Name = "ensure-adopt", StorageType = "s3", Bucket = declaration.Bucket!, Path = "recordings/", AwsS3 = new S3Request { S3Region = "us-east-1" } },
            Ct);
        await ClearRequestsAsync();

        var result = await Registrar.EnsureAsync(declaration, ct: Ct);

        Assert.Equal(EnsureOutcome.Adopted, result.Outcome);
        Assert.Equal(result.State, result.Previous);
        Assert.Empty(await WritesAsync());
    }

    [Fact]
    public async Task An_identical_storage_made_elsewhere_is_sent_new_credentials_with_one_update()
    {
        var declaration = await Fixture.S3StorageAsync("ensure-leftover");
        await Fixture.CreateRegistrar(Client).EnsureAsync(declaration, ct: Ct);
        await ClearRequestsAsync();

        var result = await Registrar.EnsureAsync(declaration, new EnsureOptions { CredentialsChanged = true }, Ct);

        Assert.Equal(EnsureOutcome.Updated, result.Outcome);
        Assert.Equal(result.State, result.Previous);
        Assert.Equal("UpdateExternalStorage", Assert.Single(await WritesAsync()).Operation);
    }

    [Fact]
    public async Task A_storage_of_the_same_name_with_another_bucket_is_refused_before_any_write_unless_already_managed()
    {
        var theirs = await Fixture.S3StorageAsync("ensure-theirs");
        await Fixture.CreateRegistrar(Client).EnsureAsync(theirs, ct: Ct);
        var declaration = await Fixture.S3StorageAsync("ensure-theirs");
        await ClearRequestsAsync();

        var error = await Assert.ThrowsAsync<StorageTakeoverRefusedException>(
            () => Registrar.EnsureAsync(declaration, new EnsureOptions { CredentialsChanged = true }, Ct));

        Assert.Empty(await WritesAsync());
        Assert.Equal("ensure-theirs", error.StorageName);
        Assert.Equal(new ExternalStorageState("ensure-theirs", "s3", theirs.Bucket!, "recordings/"), error.Existing);
        Assert.Equal(declaration.Bucket, error.Declared.Bucket);
        Assert.Contains($"bucket '{theirs.Bucket}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pulumi import streamstorage:index:ExternalStorage <resource-name> ensure-theirs", error.Message, StringComparison.Ordinal);
        Assert.Contains("another name", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Existing, await Registrar.ReadStorageAsync("ensure-theirs", Ct));

        var managed = await Registrar.EnsureAsync(declaration, new EnsureOptions { AlreadyManaged = true, CredentialsChanged = true }, Ct);

        Assert.Equal(EnsureOutcome.Updated, managed.Outcome);
        Assert.Equal(declaration.Bucket, (await Registrar.ReadStorageAsync("ensure-theirs", Ct))!.Bucket);
    }

    [Fact]
    public async Task A_differing_storage_that_Stream_s_list_does_not_show_yet_is_refused_without_an_update()
    {
        var theirs = await Fixture.S3StorageAsync("ensure-hidden");
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(3)) with { Times = 1 });
        await Fixture.CreateRegistrar(Client).EnsureAsync(theirs, ct: Ct);
        var declaration = await Fixture.S3StorageAsync("ensure-hidden");
        await ClearRequestsAsync();

        var error = await Assert.ThrowsAsync<StorageTakeoverRefusedException>(
            () => Registrar.EnsureAsync(declaration, new EnsureOptions { CredentialsChanged = true }, Ct));

        // The create is refused because the storage exists; the wait for the list then finds it differs.
        Assert.Equal([("CreateExternalStorage", 400)], (await WritesAsync()).Select(w => (w.Operation, w.Status)));
        Assert.Equal(theirs.Bucket, error.Existing.Bucket);
        Assert.Equal(theirs.Bucket, (await Registrar.ReadStorageAsync("ensure-hidden", Ct))!.Bucket);
    }

    [Fact]
    public async Task A_differing_storage_is_updated_in_place_keeping_its_name()
    {
        var declaration = await EnsureS3StorageAsync("ensure-update");
        var moved = declaration with { Path = "moved/" };
        await ClearRequestsAsync();

        var result = await Registrar.EnsureAsync(moved, new EnsureOptions { AlreadyManaged = true }, Ct);

        Assert.Equal(EnsureOutcome.Updated, result.Outcome);
        Assert.Equal("recordings/", result.Previous!.Path);
        Assert.Equal(new ExternalStorageState("ensure-update", "s3", declaration.Bucket!, "moved/"), result.State);
        var write = Assert.Single(await WritesAsync());
        Assert.Equal("UpdateExternalStorage", write.Operation);
        Assert.Equal("/api/v2/external_storage/ensure-update", write.Path);
        var check = await Registrar.CheckAsync("ensure-update", "s3", ct: Ct);
        Assert.Contains("/moved/stream-", check.FileUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_can_change_cloud_in_place()
    {
        var s3 = await EnsureS3StorageAsync("ensure-recloud");
        var gcs = Fixture.GcsStorage("ensure-recloud");

        var result = await Registrar.EnsureAsync(gcs, new EnsureOptions { AlreadyManaged = true }, Ct);

        Assert.Equal(EnsureOutcome.Updated, result.Outcome);
        Assert.Equal("gcs", result.State.StorageType);
        Assert.Equal("gcs", (await Registrar.ReadStorageAsync("ensure-recloud", Ct))!.StorageType);
        await Registrar.CheckAsync("ensure-recloud", "gcs", ct: Ct);
    }

    [Fact]
    public async Task New_credentials_are_put_even_when_everything_visible_matches()
    {
        var declaration = await EnsureS3StorageAsync("ensure-rotate");
        await ClearRequestsAsync();

        var result = await Registrar.EnsureAsync(declaration, new EnsureOptions { AlreadyManaged = true, CredentialsChanged = true }, Ct);

        Assert.Equal(EnsureOutcome.Updated, result.Outcome);
        Assert.Equal("UpdateExternalStorage", Assert.Single(await WritesAsync()).Operation);
    }

    [Fact]
    public async Task A_rerun_while_streams_list_still_lags_the_create_converges_on_the_existing_storage()
    {
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(1.5)) with { Times = 1 });
        var declaration = await Fixture.S3StorageAsync("ensure-lagging");
        Assert.Equal(EnsureOutcome.Created, (await Registrar.EnsureAsync(declaration, ct: Ct)).Outcome);

        var rerun = await Registrar.EnsureAsync(declaration, new EnsureOptions { AlreadyManaged = true }, Ct);

        Assert.Equal(EnsureOutcome.Unchanged, rerun.Outcome);
        var creates = (await RequestsAsync()).Where(r => r.Operation == "CreateExternalStorage").Select(r => r.Status).ToList();
        Assert.Equal([201, 400], creates);
    }

    /// <summary>
    /// Stream documents no error for a duplicate name: one worded without "exist" that names the storage (by its field, as
    /// the spec's "must be unique", or by its name) is taken for one, and the list, once it shows the storage, decides.
    /// </summary>
    [Theory]
    [InlineData("name must be unique", """{"name":"must be unique"}""")]
    [InlineData("external storage {name} is already registered", "{}")]
    [InlineData("external storage {NAME} exists", "{}")]
    [InlineData("an external storage with this name already exists", "{}")]
    public async Task A_duplicate_name_refused_in_other_words_converges_on_the_storage_once_listed(string reason, string exceptionFields)
    {
        var name = $"ensure-worded-{StreamEmulatorFixture.Suffix()}";
        var declaration = await Fixture.S3StorageAsync(name);
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(1.5)) with { Times = 1 });
        await Client.CreateExternalStorageAsync(StorageRequests.Create(declaration), Ct);
        await SetFaultAsync(CreateRefused(reason.Replace("{name}", name, StringComparison.Ordinal).Replace("{NAME}", name.ToUpperInvariant(), StringComparison.Ordinal), exceptionFields));

        var result = await Registrar.EnsureAsync(declaration, ct: Ct);

        Assert.Equal(EnsureOutcome.Adopted, result.Outcome);
        Assert.Equal([201, 400], (await RequestsAsync()).Where(r => r.Operation == "CreateExternalStorage").Select(r => r.Status));
    }

    /// <summary>
    /// "Does not exist" names what is missing, not a storage already there, and a path's refusal names the path, though it
    /// holds the storage's name as a folder: the list is not waited for.
    /// </summary>
    [Theory]
    [InlineData("external storage {name}: bucket does not exist", """{"bucket":"does not exist"}""")]
    [InlineData("bucket of {name} doesn't exist", "{}")]
    [InlineData("path {name}/ is invalid", "{}")]
    public async Task A_create_refused_because_something_does_not_exist_fails_at_once(string reason, string exceptionFields)
    {
        var registrar = Fixture.CreateRegistrar(Client, o => o.ConsistencyWindow = TimeSpan.FromSeconds(3));
        var name = $"ensure-missing-{StreamEmulatorFixture.Suffix()}";
        var declaration = await Fixture.S3StorageAsync(name);
        await SetFaultAsync(CreateRefused(reason.Replace("{name}", name, StringComparison.Ordinal), exceptionFields));

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.EnsureAsync(declaration, ct: Ct));

        Assert.Equal((400, 4), (error.StatusCode, error.Code));
        Assert.Single(await RequestsAsync(), r => r.Operation == "ListExternalStorage");
    }

    [Fact]
    public async Task A_create_refused_for_another_reason_fails_at_once_with_streams_error()
    {
        var limited = Fixture.CreateRegistrar(Client, o => o.ConsistencyWindow = TimeSpan.FromMinutes(10));
        var declaration = await Fixture.S3StorageAsync("ensure-refused");
        var existing = await Fixture.S3StorageAsync("ensure-filler");
        await limited.EnsureAsync(existing, ct: Ct);
        for (var i = 0; i < 9; i++)
        {
            await limited.EnsureAsync(existing with { Name = $"ensure-filler-{i}" }, ct: Ct);
        }

        var error = await Assert.ThrowsAsync<StorageRegistrar.Stream.StreamApiException>(() => limited.EnsureAsync(declaration, ct: Ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.Equal(11, (await RequestsAsync()).Count(r => r.Operation == "ListExternalStorage"));
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_on_the_read_are_ridden_out()
    {
        await SetFaultAsync(StreamEmulatorFault.RateLimit(1) with { Operation = "ListExternalStorage", Times = 1 });
        await SetFaultAsync(StreamEmulatorFault.ServerError(502) with { Operation = "ListExternalStorage", Times = 1 });
        var declaration = await Fixture.S3StorageAsync("ensure-faults");

        var result = await Registrar.EnsureAsync(declaration, ct: Ct);

        Assert.Equal(EnsureOutcome.Created, result.Outcome);
        Assert.Single(await RequestsAsync(), r => r.Operation == "CreateExternalStorage");
    }

    [Fact]
    public void A_refused_takeover_names_the_existing_bucket_escaped_and_not_its_path()
    {
        var existing = new ExternalStorageState("rec", "s3", "acme\u202Erec", "calls/7f3c9a1e5b2d4c6f8a0e1d3b5c7f9a2e/");
        var declared = new ExternalStorageState("rec", "s3", "acme-rec", "calls/\u001B]8;;https://evil.example\u0007click\u001B]8;;\u0007/");

        var refused = new StorageTakeoverRefusedException(existing, declared);

        Assert.DoesNotContain('\u001B', refused.Message);
        Assert.DoesNotContain('\u202E', refused.Message);
        Assert.Contains("as type s3, bucket 'acme\\u202Erec', under another path (not shown", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7f3c9a1e5b2d4c6f8a0e1d3b5c7f9a2e", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not type s3, bucket 'acme-rec', path 'calls/\\u001B]8;;https://evil.example\\u0007click", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The next create refused with Stream's input error (code 4) for <paramref name="reason"/>.</summary>
    private static StreamEmulatorFault CreateRefused(string reason, string exceptionFields) =>
        StreamEmulatorFault.ErrorBody(
            400,
            $$"""{"code":4,"message":"CreateExternalStorage failed with error: \"{{reason}}\"","StatusCode":400,"duration":"0ms","more_info":"","details":[],"exception_fields":{{exceptionFields}}}""")
        with { Operation = "CreateExternalStorage", Times = 1 };

    /// <summary>Passes every request on and replaces the body of a create's answer with a page that is not Stream's.</summary>
    private sealed class UnreadableCreateAnswers : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post)
            {
                response.Content = new StringContent("<html>created</html>", System.Text.Encoding.UTF8, "text/html");
            }

            return response;
        }
    }
}
