using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StackPlanning;

// How long planning a stack takes in-process: the most a stack holds (10 storages, Stream's limit per app) with every
// protection on (customer-managed keys, tiers, access logs, retention lock, expiry, residency, rotation), parsed, checked,
// planned and listed resource by resource, as the program and `stream-storage plan` do. Target: a plan in a running
// process (the warm median) at most 100 ms. The first run is shown too: it pays for JIT-compiling the planner, as the
// first plan of a `pulumi preview` does, a cost of the runtime rather than of the rules (a stack without keys, tiers or
// logs pays about as much). Sub-millisecond work measured many times with a Stopwatch rather than BenchmarkDotNet's
// harness, so that the first run is measured as it comes.
//
// Usage: dotnet run -c Release --project benchmarks/PlanTime [-- --runs N]

const double TargetMilliseconds = 100;
var runs = 200;
if (args is ["--runs", var count])
{
    runs = int.Parse(count, CultureInfo.InvariantCulture);
}
else if (args.Length > 0)
{
    Console.Error.WriteLine("Usage: [--runs N]");
    return 2;
}

using var document = JsonDocument.Parse(FullStack());
var input = StackConfigInput.FromProjectValues("prod", key => document.RootElement.TryGetProperty(key, out var value) ? value : default) with
{
    HasStreamApiKey = true,
    HasStreamApiSecret = true,
};
var naming = ResourceNaming.Unresolved("acme-video");

var cold = Measure(out var resources);
var warm = new List<double>(runs);
for (var run = 0; run < runs; run++)
{
    warm.Add(Measure(out _));
}

warm.Sort();
Console.WriteLine($"Plan of a 10-storage stack with every protection on: {resources} resources listed per plan.");
Console.WriteLine("| run | ms |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| cold (first in process) | {cold:F1} |");
Console.WriteLine($"| warm median of {runs} | {warm[runs / 2]:F2} |");
Console.WriteLine($"| warm 95th percentile | {warm[(int)(runs * 0.95)]:F2} |");
Console.WriteLine($"| warm max | {warm[^1]:F2} |");
if (warm[runs / 2] > TargetMilliseconds)
{
    Console.Error.WriteLine($"The median plan took {warm[runs / 2]:F1} ms, over the {TargetMilliseconds} ms target.");
    return 1;
}

return 0;

double Measure(out int listed)
{
    var started = Stopwatch.GetTimestamp();
    var plan = StackPlanner.Plan(input);
    listed = plan.Storages.Sum(storage => storage.Resources(naming).Count) + plan.Bindings.Count(binding => ResourceListing.Binding(binding) is not null);
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// Four S3, three GCS and three Azure storages; keys created and given, tiers to each cloud's coldest class, logs to created
// and existing destinations, a governance lock (expiry after the last tier where the cloud has it), and a residency rule they all keep.
static string FullStack()
{
    const string S3Key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const string Workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/acme-logs";
    const string Lock = """ "immutability": { "days": 365, "mode": "governance" }, "retentionDays": 2555 """;
    const string AzureLock = """ "immutability": { "days": 365, "mode": "governance" } """;
    const string S3Tiers = """ "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 400, "class": "archive" } ] """;
    const string GcsTiers = """ "tiers": [ { "afterDays": 400, "class": "infrequent" }, { "afterDays": 500, "class": "cold" }, { "afterDays": 600, "class": "archive" } ] """;
    const string AzureTiers = """ "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 180, "class": "archive" } ] """;
    string[] storages =
    [
        $$"""{ "name": "s3-a", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "encryptionKey": "create", "accessLogs": "create", {{S3Tiers}}, {{Lock}} }""",
        $$"""{ "name": "s3-b", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "encryptionKey": "{{S3Key}}", "accessLogs": "acme-logs", {{S3Tiers}}, {{Lock}} }""",
        $$"""{ "name": "s3-c", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialRotation": "2026-06", "credentialMaxAgeDays": 90, "encryptionKey": "create", "accessLogs": "create", {{S3Tiers}}, {{Lock}} }""",
        $$"""{ "name": "s3-d", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "{{S3Key}}", "accessLogs": "create", {{S3Tiers}}, {{Lock}} }""",
        $$"""{ "name": "gcs-a", "cloud": "gcs", "location": "EU", "project": "acme-video", "encryptionKey": "create", "accessLogs": "auditLogs", {{GcsTiers}}, {{Lock}} }""",
        $$"""{ "name": "gcs-b", "cloud": "gcs", "location": "EU", "project": "acme-video", "encryptionKey": "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "accessLogs": "create", {{GcsTiers}}, {{Lock}} }""",
        $$"""{ "name": "gcs-c", "cloud": "gcs", "location": "EU", "project": "acme-archive", "encryptionKey": "create", "accessLogs": "acme-logs", {{GcsTiers}}, {{Lock}} }""",
        $$"""{ "name": "abs-a", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "infrastructureEncryption": true, "accessLogs": "create", {{AzureTiers}}, {{AzureLock}} }""",
        $$"""{ "name": "abs-b", "cloud": "abs", "location": "westeurope", "encryptionKey": "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings", "accessLogs": "{{Workspace}}", {{AzureTiers}}, {{AzureLock}} }""",
        $$"""{ "name": "abs-c", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS", "encryptionKey": "create", "accessLogs": "create", "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" } ], {{AzureLock}} }""",
    ];
    return $$"""
        { "storages": [ {{string.Join(", ", storages)}} ],
          "bindings": { "default": "s3-a", "livestream": "gcs-a", "audio_room": "abs-a" },
          "tags": { "team": "video", "env": "prod" },
          "allowedLocations": [ "eu-west-1", "EU", "westeurope" ] }
        """;
}
