using TestSupport;

namespace StreamApiEmulator.Tests;

/// <summary>This part: finished recordings land in the storage resolved as call &gt; call type &gt; stream-s3.</summary>
public sealed partial class ObjectStoreTests
{
    private const string RecordingCallType = "meetings";

    [Fact]
    public async Task Recording_lands_in_the_storage_named_at_call_level_over_the_call_type()
    {
        var (callLevelBucket, callTypeBucket) = await ArrangeStoragesAndCallTypeAsync();

        await StartAsync($"/api/v2/video/call/{RecordingCallType}/c1/recordings/composite/start", new JsonObject { ["recording_external_storage"] = "call-level" });
        var finished = await Emulator.Control.FinishRecordingAsync(RecordingCallType, "c1", TimeSpan.FromMinutes(30), cancellationToken: Cancellation);

        Assert.Equal("call-level", finished.Storage);
        var key = Assert.Single(await Stores.S3.ListKeysAsync(callLevelBucket, Cancellation));
        Assert.Equal(Assert.Single(finished.Files).Key, key);
        Assert.StartsWith($"{Path}rec_{RecordingCallType}_c1_", key, StringComparison.Ordinal);
        Assert.Empty(Stores.Gcs.CreateOwnerClient().ListObjects(callTypeBucket));
    }

    [Fact]
    public async Task Recording_without_a_call_level_storage_lands_in_the_call_types_storage()
    {
        var (callLevelBucket, callTypeBucket) = await ArrangeStoragesAndCallTypeAsync();

        await StartAsync($"/api/v2/video/call/{RecordingCallType}/c2/recordings/composite/start", new JsonObject());
        var finished = await Emulator.Control.FinishRecordingAsync(RecordingCallType, "c2", TimeSpan.FromMinutes(30), cancellationToken: Cancellation);

        Assert.Equal("call-type-level", finished.Storage);
        var objectName = Assert.Single(Stores.Gcs.CreateOwnerClient().ListObjects(callTypeBucket)).Name;
        Assert.Equal(Assert.Single(finished.Files).Key, objectName);
        Assert.Empty(await Stores.S3.ListKeysAsync(callLevelBucket, Cancellation));
    }

    [Fact]
    public async Task Recording_with_no_storage_named_anywhere_stays_with_stream()
    {
        var (callLevelBucket, callTypeBucket) = await ArrangeStoragesAndCallTypeAsync();

        await StartAsync("/api/v2/video/call/default/c3/recordings/composite/start", new JsonObject());
        var finished = await Emulator.Control.FinishRecordingAsync("default", "c3", TimeSpan.FromMinutes(30), cancellationToken: Cancellation);

        Assert.Equal("stream-s3", finished.Storage);
        Assert.StartsWith("stream-s3://", Assert.Single(finished.Files).Url, StringComparison.Ordinal);
        Assert.Empty(await Stores.S3.ListKeysAsync(callLevelBucket, Cancellation));
        Assert.Empty(Stores.Gcs.CreateOwnerClient().ListObjects(callTypeBucket));
    }

    [Fact]
    public async Task Transcription_named_at_call_level_lands_in_azure()
    {
        await ArrangeStoragesAndCallTypeAsync();
        var container = await NewAzureContainerAsync();
        var (tenant, client, secret) = RegisterServicePrincipal();
        await CreateStorageAsync(AzureStorage("transcripts", container, tenant, client, secret));

        await StartAsync($"/api/v2/video/call/{RecordingCallType}/c4/start_transcription", new JsonObject { ["transcription_external_storage"] = "transcripts" });
        var finished = await Emulator.Control.FinishRecordingAsync(RecordingCallType, "c4", TimeSpan.FromMinutes(5), "transcription", Cancellation);

        Assert.Equal("transcripts", finished.Storage);
        var blobs = Stores.Azurite.CreateOwnerClient().GetBlobContainerClient(container).GetBlobs(cancellationToken: Cancellation).Select(b => b.Name);
        Assert.Equal(Assert.Single(finished.Files).Key, Assert.Single(blobs));
        Assert.EndsWith(".jsonl", finished.Files[0].Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_hour_recording_lands_as_three_files_of_at_most_two_hours()
    {
        var (callLevelBucket, _) = await ArrangeStoragesAndCallTypeAsync();

        await StartAsync($"/api/v2/video/call/{RecordingCallType}/long/recordings/composite/start", new JsonObject { ["recording_external_storage"] = "call-level" });
        var finished = await Emulator.Control.FinishRecordingAsync(RecordingCallType, "long", TimeSpan.FromHours(5), cancellationToken: Cancellation);

        Assert.Equal([7200d, 7200d, 3600d], finished.Files.Select(f => f.DurationSeconds));
        var keys = await Stores.S3.ListKeysAsync(callLevelBucket, Cancellation);
        Assert.Equal(3, keys.Count);
        Assert.Equal(finished.Files.Select(f => f.Key).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.EndsWith(".mp4", k, StringComparison.Ordinal));
    }

    /// <summary>S3 storage <c>call-level</c>, GCS storage <c>call-type-level</c> bound to call type <c>meetings</c>.</summary>
    private async Task<(string CallLevelBucket, string CallTypeBucket)> ArrangeStoragesAndCallTypeAsync()
    {
        var callLevelBucket = await NewS3BucketAsync();
        var callTypeBucket = UniqueNames.For("gcs");
        await CreateStorageAsync(S3PolicyStorage("call-level", callLevelBucket));
        var key = Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, "recorder@demo-streamstorage.iam.gserviceaccount.com");
        await CreateStorageAsync(GcsStorage("call-type-level", callTypeBucket, key));
        var callType = await Stream.PostAsync("/api/v2/video/calltypes", new JsonObject { ["name"] = RecordingCallType, ["external_storage"] = "call-type-level" });
        Assert.Equal(HttpStatusCode.Created, callType.Status);
        return (callLevelBucket, callTypeBucket);
    }

    private async Task StartAsync(string path, JsonObject body)
    {
        var response = await Stream.PostAsync(path, body);
        Assert.True(response.Status == HttpStatusCode.Created, response.RawBody);
    }
}
