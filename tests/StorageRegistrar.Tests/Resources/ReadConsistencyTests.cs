using System.Net;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Resources;

/// <summary>
/// Refresh of a storage Stream's list leaves out: within the consistency window after its last check it is
/// listed again before it counts as gone. On a fake clock over a scripted transport.
/// </summary>
public sealed class ReadConsistencyTests : IDisposable
{
    private const string Missing = """{"duration":"1ms","external_storages":{}}""";
    private const string Listed = """{"duration":"1ms","external_storages":{"rec":{"name":"rec","type":"s3","bucket":"recordings-bucket","path":"calls/"}}}""";

    private readonly ScriptedHandler _handler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly StreamClient _client;
    private readonly ExternalStorageLifecycle _lifecycle;

    public ReadConsistencyTests()
    {
        _client = _handler.CreateClient("k", "consistency-secret-0123456789abcdefghijklmnopqrstuvwxyz");
        var registrar = new ExternalStorageRegistrar(_client, new RegistrarOptions { TimeProvider = _time, ReadBatchWindow = TimeSpan.Zero });
        _lifecycle = new ExternalStorageLifecycle(registrar, new CheckFileVerifier());
    }

    [Fact]
    public async Task A_storage_checked_just_now_and_missing_from_the_list_is_listed_again_until_it_appears()
    {
        _handler.Respond(HttpStatusCode.OK, Missing).Respond(HttpStatusCode.OK, Missing).Respond(HttpStatusCode.OK, Listed);

        var current = await ReadOnFakeTimeAsync(Known(checkedAt: _time.GetUtcNow()));

        Assert.NotNull(current);
        Assert.Equal("recordings-bucket", current.Inputs.Declaration.Bucket);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_storage_checked_just_now_that_stays_missing_is_gone_once_the_window_has_passed()
    {
        for (var i = 0; i < 200; i++)
        {
            _handler.Respond(HttpStatusCode.OK, Missing);
        }

        var current = await ReadOnFakeTimeAsync(Known(checkedAt: _time.GetUtcNow()));

        Assert.Null(current);
        Assert.InRange(_handler.Requests.Count, 3, 199);
    }

    [Fact]
    public async Task A_storage_checked_long_ago_and_missing_from_the_list_is_gone_after_one_list()
    {
        _handler.Respond(HttpStatusCode.OK, Missing).Respond(HttpStatusCode.OK, Listed);

        var current = await ReadOnFakeTimeAsync(Known(checkedAt: _time.GetUtcNow() - TimeSpan.FromHours(1)));

        Assert.Null(current);
        Assert.Single(_handler.Requests);
    }

    public void Dispose() => _client.Dispose();

    private static ExternalStorageOutputs Known(DateTimeOffset checkedAt) => new(
        new ExternalStorageInputs(
            new StorageDeclaration { Name = "rec", StorageType = StorageTypes.S3, Bucket = "recordings-bucket", Path = "calls/" },
            StorageCheckSettings.Default),
        "http://files/stream-1.md",
        checkedAt);

    /// <summary>Reads while moving the fake clock in small steps until the read ends.</summary>
    private async Task<ExternalStorageOutputs?> ReadOnFakeTimeAsync(ExternalStorageOutputs known)
    {
        var read = _lifecycle.ReadAsync("rec", known, TestContext.Current.CancellationToken);
        while (!read.IsCompleted)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        return await read;
    }
}
