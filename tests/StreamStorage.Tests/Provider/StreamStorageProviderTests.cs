using System.Text.Json.Nodes;
using LocalWorld;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using StreamStorage.Provider;
using TestSupport;

namespace StreamStorage.Tests.Provider;

/// <summary>
/// The provider's methods called the way the engine calls them, against the Stream emulator. The
/// decisions behind them are covered in StorageRegistrar.Tests.Resources; these cover the mapping.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class StreamStorageProviderTests(ProviderFixture fixture) : IAsyncLifetime
{
    private static readonly ImmutableDictionary<string, PropertyValue> Empty = ImmutableDictionary<string, PropertyValue>.Empty;

    private readonly RecordingEngine _engine = new();
    private StreamStorageProvider _provider = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.Emulator.Control.ResetAsync(Ct);
        _provider = await fixture.ConfiguredProviderAsync(_engine);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Schema_describes_the_package_and_both_resources()
    {
        var response = await _provider.GetSchema(new GetSchemaRequest(0, null, null), Ct);

        var schema = JsonNode.Parse(response.Schema!)!;
        Assert.Equal("streamstorage", (string?)schema["name"]);
        Assert.Equal(BuildProperties.Version, (string?)schema["version"]);
        Assert.NotNull(schema["resources"]!["streamstorage:index:ExternalStorage"]);
        Assert.NotNull(schema["resources"]!["streamstorage:index:CallTypeBinding"]);
    }

    [Fact]
    public async Task Check_reports_each_bad_input_on_its_property_path_without_calling_Stream()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var inputs = storage.ToProperties()
            .Remove("storageType")
            .SetItem("bucket", new PropertyValue(42))
            .SetItem("checkDeadlineSeconds", new PropertyValue(0))
            .SetItem("awsS3", new PropertyValue(ProviderProperties.Map(("secret", new PropertyValue(storage.Secret)))));

        var response = await _provider.Check(new CheckRequest(ProviderProperties.StorageUrn("bad"), Empty, inputs, ImmutableArray<byte>.Empty), Ct);

        var properties = response.Failures!.Select(f => f.Property).ToList();
        Assert.Contains("storageType", properties);
        Assert.Contains("bucket", properties);
        Assert.Contains("checkDeadlineSeconds", properties);
        Assert.Contains("awsS3.region", properties);
        Assert.Contains(response.Failures!, f => f.Property == "bucket" && f.Reason == "must be a string, not a number.");
        Assert.All(response.Failures!, f => Assert.DoesNotContain(storage.Secret, f.Reason, StringComparison.Ordinal));
        Assert.Empty(await fixture.Emulator.Control.GetRequestsAsync(Ct));
    }

    [Fact]
    public async Task Check_accepts_good_inputs_and_returns_credentials_as_secrets()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());

        var response = await _provider.Check(new CheckRequest(ProviderProperties.StorageUrn(storage.Name), Empty, storage.ToProperties(), ImmutableArray<byte>.Empty), Ct);

        Assert.Empty(response.Failures!);
        var leaves = ProviderProperties.Leaves(response.Inputs!.ToImmutableDictionary()).ToDictionary(l => l.Path, l => l.Value);
        Assert.True(leaves["awsS3.secret"].IsSecret);
        Assert.False(leaves["bucket"].IsSecret);
    }

    [Fact]
    public async Task Check_does_not_judge_values_unknown_in_preview()
    {
        var inputs = ProviderProperties.Map(
            ("name", PropertyValue.Computed),
            ("storageType", new PropertyValue("gcs")),
            ("bucket", PropertyValue.Computed),
            ("gcsCredentials", PropertyValue.Computed));

        var response = await _provider.Check(new CheckRequest(ProviderProperties.StorageUrn("pending"), Empty, inputs, ImmutableArray<byte>.Empty), Ct);

        Assert.Empty(response.Failures!);
    }

    [Fact]
    public async Task Check_of_a_binding_reports_a_missing_call_type()
    {
        var inputs = ProviderProperties.Map(("externalStorage", new PropertyValue("rec")));

        var response = await _provider.Check(new CheckRequest(ProviderProperties.BindingUrn("b"), Empty, inputs, ImmutableArray<byte>.Empty), Ct);

        Assert.Equal("callType", Assert.Single(response.Failures!).Property);
    }

    [Fact]
    public async Task Diff_replaces_only_on_a_new_name_and_shows_no_secret()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var old = storage.ToProperties();
        var rotated = storage with { Secret = "rotated-" + ProviderFixture.Suffix() };

        var same = await DiffAsync(old, storage.ToProperties());
        var renamed = await DiffAsync(old, old.SetItem("name", new PropertyValue(storage.Name + "-v2")));
        var moved = await DiffAsync(old, old.SetItem("bucket", new PropertyValue("other-bucket")));
        var newSecret = await DiffAsync(old, rotated.ToProperties());

        Assert.False(same.Changes);
        Assert.True(renamed.Changes);
        Assert.Equal(["name"], renamed.Replaces!);
        Assert.False(renamed.DeleteBeforeReplace);
        // A replacement the program forces (replaceOnChanges) keeps the name Stream holds once: delete first.
        Assert.True(moved.DeleteBeforeReplace);
        Assert.True(moved.Changes);
        Assert.Equal(["bucket"], moved.Diffs!);
        Assert.Empty(moved.Replaces!);
        Assert.Equal(["awsS3"], newSecret.Diffs!);
        Assert.Empty(newSecret.Replaces!);
        Assert.DoesNotContain(newSecret.Diffs!, d => d.Contains(rotated.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_of_a_binding_replaces_on_a_new_call_type()
    {
        var old = ProviderProperties.Map(("callType", new PropertyValue("default")), ("externalStorage", new PropertyValue("a")), ("previousExternalStorage", PropertyValue.Null));

        var response = await _provider.Diff(
            new DiffRequest(ProviderProperties.BindingUrn("b"), "default", old, ProviderProperties.Map(("callType", new PropertyValue("livestream")), ("externalStorage", new PropertyValue("a"))), ImmutableArray<string>.Empty, old),
            Ct);

        Assert.Equal(["callType"], response.Replaces!);
    }

    [Fact]
    public async Task Preview_makes_no_request_and_leaves_the_check_results_unknown()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());

        var created = await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: true), Ct);
        var bound = await _provider.Create(
            new CreateRequest(ProviderProperties.BindingUrn("b"), ProviderProperties.Map(("callType", new PropertyValue("default")), ("externalStorage", PropertyValue.Computed)), TimeSpan.Zero, preview: true),
            Ct);

        Assert.True(created.Outputs!["fileUrl"].IsComputed);
        Assert.True(created.Outputs!["checkedAt"].IsComputed);
        Assert.True(bound.Outputs!["previousExternalStorage"].IsComputed);
        Assert.True(bound.Outputs!["externalStorage"].IsComputed);
        Assert.Empty(await fixture.Emulator.Control.GetRequestsAsync(Ct));
    }

    [Fact]
    public async Task Delete_in_another_plugin_process_right_after_create_outlasts_streams_lag()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var urn = ProviderProperties.StorageUrn(storage.Name);
        // Long enough that the create, its check and the second provider's start all fall inside it on a slow machine.
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(10)) with { Times = 1 }, Ct);
        var created = await _provider.Create(new CreateRequest(urn, storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var destroyer = await fixture.ConfiguredProviderAsync(new RecordingEngine());

        await destroyer.Delete(new DeleteRequest(urn, created.Id!, created.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, storage.ToProperties()), Ct);

        var deletes = (await fixture.Emulator.Control.GetRequestsAsync(Ct)).Where(r => r.Operation == "DeleteExternalStorage").Select(r => r.Status).ToList();
        Assert.Equal(404, deletes[0]);
        Assert.Equal(200, deletes[^1]);
    }

    [Fact]
    public async Task Create_read_update_and_delete_round_trip_with_secrets_kept_secret()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var urn = ProviderProperties.StorageUrn(storage.Name);

        var created = await _provider.Create(new CreateRequest(urn, storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var state = created.Outputs!.ToImmutableDictionary();
        var read = await _provider.Read(new ReadRequest(urn, created.Id!, state, storage.ToProperties()), Ct);
        var moved = await fixture.S3StorageAsync(storage.Name);
        var updated = await _provider.Update(
            new UpdateRequest(urn, created.Id!, state, moved.ToProperties("moved/"), TimeSpan.Zero, ImmutableArray<string>.Empty, preview: false, storage.ToProperties()),
            Ct);
        await _provider.Delete(new DeleteRequest(urn, created.Id!, updated.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, moved.ToProperties("moved/")), Ct);
        var gone = await _provider.Read(new ReadRequest(urn, created.Id!, updated.Outputs!.ToImmutableDictionary(), moved.ToProperties("moved/")), Ct);

        Assert.Equal(storage.Name, created.Id);
        Assert.True(state["fileUrl"].TryGetString(out var fileUrl) && fileUrl.Length > 0);
        Assert.Equal(storage.Name, read.Id);
        Assert.True(read.Outputs!["bucket"].TryGetString(out var bucket) && bucket == storage.Bucket);
        Assert.True(updated.Outputs!["bucket"].TryGetString(out var movedBucket) && movedBucket == moved.Bucket);
        Assert.True(updated.Outputs!["path"].TryGetString(out var movedPath) && movedPath == "moved/");
        Assert.Null(gone.Id);
        foreach (var outputs in new[] { state, read.Outputs!.ToImmutableDictionary(), updated.Outputs!.ToImmutableDictionary() })
        {
            var secret = ProviderProperties.Leaves(outputs).Single(l => l.Path == "awsS3.secret").Value;
            Assert.True(secret.IsSecret);
        }

        Assert.All(_engine.Logs, l => Assert.DoesNotContain(storage.Secret, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bucket_the_program_made_secret_keeps_the_check_files_url_secret_and_out_of_the_log()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var inputs = storage.ToProperties().SetItem("bucket", new PropertyValue(storage.Bucket).WithSecret(true));

        var created = await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), inputs, TimeSpan.Zero, preview: false), Ct);

        Assert.True(created.Outputs!["bucket"].IsSecret);
        Assert.True(created.Outputs["fileUrl"].IsSecret);
        Assert.Contains(_engine.Logs, l => l.Message.Contains("the URL of its file is secret", StringComparison.Ordinal));
        Assert.All(_engine.Logs, l => Assert.DoesNotContain(storage.Bucket, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_takeover_does_not_show_the_bucket_and_path_the_program_made_secret()
    {
        var existing = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(existing.Name), existing.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var other = await fixture.S3StorageAsync(existing.Name);
        var inputs = other.ToProperties("hidden-path/")
            .SetItem("bucket", new PropertyValue(other.Bucket).WithSecret(true))
            .SetItem("path", new PropertyValue("hidden-path/").WithSecret(true));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _provider.Create(new CreateRequest(ProviderProperties.StorageUrn("again"), inputs, TimeSpan.Zero, preview: false), Ct));

        Assert.Contains($"Storage '{existing.Name}' already exists at Stream as type s3, bucket '{existing.Bucket}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not type s3, bucket '[secret]', path '[secret]' as declared", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Bucket, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-path", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_by_name_reads_what_Stream_has()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);

        var imported = await _provider.Read(new ReadRequest(ProviderProperties.StorageUrn("imported"), storage.Name, Empty, Empty), Ct);

        Assert.Equal(storage.Name, imported.Id);
        Assert.True(imported.Inputs!["bucket"].TryGetString(out var bucket) && bucket == storage.Bucket);
        Assert.True(imported.Inputs!["storageType"].TryGetString(out var type) && type == "s3");
        Assert.False(imported.Inputs!.ContainsKey("awsS3"));
    }

    [Fact]
    public async Task A_create_whose_check_fails_leaves_nothing_in_Stream()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix(), createBucket: false);
        var inputs = storage.ToProperties().SetItem("checkDeadlineSeconds", new PropertyValue(1));

        var failure = await Assert.ThrowsAnyAsync<Exception>(
            () => _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), inputs, TimeSpan.Zero, preview: false), Ct));
        var read = await _provider.Read(new ReadRequest(ProviderProperties.StorageUrn(storage.Name), storage.Name, Empty, Empty), Ct);

        Assert.Contains("removed from Stream again", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(storage.Secret, failure.Message, StringComparison.Ordinal);
        Assert.Null(read.Id);
    }

    [Fact]
    public async Task A_custom_timeout_shorter_than_the_check_deadline_ends_the_check_at_it()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix(), createBucket: false);
        var inputs = storage.ToProperties().SetItem("checkDeadlineSeconds", new PropertyValue(600));

        var failure = await Assert.ThrowsAnyAsync<Exception>(
            () => _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), inputs, TimeSpan.FromSeconds(1), preview: false), Ct));

        Assert.Contains("still failing when the operation's custom timeout ran out", failure.Message, StringComparison.Ordinal);
        Assert.Contains("removed from Stream again", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_over_another_stacks_storage_of_the_same_name_fails_before_any_write_naming_its_bucket()
    {
        var theirs = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn("theirs"), theirs.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var binding = ProviderProperties.Map(("callType", new PropertyValue("livestream")), ("externalStorage", new PropertyValue(theirs.Name)));
        await _provider.Create(new CreateRequest(ProviderProperties.BindingUrn("theirs-livestream"), binding, TimeSpan.Zero, preview: false), Ct);
        var ours = await fixture.S3StorageAsync(theirs.Name);
        await fixture.Emulator.Control.ClearRequestsAsync(Ct);

        var failure = await Assert.ThrowsAnyAsync<Exception>(
            () => _provider.Create(new CreateRequest(ProviderProperties.StorageUrn("ours"), ours.ToProperties(), TimeSpan.Zero, preview: false), Ct));

        Assert.DoesNotContain(await fixture.Emulator.Control.GetRequestsAsync(Ct), r => r.Method != "GET");
        Assert.Contains($"bucket '{theirs.Bucket}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"pulumi import streamstorage:index:ExternalStorage <resource-name> {theirs.Name}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ours.Secret, failure.Message, StringComparison.Ordinal);
        var read = await _provider.Read(new ReadRequest(ProviderProperties.StorageUrn("theirs"), theirs.Name, Empty, Empty), Ct);
        Assert.True(read.Outputs!["bucket"].TryGetString(out var bucket) && bucket == theirs.Bucket);
        var bound = await _provider.Read(new ReadRequest(ProviderProperties.BindingUrn("theirs-livestream"), "livestream", Empty, Empty), Ct);
        Assert.True(bound.Outputs!["externalStorage"].TryGetString(out var storage) && storage == theirs.Name);
    }

    [Fact]
    public async Task An_import_then_an_update_takes_a_storage_over_on_purpose_and_checks_it()
    {
        var theirs = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn("theirs"), theirs.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var ours = await fixture.S3StorageAsync(theirs.Name);
        var urn = ProviderProperties.StorageUrn("ours");

        var imported = await _provider.Read(new ReadRequest(urn, theirs.Name, Empty, Empty), Ct);
        var state = imported.Outputs!.ToImmutableDictionary();
        var diff = await _provider.Diff(new DiffRequest(urn, imported.Id!, state, ours.ToProperties(), ImmutableArray<string>.Empty, imported.Inputs!.ToImmutableDictionary()), Ct);
        var updated = await _provider.Update(
            new UpdateRequest(urn, imported.Id!, state, ours.ToProperties(), TimeSpan.Zero, ImmutableArray<string>.Empty, preview: false, imported.Inputs!.ToImmutableDictionary()),
            Ct);

        Assert.Equal(["bucket", "awsS3"], diff.Diffs!);
        Assert.Empty(diff.Replaces!);
        Assert.True(updated.Outputs!["bucket"].TryGetString(out var bucket) && bucket == ours.Bucket);
        Assert.True(updated.Outputs!["fileUrl"].TryGetString(out var fileUrl) && fileUrl.Contains($"/{ours.Bucket}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_binding_points_the_call_type_at_the_storage_and_its_delete_restores_the_previous_one()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var urn = ProviderProperties.BindingUrn("default-recordings");
        var inputs = ProviderProperties.Map(("callType", new PropertyValue("default")), ("externalStorage", new PropertyValue(storage.Name)));

        var bound = await _provider.Create(new CreateRequest(urn, inputs, TimeSpan.Zero, preview: false), Ct);
        var read = await _provider.Read(new ReadRequest(urn, bound.Id!, bound.Outputs!.ToImmutableDictionary(), inputs), Ct);
        var inUse = await Assert.ThrowsAnyAsync<Exception>(
            () => _provider.Delete(new DeleteRequest(ProviderProperties.StorageUrn(storage.Name), storage.Name, storage.ToProperties(), TimeSpan.Zero, storage.ToProperties()), Ct));
        await _provider.Delete(new DeleteRequest(urn, bound.Id!, bound.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, inputs), Ct);
        var afterDelete = await _provider.Read(new ReadRequest(urn, bound.Id!, bound.Outputs!.ToImmutableDictionary(), inputs), Ct);

        Assert.Equal("default", bound.Id);
        Assert.False(bound.Outputs!.ContainsKey("previousExternalStorage"));
        Assert.True(read.Outputs!["externalStorage"].TryGetString(out var boundStorage) && boundStorage == storage.Name);
        Assert.Contains("default", inUse.Message, StringComparison.Ordinal);
        Assert.Null(afterDelete.Id);
    }

    [Fact]
    public async Task A_binding_whose_call_type_was_changed_since_is_left_as_it_is_on_delete_with_a_warning_the_engine_shows()
    {
        var mine = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var theirs = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(mine.Name), mine.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(theirs.Name), theirs.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var urn = ProviderProperties.BindingUrn("audio-mine");
        var inputs = ProviderProperties.Map(("callType", new PropertyValue("audio_room")), ("externalStorage", new PropertyValue(mine.Name)));
        var bound = await _provider.Create(new CreateRequest(urn, inputs, TimeSpan.Zero, preview: false), Ct);
        var elsewhere = ProviderProperties.Map(("callType", new PropertyValue("audio_room")), ("externalStorage", new PropertyValue(theirs.Name)));
        await _provider.Create(new CreateRequest(ProviderProperties.BindingUrn("audio-theirs"), elsewhere, TimeSpan.Zero, preview: false), Ct);

        await _provider.Delete(new DeleteRequest(urn, bound.Id!, bound.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, inputs), Ct);
        var after = await _provider.Read(new ReadRequest(urn, "audio_room", Empty, Empty), Ct);

        Assert.True(after.Outputs!["externalStorage"].TryGetString(out var storage) && storage == theirs.Name);
        var warning = Assert.Single(_engine.Logs, l => l.Severity == LogSeverity.Warning);
        Assert.Equal(urn, warning.Urn);
        Assert.Equal($"Call type audio_room records to {theirs.Name}, not {mine.Name} as the binding left it: someone changed it since, so it stays as it is instead of going back to stream-s3", warning.Message);
    }

    /// <summary>
    /// <c>pulumi up --replace</c> of a storage and its binding: the engine creates each replacement first, then deletes the
    /// old resource under the same URN. The deletes leave what the replacements took over, and say so under each resource.
    /// </summary>
    [Fact]
    public async Task A_replacement_created_before_the_old_resources_delete_keeps_the_storage_and_binding_stream_holds()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var storageUrn = ProviderProperties.StorageUrn(storage.Name);
        var oldStorage = await _provider.Create(new CreateRequest(storageUrn, storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var bindingUrn = ProviderProperties.BindingUrn("development-recordings");
        var inputs = ProviderProperties.Map(("callType", new PropertyValue("development")), ("externalStorage", new PropertyValue(storage.Name)));
        var oldBinding = await _provider.Create(new CreateRequest(bindingUrn, inputs, TimeSpan.Zero, preview: false), Ct);

        await _provider.Create(new CreateRequest(storageUrn, storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        await _provider.Create(new CreateRequest(bindingUrn, inputs, TimeSpan.Zero, preview: false), Ct);
        await _provider.Delete(new DeleteRequest(bindingUrn, oldBinding.Id!, oldBinding.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, inputs), Ct);
        await _provider.Delete(new DeleteRequest(storageUrn, oldStorage.Id!, oldStorage.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, storage.ToProperties()), Ct);
        var binding = await _provider.Read(new ReadRequest(bindingUrn, "development", Empty, Empty), Ct);
        var kept = await _provider.Read(new ReadRequest(storageUrn, storage.Name, Empty, Empty), Ct);

        Assert.True(binding.Outputs!["externalStorage"].TryGetString(out var bound) && bound == storage.Name);
        Assert.Equal(storage.Name, kept.Id);
        Assert.Equal([bindingUrn, storageUrn], _engine.Logs.Where(l => l.Severity == LogSeverity.Warning).Select(l => l.Urn));

        // The next deployment's provider knows of no takeover: its destroy deletes both.
        var destroying = await fixture.ConfiguredProviderAsync(new RecordingEngine());
        await destroying.Delete(new DeleteRequest(bindingUrn, oldBinding.Id!, oldBinding.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, inputs), Ct);
        await destroying.Delete(new DeleteRequest(storageUrn, oldStorage.Id!, oldStorage.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, storage.ToProperties()), Ct);
        Assert.Null((await destroying.Read(new ReadRequest(storageUrn, storage.Name, Empty, Empty), Ct)).Id);
    }

    [Fact]
    public async Task An_unconfigured_provider_explains_the_missing_settings_without_a_request()
    {
        var provider = new StreamStorageProvider(_engine, _ => null, new StorageRegistrar.Verification.CheckFileVerifier());
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());

        var config = await provider.CheckConfig(new CheckRequest(new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default"), Empty, Empty, ImmutableArray<byte>.Empty), Ct);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: false), Ct));

        Assert.Equal(["apiKey", "apiSecret"], config.Failures!.Select(f => f.Property));
        Assert.Contains("STREAM_API_KEY", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Emulator.Control.GetRequestsAsync(Ct));
    }

    [Fact]
    public async Task An_api_secret_set_in_plain_text_comes_back_from_check_config_as_a_secret_and_the_key_does_not()
    {
        var provider = new StreamStorageProvider(_engine, _ => null, new StorageRegistrar.Verification.CheckFileVerifier());
        var inputs = ImmutableDictionary<string, PropertyValue>.Empty
            .Add("apiKey", new PropertyValue("key"))
            .Add("apiSecret", new PropertyValue("plain-secret"));

        var config = await provider.CheckConfig(new CheckRequest(new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default"), Empty, inputs, ImmutableArray<byte>.Empty), Ct);

        Assert.True(config.Inputs!["apiSecret"].IsSecret);
        Assert.True(config.Inputs["apiSecret"].TryGetString(out var secret) && secret == "plain-secret");
        Assert.False(config.Inputs["apiKey"].IsSecret);
    }

    [Fact]
    public async Task A_provider_the_host_makes_again_after_attach_keeps_the_configuration()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        await _provider.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var store = new ProviderConfigurationStore();
        await new StreamStorageProvider(_engine, store).Configure(fixture.EmulatorConfiguration(), Ct);

        var remade = new StreamStorageProvider(_engine, store);
        var read = await remade.Read(new ReadRequest(ProviderProperties.StorageUrn(storage.Name), storage.Name, Empty, Empty), Ct);

        Assert.Equal(storage.Name, read.Id);
    }

    [Fact]
    public async Task New_credentials_update_the_provider_without_replacing_it()
    {
        var old = ProviderProperties.Map(("apiKey", new PropertyValue("a")), ("apiSecret", new PropertyValue("s").WithSecret(true)));
        var urn = new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default");

        var same = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiSecret", new PropertyValue("s")), ImmutableArray<string>.Empty, old), Ct);
        var rotated = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiSecret", new PropertyValue("t").WithSecret(true)), ImmutableArray<string>.Empty, old), Ct);

        Assert.False(same.Changes);
        Assert.True(rotated.Changes);
        Assert.Equal(["apiSecret"], rotated.Diffs!);
        Assert.Empty(rotated.Replaces!);
    }

    [Fact]
    public async Task A_new_api_key_is_another_app_and_replaces_the_provider()
    {
        var old = ProviderProperties.Map(("apiKey", new PropertyValue("a")), ("apiSecret", new PropertyValue("s").WithSecret(true)));
        var urn = new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default");

        var fromEnvironment = old.Remove("apiKey");

        var otherApp = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiKey", new PropertyValue("b")).SetItem("apiSecret", new PropertyValue("t").WithSecret(true)), ImmutableArray<string>.Empty, old), Ct);
        var movedIntoTheStack = await _provider.DiffConfig(new DiffRequest(urn, "id", fromEnvironment, old, ImmutableArray<string>.Empty, fromEnvironment), Ct);

        Assert.Equal(["apiKey", "apiSecret"], otherApp.Diffs!);
        Assert.Equal(["apiKey"], otherApp.Replaces!);
        // A key that came from STREAM_API_KEY before may be the same app's: an update, never a replacement of everything.
        Assert.Equal(["apiKey"], movedIntoTheStack.Diffs!);
        Assert.Empty(movedIntoTheStack.Replaces!);
    }

    [Fact]
    public async Task A_key_from_stream_api_key_is_recorded_so_that_a_new_one_replaces_the_provider_as_one_in_the_stack_does()
    {
        var urn = new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default");
        var stack = ProviderProperties.Map(("apiSecret", new PropertyValue("s").WithSecret(true)));
        async Task<ImmutableDictionary<string, PropertyValue>> CheckedWith(string key, ImmutableDictionary<string, PropertyValue> olds) =>
            (await new StreamStorageProvider(_engine, name => name == "STREAM_API_KEY" ? key : null, new StorageRegistrar.Verification.CheckFileVerifier())
                .CheckConfig(new CheckRequest(urn, olds, stack, ImmutableArray<byte>.Empty), Ct)).Inputs!.ToImmutableDictionary();

        var first = await CheckedWith(" a ", Empty);
        var same = await CheckedWith("a", first);
        var otherApp = await CheckedWith("b", first);
        var unchanged = await _provider.DiffConfig(new DiffRequest(urn, "id", first, same, ImmutableArray<string>.Empty, first), Ct);
        var replaced = await _provider.DiffConfig(new DiffRequest(urn, "id", first, otherApp, ImmutableArray<string>.Empty, first), Ct);

        Assert.True(first["apiKey"].TryGetString(out var recorded) && recorded == "a");
        Assert.False(first["apiKey"].IsSecret);
        Assert.False(unchanged.Changes);
        Assert.Equal(["apiKey"], replaced.Replaces!);
    }

    [Fact]
    public async Task An_api_key_that_differs_only_in_blanks_or_is_left_to_the_environment_replaces_nothing()
    {
        var old = ProviderProperties.Map(("apiKey", new PropertyValue("a")), ("apiSecret", new PropertyValue("s").WithSecret(true)));
        var urn = new global::Pulumi.Urn("urn:pulumi:test::p::pulumi:providers:streamstorage::default");

        var padded = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiKey", new PropertyValue(" a ")), ImmutableArray<string>.Empty, old), Ct);
        var blank = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiKey", new PropertyValue("")), ImmutableArray<string>.Empty, old), Ct);
        var unknown = await _provider.DiffConfig(new DiffRequest(urn, "id", old, old.SetItem("apiKey", PropertyValue.Computed), ImmutableArray<string>.Empty, old), Ct);

        Assert.False(padded.Changes);
        Assert.True(blank.Changes);
        Assert.Equal(["apiKey"], blank.Diffs!);
        Assert.Empty(blank.Replaces!);
        Assert.Equal(["apiKey"], unknown.Replaces!);
    }

    private Task<DiffResponse> DiffAsync(ImmutableDictionary<string, PropertyValue> old, ImmutableDictionary<string, PropertyValue> @new) =>
        _provider.Diff(new DiffRequest(ProviderProperties.StorageUrn("diff"), "diff", old, @new, ImmutableArray<string>.Empty, old), Ct);
}
