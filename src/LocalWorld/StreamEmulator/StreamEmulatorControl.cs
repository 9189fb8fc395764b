using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace LocalWorld;

/// <summary>Typed client for the emulator's test-only control API under <c>/_emulator</c>.</summary>
public sealed class StreamEmulatorControl : IDisposable
{
    private readonly HttpClient http;

    public StreamEmulatorControl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        http = new HttpClient { BaseAddress = baseUrl };
    }

    /// <summary>Switches a fault on until <see cref="ResetAsync"/> or <see cref="ClearFaultsAsync"/>; returns its id.</summary>
    public async Task<string> SetFaultAsync(StreamEmulatorFault fault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fault);
        using var response = await http.PostAsJsonAsync("_emulator/faults", fault, ControlJsonContext.Default.StreamEmulatorFault, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync(ControlJsonContext.Default.FaultCreated, cancellationToken);
        return created!.Id;
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync("_emulator/faults", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Clears faults, the request log, storages, custom call types, recordings and rate-limit windows.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync("_emulator/reset", content: null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Every Stream request answered since start or the last reset, in order.</summary>
    public async Task<IReadOnlyList<StreamEmulatorRequest>> GetRequestsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("_emulator/requests", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ControlJsonContext.Default.IReadOnlyListStreamEmulatorRequest, cancellationToken) ?? [];
    }

    public async Task ClearRequestsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync("_emulator/requests", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>
    /// Ends a started capture of the call and writes its files into the storage resolved at start
    /// (one file per two hours). <paramref name="kind"/>: composite, individual, raw, frame or transcription.
    /// </summary>
    public async Task<FinishedRecording> FinishRecordingAsync(
        string callType, string callId, TimeSpan duration, string kind = "composite", CancellationToken cancellationToken = default)
    {
        var path = $"_emulator/calls/{Uri.EscapeDataString(callType)}/{Uri.EscapeDataString(callId)}/finish";
        var body = new FinishRequest(kind, duration.TotalSeconds);
        using var response = await http.PostAsJsonAsync(path, body, ControlJsonContext.Default.FinishRequest, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ControlJsonContext.Default.FinishedRecording, cancellationToken))!;
    }

    public void Dispose() => http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"Stream emulator control call {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} failed with HTTP {(int)response.StatusCode}: {body}");
        }
    }

    internal sealed record FaultCreated(string Id);

    internal sealed record FinishRequest(string Kind, double DurationSeconds);
}

/// <summary>
/// A fault for the emulator to inject. Filters (<see cref="Operation"/>, e.g. <c>CreateExternalStorage</c>;
/// <see cref="Method"/>; <see cref="Path"/> with <c>*</c> wildcards) narrow the requests it hits; <see cref="Times"/>
/// limits how many (null: until reset).
/// </summary>
public sealed record StreamEmulatorFault
{
    public required string Kind { get; init; }
    public string? Operation { get; init; }
    public string? Method { get; init; }
    public string? Path { get; init; }
    public int? Times { get; init; }
    public int? LatencyMs { get; init; }
    public int? StatusCode { get; init; }
    public int? RetryAfterSeconds { get; init; }
    public bool? RetryAfterHeader { get; init; }
    public double? DelaySeconds { get; init; }
    public string? Body { get; init; }

    public static StreamEmulatorFault Latency(TimeSpan delay) => new() { Kind = "latency", LatencyMs = (int)delay.TotalMilliseconds };

    /// <summary>
    /// 429 / code 9 with <c>X-RateLimit-Reset</c> that many seconds ahead, as Stream documents it; with
    /// <paramref name="retryAfterHeader"/> also <c>Retry-After</c>, which Stream does not document but its SDKs read when present.
    /// </summary>
    public static StreamEmulatorFault RateLimit(int retryAfterSeconds = 1, bool retryAfterHeader = false) =>
        new() { Kind = "rate_limit", RetryAfterSeconds = retryAfterSeconds, RetryAfterHeader = retryAfterHeader };

    public static StreamEmulatorFault ServerError(int statusCode = 500) => new() { Kind = "server_error", StatusCode = statusCode };

    /// <summary><paramref name="statusCode"/> (4xx or 5xx) with <paramref name="body"/> verbatim, and no change made.</summary>
    public static StreamEmulatorFault ErrorBody(int statusCode, string body) => new() { Kind = "error_body", StatusCode = statusCode, Body = body };

    public static StreamEmulatorFault DropConnection() => new() { Kind = "drop_connection" };

    /// <summary>The request is carried out, but its answer never arrives: the connection is aborted instead.</summary>
    public static StreamEmulatorFault LostAnswer() => new() { Kind = "lost_answer" };

    /// <summary>Storages created while active are missing from the list and "do not exist" on delete for <paramref name="delay"/>.</summary>
    public static StreamEmulatorFault EventualConsistency(TimeSpan delay) => new() { Kind = "eventual_consistency", DelaySeconds = delay.TotalSeconds };

    /// <summary>The next <paramref name="times"/> checks fail with the cloud's access-denied error (permission propagation).</summary>
    public static StreamEmulatorFault CheckFailure(int times) => new() { Kind = "check_failure", Times = times };

    /// <summary>The next <paramref name="times"/> checks answer success without a <c>file_url</c> and write nothing.</summary>
    public static StreamEmulatorFault CheckWithoutFileUrl(int times) => new() { Kind = "check_without_file_url", Times = times };
}

/// <summary>
/// One Stream request the emulator answered. <see cref="Status"/> is 0 for a dropped connection;
/// <see cref="Fault"/> names the faults injected into it (comma-separated wire names), or is null.
/// </summary>
public sealed record StreamEmulatorRequest(string Method, string Path, string? Operation, bool AuthOk, int Status, string? Fault = null);

public sealed record FinishedRecording(string Storage, IReadOnlyList<FinishedRecordingFile> Files);

/// <summary>A written file: its object key (with the storage's path prefix), URL and seconds of recording.</summary>
public sealed record FinishedRecordingFile(string Key, string Url, double DurationSeconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamEmulatorFault))]
[JsonSerializable(typeof(StreamEmulatorControl.FaultCreated))]
[JsonSerializable(typeof(StreamEmulatorControl.FinishRequest))]
[JsonSerializable(typeof(IReadOnlyList<StreamEmulatorRequest>))]
[JsonSerializable(typeof(FinishedRecording))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
