using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

/// <summary>
/// Source-generated serialization for every Stream request and response. Property names are the
/// OpenAPI snake_case names; nulls are omitted as the official SDKs do; secrets are revealed only
/// here, on their way into a request body.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SecretStringJsonConverter)])]
[JsonSerializable(typeof(Response))]
[JsonSerializable(typeof(CreateExternalStorageRequest))]
[JsonSerializable(typeof(UpdateExternalStorageRequest))]
[JsonSerializable(typeof(UpdateExternalStorageResponse))]
[JsonSerializable(typeof(ListExternalStorageResponse))]
[JsonSerializable(typeof(CheckExternalStorageResponse))]
[JsonSerializable(typeof(CreateCallTypeRequest))]
[JsonSerializable(typeof(UpdateCallTypeRequest))]
[JsonSerializable(typeof(CallTypeResponse))]
[JsonSerializable(typeof(ListCallTypeResponse))]
[JsonSerializable(typeof(StartRecordingRequest))]
public sealed partial class StreamJsonContext : JsonSerializerContext;
