using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// The error body every Stream endpoint returns, and the bare duration-only response.

public sealed record APIError
{
    public int Code { get; init; }

    public string Message { get; init; } = "";

    public IReadOnlyDictionary<string, string>? ExceptionFields { get; init; }

    [JsonPropertyName("StatusCode")]
    public int StatusCode { get; init; }

    public string Duration { get; init; } = "";

    public string MoreInfo { get; init; } = "";

    public IReadOnlyList<int> Details { get; init; } = [];

    public bool? Unrecoverable { get; init; }
}

/// <summary>The answer of every operation that returns nothing but its duration.</summary>
public sealed record Response
{
    public string Duration { get; init; } = "";
}
