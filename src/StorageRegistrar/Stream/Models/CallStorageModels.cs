using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call-level operations that name an external storage (Stream OpenAPI v236).

public sealed record StartRecordingRequest
{
    [JsonPropertyName("recording_external_storage")]
    public string? RecordingExternalStorage { get; init; }
}

public sealed record StartRecordingResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record StartTranscriptionRequest
{
    [JsonPropertyName("transcription_external_storage")]
    public string? TranscriptionExternalStorage { get; init; }

    [JsonPropertyName("enable_closed_captions")]
    public bool? EnableClosedCaptions { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }
}

public sealed record StartTranscriptionResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record StartClosedCaptionsRequest
{
    [JsonPropertyName("enable_transcription")]
    public bool? EnableTranscription { get; init; }

    [JsonPropertyName("external_storage")]
    public string? ExternalStorage { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    [JsonPropertyName("speech_segment_config")]
    public SpeechSegmentConfig? SpeechSegmentConfig { get; init; }
}

public sealed record StartClosedCaptionsResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record StartFrameRecordingRequest
{
    [JsonPropertyName("recording_external_storage")]
    public string? RecordingExternalStorage { get; init; }
}

public sealed record StartFrameRecordingResponse
{
    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record GoLiveRequest
{
    [JsonPropertyName("start_hls")]
    public bool? StartHls { get; init; }

    [JsonPropertyName("start_recording")]
    public bool? StartRecording { get; init; }

    [JsonPropertyName("start_composite_recording")]
    public bool? StartCompositeRecording { get; init; }

    [JsonPropertyName("start_individual_recording")]
    public bool? StartIndividualRecording { get; init; }

    [JsonPropertyName("start_raw_recording")]
    public bool? StartRawRecording { get; init; }

    [JsonPropertyName("recording_storage_name")]
    public string? RecordingStorageName { get; init; }

    [JsonPropertyName("transcription_storage_name")]
    public string? TranscriptionStorageName { get; init; }

    [JsonPropertyName("start_transcription")]
    public bool? StartTranscription { get; init; }

    [JsonPropertyName("start_closed_caption")]
    public bool? StartClosedCaption { get; init; }
}

public sealed record GoLiveResponse
{
    [JsonPropertyName("call")]
    public CallResponse Call { get; init; } = new();

    [JsonPropertyName("duration")]
    public string Duration { get; init; } = "";
}

public sealed record SpeechSegmentConfig
{
    [JsonPropertyName("max_speech_caption_ms")]
    public int? MaxSpeechCaptionMs { get; init; }

    [JsonPropertyName("silence_duration_ms")]
    public int? SilenceDurationMs { get; init; }
}
