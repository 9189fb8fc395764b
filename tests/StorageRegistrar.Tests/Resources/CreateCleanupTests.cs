using System.Net;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Resources;

/// <summary>
/// A create whose check ends in something other than a failed check still removes the storage it made, and the
/// caller sees the original exception. Scripted, since the emulator cannot cancel a caller or fail one list.
/// </summary>
public sealed class CreateCleanupTests : IDisposable
{
    private const string EmptyStorages = """{"duration":"1ms","external_storages":{}}""";
    private const string EmptyCallTypes = """{"duration":"1ms","call_types":{}}""";
    private const string Created = """{"duration":"1ms"}""";
    private const string DoesNotExist = """{"code":16,"message":"CheckExternalStorage failed with error: \"external storage rec does not exist\"","StatusCode":404,"duration":"","more_info":"","details":[]}""";
    private const string ServerError = """{"code":-1,"message":"internal system error","StatusCode":500,"duration":"","more_info":"","details":[]}""";

    private readonly ScriptedHandler _handler = new();
    private StreamClient? _client;

    [Fact]
    public async Task A_create_cancelled_during_its_check_removes_the_storage_and_reports_the_cancellation()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _handler.Respond(HttpStatusCode.OK, EmptyStorages)
            .Respond(HttpStatusCode.Created, Created)
            .Fail(() =>
            {
                caller.Cancel();
                return new TaskCanceledException("cancelled by the caller", null, caller.Token);
            });
        ExpectRemoval();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Lifecycle().CreateAsync(Inputs(), caller.Token));

        AssertRemoved();
    }

    [Fact]
    public async Task A_create_whose_check_cannot_list_storages_removes_the_storage_and_reports_streams_error()
    {
        _handler.Respond(HttpStatusCode.OK, EmptyStorages)
            .Respond(HttpStatusCode.Created, Created)
            .Respond(HttpStatusCode.NotFound, DoesNotExist)
            .Respond(HttpStatusCode.InternalServerError, ServerError);
        ExpectRemoval();

        var error = await Assert.ThrowsAsync<StreamApiException>(
            () => Lifecycle(new RegistrarOptions { ConsistencyWindow = TimeSpan.Zero }).CreateAsync(Inputs(), TestContext.Current.CancellationToken));

        Assert.Equal("ListExternalStorage", error.Operation);
        AssertRemoved();
    }

    private static ExternalStorageInputs Inputs() => new(
        new StorageDeclaration
        {
            Name = "rec",
            StorageType = StorageTypes.S3,
            Bucket = "recordings-bucket",
            Path = "calls/",
            AwsS3 = new S3Settings { Region = "us-east-1", ApiKey = "AKIAEXAMPLEEXAMPLE12", Secret = new SecretString("cleanupSecretValue0123456789abcdefghijKL") },
        },
        StorageCheckSettings.Default);

    private ExternalStorageLifecycle Lifecycle(RegistrarOptions? options = null)
    {
        _client = _handler.CreateClient("k", "cleanup-secret-0123456789abcdefghijklmnopqrstuvwxyz", o => o.Retry.MaxRetries = 0);
        return new ExternalStorageLifecycle(new ExternalStorageRegistrar(_client, options), new CheckFileVerifier());
    }

    public void Dispose() => _client?.Dispose();

    private void ExpectRemoval() => _handler.Respond(HttpStatusCode.OK, EmptyCallTypes).Respond(HttpStatusCode.OK, Created);

    private void AssertRemoved()
    {
        var last = _handler.Requests[^1];
        Assert.Equal("DELETE", last.Method);
        Assert.Equal("/api/v2/external_storage/rec", last.Uri.AbsolutePath);
    }
}
