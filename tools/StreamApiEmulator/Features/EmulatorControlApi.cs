using System.Globalization;
using StreamApiEmulator.Control;
using StreamApiEmulator.ObjectStores;
using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Features;

/// <summary>
/// Test-only control API under <c>/_emulator</c>, outside Stream's authentication: faults, the request
/// log, reset, and finishing a recording so that its files land in the resolved storage.
/// </summary>
public static class EmulatorControlApi
{
    /// <summary>Stream splits recordings into files of at most two hours.</summary>
    public static readonly TimeSpan MaxRecordingFileDuration = TimeSpan.FromHours(2);

    public static IEndpointRouteBuilder MapEmulatorControl(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/_emulator");
        group.MapPost("/faults", AddFaultAsync);
        group.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        group.MapGet("/requests", (RequestLog log) => Results.Json(log.Snapshot(), EmulatorJsonContext.Wire.IReadOnlyListRecordedRequest));
        group.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
        group.MapPost("/reset", Reset);
        group.MapPost("/calls/{type}/{id}/finish", FinishAsync);
        return app;
    }

    private static async Task<IResult> AddFaultAsync(HttpContext context, FaultInjector faults, EndpointDataSource endpoints)
    {
        var spec = await context.Request.ReadFromJsonAsync(EmulatorJsonContext.Wire.FaultSpec, context.RequestAborted);
        try
        {
            // A fault for an operation the emulator does not serve would never fire: a misspelt name is refused, not kept idle.
            var operations = endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<StreamOperation>()?.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (spec?.Operation is { } operation && !operations.Contains(operation))
            {
                throw new ArgumentException($"operation must be one of [{string.Join(' ', operations.Order(StringComparer.Ordinal))}], not {operation}");
            }

            var id = faults.Add(spec ?? new FaultSpec());
            return Results.Json(new FaultCreated(id), EmulatorJsonContext.Wire.FaultCreated, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Reset(
        FaultInjector faults, RequestLog log, StorageRegistry storages, CallTypeRegistry callTypes, CaptureRegistry captures, StreamRateLimiter rateLimiter)
    {
        faults.Clear();
        log.Clear();
        storages.Clear();
        callTypes.Reset();
        captures.Clear();
        rateLimiter.Clear();
        return Results.NoContent();
    }

    private static async Task<IResult> FinishAsync(
        string type, string id, HttpContext context, CaptureRegistry captures, StorageRegistry storages, ObjectStoreWriter writer)
    {
        var request = await context.Request.ReadFromJsonAsync(EmulatorJsonContext.Wire.FinishRecordingRequest, context.RequestAborted) ?? new FinishRecordingRequest();
        var kind = request.Kind ?? "composite";
        if (!CaptureRegistry.Kinds.Contains(kind))
        {
            return Results.Text($"kind must be one of [{string.Join(' ', CaptureRegistry.Kinds)}]", statusCode: StatusCodes.Status400BadRequest);
        }

        var duration = TimeSpan.FromSeconds(request.DurationSeconds ?? 60);
        if (duration <= TimeSpan.Zero)
        {
            return Results.Text("duration_seconds must be positive", statusCode: StatusCodes.Status400BadRequest);
        }

        var capture = captures.Finish(type, id, kind);
        if (capture is null)
        {
            return Results.Text($"no {kind} is in progress for call {type}:{id}", statusCode: StatusCodes.Status404NotFound);
        }

        var storage = capture.Storage == StorageRegistry.StreamS3 ? null : storages.Find(capture.Storage);
        if (storage is null && capture.Storage != StorageRegistry.StreamS3)
        {
            return Results.Text($"external storage {capture.Storage} was deleted while the {kind} was running", statusCode: StatusCodes.Status409Conflict);
        }

        var files = new List<FinishedFile>();
        var startedAt = DateTimeOffset.UtcNow - duration;
        foreach (var (offset, length) in Segments(duration))
        {
            var fileName = FileName(capture, startedAt + offset);
            var content = $"{kind} of call {type}:{id}, {length.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds from offset {offset.TotalSeconds.ToString(CultureInfo.InvariantCulture)}\n";
            if (storage is null)
            {
                files.Add(new FinishedFile(fileName, $"stream-s3://{fileName}", length.TotalSeconds));
                continue;
            }

            var key = ObjectStoreWriter.ObjectKey(storage, fileName);
            try
            {
                var url = await writer.WriteAsync(storage, key, content, ContentType(kind), context.RequestAborted);
                files.Add(new FinishedFile(key, url, length.TotalSeconds));
            }
            catch (ObjectStoreWriteException e)
            {
                return Results.Text($"writing {key} to {storage.Type} bucket {storage.Bucket} failed: {e.Message}", statusCode: StatusCodes.Status502BadGateway);
            }
        }

        return Results.Json(new FinishRecordingResponse(capture.Storage, files), EmulatorJsonContext.Wire.FinishRecordingResponse);
    }

    private static IEnumerable<(TimeSpan Offset, TimeSpan Length)> Segments(TimeSpan duration)
    {
        for (var offset = TimeSpan.Zero; offset < duration; offset += MaxRecordingFileDuration)
        {
            var remaining = duration - offset;
            yield return (offset, remaining < MaxRecordingFileDuration ? remaining : MaxRecordingFileDuration);
        }
    }

    // Stream's naming: <prefix>_<call type>_<call id>_<quality>_<start time in Unix milliseconds>.<extension>.
    private static string FileName(ActiveCapture capture, DateTimeOffset segmentStart)
    {
        var millis = segmentStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return capture.Kind switch
        {
            "transcription" => $"transcript_{capture.CallType}_{capture.CallId}_{millis}.jsonl",
            "frame" => $"frame_{capture.CallType}_{capture.CallId}_{millis}.jpg",
            "individual" => $"individual_{capture.CallType}_{capture.CallId}_{millis}.mp4",
            "raw" => $"raw_{capture.CallType}_{capture.CallId}_{millis}.webm",
            _ => $"rec_{capture.CallType}_{capture.CallId}_720p_{millis}.mp4",
        };
    }

    private static string ContentType(string kind) => kind switch
    {
        "transcription" => "application/jsonl",
        "frame" => "image/jpeg",
        "raw" => "video/webm",
        _ => "video/mp4",
    };
}
