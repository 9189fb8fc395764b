using System.Diagnostics;
using System.Globalization;
using LocalWorld;
using StackPlanning;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight;

// What preflight adds to `stream-storage rehearse`: starting the three guardrail stand-ins (Google, AWS, Azure) and
// reading every guardrail of a 10-storage stack (tests/fixtures/ten-storages, two GCP projects, two AWS regions, three
// Azure storages) through preflight's own checkers, under a governed organization (examples/guardrails/governed-eu.yaml).
// As in the rehearsal, the stand-ins start and the first preflight of the process runs (JIT-compiling the checkers and
// opening the connections) while the emulators start; the overhead on the rehearsal is how much longer that takes than
// the emulators. Then warm runs, each with fresh checkers and so fresh read caches. Reads are counted from the servers'
// request logs. Whole operations measured with a Stopwatch rather than BenchmarkDotNet's harness, so that the cold run
// is measured as it comes. Needs the emulators installed (a first rehearsal, or the tests, installs them).
// Target: overhead on the rehearsal at most 1 s.
//
// Usage: dotnet run -c Release --project benchmarks/PreflightTime [-- --runs N]

const double TargetMilliseconds = 1000;
var runs = 50;
if (args is ["--runs", var count])
{
    runs = int.Parse(count, CultureInfo.InvariantCulture);
}
else if (args.Length > 0)
{
    Console.Error.WriteLine("Usage: [--runs N]");
    return 2;
}

var root = RepositoryRoot();
var plan = StackPlanner.Plan(StackFile.Read(Path.Combine(root, "tests", "fixtures", "ten-storages", "Pulumi.ten.yaml")).ToInput(streamCredentialsSupplied: true));
var guardrails = GuardrailsFile.Read(Path.Combine(root, "examples", "guardrails", "governed-eu.yaml"));
var targets = PreflightTargets.Of(plan, "acme-video-dev", GuardrailServers.LocalSubscriptionId);

// The rehearsal's world start, with the stand-ins and the first preflight beside it.
var begun = Stopwatch.GetTimestamp();
var emulators = Task.Run(async () =>
{
    var stores = await ObjectStores.StartAsync(CancellationToken.None);
    var stream = await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(stores), CancellationToken.None);
    return (Stores: stores, Stream: stream, Milliseconds: Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
});
var servers = await GuardrailServers.StartAsync(guardrails, GuardrailServers.LocalSubscriptionId, CancellationToken.None);
await using var stopServers = servers;
var start = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
var (cold, reads) = await MeasureAsync();
var beside = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
var world = await emulators;
await world.Stream.DisposeAsync();
await world.Stores.DisposeAsync();

var warm = new List<double>(runs);
for (var run = 0; run < runs; run++)
{
    warm.Add((await MeasureAsync()).Milliseconds);
}

warm.Sort();
Console.WriteLine($"Preflight of a {plan.Storages.Count}-storage stack against the guardrail stand-ins: {reads} reads per preflight.");
Console.WriteLine("| step | ms |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| emulators started (the rehearsal's world) | {world.Milliseconds:F1} |");
Console.WriteLine($"| stand-ins started, beside them | {start:F1} |");
Console.WriteLine($"| preflight, cold (first in process), beside them | {cold:F1} |");
Console.WriteLine($"| preflight, warm median of {runs} | {warm[runs / 2]:F1} |");
Console.WriteLine($"| preflight, warm max | {warm[^1]:F1} |");
var overhead = Math.Max(0, beside - world.Milliseconds);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Overhead on a rehearsal (stand-ins and cold preflight past the emulators' start): {overhead:F0} ms: {(overhead <= TargetMilliseconds ? "within" : "OVER")} the {TargetMilliseconds:F0} ms target; without the overlap they would add {start + cold:F0} ms."));
return overhead <= TargetMilliseconds ? 0 : 1;

async Task<(double Milliseconds, int Reads)> MeasureAsync()
{
    var before = servers.RequestCount;
    var begun = Stopwatch.GetTimestamp();
    var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync(plan.StackName, targets, CancellationToken.None);
    var elapsed = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
    if (!report.Blocked)
    {
        throw new InvalidOperationException("The governed organization was expected to block the stack.");
    }

    return (elapsed, servers.RequestCount - before);
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "StreamStorage.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("No StreamStorage.sln above " + AppContext.BaseDirectory + ": run it from a checkout.");
}
