using Amazon.S3.Model;
using LocalWorld;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Stream;
using StorageRegistrar.Tests.Fixtures;

namespace StorageRegistrar.Tests.Stream;

/// <summary>Every client operation against the Stream emulator, whose checks and recordings land in real local object stores.</summary>
[Collection(StreamEmulatorCollection.Name)]
public sealed class StreamClientEmulatorTests(StreamEmulatorFixture fixture) : IAsyncLifetime
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CreateExternalStorageRequest ToCreateRequest(StorageDeclaration d) => new()
    {
        Name = d.Name!,
        StorageType = d.StorageType!,
        Bucket = d.Bucket!,
        Path = d.Path,
        AwsS3 = new S3Request { S3Region = d.AwsS3!.Region!, S3ApiKey = d.AwsS3.ApiKey, S3Secret = d.AwsS3.Secret, S3CustomEndpointUrl = d.AwsS3.CustomEndpointUrl },
    };

    [Fact]
    public async Task External_storage_lifecycle_create_list_update_check_delete()
    {
        using var client = fixture.CreateClient();
        var declaration = await fixture.S3StorageAsync("lifecycle-s3");

        await client.CreateExternalStorageAsync(ToCreateRequest(declaration), Ct);
        var listed = await client.ListExternalStoragesAsync(Ct);
        Assert.Equal(new ExternalStorageResponse { Name = "lifecycle-s3", Type = "s3", Bucket = declaration.Bucket!, Path = "recordings/" }, listed.ExternalStorages["lifecycle-s3"]);

        var updated = await client.UpdateExternalStorageAsync(
            "lifecycle-s3",
            new UpdateExternalStorageRequest { StorageType = "s3", Bucket = declaration.Bucket!, Path = "moved/", AwsS3 = ToCreateRequest(declaration).AwsS3 },
            Ct);
        Assert.Equal("lifecycle-s3", updated.Name);
        Assert.Equal("moved/", updated.Path);

        var check = await client.CheckExternalStorageAsync("lifecycle-s3", Ct);
        var key = check.FileUrl[(check.FileUrl.IndexOf("moved/", StringComparison.Ordinal))..];
        Assert.Matches("^moved/stream-[0-9a-f-]{36}\\.md$", key);
        using var s3 = fixture.Stores.S3.CreateClient();
        using var written = await s3.GetObjectAsync(new GetObjectRequest { BucketName = declaration.Bucket, Key = key }, Ct);
        Assert.True(written.ContentLength > 0);

        await client.DeleteExternalStorageAsync("lifecycle-s3", Ct);
        Assert.DoesNotContain("lifecycle-s3", (await client.ListExternalStoragesAsync(Ct)).ExternalStorages.Keys);
        var gone = await Assert.ThrowsAsync<StreamApiException>(() => client.DeleteExternalStorageAsync("lifecycle-s3", Ct));
        Assert.True(gone.IsNotFound);
        Assert.Equal(StreamApiException.DoesNotExistCode, gone.Code);
        Assert.All(await fixture.RequestsAsync(), r => Assert.True(r.AuthOk, $"{r.Method} {r.Path} failed authentication"));
    }

    [Fact]
    public async Task Call_type_lifecycle_create_get_list_update_delete()
    {
        using var client = fixture.CreateClient();
        var storage = await fixture.S3StorageAsync("ct-storage");
        await client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct);
        var name = "ct_" + StreamEmulatorFixture.Suffix();

        var created = await client.CreateCallTypeAsync(new CreateCallTypeRequest { Name = name, Grants = new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["create-call"] } }, Ct);
        Assert.Equal(name, created.Name);
        Assert.Null(created.ExternalStorage);
        Assert.NotEqual(default, created.CreatedAt);

        var updated = await client.UpdateCallTypeAsync(name, new UpdateCallTypeRequest { ExternalStorage = "ct-storage" }, Ct);
        Assert.Equal("ct-storage", updated.ExternalStorage);
        Assert.Equal("ct-storage", (await client.GetCallTypeAsync(name, Ct)).ExternalStorage);
        var all = await client.ListCallTypesAsync(Ct);
        Assert.Contains("default", all.CallTypes.Keys);
        Assert.Equal("ct-storage", all.CallTypes[name].ExternalStorage);

        await client.DeleteCallTypeAsync(name, Ct);
        var missing = await Assert.ThrowsAsync<StreamApiException>(() => client.GetCallTypeAsync(name, Ct));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task Call_level_storage_fields_send_recordings_to_the_named_storage()
    {
        using var client = fixture.CreateClient();
        var storage = await fixture.S3StorageAsync("call-level-s3", "calls/");
        await client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct);

        await client.StartRecordingAsync("default", "call-1", "composite", new StartRecordingRequest { RecordingExternalStorage = "call-level-s3" }, Ct);
        var finished = await fixture.Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(3), "composite", Ct);
        Assert.Equal("call-level-s3", finished.Storage);
        var file = Assert.Single(finished.Files);
        Assert.StartsWith("calls/", file.Key, StringComparison.Ordinal);
        using var s3 = fixture.Stores.S3.CreateClient();
        using var written = await s3.GetObjectAsync(new GetObjectRequest { BucketName = storage.Bucket, Key = file.Key }, Ct);
        Assert.True(written.ContentLength > 0);

        await client.StartTranscriptionAsync("default", "call-2", new StartTranscriptionRequest { TranscriptionExternalStorage = "call-level-s3" }, Ct);
        Assert.Equal("call-level-s3", (await fixture.Emulator.Control.FinishRecordingAsync("default", "call-2", TimeSpan.FromMinutes(1), "transcription", Ct)).Storage);
        await client.StartFrameRecordingAsync("default", "call-3", new StartFrameRecordingRequest { RecordingExternalStorage = "call-level-s3" }, Ct);
        Assert.Equal("call-level-s3", (await fixture.Emulator.Control.FinishRecordingAsync("default", "call-3", TimeSpan.FromMinutes(1), "frame", Ct)).Storage);
        await client.StartClosedCaptionsAsync("default", "call-4", new StartClosedCaptionsRequest { EnableTranscription = true, ExternalStorage = "call-level-s3" }, Ct);
        var live = await client.GoLiveAsync("livestream", "call-5", new GoLiveRequest { StartRecording = true, RecordingStorageName = "call-level-s3" }, Ct);
        Assert.Equal("livestream:call-5", live.Call.Cid);

        var unknown = await Assert.ThrowsAsync<StreamApiException>(() =>
            client.StartRecordingAsync("default", "call-6", "composite", new StartRecordingRequest { RecordingExternalStorage = "no-such-storage" }, Ct));
        Assert.Contains("no-such-storage", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_streams_authentication_error()
    {
        using var client = fixture.CreateClient(o => o.ApiSecret = new SecretString("not-the-app-secret-0123456789abcdefghijklmnop"));

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListExternalStoragesAsync(Ct));

        Assert.Equal(401, error.StatusCode);
        Assert.NotNull(error.Code);
        var request = Assert.Single(await fixture.RequestsAsync());
        Assert.False(request.AuthOk);
    }

    [Fact]
    public async Task Rate_limited_reads_wait_and_succeed()
    {
        using var client = fixture.CreateClient();
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.RateLimit(1) with { Operation = "ListExternalStorage", Times = 2 }, Ct);

        await client.ListExternalStoragesAsync(Ct);

        Assert.Equal([429, 429, 200], (await fixture.RequestsAsync()).Select(r => r.Status));
    }

    [Fact]
    public async Task Exhausted_rate_limit_reports_streams_headers()
    {
        using var client = fixture.CreateClient(o => o.Retry.MaxRetries = 0);
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.RateLimit(4) with { Operation = "ListCallTypes", Times = 1 }, Ct);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.ListCallTypesAsync(Ct));

        Assert.True(error.IsRateLimited);
        Assert.Equal(StreamApiException.RateLimitCode, error.Code);
        Assert.Equal(TimeSpan.FromSeconds(4), error.RetryAfter);
        Assert.NotNull(error.RateLimit?.Reset);
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried_for_reads_only()
    {
        using var client = fixture.CreateClient();
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.ServerError(503) with { Operation = "ListExternalStorage", Times = 1 }, Ct);
        await client.ListExternalStoragesAsync(Ct);
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "ListExternalStorage", Times = 1 }, Ct);
        await client.ListExternalStoragesAsync(Ct);
        Assert.Equal([503, 200, 0, 200], (await fixture.RequestsAsync()).Where(r => r.Operation == "ListExternalStorage").Select(r => r.Status));

        var storage = await fixture.S3StorageAsync("not-created");
        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.ServerError(500) with { Operation = "CreateExternalStorage", Times = 1 }, Ct);
        var error = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));
        Assert.Equal(500, error.StatusCode);
        Assert.Single(await fixture.RequestsAsync(), r => r.Operation == "CreateExternalStorage");

        await fixture.Emulator.Control.SetFaultAsync(StreamEmulatorFault.DropConnection() with { Operation = "CreateExternalStorage", Times = 1 }, Ct);
        var dropped = await Assert.ThrowsAsync<StreamApiException>(() => client.CreateExternalStorageAsync(ToCreateRequest(storage), Ct));
        Assert.True(dropped.IsTransportFailure);
        Assert.Equal(2, (await fixture.RequestsAsync()).Count(r => r.Operation == "CreateExternalStorage"));
    }
}
