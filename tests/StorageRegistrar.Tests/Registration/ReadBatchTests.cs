using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Registration;

/// <summary>
/// Single-storage reads gathered for <see cref="RegistrarOptions.ReadBatchWindow"/> on a fake clock, so
/// that nothing is sent until the test moves the clock past the window.
/// </summary>
public sealed class ReadBatchTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(40);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Reads_started_within_the_window_share_one_list_call_sent_when_it_ends()
    {
        string[] names = ["batch-a", "batch-b", "batch-c"];
        foreach (var name in names)
        {
            await EnsureS3StorageAsync(name);
        }

        var batching = BatchingRegistrar(Client);
        await ClearRequestsAsync();

        var first = batching.ReadStorageAsync("batch-a", Ct);
        _time.Advance(Window / 2);
        var later = names[1..].Append("batch-missing").Select(n => batching.ReadStorageAsync(n, Ct)).ToList();
        _time.Advance((Window / 2) - TimeSpan.FromTicks(1));
        Assert.Empty(await RequestsAsync());
        Assert.False(first.IsCompleted);

        _time.Advance(TimeSpan.FromTicks(1));
        var states = await Task.WhenAll(later.Prepend(first));

        Assert.Equal([.. names, null], states.Select(s => s?.Name));
        Assert.Equal("ListExternalStorage", Assert.Single(await RequestsAsync()).Operation);
    }

    [Fact]
    public async Task Reads_further_apart_than_the_window_each_list_and_see_the_writes_between_them()
    {
        var batching = BatchingRegistrar(Client);
        await ClearRequestsAsync();

        Assert.Null(await AdvancePastWindow(batching.ReadStorageAsync("batch-later", Ct)));
        Assert.Single(await RequestsAsync());

        await EnsureS3StorageAsync("batch-later");
        await ClearRequestsAsync();

        Assert.Equal("batch-later", (await AdvancePastWindow(batching.ReadStorageAsync("batch-later", Ct)))?.Name);
        Assert.Equal("ListExternalStorage", Assert.Single(await RequestsAsync()).Operation);
    }

    [Fact]
    public async Task A_failed_list_call_fails_every_read_that_shared_it()
    {
        using var impatient = Fixture.CreateClient(o => o.Retry.MaxRetries = 0);
        var batching = BatchingRegistrar(impatient);
        await SetFaultAsync(StreamEmulatorFault.ServerError(503) with { Operation = "ListExternalStorage" });

        var reads = new[] { "batch-x", "batch-y", "batch-z" }.Select(n => batching.ReadStorageAsync(n, Ct)).ToList();
        _time.Advance(Window);

        foreach (var read in reads)
        {
            var error = await Assert.ThrowsAsync<StreamApiException>(() => read);
            Assert.Equal(503, error.StatusCode);
        }

        Assert.Equal([("ListExternalStorage", 503)], (await RequestsAsync()).Select(r => (r.Operation!, r.Status)));
    }

    [Fact]
    public async Task Cancelling_the_read_that_started_a_batch_leaves_the_others_their_answer()
    {
        await EnsureS3StorageAsync("batch-kept");
        var batching = BatchingRegistrar(Client);
        await ClearRequestsAsync();
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var starter = batching.ReadStorageAsync("batch-kept", cancelled.Token);
        var others = new[] { batching.ReadStorageAsync("batch-kept", Ct), batching.ReadStorageAsync("batch-none", Ct) };
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starter);
        Assert.All(others, read => Assert.False(read.IsCompleted));
        _time.Advance(Window);
        var states = await Task.WhenAll(others);

        Assert.Equal(["batch-kept", null], states.Select(s => s?.Name));
        Assert.Equal([("ListExternalStorage", 200)], (await RequestsAsync()).Select(r => (r.Operation!, r.Status)));
    }

    private ExternalStorageRegistrar BatchingRegistrar(StreamClient client) =>
        Fixture.CreateRegistrar(client, o =>
        {
            o.TimeProvider = _time;
            o.ReadBatchWindow = Window;
        });

    private Task<T> AdvancePastWindow<T>(Task<T> read)
    {
        _time.Advance(Window);
        return read;
    }
}
