using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamApiEmulator.State;

/// <summary>
/// Stream's built-in call types as Stream returns them (grants, settings with every key of
/// <c>CallSettingsResponse</c>, notification settings), from the embedded <c>call-type-defaults.json</c>.
/// A call type the app creates starts as <c>default</c> does.
/// </summary>
public static class CallTypeDefaults
{
    private const string ResourceName = "StreamApiEmulator.State.call-type-defaults.json";
    private const string NewCallTypeTemplate = "default";

    // An element, not a node: elements are immutable, so every caller can be handed its own editable copy.
    private static readonly JsonElement Documents = Load();

    public static IReadOnlyList<string> BuiltInNames { get; } = [.. Documents.EnumerateObject().Select(d => d.Name)];

    public static JsonObject Settings(string callType) => JsonObject.Create(Section(callType, "settings"))!;

    public static JsonObject NotificationSettings(string callType) => JsonObject.Create(Section(callType, "notification_settings"))!;

    public static Dictionary<string, List<string>> Grants(string callType) =>
        Section(callType, "grants").EnumerateObject().ToDictionary(
            role => role.Name,
            role => role.Value.EnumerateArray().Select(capability => capability.GetString()!).ToList(),
            StringComparer.Ordinal);

    private static JsonElement Section(string callType, string section) =>
        (Documents.TryGetProperty(callType, out var document) ? document : Documents.GetProperty(NewCallTypeTemplate)).GetProperty(section);

    private static JsonElement Load()
    {
        using var stream = typeof(CallTypeDefaults).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The emulator was built without its embedded {ResourceName}.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }
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
