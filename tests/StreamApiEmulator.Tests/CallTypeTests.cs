using System.Text.Json;

namespace StreamApiEmulator.Tests;

public sealed class CallTypeTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string CallTypes = "/api/v2/video/calltypes";

    private static readonly string[] RequiredSettingsKeys =
        ["audio", "backstage", "broadcasting", "geofencing", "recording", "individual_recording", "raw_recording", "frame_recording", "ring", "screensharing", "transcription", "video", "thumbnails", "limits", "session", "encryption"];

    [Fact]
    public async Task List_is_a_map_with_the_built_in_call_types()
    {
        var response = await Stream.GetAsync(CallTypes);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var callTypes = response.Body["call_types"]!.AsObject();
        Assert.Equal(["audio_room", "default", "development", "livestream"], callTypes.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(callTypes, c => Assert.Equal(c.Key, c.Value!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_returns_every_required_field_with_nanosecond_integer_timestamps()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);

        var response = await Stream.GetAsync($"{CallTypes}/default");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        foreach (var field in new[] { "name", "grants", "settings", "notification_settings", "created_at", "updated_at", "duration" })
        {
            Assert.NotNull(response.Body[field]);
        }

        Assert.Equal(RequiredSettingsKeys.Order(StringComparer.Ordinal), response.Body["settings"]!.AsObject().Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Number, response.Body["created_at"]!.GetValueKind());
        var createdAt = DateTimeOffset.UnixEpoch.AddTicks(response.Body["created_at"]!.GetValue<long>() / 100);
        Assert.InRange(createdAt, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(response.Body["external_storage"]);
    }

    [Fact]
    public async Task Get_of_an_unknown_call_type_is_code_16()
    {
        var response = await Stream.GetAsync($"{CallTypes}/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(16, response.ErrorCode);
        Assert.StartsWith("GetCallType failed with error:", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_answers_201_merges_grants_with_defaults_and_settings_with_defaults()
    {
        await Stream.PostAsync("/api/v2/external_storage", new JsonObject { ["name"] = "rec", ["storage_type"] = "s3", ["bucket"] = "b" });

        var response = await Stream.PostAsync(CallTypes, new JsonObject
        {
            ["name"] = "allhands",
            ["external_storage"] = "rec",
            ["grants"] = new JsonObject { ["admin"] = new JsonArray("join-call") },
            ["settings"] = new JsonObject { ["recording"] = new JsonObject { ["mode"] = "auto-on", ["quality"] = "1080p" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("allhands", response.Body["name"]!.GetValue<string>());
        Assert.Equal("rec", response.Body["external_storage"]!.GetValue<string>());
        Assert.Equal(["join-call"], response.Body["grants"]!["admin"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.NotNull(response.Body["grants"]!["user"]);
        Assert.Equal("auto-on", response.Body["settings"]!["recording"]!["mode"]!.GetValue<string>());
        Assert.NotNull(response.Body["settings"]!["recording"]!["layout"]);
        Assert.NotNull(response.Body["settings"]!["video"]);
        Assert.NotNull((await Stream.GetAsync(CallTypes)).Body["call_types"]!["allhands"]);
    }

    [Fact]
    public async Task Create_of_an_existing_call_type_is_rejected()
    {
        var response = await Stream.PostAsync(CallTypes, new JsonObject { ["name"] = "default" });

        Assert.Equal(4, response.ErrorCode);
        Assert.Contains("already exists", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_a_name_names_the_field()
    {
        var response = await Stream.PostAsync(CallTypes, new JsonObject());

        Assert.Equal(4, response.ErrorCode);
        Assert.Equal(["name"], response.ExceptionFields!.Select(f => f.Key));
    }

    [Fact]
    public async Task Unknown_storage_on_a_call_type_is_rejected()
    {
        var created = await Stream.PostAsync(CallTypes, new JsonObject { ["name"] = "t1", ["external_storage"] = "ghost" });
        var updated = await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["external_storage"] = "ghost" });

        Assert.Equal(4, created.ErrorCode);
        Assert.Contains("external storage ghost does not exist", created.Message, StringComparison.Ordinal);
        Assert.Equal(4, updated.ErrorCode);
        Assert.Equal(["external_storage"], updated.ExceptionFields!.Select(f => f.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await Stream.GetAsync($"{CallTypes}/t1")).Status);
    }

    [Fact]
    public async Task Stream_s3_is_a_valid_storage_reference()
    {
        var response = await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["external_storage"] = "stream-s3" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("stream-s3", response.Body["external_storage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_is_partial_and_answers_201_with_the_whole_call_type()
    {
        await Stream.PostAsync("/api/v2/external_storage", new JsonObject { ["name"] = "rec", ["storage_type"] = "gcs", ["bucket"] = "b" });
        await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["settings"] = new JsonObject { ["recording"] = new JsonObject { ["mode"] = "auto-on" } } });
        var before = await Stream.GetAsync($"{CallTypes}/default");

        var response = await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["external_storage"] = "rec" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("rec", response.Body["external_storage"]!.GetValue<string>());
        Assert.Equal("auto-on", response.Body["settings"]!["recording"]!["mode"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(before.Body["grants"], response.Body["grants"]));
        Assert.True(JsonNode.DeepEquals(before.Body["notification_settings"], response.Body["notification_settings"]));
        Assert.Equal(before.Body["created_at"]!.GetValue<long>(), response.Body["created_at"]!.GetValue<long>());
        Assert.True(response.Body["updated_at"]!.GetValue<long>() >= before.Body["updated_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task Empty_external_storage_goes_back_to_stream_storage()
    {
        await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["external_storage"] = "stream-s3" });

        var response = await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["external_storage"] = string.Empty });

        Assert.Null(response.Body["external_storage"]);
    }

    [Theory]
    [InlineData("""{"recording":{"quality":"720p"}}""", "settings.recording.mode")]
    [InlineData("""{"recording":{"mode":"sometimes"}}""", "settings.recording.mode")]
    [InlineData("""{"recording":"auto-on"}""", "settings.recording")]
    [InlineData("""{"teleport":{"enabled":true}}""", "settings.teleport")]
    [InlineData("""{"audio":{"default_device":"headphones"}}""", "settings.audio.default_device")]
    public async Task Invalid_settings_are_input_errors_naming_the_field(string settings, string field)
    {
        var response = await Stream.PutAsync($"{CallTypes}/default", new JsonObject { ["settings"] = JsonNode.Parse(settings) });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(4, response.ErrorCode);
        Assert.Contains(field, response.ExceptionFields!.Select(f => f.Key));
        Assert.Equal("available", (await Stream.GetAsync($"{CallTypes}/default")).Body["settings"]!["recording"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_of_an_unknown_call_type_is_code_16()
    {
        var response = await Stream.PutAsync($"{CallTypes}/nope", new JsonObject { ["external_storage"] = "stream-s3" });

        Assert.Equal(16, response.ErrorCode);
    }

    [Fact]
    public async Task Delete_answers_200_then_the_call_type_does_not_exist()
    {
        await Stream.PostAsync(CallTypes, new JsonObject { ["name"] = "short-lived" });

        var deleted = await Stream.DeleteAsync($"{CallTypes}/short-lived");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.NotNull(deleted.Body["duration"]);
        Assert.Equal(16, (await Stream.GetAsync($"{CallTypes}/short-lived")).ErrorCode);
        Assert.Equal(16, (await Stream.DeleteAsync($"{CallTypes}/short-lived")).ErrorCode);
    }

    [Fact]
    public async Task Legacy_video_paths_reach_the_same_call_types()
    {
        var created = await Stream.PostAsync("/video/calltypes", new JsonObject { ["name"] = "legacy" });
        var fetched = await Stream.GetAsync($"{CallTypes}/legacy");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
    }
}
