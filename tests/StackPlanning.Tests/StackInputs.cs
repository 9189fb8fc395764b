using System.Text.Json;

namespace StackPlanning.Tests;

/// <summary>Builds a stack's raw configuration the way Pulumi hands it over, from one JSON object.</summary>
internal static class StackInputs
{
    public static StackConfigInput FromJson(string json, string stackName = "dev", bool apiKey = true, bool apiSecret = true)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return StackConfigInput.FromProjectValues(stackName, key => Member(root, key)) with
        {
            HasStreamApiKey = apiKey,
            HasStreamApiSecret = apiSecret,
        };
    }

    /// <summary>A stack with the given storages (a JSON array's items) and nothing else.</summary>
    public static StackConfigInput WithStorages(string storages, string stackName = "dev") =>
        FromJson($$"""{ "storages": [ {{storages}} ] }""", stackName);

    private static JsonElement Member(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.Clone() : default;
}
