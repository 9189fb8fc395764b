using System.Diagnostics;
using System.Text.Json.Nodes;

namespace StreamApiEmulator.Wire;

// Stream's request and response bodies for the operations the emulator serves. Property names map to
// the OpenAPI snake_case names through the serializer context's naming policy; every request field is
// nullable so that a missing value can be reported as Stream reports it, naming the field.

/// <summary>Every setting of a storage but its name.</summary>
public class UpdateExternalStorageRequest
{
    public string? StorageType { get; set; }
    public string? Bucket { get; set; }
    public string? Path { get; set; }
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? GcsCredentials { get; set; }
    public S3Request? AwsS3 { get; set; }
    public AzureRequest? AzureBlob { get; set; }
}

public sealed class CreateExternalStorageRequest : UpdateExternalStorageRequest
{
    public string? Name { get; set; }
}

public sealed class S3Request
{
    public string? S3Region { get; set; }
    public string? S3ApiKey { get; set; }
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? S3Secret { get; set; }
    public string? S3CustomEndpointUrl { get; set; }
}

public sealed class AzureRequest
{
    public string? AbsAccountName { get; set; }
    public string? AbsClientId { get; set; }
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? AbsClientSecret { get; set; }
    public string? AbsTenantId { get; set; }
}

public sealed record ExternalStorageResponse(string Name, string Type, string Bucket, string Path);

public sealed record ListExternalStorageResponse(IReadOnlyDictionary<string, ExternalStorageResponse> ExternalStorages);

public sealed record CheckExternalStorageResponse(string FileUrl);

/// <summary>The sections of a call type a request may change; settings stay Stream's JSON documents.</summary>
public class UpdateCallTypeRequest
{
    public string? ExternalStorage { get; set; }
    public Dictionary<string, List<string>>? Grants { get; set; }
    public JsonObject? NotificationSettings { get; set; }
    public JsonObject? Settings { get; set; }
}

public sealed class CreateCallTypeRequest : UpdateCallTypeRequest
{
    public string? Name { get; set; }
}

public sealed record CallTypeResponse(
    string Name,
    IReadOnlyDictionary<string, List<string>> Grants,
    JsonObject Settings,
    JsonObject NotificationSettings,
    long CreatedAt,
    long UpdatedAt,
    string? ExternalStorage);

public sealed record ListCallTypeResponse(IReadOnlyDictionary<string, CallTypeResponse> CallTypes);

public sealed class StartRecordingRequest
{
    public string? RecordingExternalStorage { get; set; }
}

public sealed class StartTranscriptionRequest
{
    public string? TranscriptionExternalStorage { get; set; }
    public bool? EnableClosedCaptions { get; set; }
    public string? Language { get; set; }
}

public sealed class StartClosedCaptionsRequest
{
    public string? ExternalStorage { get; set; }
    public bool? EnableTranscription { get; set; }
    public string? Language { get; set; }
    public JsonObject? SpeechSegmentConfig { get; set; }
}

public sealed class GoLiveRequest
{
    public string? RecordingStorageName { get; set; }
    public string? TranscriptionStorageName { get; set; }
    public bool? StartRecording { get; set; }
    public bool? StartCompositeRecording { get; set; }
    public bool? StartIndividualRecording { get; set; }
    public bool? StartRawRecording { get; set; }
    public bool? StartTranscription { get; set; }
    public bool? StartClosedCaption { get; set; }
    public bool? StartHls { get; set; }
}

/// <summary>An empty success body: the pipeline adds <c>duration</c> to every response.</summary>
public sealed record EmptyResponse;

/// <summary>Stream's <c>APIError</c>, field for field (note the capitalised <c>StatusCode</c>).</summary>
public sealed record ApiError
{
    public required int Code { get; init; }
    public required string Message { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("StatusCode")]
    public required int StatusCode { get; init; }
    public required string Duration { get; init; }
    public required string MoreInfo { get; init; }
    public required IReadOnlyList<int> Details { get; init; }
    public bool? Unrecoverable { get; init; }
    public IReadOnlyDictionary<string, string>? ExceptionFields { get; init; }
}
