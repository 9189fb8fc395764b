using System.Text.Json.Nodes;
using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Features;

/// <summary>
/// The call-level operations that name an external storage. Storage is resolved as Stream does:
/// the call's own field, else the call type's <c>external_storage</c>, else <c>stream-s3</c>. Calls
/// exist implicitly: any id under an existing call type can be used.
/// </summary>
public static class CallsApi
{
    private const int MaxPathParameterLength = 64;

    private static readonly string[] RecordingTypes = ["composite", "individual", "raw"];

    private static readonly string[] Languages =
        ["auto", "en", "fr", "es", "de", "it", "nl", "pt", "pl", "ca", "cs", "da", "el", "fi", "id", "ja", "ru", "sv", "ta", "th", "tr", "hu", "ro", "zh", "ar", "tl", "he", "hi", "hr", "ko", "ms", "no", "uk", "bg", "et", "sl", "sk"];

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/v2/video/call/{type}/{id}", "/video/call/{type}/{id}" })
        {
            var group = app.MapGroup(prefix);
            group.MapPost("/recordings/{recording_type}/start", StartRecordingAsync).WithStreamOperation("StartRecording");
            // Before spec v215 recording started here, with the same body; older clients still call it.
            group.MapPost("/start_recording", (string type, string id, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures) =>
                StartRecordingAsync(type, id, "composite", context, callTypes, storages, captures)).WithStreamOperation("StartRecording");
            group.MapPost("/start_frame_recording", StartFrameRecordingAsync).WithStreamOperation("StartFrameRecording");
            group.MapPost("/start_transcription", StartTranscriptionAsync).WithStreamOperation("StartTranscription");
            group.MapPost("/start_closed_captions", StartClosedCaptionsAsync).WithStreamOperation("StartClosedCaptions");
            group.MapPost("/go_live", GoLiveAsync).WithStreamOperation("GoLive");
        }

        return app;
    }

    private static async Task<IResult> StartRecordingAsync(
        string type, string id, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "recording_type")] string recordingType,
        HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.StartRecordingRequest);
        var errors = new InputErrors();
        errors.OneOf(recordingType, "recording_type", RecordingTypes);
        var callType = RequireCall(type, id, callTypes, errors);
        var storage = Resolve(request.RecordingExternalStorage, "recording_external_storage", callType, storages);
        captures.Start(new ActiveCapture(type, id, recordingType, storage));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartFrameRecordingAsync(
        string type, string id, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.StartRecordingRequest);
        var callType = RequireCall(type, id, callTypes, new InputErrors());
        var storage = Resolve(request.RecordingExternalStorage, "recording_external_storage", callType, storages);
        captures.Start(new ActiveCapture(type, id, "frame", storage));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartTranscriptionAsync(
        string type, string id, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.StartTranscriptionRequest);
        var errors = new InputErrors();
        errors.OneOf(request.Language, "language", Languages);
        var callType = RequireCall(type, id, callTypes, errors);
        var storage = Resolve(request.TranscriptionExternalStorage, "transcription_external_storage", callType, storages);
        captures.Start(new ActiveCapture(type, id, "transcription", storage));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartClosedCaptionsAsync(
        string type, string id, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.StartClosedCaptionsRequest);
        var errors = new InputErrors();
        errors.OneOf(request.Language, "language", Languages);
        var callType = RequireCall(type, id, callTypes, errors);
        // Captions alone are not stored; external_storage counts only when they come with a transcription.
        if (request.EnableTranscription == true)
        {
            var storage = Resolve(request.ExternalStorage, "external_storage", callType, storages);
            captures.Start(new ActiveCapture(type, id, "transcription", storage));
        }

        return StreamResults.Created();
    }

    private static async Task<IResult> GoLiveAsync(
        string type, string id, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages, CaptureRegistry captures)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.GoLiveRequest);
        var callType = RequireCall(type, id, callTypes, new InputErrors());
        var recordingStorage = Resolve(request.RecordingStorageName, "recording_storage_name", callType, storages);
        var transcriptionStorage = Resolve(request.TranscriptionStorageName, "transcription_storage_name", callType, storages);

        var recordingKinds = new List<string>();
        if (request.StartRecording == true || request.StartCompositeRecording == true)
        {
            recordingKinds.Add("composite");
        }

        if (request.StartIndividualRecording == true)
        {
            recordingKinds.Add("individual");
        }

        if (request.StartRawRecording == true)
        {
            recordingKinds.Add("raw");
        }

        foreach (var kind in recordingKinds)
        {
            captures.Start(new ActiveCapture(type, id, kind, recordingStorage));
        }

        if (request.StartTranscription == true)
        {
            captures.Start(new ActiveCapture(type, id, "transcription", transcriptionStorage));
        }

        var call = CallResponse(callType, id, recording: recordingKinds.Count > 0, transcribing: request.StartTranscription == true, captioning: request.StartClosedCaption == true);
        return StreamResults.Created(new JsonObject { ["call"] = call }, EmulatorJsonContext.Wire.JsonObject);
    }

    private static StoredCallType RequireCall(string type, string id, CallTypeRegistry callTypes, InputErrors errors)
    {
        if (type.Length > MaxPathParameterLength)
        {
            errors.Add("type", $"must be at most {MaxPathParameterLength} characters");
        }

        if (id.Length > MaxPathParameterLength)
        {
            errors.Add("id", $"must be at most {MaxPathParameterLength} characters");
        }

        errors.ThrowIfAny();
        return callTypes.Get(type);
    }

    private static string Resolve(string? callLevel, string field, StoredCallType callType, StorageRegistry storages)
    {
        var name = !string.IsNullOrEmpty(callLevel) ? callLevel : callType.ExternalStorage ?? StorageRegistry.StreamS3;
        storages.RequireKnown(name, string.IsNullOrEmpty(callLevel) ? "external_storage" : field);
        return name;
    }

    /// <summary>A <c>CallResponse</c> with every required field, for go_live.</summary>
    private static JsonObject CallResponse(StoredCallType callType, string id, bool recording, bool transcribing, bool captioning)
    {
        var now = CallTypesApi.UnixNanoseconds(DateTimeOffset.UtcNow);
        var server = new JsonObject
        {
            ["id"] = "server",
            ["custom"] = new JsonObject(),
            ["language"] = "",
            ["role"] = "admin",
            ["teams"] = new JsonArray(),
            ["created_at"] = now,
            ["updated_at"] = now,
            ["banned"] = false,
            ["online"] = false,
            ["blocked_user_ids"] = new JsonArray(),
            ["shadow_banned"] = false,
            ["invisible"] = false,
        };
        return new JsonObject
        {
            ["type"] = callType.Name,
            ["id"] = id,
            ["cid"] = $"{callType.Name}:{id}",
            ["current_session_id"] = "",
            ["created_by"] = server,
            ["custom"] = new JsonObject(),
            ["created_at"] = now,
            ["updated_at"] = now,
            ["recording"] = recording,
            ["transcribing"] = transcribing,
            ["captioning"] = captioning,
            ["translating"] = false,
            ["backstage"] = false,
            ["settings"] = callType.Settings.DeepClone(),
            ["blocked_user_ids"] = new JsonArray(),
            ["ingress"] = new JsonObject
            {
                ["rtmp"] = new JsonObject { ["address"] = "" },
                ["whip"] = new JsonObject { ["address"] = "" },
                ["srt"] = new JsonObject { ["address"] = "" },
            },
            ["egress"] = new JsonObject { ["broadcasting"] = false, ["rtmps"] = new JsonArray() },
        };
    }
}
