using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using StreamApiEmulator.Control;

namespace StreamApiEmulator.Wire;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateExternalStorageRequest))]
[JsonSerializable(typeof(UpdateExternalStorageRequest))]
[JsonSerializable(typeof(ExternalStorageResponse))]
[JsonSerializable(typeof(ListExternalStorageResponse))]
[JsonSerializable(typeof(CheckExternalStorageResponse))]
[JsonSerializable(typeof(CreateCallTypeRequest))]
[JsonSerializable(typeof(UpdateCallTypeRequest))]
[JsonSerializable(typeof(CallTypeResponse))]
[JsonSerializable(typeof(ListCallTypeResponse))]
[JsonSerializable(typeof(StartRecordingRequest))]
[JsonSerializable(typeof(StartTranscriptionRequest))]
[JsonSerializable(typeof(StartClosedCaptionsRequest))]
[JsonSerializable(typeof(GoLiveRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(FaultSpec))]
[JsonSerializable(typeof(FaultCreated))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
[JsonSerializable(typeof(FinishRecordingRequest))]
[JsonSerializable(typeof(FinishRecordingResponse))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context every body goes through. Like Stream's servers it leaves quotes and non-ASCII text
    /// unescaped (<c>\"</c>, not <c>\u0022</c>), which the default encoder would escape.
    /// </summary>
    public static EmulatorJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
