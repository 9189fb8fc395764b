using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Tests.Fixtures;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Resources;

/// <summary>The resource lifecycles against the Stream emulator writing into the local object stores.</summary>
[Collection(StreamEmulatorCollection.Name)]
public sealed class ResourceLifecycleTests(StreamEmulatorFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(1);

    private StreamRegistrarScope _scope = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        _scope = new StreamRegistrarScope(fixture);
    }

    public ValueTask DisposeAsync()
    {
        _scope.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Create_registers_the_storage_and_reports_the_check_file()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());

        var outputs = await _scope.Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.False(string.IsNullOrEmpty(outputs.FileUrl));
        Assert.NotNull(outputs.CheckedAt);
        Assert.Same(declaration, outputs.Inputs.Declaration);
        var stored = await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct);
        Assert.Equal(new ExternalStorageState(declaration.Name!, StorageTypes.S3, declaration.Bucket!, declaration.Path!), stored);
    }

    [Fact]
    public async Task Create_with_verification_finds_and_deletes_the_check_file()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());

        var outputs = await _scope.Storages.CreateAsync(Inputs(declaration) with { Check = new StorageCheckSettings { VerifyCheckFile = true } }, Ct);

        using var owner = fixture.Stores.S3.CreateClient();
        var listed = await owner.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = declaration.Bucket, Prefix = declaration.Path }, Ct);
        Assert.False(string.IsNullOrEmpty(outputs.FileUrl));
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task A_create_whose_check_fails_removes_the_storage_it_made_and_a_retry_succeeds()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var missingBucket = declaration with { Bucket = "missing-" + StreamEmulatorFixture.Suffix() };

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(
            () => _scope.Storages.CreateAsync(Inputs(missingBucket, ShortDeadline), Ct));

        Assert.IsType<StorageCheckFailedException>(failure.InnerException);
        Assert.Contains("removed from Stream again", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(declaration.AwsS3!.Secret!.Reveal(), failure.Message, StringComparison.Ordinal);
        Assert.Null(await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct));

        var retried = await _scope.Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.False(string.IsNullOrEmpty(retried.FileUrl));
    }

    [Fact]
    public async Task A_failed_create_over_a_storage_that_existed_before_leaves_it_for_the_next_run()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await _scope.Registrar.EnsureAsync(declaration, ct: Ct);
        var missingBucket = declaration with { Bucket = "missing-" + StreamEmulatorFixture.Suffix() };

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(
            () => _scope.Storages.CreateAsync(Inputs(missingBucket, ShortDeadline), Ct));

        Assert.Contains("existed before this create", failure.Message, StringComparison.Ordinal);
        Assert.Equal(missingBucket.Bucket, (await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct))!.Bucket);

        var adopted = await _scope.Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.Equal(declaration.Bucket, (await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct))!.Bucket);
        Assert.False(string.IsNullOrEmpty(adopted.FileUrl));
    }

    [Fact]
    public async Task Update_moves_the_storage_to_a_new_bucket_and_checks_it_again()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await _scope.Storages.CreateAsync(Inputs(declaration), Ct);
        var moved = await fixture.S3StorageAsync(declaration.Name!, path: "moved/");

        var updated = await _scope.Storages.UpdateAsync(created, Inputs(moved), Ct);

        Assert.NotEqual(created.FileUrl, updated.FileUrl);
        var stored = await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct);
        Assert.Equal((moved.Bucket, "moved/"), (stored!.Bucket, stored.Path));
    }

    [Fact]
    public async Task Read_refreshes_from_Stream_and_reports_a_deleted_storage_as_gone()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await _scope.Storages.CreateAsync(Inputs(declaration), Ct);

        var refreshed = await _scope.Storages.ReadAsync(declaration.Name!, created, Ct);
        var imported = await _scope.Storages.ReadAsync(declaration.Name!, known: null, Ct);
        await _scope.Storages.DeleteAsync(declaration.Name!, Ct);
        var gone = await _scope.Storages.ReadAsync(declaration.Name!, created, Ct);

        Assert.Equal(created, refreshed);
        Assert.Null(imported!.Inputs.Declaration.AwsS3);
        Assert.Equal(declaration.Bucket, imported.Inputs.Declaration.Bucket);
        Assert.Null(gone);
    }

    [Fact]
    public async Task Concurrent_reads_share_one_list_call()
    {
        var first = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var second = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await _scope.Registrar.EnsureAsync(first, ct: Ct);
        await _scope.Registrar.EnsureAsync(second, ct: Ct);
        await fixture.Emulator.Control.ClearRequestsAsync(Ct);

        var reads = await Task.WhenAll(
            _scope.Storages.ReadAsync(first.Name!, null, Ct),
            _scope.Storages.ReadAsync(second.Name!, null, Ct));

        Assert.All(reads, Assert.NotNull);
        var requests = await fixture.RequestsAsync();
        Assert.Single(requests, r => r.Method == "GET" && r.Path.EndsWith("/external_storage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_is_refused_while_a_call_type_records_to_the_storage_and_succeeds_after_unbinding()
    {
        var declaration = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await _scope.Storages.CreateAsync(Inputs(declaration), Ct);
        var binding = await _scope.Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "default", ExternalStorage = declaration.Name }, Ct);

        await Assert.ThrowsAsync<StorageInUseException>(() => _scope.Storages.DeleteAsync(declaration.Name!, Ct));

        await _scope.Bindings.DeleteAsync(binding, Ct);
        await _scope.Storages.DeleteAsync(declaration.Name!, Ct);
        await _scope.Storages.DeleteAsync(declaration.Name!, Ct);

        Assert.Null(await _scope.Registrar.ReadStorageAsync(declaration.Name!, Ct));
    }

    [Fact]
    public async Task A_binding_remembers_the_storage_before_it_keeps_that_across_updates_and_restores_it()
    {
        var before = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var first = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var second = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        foreach (var storage in new[] { before, first, second })
        {
            await _scope.Registrar.EnsureAsync(storage, ct: Ct);
        }

        await _scope.Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = "livestream", ExternalStorage = before.Name }, Ct);

        var created = await _scope.Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "livestream", ExternalStorage = first.Name }, Ct);
        var updated = await _scope.Bindings.UpdateAsync(created, created.Binding with { ExternalStorage = second.Name }, Ct);
        var read = await _scope.Bindings.ReadAsync("livestream", updated, Ct);
        await _scope.Bindings.DeleteAsync(updated, Ct);

        Assert.Equal(before.Name, created.PreviousExternalStorage);
        Assert.Equal(before.Name, updated.PreviousExternalStorage);
        Assert.Equal(updated, read);
        Assert.Equal(before.Name, (await _scope.Registrar.ReadBindingAsync("livestream", Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task A_binding_is_gone_once_its_call_type_records_to_Stream_s_own_storage_again()
    {
        var storage = await fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await _scope.Registrar.EnsureAsync(storage, ct: Ct);
        var created = await _scope.Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "audio_room", ExternalStorage = storage.Name }, Ct);

        await _scope.Registrar.UnbindAsync("audio_room", restoreTo: null, Ct);

        Assert.Null(created.PreviousExternalStorage);
        Assert.Null(await _scope.Bindings.ReadAsync("audio_room", created, Ct));
    }

    private static ExternalStorageInputs Inputs(StorageDeclaration declaration, TimeSpan? deadline = null) =>
        new(declaration, new StorageCheckSettings { Deadline = deadline });

    /// <summary>One client, registrar and pair of lifecycles per test, all aimed at the emulator.</summary>
    private sealed class StreamRegistrarScope : IDisposable
    {
        private readonly StreamClient _client;

        public StreamRegistrarScope(StreamEmulatorFixture fixture)
        {
            _client = fixture.CreateClient();
            Registrar = fixture.CreateRegistrar(_client);
            var verifier = new CheckFileVerifier(new CheckFileVerifierOptions { S3ClientFactory = _ => fixture.Stores.S3.CreateClient() });
            Storages = new ExternalStorageLifecycle(Registrar, verifier);
            Bindings = new CallTypeBindingLifecycle(Registrar);
        }

        public ExternalStorageRegistrar Registrar { get; }

        public ExternalStorageLifecycle Storages { get; }

        public CallTypeBindingLifecycle Bindings { get; }

        public void Dispose() => _client.Dispose();
    }
}
