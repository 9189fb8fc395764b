
namespace StorageRegistrar.Tests.Registration;

public sealed class ReadAndCallCountTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task Reading_many_storages_makes_one_list_call()
    {
        string[] names = ["read-a", "read-b", "read-c", "read-d"];
        foreach (var name in names[..3])
        {
            await EnsureS3StorageAsync(name);
        }

        await ClearRequestsAsync();

        var states = await Registrar.ReadStoragesAsync(names, Ct);

        Assert.Equal(names[..3], states.Keys.Order());
        Assert.Equal("recordings/", states["read-b"].Path);
        Assert.Equal("ListExternalStorage", Assert.Single(await RequestsAsync()).Operation);
    }

    [Fact]
    public async Task Concurrent_single_reads_share_one_list_call()
    {
        string[] names = ["coalesce-a", "coalesce-b", "coalesce-c"];
        foreach (var name in names)
        {
            await EnsureS3StorageAsync(name);
        }

        // On the system clock; the window is wide enough that a busy machine still starts every read inside it.
        var batching = Fixture.CreateRegistrar(Client, o => o.ReadBatchWindow = TimeSpan.FromMilliseconds(500));
        await ClearRequestsAsync();

        var states = await Task.WhenAll(names.Append("coalesce-missing").Select(n => batching.ReadStorageAsync(n, Ct)));

        Assert.Equal([.. names, null], states.Select(s => s?.Name));
        Assert.Single(await RequestsAsync());
    }

    [Fact]
    public async Task Create_check_and_bind_without_faults_make_the_minimum_calls()
    {
        var declaration = await Fixture.S3StorageAsync("minimum-calls");
        var callType = await CreateCallTypeAsync();
        await ClearRequestsAsync();

        await Registrar.EnsureAsync(declaration, ct: Ct);
        await Registrar.CheckAsync("minimum-calls", "s3", ct: Ct);
        await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "minimum-calls" }, Ct);

        Assert.Equal(
            ["ListExternalStorage", "CreateExternalStorage", "CheckExternalStorage", "GetCallType", "UpdateCallType"],
            (await RequestsAsync()).Select(r => r.Operation));
        Assert.Equal(2, (await WritesAsync()).Count);
    }
}
