
namespace StreamApiEmulator.Tests;

/// <summary>Call-level storage fields and their resolution, without object stores (stream-s3 files stay in the emulator).</summary>
public sealed class CallStorageTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string Call = "/api/v2/video/call/default/call-1";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Stream.PostAsync("/api/v2/external_storage", new JsonObject { ["name"] = "mine", ["storage_type"] = "s3", ["bucket"] = "b" });
    }

    [Fact]
    public async Task Recording_without_any_storage_named_goes_to_stream_s3()
    {
        var started = await Stream.PostAsync($"{Call}/recordings/composite/start", new JsonObject());

        var finished = await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(10), cancellationToken: Cancellation);

        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.Equal(["duration"], started.Body.Select(p => p.Key));
        Assert.Equal("stream-s3", finished.Storage);
        Assert.Single(finished.Files);
    }

    [Fact]
    public async Task Unknown_storage_at_call_level_is_rejected_naming_the_field()
    {
        var recording = await Stream.PostAsync($"{Call}/recordings/composite/start", new JsonObject { ["recording_external_storage"] = "ghost" });
        var transcription = await Stream.PostAsync($"{Call}/start_transcription", new JsonObject { ["transcription_external_storage"] = "ghost" });
        var frames = await Stream.PostAsync($"{Call}/start_frame_recording", new JsonObject { ["recording_external_storage"] = "ghost" });
        var captions = await Stream.PostAsync($"{Call}/start_closed_captions", new JsonObject { ["external_storage"] = "ghost", ["enable_transcription"] = true });
        var goLive = await Stream.PostAsync($"{Call}/go_live", new JsonObject { ["recording_storage_name"] = "ghost", ["start_recording"] = true });

        Assert.Equal("recording_external_storage", Assert.Single(recording.ExceptionFields!).Key);
        Assert.Equal("transcription_external_storage", Assert.Single(transcription.ExceptionFields!).Key);
        Assert.Equal("recording_external_storage", Assert.Single(frames.ExceptionFields!).Key);
        Assert.Equal("external_storage", Assert.Single(captions.ExceptionFields!).Key);
        Assert.Equal("recording_storage_name", Assert.Single(goLive.ExceptionFields!).Key);
        Assert.All(new[] { recording, transcription, frames, captions, goLive }, r => Assert.Equal(4, r.ErrorCode));
    }

    [Fact]
    public async Task Call_on_an_unknown_call_type_is_code_16()
    {
        var response = await Stream.PostAsync("/api/v2/video/call/nope/call-1/recordings/composite/start", new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(16, response.ErrorCode);
    }

    [Fact]
    public async Task Unknown_recording_type_and_overlong_ids_are_input_errors()
    {
        var badType = await Stream.PostAsync($"{Call}/recordings/everything/start", new JsonObject());
        var longId = await Stream.PostAsync($"/api/v2/video/call/default/{new string('x', 65)}/recordings/composite/start", new JsonObject());

        Assert.Equal("recording_type", Assert.Single(badType.ExceptionFields!).Key);
        Assert.Equal("id", Assert.Single(longId.ExceptionFields!).Key);
    }

    [Fact]
    public async Task Legacy_start_recording_path_starts_a_composite_recording()
    {
        var started = await Stream.PostAsync($"{Call}/start_recording", new JsonObject { ["recording_external_storage"] = "stream-s3" });

        var finished = await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(1), "composite", Cancellation);

        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.Equal("stream-s3", finished.Storage);
    }

    [Fact]
    public async Task Recording_twice_is_rejected_while_the_first_runs()
    {
        await Stream.PostAsync($"{Call}/recordings/composite/start", new JsonObject());

        var second = await Stream.PostAsync($"{Call}/recordings/composite/start", new JsonObject());

        Assert.Equal(4, second.ErrorCode);
        Assert.Contains("already in progress", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_captions_record_a_transcription_only_when_enabled()
    {
        await Stream.PostAsync($"{Call}/start_closed_captions", new JsonObject { ["external_storage"] = "stream-s3" });

        var notRecorded = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(1), "transcription", Cancellation));
        await Stream.PostAsync($"{Call}/start_closed_captions", new JsonObject { ["external_storage"] = "stream-s3", ["enable_transcription"] = true });
        var recorded = await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(1), "transcription", Cancellation);

        Assert.Contains("404", notRecorded.Message, StringComparison.Ordinal);
        Assert.Equal("stream-s3", recorded.Storage);
        Assert.EndsWith(".jsonl", Assert.Single(recorded.Files).Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_live_starts_what_it_is_asked_to_and_returns_the_call()
    {
        var response = await Stream.PostAsync($"{Call}/go_live", new JsonObject
        {
            ["start_recording"] = true,
            ["start_transcription"] = true,
            ["recording_storage_name"] = "stream-s3",
            ["transcription_storage_name"] = "stream-s3",
        });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("default:call-1", response.Body["call"]!["cid"]!.GetValue<string>());
        Assert.True(response.Body["call"]!["recording"]!.GetValue<bool>());
        Assert.NotNull(response.Body["duration"]);
        Assert.Equal("stream-s3", (await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(1), "composite", Cancellation)).Storage);
        Assert.Equal("stream-s3", (await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(1), "transcription", Cancellation)).Storage);
    }

    [Theory]
    [InlineData("recordings/individual/start", "individual", ".mp4")]
    [InlineData("recordings/raw/start", "raw", ".webm")]
    [InlineData("start_frame_recording", "frame", ".jpg")]
    public async Task Each_capture_kind_finishes_into_its_own_files(string startPath, string kind, string extension)
    {
        var started = await Stream.PostAsync($"{Call}/{startPath}", new JsonObject { ["recording_external_storage"] = "stream-s3" });

        var finished = await Emulator.Control.FinishRecordingAsync("default", "call-1", TimeSpan.FromMinutes(3), kind, Cancellation);

        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.EndsWith(extension, Assert.Single(finished.Files).Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_video_call_paths_are_served()
    {
        var response = await Stream.PostAsync("/video/call/default/call-1/start_transcription", new JsonObject { ["language"] = "en" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task Unknown_transcription_language_is_an_input_error()
    {
        var response = await Stream.PostAsync($"{Call}/start_transcription", new JsonObject { ["language"] = "klingon" });

        Assert.Equal("language", Assert.Single(response.ExceptionFields!).Key);
    }
}
