using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// The error body every Stream endpoint returns, and the bare duration-only response.

public sealed record APIError
{
    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("message")]
    public string Message { get; init; } = "";

    [JsonPropertyName("exception_fields")]
    public IReadOnlyDictionary<string, string>? ExceptionFields { get; init; }

    [JsonPropertyName("StatusCode")]
    public int StatusCode { get; init; }

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";

    [JsonPropertyName("more_info")]
    public string MoreInfo { get; init; } = "";

    [JsonPropertyName("details")]
    public IReadOnlyList<int> Details { get; init; } = [];

    [JsonPropertyName("unrecoverable")]
    public bool? Unrecoverable { get; init; }
}

public sealed record Response
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}
