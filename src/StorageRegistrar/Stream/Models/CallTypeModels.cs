using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call type requests and responses (Stream OpenAPI v236). Of a call type the product reads and writes only its name and
// external_storage; the rest of Stream's document (grants, settings, timestamps) is left unread.

/// <summary>A partial update: only the sections present change, and the product changes only the storage.</summary>
public record UpdateCallTypeRequest
{
    public string? ExternalStorage { get; init; }
}

/// <summary>The update body with the new call type's name.</summary>
public sealed record CreateCallTypeRequest : UpdateCallTypeRequest
{
    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }
}

/// <summary>A call type as Stream returns it, alone or as an entry of the list: its name and the storage it records to.</summary>
public sealed record CallTypeResponse
{
    public string Name { get; init; } = "";

    public string? ExternalStorage { get; init; }
}

public sealed record ListCallTypeResponse
{
    public IReadOnlyDictionary<string, CallTypeResponse> CallTypes { get; init; } = new Dictionary<string, CallTypeResponse>();
}
