using System.Text.Json;
using System.Text.Json.Nodes;
using StreamApiEmulator.Pipeline;

namespace StreamApiEmulator.Features;

/// <summary>
/// Checks a <c>CallSettingsRequest</c> the way the spec constrains it: known sections only, each an
/// object, with its required fields and enum values.
/// </summary>
public static class CallSettingsValidator
{
    private static readonly string[] Modes = ["available", "disabled", "auto-on"];

    private static readonly Dictionary<string, string[]> RequiredFieldsBySection = new(StringComparer.Ordinal)
    {
        ["audio"] = ["default_device"],
        ["backstage"] = [],
        ["broadcasting"] = [],
        ["encryption"] = [],
        ["frame_recording"] = ["mode", "capture_interval_in_seconds"],
        ["geofencing"] = [],
        ["individual_recording"] = ["mode"],
        ["ingress"] = [],
        ["limits"] = [],
        ["raw_recording"] = ["mode"],
        ["recording"] = ["mode"],
        ["ring"] = ["incoming_call_timeout_ms", "auto_cancel_timeout_ms"],
        ["screensharing"] = [],
        ["session"] = ["inactivity_timeout_seconds"],
        ["thumbnails"] = [],
        ["transcription"] = [],
        ["video"] = [],
    };

    private static readonly Dictionary<(string Section, string Field), string[]> EnumValues = new()
    {
        [("audio", "default_device")] = ["speaker", "earpiece"],
        [("encryption", "mode")] = Modes,
        [("frame_recording", "mode")] = Modes,
        [("individual_recording", "mode")] = Modes,
        [("raw_recording", "mode")] = Modes,
        [("recording", "mode")] = Modes,
        [("transcription", "mode")] = Modes,
        [("transcription", "closed_caption_mode")] = Modes,
        [("video", "camera_facing")] = ["front", "back", "external"],
    };

    public static void Validate(JsonObject settings, InputErrors errors)
    {
        foreach (var (section, value) in settings)
        {
            var path = $"settings.{section}";
            if (!RequiredFieldsBySection.TryGetValue(section, out var required))
            {
                errors.Add(path, "is not a call setting");
                continue;
            }

            if (value is not JsonObject fields)
            {
                errors.Add(path, "must be an object");
                continue;
            }

            foreach (var field in required)
            {
                if (fields[field] is null)
                {
                    errors.Add($"{path}.{field}", "is a required field");
                }
            }

            foreach (var (field, fieldValue) in fields)
            {
                if (EnumValues.TryGetValue((section, field), out var allowed))
                {
                    var text = fieldValue is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : fieldValue?.ToJsonString();
                    errors.OneOf(text, $"{path}.{field}", allowed);
                }
            }
        }
    }
}
