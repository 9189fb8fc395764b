using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Tests.Fixtures;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Registration;

/// <summary>Undoing a binding restores the call type only while it still records to the binding's storage.</summary>
[Collection(StreamEmulatorCollection.Name)]
public sealed class UnbindTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task Unbind_restores_the_previous_storage_while_the_call_type_still_records_to_the_bound_one()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-before"), ct: Ct);
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-bound"), ct: Ct);
        var callType = await CreateCallTypeAsync("unbind-before");
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-bound" };
        var bound = await Registrar.BindAsync(binding, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.Restored, "unbind-before"), result);
        Assert.Equal(["GetCallType", "UpdateCallType"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal("unbind-before", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
    }

    [Fact]
    public async Task Unbind_to_Stream_s_default_sends_stream_s3()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-to-default"), ct: Ct);
        var callType = await CreateCallTypeAsync();
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-to-default" };
        await Registrar.BindAsync(binding, Ct);

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.Restored, null), result);
        Assert.Equal(StorageTypes.StreamDefaultStorage, (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("unbind-to-default", Ct));
    }

    [Fact]
    public async Task Unbind_leaves_a_call_type_someone_pointed_elsewhere_as_it_is_and_warns()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-ours"), ct: Ct);
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-theirs"), ct: Ct);
        var callType = await CreateCallTypeAsync();
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-ours" };
        var bound = await Registrar.BindAsync(binding, Ct);
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = "unbind-theirs" }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.ChangedElsewhere, "unbind-theirs"), result);
        Assert.Equal(["GetCallType"], (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal("unbind-theirs", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
        var warning = Assert.Single(Fixture.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains(callType, StringComparison.Ordinal));
        Assert.Contains("records to unbind-theirs, not unbind-ours", warning, StringComparison.Ordinal);
        Assert.All(Fixture.Secrets, secret => Assert.DoesNotContain(secret, warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unbind_leaves_a_call_type_put_back_on_Stream_s_storage_by_hand_alone_when_something_else_was_to_be_restored()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-prev"), ct: Ct);
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-mine"), ct: Ct);
        var callType = await CreateCallTypeAsync("unbind-prev");
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-mine" };
        await Registrar.BindAsync(binding, Ct);
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = StorageTypes.StreamDefaultStorage }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, "unbind-prev", Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.ChangedElsewhere, null), result);
        Assert.Empty(await WritesAsync());
        Assert.Null((await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
    }

    [Fact]
    public async Task Unbind_writes_nothing_when_the_call_type_already_records_to_the_storage_to_restore()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-done"), ct: Ct);
        var callType = await CreateCallTypeAsync();
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-done" };
        await Registrar.BindAsync(binding, Ct);
        // Stream's "" and "stream-s3" both mean its own storage.
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = "" }, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.AlreadyRestored, null), result);
        Assert.Equal(["GetCallType"], (await RequestsAsync()).Select(r => r.Operation));
    }

    [Fact]
    public async Task Unbinding_a_deleted_call_type_succeeds_after_one_read()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-gone"), ct: Ct);
        var callType = await CreateCallTypeAsync();
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-gone" };
        await Registrar.BindAsync(binding, Ct);
        await Client.DeleteCallTypeAsync(callType, Ct);
        await ClearRequestsAsync();

        var result = await Registrar.UnbindAsync(binding, restoreTo: null, Ct);

        Assert.Equal(new UnbindResult(callType, UnbindOutcome.CallTypeGone, null), result);
        Assert.Equal([("GetCallType", 404)], (await RequestsAsync()).Select(r => (r.Operation!, r.Status)));
    }

    [Fact]
    public async Task Unbind_to_a_storage_that_no_longer_exists_fails_and_keeps_the_binding()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-deleted-prev"), ct: Ct);
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-kept"), ct: Ct);
        var callType = await CreateCallTypeAsync("unbind-deleted-prev");
        var binding = new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-kept" };
        var bound = await Registrar.BindAsync(binding, Ct);
        await Registrar.DeleteAsync("unbind-deleted-prev", Ct);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => Registrar.UnbindAsync(binding, bound.PreviousExternalStorage, Ct));

        Assert.Contains("unbind-deleted-prev", error.Message, StringComparison.Ordinal);
        Assert.Equal("unbind-kept", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
    }

    [Fact]
    public async Task Deleting_a_binding_resource_leaves_a_call_type_pointed_elsewhere_alone()
    {
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-resource"), ct: Ct);
        await Registrar.EnsureAsync(await Fixture.S3StorageAsync("unbind-operator"), ct: Ct);
        var callType = await CreateCallTypeAsync();
        var lifecycle = new CallTypeBindingLifecycle(Registrar);
        var created = await lifecycle.CreateAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "unbind-resource" }, Ct);
        await Client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = "unbind-operator" }, Ct);

        var result = await lifecycle.DeleteAsync(created, Ct);

        Assert.Equal(UnbindOutcome.ChangedElsewhere, result.Outcome);
        Assert.Equal("unbind-operator", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);
        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("unbind-resource", Ct));
    }

    [Fact]
    public async Task Unbind_names_every_bad_field_before_any_request()
    {
        var error = await Assert.ThrowsAsync<DeclarationValidationException>(() =>
            Registrar.UnbindAsync(new CallTypeBindingDeclaration { CallType = "bad/type", ExternalStorage = "" }, "Not Valid", Ct));

        Assert.Equal(
            [DeclarationFields.CallType, DeclarationFields.ExternalStorage, ExternalStorageRegistrar.RestoreToField],
            error.Problems.Select(p => p.Field));
        Assert.Empty(await RequestsAsync());
    }
}
