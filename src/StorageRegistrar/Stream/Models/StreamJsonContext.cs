using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

/// <summary>
/// Source-generated serialization for every Stream request and response. Nulls are omitted as the
/// official SDKs do; timestamps accept both of Stream's encodings; secrets are revealed only here,
/// on their way into a request body.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(StreamTimestampJsonConverter), typeof(SecretStringJsonConverter)])]
[JsonSerializable(typeof(APIError))]
[JsonSerializable(typeof(Response))]
[JsonSerializable(typeof(CreateExternalStorageRequest))]
[JsonSerializable(typeof(CreateExternalStorageResponse))]
[JsonSerializable(typeof(UpdateExternalStorageRequest))]
[JsonSerializable(typeof(UpdateExternalStorageResponse))]
[JsonSerializable(typeof(ListExternalStorageResponse))]
[JsonSerializable(typeof(DeleteExternalStorageResponse))]
[JsonSerializable(typeof(CheckExternalStorageResponse))]
[JsonSerializable(typeof(CreateCallTypeRequest))]
[JsonSerializable(typeof(CreateCallTypeResponse))]
[JsonSerializable(typeof(UpdateCallTypeRequest))]
[JsonSerializable(typeof(UpdateCallTypeResponse))]
[JsonSerializable(typeof(GetCallTypeResponse))]
[JsonSerializable(typeof(ListCallTypeResponse))]
[JsonSerializable(typeof(StartRecordingRequest))]
[JsonSerializable(typeof(StartRecordingResponse))]
[JsonSerializable(typeof(StartTranscriptionRequest))]
[JsonSerializable(typeof(StartTranscriptionResponse))]
[JsonSerializable(typeof(StartClosedCaptionsRequest))]
[JsonSerializable(typeof(StartClosedCaptionsResponse))]
[JsonSerializable(typeof(StartFrameRecordingRequest))]
[JsonSerializable(typeof(StartFrameRecordingResponse))]
[JsonSerializable(typeof(GoLiveRequest))]
[JsonSerializable(typeof(GoLiveResponse))]
public sealed partial class StreamJsonContext : JsonSerializerContext;
