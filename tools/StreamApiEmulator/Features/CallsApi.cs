using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
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

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app) =>
        app.MapCurrentAndLegacy("/api/v2/video/call/{type}/{id}", "/video/call/{type}/{id}", group =>
        {
            group.MapPost("/recordings/{recording_type}/start", StartRecordingAsync).WithStreamOperation("StartRecording");
            // Before spec v215 recording started here, with the same body; older clients still call it.
            group.MapPost("/start_recording", ([AsParameters] CallRequest call) => StartRecordingAsync(call, "composite")).WithStreamOperation("StartRecording");
            group.MapPost("/start_frame_recording", StartFrameRecordingAsync).WithStreamOperation("StartFrameRecording");
            group.MapPost("/start_transcription", StartTranscriptionAsync).WithStreamOperation("StartTranscription");
            group.MapPost("/start_closed_captions", StartClosedCaptionsAsync).WithStreamOperation("StartClosedCaptions");
            group.MapPost("/go_live", GoLiveAsync).WithStreamOperation("GoLive");
        });

    private static async Task<IResult> StartRecordingAsync(
        [AsParameters] CallRequest call, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "recording_type")] string recordingType)
    {
        var request = await call.ReadBodyAsync(EmulatorJsonContext.Wire.StartRecordingRequest);
        var callType = call.RequireCallType(errors => errors.OneOf(recordingType, "recording_type", RecordingTypes));
        call.Start(recordingType, call.ResolveStorage(request.RecordingExternalStorage, "recording_external_storage", callType));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartFrameRecordingAsync([AsParameters] CallRequest call)
    {
        var request = await call.ReadBodyAsync(EmulatorJsonContext.Wire.StartRecordingRequest);
        call.Start("frame", call.ResolveStorage(request.RecordingExternalStorage, "recording_external_storage", call.RequireCallType()));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartTranscriptionAsync([AsParameters] CallRequest call)
    {
        var request = await call.ReadBodyAsync(EmulatorJsonContext.Wire.StartTranscriptionRequest);
        var callType = call.RequireCallType(errors => errors.OneOf(request.Language, "language", Languages));
        call.Start("transcription", call.ResolveStorage(request.TranscriptionExternalStorage, "transcription_external_storage", callType));
        return StreamResults.Created();
    }

    private static async Task<IResult> StartClosedCaptionsAsync([AsParameters] CallRequest call)
    {
        var request = await call.ReadBodyAsync(EmulatorJsonContext.Wire.StartClosedCaptionsRequest);
        var callType = call.RequireCallType(errors => errors.OneOf(request.Language, "language", Languages));
        // Captions alone are not stored; external_storage counts only when they come with a transcription.
        if (request.EnableTranscription == true)
        {
            call.Start("transcription", call.ResolveStorage(request.ExternalStorage, "external_storage", callType));
        }

        return StreamResults.Created();
    }

    private static async Task<IResult> GoLiveAsync([AsParameters] CallRequest call)
    {
        var request = await call.ReadBodyAsync(EmulatorJsonContext.Wire.GoLiveRequest);
        var callType = call.RequireCallType();
        var recordingStorage = call.ResolveStorage(request.RecordingStorageName, "recording_storage_name", callType);
        var transcriptionStorage = call.ResolveStorage(request.TranscriptionStorageName, "transcription_storage_name", callType);

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
            call.Start(kind, recordingStorage);
        }

        if (request.StartTranscription == true)
        {
            call.Start("transcription", transcriptionStorage);
        }

        var response = CallResponse(callType, call.Id, recording: recordingKinds.Count > 0, transcribing: request.StartTranscription == true, captioning: request.StartClosedCaption == true);
        return StreamResults.Created(new JsonObject { ["call"] = response }, EmulatorJsonContext.Wire.JsonObject);
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

    /// <summary>What every call operation binds: the call's route values, its body and the emulator's state.</summary>
    internal readonly record struct CallRequest(
        string Type, string Id, HttpContext Context, CallTypeRegistry CallTypes, StorageRegistry Storages, CaptureRegistry Captures)
    {
        public Task<T> ReadBodyAsync<T>(JsonTypeInfo<T> typeInfo)
            where T : new() => StreamResults.ReadBodyAsync(Context, typeInfo);

        /// <summary>The call's type, once neither the route values nor <paramref name="validateBody"/> found an error.</summary>
        public StoredCallType RequireCallType(Action<InputErrors>? validateBody = null)
        {
            var errors = new InputErrors();
            validateBody?.Invoke(errors);
            if (Type.Length > MaxPathParameterLength)
            {
                errors.Add("type", $"must be at most {MaxPathParameterLength} characters");
            }

            if (Id.Length > MaxPathParameterLength)
            {
                errors.Add("id", $"must be at most {MaxPathParameterLength} characters");
            }

            errors.ThrowIfAny();
            return CallTypes.Get(Type);
        }

        /// <summary>The call's own storage <paramref name="field"/> when set, else the call type's storage, else stream-s3.</summary>
        public string ResolveStorage(string? callLevel, string field, StoredCallType callType)
        {
            var name = !string.IsNullOrEmpty(callLevel) ? callLevel : callType.ExternalStorage ?? StorageRegistry.StreamS3;
            Storages.RequireKnown(name, string.IsNullOrEmpty(callLevel) ? "external_storage" : field);
            return name;
        }

        public void Start(string kind, string storage) => Captures.Start(new ActiveCapture(Type, Id, kind, storage));
    }
}
