using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call type requests and responses (Stream OpenAPI v236). Of a call type the product reads and writes only
// external_storage; settings and notification settings travel as the JSON documents Stream defines.

/// <summary>A partial update: only the sections present change.</summary>
public record UpdateCallTypeRequest
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Grants { get; init; }

    public JsonObject? NotificationSettings { get; init; }

    public JsonObject? Settings { get; init; }

    public string? ExternalStorage { get; init; }
}

/// <summary>The update body with the new call type's name.</summary>
public sealed record CreateCallTypeRequest : UpdateCallTypeRequest
{
    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }
}

/// <summary>A call type as Stream returns it: alone (with <c>duration</c>) or as an entry of the list.</summary>
public sealed record CallTypeResponse
{
    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public JsonObject Settings { get; init; } = [];

    public JsonObject NotificationSettings { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? ExternalStorage { get; init; }

    public string? Duration { get; init; }
}

public sealed record ListCallTypeResponse
{
    public IReadOnlyDictionary<string, CallTypeResponse> CallTypes { get; init; } = new Dictionary<string, CallTypeResponse>();

    public string Duration { get; init; } = "";
}
