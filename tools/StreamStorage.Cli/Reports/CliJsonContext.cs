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
[JsonSerializable(typeof(PlanReport))]
[JsonSerializable(typeof(PreflightJsonReport))]
[JsonSerializable(typeof(FailureReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
