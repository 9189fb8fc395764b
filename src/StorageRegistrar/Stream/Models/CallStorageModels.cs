namespace StorageRegistrar.Stream.Models;

// Starting a call's recording may name the external storage it goes to (Stream OpenAPI v236); the answer is a bare Response.

public sealed record StartRecordingRequest
{
    public string? RecordingExternalStorage { get; init; }
}
