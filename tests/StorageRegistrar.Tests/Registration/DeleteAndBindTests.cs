using StorageRegistrar.Registration;

namespace StorageRegistrar.Tests.Registration;

public sealed class DeleteAndBindTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task Delete_removes_the_storage_and_a_second_delete_finds_it_gone()
    {
        await EnsureS3StorageAsync("delete-me");

        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("delete-me", seenAt: null, Ct));
        Assert.Null(await Registrar.ReadStorageAsync("delete-me", Ct));
        Assert.Equal(DeleteOutcome.AlreadyGone, await Registrar.DeleteAsync("delete-me", seenAt: null, Ct));
    }

    [Fact]
    public async Task Delete_right_after_create_retries_streams_does_not_exist()
    {
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(1.5)) with { Times = 1 });
        await EnsureS3StorageAsync("delete-early");

        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("delete-early", seenAt: null, Ct));

        var deletes = (await RequestsAsync()).Where(r => r.Operation == "DeleteExternalStorage").Select(r => r.Status).ToList();
        Assert.True(deletes.Count >= 2, $"only {deletes.Count} delete requests");
        Assert.All(deletes[..^1], status => Assert.Equal(404, status));
        Assert.Equal(200, deletes[^1]);
    }

    [Fact]
    public async Task Delete_by_another_process_right_after_the_check_retries_streams_does_not_exist()
    {
        await SetFaultAsync(StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(3)) with { Times = 1 });
        await EnsureS3StorageAsync("delete-elsewhere");
        var checkedAt = DateTimeOffset.UtcNow;

        // pulumi destroy runs in another plugin process: only the state's last check says the storage is new.
        var destroyer = Fixture.CreateRegistrar(Client);
        Assert.Equal(DeleteOutcome.Deleted, await destroyer.DeleteAsync("delete-elsewhere", checkedAt, Ct));

        var deletes = (await RequestsAsync()).Where(r => r.Operation == "DeleteExternalStorage").Select(r => r.Status).ToList();
        Assert.Equal(404, deletes[0]);
        Assert.Equal(200, deletes[^1]);
    }

    [Fact]
    public async Task A_last_check_stamped_by_a_clock_ahead_of_this_one_waits_out_one_window_and_finds_the_storage_gone()
    {
        var destroyer = Fixture.CreateRegistrar(Client, o => o.ConsistencyWindow = TimeSpan.FromSeconds(1));

        Assert.Equal(DeleteOutcome.AlreadyGone, await destroyer.DeleteAsync("never-there", DateTimeOffset.UtcNow.AddHours(1), Ct));
    }

    [Fact]
    public async Task Delete_finds_the_storage_gone_when_streams_does_not_exist_body_strays_from_the_spec()
    {
        await SetFaultAsync(StreamEmulatorFault.ErrorBody(
            404,
            """{"code":16,"message":"DeleteExternalStorage failed with error: \"never-made doesn't exist\"","details":["x"],"exception_fields":{"a":1}}""") with { Operation = "DeleteExternalStorage", Times = 1 });

        Assert.Equal(DeleteOutcome.AlreadyGone, await Registrar.DeleteAsync("never-made", seenAt: null, Ct));

        Assert.Equal("error_body", Assert.Single(await RequestsAsync(), r => r.Operation == "DeleteExternalStorage").Fault);
    }

    [Fact]
    public async Task Reading_a_binding_finds_the_call_type_gone_when_streams_does_not_exist_body_strays_from_the_spec()
    {
        var callType = await CreateCallTypeAsync();
        await SetFaultAsync(StreamEmulatorFault.ErrorBody(
            404,
            """{"code":16,"message":"GetCallType failed with error: \"call type doesn't exist\"","details":["x"],"exception_fields":{"a":1}}""") with { Operation = "GetCallType", Times = 1 });

        Assert.Null(await Registrar.ReadBindingAsync(callType, Ct));
    }

    [Fact]
    public async Task Delete_is_refused_while_a_call_type_uses_the_storage()
    {
        await EnsureS3StorageAsync("delete-bound");
        var callType = await CreateCallTypeAsync();
        await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "delete-bound" }, Ct);
        await ClearRequestsAsync();

        var error = await Assert.ThrowsAsync<StorageInUseException>(() => Registrar.DeleteAsync("delete-bound", seenAt: null, Ct));

        Assert.Equal([callType], error.CallTypes);
        Assert.Contains(callType, error.Message, StringComparison.Ordinal);
        Assert.Empty(await WritesAsync());
        Assert.NotNull(await Registrar.ReadStorageAsync("delete-bound", Ct));
    }

    [Fact]
    public async Task Bind_returns_the_previous_storage_and_unbind_restores_it()
    {
        await EnsureS3StorageAsync("bind-first");
        await EnsureS3StorageAsync("bind-second");
        var callType = await CreateCallTypeAsync();

        var first = await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "bind-first" }, Ct);
        Assert.Null(first.PreviousExternalStorage);
        Assert.True(first.Changed);

        var second = await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "bind-second" }, Ct);
        Assert.Equal("bind-first", second.PreviousExternalStorage);
        Assert.Equal(new CallTypeBindingState(callType, "bind-second"), await Registrar.ReadBindingAsync(callType, Ct));

        await Registrar.UnbindAsync(callType, second.PreviousExternalStorage, Ct);
        Assert.Equal(new CallTypeBindingState(callType, "bind-first"), await Registrar.ReadBindingAsync(callType, Ct));

        await Registrar.UnbindAsync(callType, first.PreviousExternalStorage, Ct);
        Assert.Equal(new CallTypeBindingState(callType, null), await Registrar.ReadBindingAsync(callType, Ct));
        Assert.Equal("stream-s3", (await Client.GetCallTypeAsync(callType, Ct)).ExternalStorage);

        Assert.Equal(DeleteOutcome.Deleted, await Registrar.DeleteAsync("bind-first", seenAt: null, Ct));
    }

    [Fact]
    public async Task Binding_again_to_the_same_storage_writes_nothing()
    {
        await EnsureS3StorageAsync("bind-same");
        var callType = await CreateCallTypeAsync("bind-same");
        await ClearRequestsAsync();

        var result = await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "bind-same" }, Ct);

        Assert.False(result.Changed);
        Assert.Equal("bind-same", result.PreviousExternalStorage);
        Assert.Empty(await WritesAsync());
    }

    [Fact]
    public async Task Unbinding_a_call_type_that_no_longer_exists_succeeds()
    {
        await Registrar.UnbindAsync("ct_deleted_" + StreamEmulatorFixture.Suffix(), "stream-s3", Ct);

        Assert.Null(await Registrar.ReadBindingAsync("ct_never_" + StreamEmulatorFixture.Suffix(), Ct));
    }

    [Fact]
    public async Task Bind_survives_server_errors_on_its_idempotent_write()
    {
        await EnsureS3StorageAsync("bind-faults");
        var callType = await CreateCallTypeAsync();
        await SetFaultAsync(StreamEmulatorFault.ServerError(503) with { Operation = "UpdateCallType", Times = 2 });

        await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "bind-faults" }, Ct);

        Assert.Equal([503, 503, 201], (await RequestsAsync()).Where(r => r.Operation == "UpdateCallType").Select(r => r.Status));
        Assert.Equal("bind-faults", (await Registrar.ReadBindingAsync(callType, Ct))!.ExternalStorage);
    }
}
