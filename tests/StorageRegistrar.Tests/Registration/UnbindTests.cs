using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Registration;

/// <summary>Undoing a binding restores the call type only while it still records to the binding's storage.</summary>
public sealed class UnbindTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task Unbind_restores_the_previous_storage_while_the_call_type_still_records_to_the_bound_one()
    {
        await EnsureS3StorageAsync("unbind-before");
        var (binding, bound) = await BindNewCallTypeAsync("unbind-bound", recordsTo: "unbind-before");
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.Restored, "unbind-before"), result);
        Assert.Equal(["GetCallType", "UpdateCallType"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal("unbind-before", (await Client.GetCallTypeAsync(bound.CallType, Ct)).ExternalStorage);
    }

    [Fact]
    public async Task Unbind_restores_a_storage_made_elsewhere_under_a_name_the_stack_would_not_give()
    {
        var made = await Fixture.S3StorageAsync("unbind-made");
        var elsewhere = $"Team.Recordings_{StreamEmulatorFixture.Suffix()}";
        await Client.CreateExternalStorageAsync(
            new CreateExternalStorageRequest
            {
                Name = elsewhere,
                StorageType = made.StorageType!,
                Bucket = made.Bucket!,
                Path = made.Path,
                AwsS3 = new S3Request { S3Region = made.AwsS3!.Region!, S3ApiKey = made.AwsS3.ApiKey, S3Secret = made.AwsS3.Secret, S3CustomEndpointUrl = made.AwsS3.CustomEndpointUrl },
            },
            Ct);
        var (binding, bound) = await BindNewCallTypeAsync("unbind-odd", recordsTo: elsewhere);

        var result = await Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct);

        Assert.Equal(elsewhere, bound.PreviousExternalStorage);
        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.Restored, elsewhere), result);
        Assert.Equal(elsewhere, (await Client.GetCallTypeAsync(bound.CallType, Ct)).ExternalStorage);
    }

    [Fact]
    public async Task Unbind_to_Stream_s_default_sends_stream_s3()
    {
        var (binding, bound) = await BindNewCallTypeAsync("unbind-to-default");

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.Restored, null), result);
        Assert.Equal(StorageTypes.StreamDefaultStorage, (await Client.GetCallTypeAsync(bound.CallType, Ct)).ExternalStorage);
        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("unbind-to-default", seenAt: null, Ct));
    }

    [Fact]
    public async Task Unbind_leaves_a_call_type_someone_pointed_elsewhere_as_it_is_and_warns()
    {
        await EnsureS3StorageAsync("unbind-theirs");
        var (binding, bound) = await BindNewCallTypeAsync("unbind-ours");
        await Client.UpdateCallTypeAsync(bound.CallType, new UpdateCallTypeRequest { ExternalStorage = "unbind-theirs" }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.ChangedElsewhere, "unbind-theirs"), result);
        Assert.Equal(["GetCallType"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal("unbind-theirs", (await Client.GetCallTypeAsync(bound.CallType, Ct)).ExternalStorage);
        var warning = Assert.Single(Fixture.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains(bound.CallType, StringComparison.Ordinal));
        Assert.Contains("records to unbind-theirs, not unbind-ours", warning, StringComparison.Ordinal);
        Assert.All(Fixture.Secrets, secret => Assert.DoesNotContain(secret, warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unbind_leaves_a_call_type_put_back_on_Stream_s_storage_by_hand_alone_when_something_else_was_to_be_restored()
    {
        await EnsureS3StorageAsync("unbind-prev");
        var (binding, bound) = await BindNewCallTypeAsync("unbind-mine", recordsTo: "unbind-prev");
        await Client.UpdateCallTypeAsync(bound.CallType, new UpdateCallTypeRequest { ExternalStorage = StorageTypes.StreamDefaultStorage }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, "unbind-prev", Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.ChangedElsewhere, null), result);
        Assert.Empty(await WritesAsync());
        Assert.Null((await Registrar.ReadBindingAsync(bound.CallType, Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task Unbind_writes_nothing_when_the_call_type_already_records_to_the_storage_to_restore()
    {
        var (binding, bound) = await BindNewCallTypeAsync("unbind-done");
        // Stream's "" and "stream-s3" both mean its own storage.
        await Client.UpdateCallTypeAsync(bound.CallType, new UpdateCallTypeRequest { ExternalStorage = "" }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.AlreadyRestored, null), result);
        Assert.Equal(["GetCallType"], (await RequestsAsync()).Select(r => r.Operation));
    }

    [Fact]
    public async Task Unbinding_a_deleted_call_type_succeeds_after_one_read()
    {
        var (binding, bound) = await BindNewCallTypeAsync("unbind-gone");
        await Client.DeleteCallTypeAsync(bound.CallType, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(bound.CallType, UnbindOutcome.CallTypeGone, null), result);
        Assert.Equal([("GetCallType", 404)], (await RequestsAsync()).Select(r => (r.Operation!, r.Status)));
    }

    [Fact]
    public async Task Unbind_to_a_storage_that_no_longer_exists_fails_and_keeps_the_binding()
    {
        await EnsureS3StorageAsync("unbind-deleted-prev");
        var (binding, bound) = await BindNewCallTypeAsync("unbind-kept", recordsTo: "unbind-deleted-prev");
        await Registrar.DeleteAsync("unbind-deleted-prev", seenAt: null, Ct);

        var error = await Assert.ThrowsAsync<RestoreTargetGoneException>(() => Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct));

        Assert.Equal((bound.CallType, "unbind-deleted-prev"), (error.CallType, error.RestoreTo));
        Assert.Contains($"cannot go back to storage 'unbind-deleted-prev', which Stream no longer has, so it was left recording to 'unbind-kept'", error.Message, StringComparison.Ordinal);
        Assert.Contains("then run the delete again", error.Message, StringComparison.Ordinal);
        Assert.IsType<StreamApiException>(error.InnerException);
        Assert.Equal("unbind-kept", (await Client.GetCallTypeAsync(bound.CallType, Ct)).ExternalStorage);
    }

    [Fact]
    public async Task Deleting_a_binding_resource_leaves_a_call_type_pointed_elsewhere_alone()
    {
        await EnsureS3StorageAsync("unbind-resource");
        await EnsureS3StorageAsync("unbind-operator");
        var callType = await CreateCallTypeAsync();
        var lifecycle = new CallTypeBindingLifecycle(Registrar);
        var created = await lifecycle.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-resource" }, Ct);
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = "unbind-operator" }, Ct);

        var result = await lifecycle.DeleteAsync(created, Ct);

        Assert.Equal(UnbindOutcome.ChangedElsewhere, result.Outcome);
        Assert.Equal("unbind-operator", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("unbind-resource", seenAt: null, Ct));
    }

    [Fact]
    public async Task Unbind_names_every_bad_field_before_any_request()
    {
        var error = await Assert.ThrowsAsync<DeclarationValidationException>(() =>
            Registrar.UnbindAsync(new CallTypeBindingDeclaration { CallType = "bad/type", ExternalStorage = "" }, "recordings\u001b[2J", Ct));

        Assert.Equal(
            [DeclarationFields.CallType, DeclarationFields.ExternalStorage, ExternalStorageRegistrar.RestoreToField],
            error.Problems.Select(p => p.Field));
        Assert.Empty(await RequestsAsync());
    }
}
