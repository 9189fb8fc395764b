using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call type requests and responses (Stream OpenAPI v236).

public sealed record CreateCallTypeRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Grants { get; init; }

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsRequest? NotificationSettings { get; init; }

    [JsonPropertyName("settings")]
    public CallSettingsRequest? Settings { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }
}

public sealed record UpdateCallTypeRequest
{
    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Grants { get; init; }

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsRequest? NotificationSettings { get; init; }

    [JsonPropertyName("settings")]
    public CallSettingsRequest? Settings { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }
}

public sealed record CallTypeResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [JsonPropertyName("settings")]
    public CallSettingsResponse Settings { get; init; } = new();

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsResponse NotificationSettings { get; init; } = new();

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }
}

public sealed record GetCallTypeResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [JsonPropertyName("settings")]
    public CallSettingsResponse Settings { get; init; } = new();

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsResponse NotificationSettings { get; init; } = new();

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record CreateCallTypeResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [JsonPropertyName("settings")]
    public CallSettingsResponse Settings { get; init; } = new();

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsResponse NotificationSettings { get; init; } = new();

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record UpdateCallTypeResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("grants")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [JsonPropertyName("settings")]
    public CallSettingsResponse Settings { get; init; } = new();

    [JsonPropertyName("notification_settings")]
    public NotificationSettingsResponse NotificationSettings { get; init; } = new();

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record ListCallTypeResponse
{
    [JsonPropertyName("call_types")]
    public IReadOnlyDictionary<string, CallTypeResponse> CallTypes { get; init; } = new Dictionary<string, CallTypeResponse>();

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}
