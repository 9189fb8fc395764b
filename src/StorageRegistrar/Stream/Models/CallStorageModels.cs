using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call-level operations that name an external storage (Stream OpenAPI v236). Each answers a bare Response
// but go-live, which returns the call.

public sealed record StartRecordingRequest
{
    public string? RecordingExternalStorage { get; init; }
}

public sealed record StartFrameRecordingRequest
{
    public string? RecordingExternalStorage { get; init; }
}

public sealed record StartTranscriptionRequest
{
    public string? TranscriptionExternalStorage { get; init; }

    public bool? EnableClosedCaptions { get; init; }

    public string? Language { get; init; }
}

public sealed record StartClosedCaptionsRequest
{
    public bool? EnableTranscription { get; init; }

    public string? ExternalStorage { get; init; }

    public string? Language { get; init; }

    public JsonObject? SpeechSegmentConfig { get; init; }
}

public sealed record GoLiveRequest
{
    public bool? StartHls { get; init; }

    public bool? StartRecording { get; init; }

    public bool? StartCompositeRecording { get; init; }

    public bool? StartIndividualRecording { get; init; }

    public bool? StartRawRecording { get; init; }

    public string? RecordingStorageName { get; init; }

    public string? TranscriptionStorageName { get; init; }

    public bool? StartTranscription { get; init; }

    public bool? StartClosedCaption { get; init; }
}

public sealed record GoLiveResponse
{
    public CallResponse Call { get; init; } = new();

    public string Duration { get; init; } = "";
}

/// <summary>A call: which one and when, with the rest of Stream's document (settings, egress, session…) as sent.</summary>
public sealed record CallResponse
{
    public string Cid { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    // The serializer fills extension data only through a setter.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; set; }
}
