using System.Text.Json.Serialization;

namespace StreamStorage.Cli.Reports;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(DoctorReport))]
[JsonSerializable(typeof(DoctorAllReport))]
[JsonSerializable(typeof(RehearsalReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
