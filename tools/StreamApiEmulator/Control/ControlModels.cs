namespace StreamApiEmulator.Control;

// Bodies of the test-only control API under /_emulator.

/// <summary>
/// One injected fault. It applies to the Stream requests it matches: <c>operation</c> (Stream's
/// operation id, e.g. <c>CreateExternalStorage</c>), <c>method</c> and <c>path</c> (a pattern where
/// <c>*</c> matches any run of characters); an absent filter matches everything. <c>times</c> limits
/// how many requests it hits (absent = until reset).
/// </summary>
public sealed class FaultSpec
{
    public string? Kind { get; set; }
    public string? Operation { get; set; }
    public string? Method { get; set; }
    public string? Path { get; set; }
    public int? Times { get; set; }
    public int? LatencyMs { get; set; }
    public int? StatusCode { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public bool? RetryAfterHeader { get; set; }
    public double? DelaySeconds { get; set; }
    public string? Body { get; set; }
}

public sealed record FaultCreated(string Id);

/// <summary>One answered request; <c>Fault</c> names the faults injected into it (comma-separated), or is null.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Operation, bool AuthOk, int Status, string? Fault);

public sealed class FinishRecordingRequest
{
    /// <summary><c>composite</c> (default), <c>individual</c>, <c>raw</c>, <c>frame</c> or <c>transcription</c>.</summary>
    public string? Kind { get; set; }
    public double? DurationSeconds { get; set; }
}

public sealed record FinishedFile(string Key, string Url, double DurationSeconds);

public sealed record FinishRecordingResponse(string Storage, IReadOnlyList<FinishedFile> Files);
