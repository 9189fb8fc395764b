using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Tests.Registration;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Resources;

/// <summary>The resource lifecycles against the Stream emulator writing into the local object stores.</summary>
public sealed class ResourceLifecycleTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(1);

    private ExternalStorageLifecycle Storages { get; set; } = null!;

    private CallTypeBindingLifecycle Bindings { get; set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var verifier = new CheckFileVerifier(new CheckFileVerifierOptions { S3ClientFactory = _ => Fixture.Stores.S3.CreateClient() });
        Storages = new ExternalStorageLifecycle(Registrar, verifier);
        Bindings = new CallTypeBindingLifecycle(Registrar);
    }

    [Fact]
    public async Task Create_registers_the_storage_and_reports_the_check_file()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());

        var outputs = await Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.False(string.IsNullOrEmpty(outputs.FileUrl));
        Assert.NotNull(outputs.CheckedAt);
        Assert.Same(declaration, outputs.Inputs.Declaration);
        var stored = await Registrar.ReadStorageAsync(declaration.Name!, Ct);
        Assert.Equal(new ExternalStorageState(declaration.Name!, StorageTypes.S3, declaration.Bucket!, declaration.Path!), stored);
    }

    [Fact]
    public async Task Create_with_verification_finds_and_deletes_the_check_file()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());

        var outputs = await Storages.CreateAsync(Inputs(declaration) with { Check = new StorageCheckSettings { VerifyCheckFile = true } }, Ct);

        using var owner = Fixture.Stores.S3.CreateClient();
        var listed = await owner.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = declaration.Bucket, Prefix = declaration.Path }, Ct);
        Assert.False(string.IsNullOrEmpty(outputs.FileUrl));
        Assert.Empty(listed.S3Objects ?? []);
        Assert.True(outputs.CheckFile?.Deleted);
        Assert.Equal($"Stream's check wrote {outputs.FileUrl}; check file deleted", outputs.CheckSummary);
    }

    [Fact]
    public async Task Without_the_owners_credentials_a_verified_create_and_update_stop_before_writing_to_stream()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await Storages.CreateAsync(Inputs(declaration), Ct);
        // The owner's default S3 client, signing in with a profile this machine does not have.
        var unsigned = new ExternalStorageLifecycle(Registrar, new CheckFileVerifier(new CheckFileVerifierOptions { AwsProfile = _ => "no-such-owner-profile" }));
        var verified = Inputs(declaration with { Name = "rec-" + StreamEmulatorFixture.Suffix() }) with { Check = new StorageCheckSettings { VerifyCheckFile = true } };
        await ClearRequestsAsync();

        var refused = await Assert.ThrowsAsync<OwnerCredentialsMissingException>(() => unsigned.CreateAsync(verified, Ct));
        await Assert.ThrowsAsync<OwnerCredentialsMissingException>(() => unsigned.UpdateAsync(created, created.Inputs with { Check = verified.Check }, Ct));

        Assert.Equal(StorageTypes.S3, refused.StorageType);
        Assert.Contains("no-such-owner-profile", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Under_a_retention_lock_create_keeps_the_check_file_and_says_until_when_as_expected()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        Fixture.Stores.S3.Locks.Lock(declaration.Bucket!, new RetentionLock(2555, RetentionLockMode.Compliance));

        var outputs = await Storages.CreateAsync(Inputs(declaration) with { Check = new StorageCheckSettings { VerifyCheckFile = true } }, Ct);

        using var owner = Fixture.Stores.S3.CreateClient();
        var kept = Assert.Single((await owner.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = declaration.Bucket, Prefix = declaration.Path }, Ct)).S3Objects);
        var retainUntil = (await owner.GetObjectMetadataAsync(declaration.Bucket, kept.Key, Ct)).ObjectLockRetainUntilDate!.Value;
        Assert.Equal(new CheckFileVerification(Deleted: false, kept.Key, kept.Size!.Value, new DateTimeOffset(retainUntil)), outputs.CheckFile);
        Assert.Equal($"Stream's check wrote {outputs.FileUrl}; check file kept until {retainUntil.ToUniversalTime():yyyy-MM-dd} under the retention lock", outputs.CheckSummary);
        Assert.NotNull(await Registrar.ReadStorageAsync(declaration.Name!, Ct));
    }

    [Fact]
    public async Task A_create_whose_check_fails_removes_the_storage_it_made_and_a_retry_succeeds()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var missingBucket = declaration with { Bucket = "missing-" + StreamEmulatorFixture.Suffix() };

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(
            () => Storages.CreateAsync(Inputs(missingBucket, ShortDeadline), Ct));

        Assert.IsType<StorageCheckFailedException>(failure.InnerException);
        Assert.Contains("removed from Stream again", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(declaration.AwsS3!.Secret!.Reveal(), failure.Message, StringComparison.Ordinal);
        Assert.Null(await Registrar.ReadStorageAsync(declaration.Name!, Ct));

        var retried = await Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.False(string.IsNullOrEmpty(retried.FileUrl));
    }

    /// <summary>The resource hands its declaration's credentials to the check, whose cloud refusal may quote them.</summary>
    [Fact]
    public async Task A_create_whose_check_refusal_quotes_the_key_file_fails_with_the_key_masked()
    {
        var declaration = Fixture.GcsStorage("rec-" + StreamEmulatorFixture.Suffix());
        var material = StreamEmulatorFixture.SecretMaterial(declaration.GcsCredentials!.Reveal()).ToList();
        await SetFaultAsync(StreamEmulatorFixture.CheckRefusalQuoting(material[0], material[^1]));

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(() => Storages.CreateAsync(Inputs(declaration, ShortDeadline), Ct));

        Assert.Contains("credentials [secret] were refused", failure.Message, StringComparison.Ordinal);
        var printed = failure + Environment.NewLine + Fixture.Logs.AllText;
        Assert.All(material, m => Assert.False(printed.Contains(m, StringComparison.Ordinal), $"{m.Length} characters of the key file were printed"));
    }

    [Fact]
    public async Task A_custom_timeout_counts_from_the_operations_start_and_ends_a_longer_check_deadline()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var missingBucket = declaration with { Bucket = "missing-" + StreamEmulatorFixture.Suffix() };
        var timed = new ExternalStorageLifecycle(Registrar, new CheckFileVerifier(new CheckFileVerifierOptions()), operationTimeout: TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(
            () => timed.CreateAsync(Inputs(missingBucket, TimeSpan.FromMinutes(10)), Ct));

        var check = Assert.IsType<StorageCheckFailedException>(failure.InnerException);
        Assert.Contains("still failing when the operation's custom timeout ran out", check.Message, StringComparison.Ordinal);
        // What registration took before the check is spent from the same second.
        Assert.True(check.Deadline < TimeSpan.FromSeconds(1), $"deadline {check.Deadline}");
        Assert.Null(await Registrar.ReadStorageAsync(declaration.Name!, Ct));
    }

    [Fact]
    public async Task A_failed_create_over_an_identical_storage_keeps_it_for_the_next_run()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var missingBucket = declaration with { Bucket = "missing-" + StreamEmulatorFixture.Suffix() };
        await Registrar.EnsureAsync(missingBucket, ct: Ct);

        var failure = await Assert.ThrowsAsync<ResourceOperationException>(
            () => Storages.CreateAsync(Inputs(missingBucket, ShortDeadline), Ct));

        Assert.Contains("existed before this create with the same type, bucket and path, so it was kept", failure.Message, StringComparison.Ordinal);
        Assert.Equal(missingBucket.Bucket, (await Registrar.ReadStorageAsync(declaration.Name!, Ct))!.Bucket);

        await Fixture.Stores.S3.CreateBucketAsync(missingBucket.Bucket!, Ct);
        var adopted = await Storages.CreateAsync(Inputs(missingBucket), Ct);

        Assert.False(string.IsNullOrEmpty(adopted.FileUrl));
    }

    [Fact]
    public async Task A_create_over_an_identical_leftover_takes_it_over_sending_the_credentials_and_checks_it()
    {
        var declaration = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await ClearRequestsAsync();

        var outputs = await Storages.CreateAsync(Inputs(declaration), Ct);

        Assert.Contains($"/{declaration.Bucket}/{declaration.Path}stream-", outputs.FileUrl, StringComparison.Ordinal);
        Assert.Equal(["UpdateExternalStorage"], (await WritesAsync()).Select(w => w.Operation));
    }

    [Theory]
    [InlineData("bucket")]
    [InlineData("path")]
    [InlineData("type")]
    public async Task A_create_over_another_storage_of_the_same_name_fails_before_any_write_and_leaves_it_and_its_call_types_alone(string difference)
    {
        var name = "rec-" + StreamEmulatorFixture.Suffix();
        var declaration = await Fixture.S3StorageAsync(name);
        var theirs = difference switch
        {
            "bucket" => await Fixture.S3StorageAsync(name),
            "path" => declaration with { Path = "theirs/" },
            _ => Fixture.GcsStorage(name) with { Bucket = declaration.Bucket, Path = declaration.Path },
        };
        await Registrar.EnsureAsync(theirs, ct: Ct);
        var callType = await CreateCallTypeAsync(name);
        var before = await Registrar.ReadStorageAsync(name, Ct);
        await ClearRequestsAsync();

        var refused = await Assert.ThrowsAsync<StorageTakeoverRefusedException>(() => Storages.CreateAsync(Inputs(declaration), Ct));

        Assert.Empty(await WritesAsync());
        Assert.Equal(before, refused.Existing);
        Assert.Contains($"bucket '{theirs.Bucket}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"pulumi import {ResourceTokens.ExternalStorage} <resource-name> {name}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(declaration.AwsS3!.Secret!.Reveal(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Registrar.ReadStorageAsync(name, Ct));
        Assert.Equal(name, (await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task Update_moves_the_storage_to_a_new_bucket_and_checks_it_again()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await Storages.CreateAsync(Inputs(declaration), Ct);
        var moved = await Fixture.S3StorageAsync(declaration.Name!, path: "moved/");

        var updated = await Storages.UpdateAsync(created, Inputs(moved), Ct);

        Assert.NotEqual(created.FileUrl, updated.FileUrl);
        var stored = await Registrar.ReadStorageAsync(declaration.Name!, Ct);
        Assert.Equal((moved.Bucket, "moved/"), (stored!.Bucket, stored.Path));
    }

    [Fact]
    public async Task Read_refreshes_from_Stream_and_reports_a_deleted_storage_as_gone()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await Storages.CreateAsync(Inputs(declaration), Ct);

        var refreshed = await Storages.ReadAsync(declaration.Name!, created, Ct);
        var imported = await Storages.ReadAsync(declaration.Name!, known: null, Ct);
        await Storages.DeleteAsync(declaration.Name!, created, Ct);
        var gone = await Storages.ReadAsync(declaration.Name!, created, Ct);

        Assert.Equal(created, refreshed);
        Assert.Null(imported!.Inputs.Declaration.AwsS3);
        Assert.Equal(declaration.Bucket, imported.Inputs.Declaration.Bucket);
        Assert.Null(gone);
    }

    [Fact]
    public async Task Concurrent_reads_share_one_list_call()
    {
        var first = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var second = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await Registrar.EnsureAsync(first, ct: Ct);
        await Registrar.EnsureAsync(second, ct: Ct);
        await ClearRequestsAsync();

        var reads = await Task.WhenAll(
            Storages.ReadAsync(first.Name!, null, Ct),
            Storages.ReadAsync(second.Name!, null, Ct));

        Assert.All(reads, Assert.NotNull);
        var requests = await RequestsAsync();
        Assert.Single(requests, r => r.Method == "GET" && r.Path.EndsWith("/external_storage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_is_refused_while_a_call_type_records_to_the_storage_and_succeeds_after_unbinding()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        await Storages.CreateAsync(Inputs(declaration), Ct);
        var binding = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "default", ExternalStorage = declaration.Name }, Ct);

        await Assert.ThrowsAsync<StorageInUseException>(() => Storages.DeleteAsync(declaration.Name!, known: null, Ct));

        await Bindings.DeleteAsync(binding, Ct);
        await Storages.DeleteAsync(declaration.Name!, known: null, Ct);
        await Storages.DeleteAsync(declaration.Name!, known: null, Ct);

        Assert.Null(await Registrar.ReadStorageAsync(declaration.Name!, Ct));
    }

    /// <summary>
    /// <c>pulumi up --replace</c> of a storage and its binding: each replacement is created first and finds what it declares
    /// in place, and the old resources' deletes that follow in the same deployment leave what the new ones hold.
    /// </summary>
    [Fact]
    public async Task A_delete_after_a_create_of_the_same_deployment_took_the_storage_and_binding_over_leaves_them()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var before = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var callType = await CreateCallTypeAsync(before.Name);
        var oldStorage = await Storages.CreateAsync(Inputs(declaration), Ct);
        var oldBinding = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = declaration.Name }, Ct);
        var takeovers = new DeploymentTakeovers();
        var storages = new ExternalStorageLifecycle(Registrar, new CheckFileVerifier(), takeovers: takeovers);
        var bindings = new CallTypeBindingLifecycle(Registrar, takeovers);

        await storages.CreateAsync(Inputs(declaration), Ct);
        await bindings.CreateAsync(oldBinding.Binding, Ct);
        var unbound = await bindings.DeleteAsync(oldBinding, Ct);
        await storages.DeleteAsync(declaration.Name!, oldStorage, Ct);

        Assert.Equal(UnbindOutcome.TakenOver, unbound.Outcome);
        Assert.Equal(declaration.Name, (await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
        Assert.NotNull(await Registrar.ReadStorageAsync(declaration.Name!, Ct));
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains($"Storage {declaration.Name} was left as it is: a create of this deployment found it as declared and took it over", StringComparison.Ordinal));
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains($"The binding of call type {callType} was left as it is", StringComparison.Ordinal));
        // The replacement found the call type bound already: what it used before is said, since no binding restores it now.
        Assert.Equal(before.Name, oldBinding.PreviousExternalStorage);
        Assert.Contains(Fixture.Logs.Entries, e => e.Contains(
            $"Call type {callType} used {before.Name} before its binding, which the binding that took it over does not know: its delete will point the call type at stream-s3",
            StringComparison.Ordinal));
    }

    /// <summary>Stream names its own storage either way, stream-s3 or none: a binding to it found under either is taken over.</summary>
    [Fact]
    public async Task A_binding_to_streams_own_storage_found_reported_as_none_is_taken_over()
    {
        var callType = await CreateCallTypeAsync();
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = StorageTypes.StreamDefaultStorage };
        var oldBinding = await Bindings.CreateAsync(binding, Ct);
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = "" }, Ct);
        var bindings = new CallTypeBindingLifecycle(Registrar, new DeploymentTakeovers());

        await bindings.CreateAsync(binding, Ct);
        var unbound = await bindings.DeleteAsync(oldBinding, Ct);

        Assert.Equal((UnbindOutcome.TakenOver, (string?)null), (unbound.Outcome, unbound.ExternalStorage));
    }

    /// <summary>What a create of the deployment made anew is its own to delete, as is anything with no ledger kept.</summary>
    [Fact]
    public async Task A_delete_of_what_the_deployments_creates_made_anew_goes_through()
    {
        var declaration = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var callType = await CreateCallTypeAsync();
        var takeovers = new DeploymentTakeovers();
        var storages = new ExternalStorageLifecycle(Registrar, new CheckFileVerifier(), takeovers: takeovers);
        var bindings = new CallTypeBindingLifecycle(Registrar, takeovers);

        var created = await storages.CreateAsync(Inputs(declaration), Ct);
        var bound = await bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = declaration.Name }, Ct);
        var unbound = await bindings.DeleteAsync(bound, Ct);
        await storages.DeleteAsync(declaration.Name!, created, Ct);

        Assert.Equal(UnbindOutcome.Restored, unbound.Outcome);
        Assert.Null(await Registrar.ReadStorageAsync(declaration.Name!, Ct));
    }

    [Fact]
    public async Task A_binding_remembers_the_storage_before_it_keeps_that_across_updates_and_restores_it()
    {
        var before = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var first = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var second = await Fixture.S3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        foreach (var storage in new[] { before, first, second })
        {
            await Registrar.EnsureAsync(storage, ct: Ct);
        }

        await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = "livestream", ExternalStorage = before.Name }, Ct);

        var created = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "livestream", ExternalStorage = first.Name }, Ct);
        var updated = await Bindings.UpdateAsync(created, created.Binding with { ExternalStorage = second.Name }, Ct);
        var read = await Bindings.ReadAsync("livestream", updated, Ct);
        await Bindings.DeleteAsync(updated, Ct);

        Assert.Equal(before.Name, created.PreviousExternalStorage);
        Assert.Equal(before.Name, updated.PreviousExternalStorage);
        Assert.Equal(updated, read);
        Assert.Equal(before.Name, (await Registrar.ReadBindingAsync("livestream", Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task A_binding_is_gone_once_its_call_type_records_to_Stream_s_own_storage_again()
    {
        var storage = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var created = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = "audio_room", ExternalStorage = storage.Name }, Ct);

        await Registrar.UnbindAsync("audio_room", restoreTo: null, Ct);

        Assert.Null(created.PreviousExternalStorage);
        Assert.Null(await Bindings.ReadAsync("audio_room", created, Ct));
    }

    [Fact]
    public async Task A_binding_whose_call_type_someone_pointed_elsewhere_is_gone_on_refresh_so_no_destroy_undoes_their_choice()
    {
        var ours = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var theirs = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var callType = await CreateCallTypeAsync();
        var created = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = ours.Name }, Ct);
        await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = theirs.Name }, Ct);

        Assert.Null(await Bindings.ReadAsync(callType, created, Ct));
        // Imported, with nothing known, the binding is what Stream has.
        Assert.Equal(theirs.Name, (await Bindings.ReadAsync(callType, known: null, Ct))!.Binding.ExternalStorage);
        Assert.Equal(theirs.Name, (await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task A_binding_to_Stream_s_own_storage_survives_a_refresh_and_still_restores_the_storage_before_it()
    {
        var before = await EnsureS3StorageAsync("rec-" + StreamEmulatorFixture.Suffix());
        var callType = await CreateCallTypeAsync(before.Name);
        var created = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = StorageTypes.StreamDefaultStorage }, Ct);
        Assert.Equal(StorageTypes.StreamDefaultStorage, (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);

        var read = await Bindings.ReadAsync(callType, created, Ct);
        await Bindings.DeleteAsync(read!, Ct);

        Assert.Equal(before.Name, created.PreviousExternalStorage);
        Assert.Equal(created, read);
        Assert.Equal(before.Name, (await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task A_binding_to_Stream_s_own_storage_stays_while_Stream_reports_no_external_storage_for_its_call_type()
    {
        var callType = await CreateCallTypeAsync();
        var known = new CallTypeBindingOutputs(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = StorageTypes.StreamDefaultStorage }, PreviousExternalStorage: null);
        Assert.Null((await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);

        Assert.Equal(known, await Bindings.ReadAsync(callType, known, Ct));
    }

    [Fact]
    public async Task A_binding_to_Stream_s_own_storage_is_gone_with_its_call_type()
    {
        var callType = await CreateCallTypeAsync();
        var created = await Bindings.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = StorageTypes.StreamDefaultStorage }, Ct);

        await Client.DeleteCallTypeAsync(callType, Ct);

        Assert.Null(await Bindings.ReadAsync(callType, created, Ct));
    }

    private static ExternalStorageInputs Inputs(StorageDeclaration declaration, TimeSpan? deadline = null) =>
        new(declaration, new StorageCheckSettings { Deadline = deadline });
}
