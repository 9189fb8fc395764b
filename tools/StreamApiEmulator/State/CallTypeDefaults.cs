using System.Text.Json.Nodes;

namespace StreamApiEmulator.State;

/// <summary>
/// Settings, notification settings and grants of the built-in call types, in the
/// <c>CallSettingsResponse</c> shape (every required key present) so that strict clients parse them.
/// </summary>
public static class CallTypeDefaults
{
    public static readonly IReadOnlyList<string> BuiltInNames = ["default", "audio_room", "livestream", "development"];

    private const string BaseSettings = """
    {
      "audio": { "access_request_enabled": true, "opus_dtx_enabled": true, "redundant_coding_enabled": true, "mic_default_on": true, "speaker_default_on": true, "default_device": "speaker", "hifi_audio_enabled": false, "noise_cancellation": { "mode": "available" } },
      "backstage": { "enabled": false, "join_ahead_time_seconds": 0 },
      "broadcasting": {
        "enabled": true,
        "hls": { "auto_on": false, "enabled": false, "quality_tracks": ["720p"], "layout": { "name": "spotlight", "external_app_url": "", "external_css_url": "" } },
        "rtmp": { "enabled": false, "quality": "720p", "layout": { "name": "spotlight", "external_app_url": "", "external_css_url": "" } }
      },
      "geofencing": { "names": [] },
      "recording": { "audio_only": false, "mode": "available", "quality": "720p", "layout": { "name": "spotlight", "external_app_url": "", "external_css_url": "" } },
      "individual_recording": { "mode": "available", "output_types": ["audio", "video"] },
      "raw_recording": { "mode": "available", "audio_only": false },
      "frame_recording": { "mode": "disabled", "capture_interval_in_seconds": 5, "quality": "720p" },
      "ring": { "incoming_call_timeout_ms": 15000, "auto_cancel_timeout_ms": 15000, "missed_call_timeout_ms": 15000 },
      "screensharing": { "enabled": true, "access_request_enabled": true, "target_resolution": { "width": 1920, "height": 1080, "bitrate": 3000000 } },
      "transcription": { "mode": "available", "closed_caption_mode": "available", "language": "auto" },
      "video": { "enabled": true, "access_request_enabled": true, "target_resolution": { "width": 1280, "height": 720, "bitrate": 1500000 }, "camera_default_on": true, "camera_facing": "front" },
      "thumbnails": { "enabled": false },
      "limits": { "max_participants_exclude_roles": [] },
      "session": { "inactivity_timeout_seconds": 30 },
      "encryption": { "mode": "disabled" }
    }
    """;

    private const string EventNotification = """{ "enabled": true, "apns": { "title": "", "body": "" }, "fcm": {} }""";

    private static readonly Dictionary<string, string> SettingsOverrides = new(StringComparer.Ordinal)
    {
        ["audio_room"] = """{ "backstage": { "enabled": true }, "video": { "enabled": false, "camera_default_on": false }, "audio": { "default_device": "speaker", "mic_default_on": false } }""",
        ["livestream"] = """{ "backstage": { "enabled": true }, "broadcasting": { "hls": { "enabled": true } } }""",
    };

    private static readonly Dictionary<string, string[]> BaseGrants = new(StringComparer.Ordinal)
    {
        ["admin"] = ["block-user", "create-call", "end-call", "join-call", "mute-users", "read-call", "remove-call-member", "screenshare", "send-audio", "send-video", "start-record-call", "stop-record-call", "start-transcription-call", "stop-transcription-call", "update-call", "update-call-member", "update-call-settings"],
        ["call_member"] = ["join-call", "read-call", "screenshare", "send-audio", "send-video"],
        ["host"] = ["end-call", "join-call", "mute-users", "read-call", "screenshare", "send-audio", "send-video", "start-record-call", "stop-record-call", "update-call"],
        ["user"] = ["create-call", "join-call", "read-call", "screenshare", "send-audio", "send-video"],
    };

    public static JsonObject Settings(string callType)
    {
        var settings = JsonNode.Parse(BaseSettings)!.AsObject();
        if (SettingsOverrides.TryGetValue(callType, out var overrides))
        {
            JsonMerge.Into(settings, JsonNode.Parse(overrides)!.AsObject());
        }

        return settings;
    }

    public static JsonObject NotificationSettings()
    {
        var settings = new JsonObject { ["enabled"] = true };
        foreach (var evt in new[] { "call_live_started", "session_started", "call_notification", "call_ring", "call_missed" })
        {
            settings[evt] = JsonNode.Parse(EventNotification);
        }

        return settings;
    }

    public static Dictionary<string, List<string>> Grants() =>
        BaseGrants.ToDictionary(g => g.Key, g => g.Value.ToList(), StringComparer.Ordinal);
}

public static class JsonMerge
{
    /// <summary>Partial update: objects merge key by key, anything else replaces.</summary>
    public static void Into(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Into(targetObject, patchObject);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
