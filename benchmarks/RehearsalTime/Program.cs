using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

// How long `stream-storage rehearse` takes for a stack, per phase: once cold (a fresh emulator installation
// folder, so the first run installs them as on a new machine) and then warm (installed). A whole-process
// scenario of tens of seconds, so plain measured runs rather than BenchmarkDotNet's iterations.
// Target: the median warm total at most 30 s on the 2-core development machine.
//
// Usage: dotnet run -c Release --project benchmarks/RehearsalTime [-- [--runs N] [--stack PATH] [--no-cold]]
// The governed (retention-locked) stack: --stack tests/fixtures/locked-stack/Pulumi.locked.yaml

const double WarmTargetSeconds = 30;
var runs = 3;
string? stack = null;
var cold = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--stack" when i + 1 < args.Length:
            stack = Path.GetFullPath(args[++i]);
            break;
        case "--no-cold":
            cold = false;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--runs N] [--stack PATH] [--no-cold]");
            return 2;
    }
}

stack ??= Path.Combine(RepositoryRoot(), "Pulumi.dev.yaml");
var cli = Path.Combine(AppContext.BaseDirectory, "stream-storage.dll");
Console.WriteLine($"Rehearsing {stack}; seconds per phase from the report, wall time of the whole process.");
Console.WriteLine("| run | plan | world | preflight | up | prove | destroy | total | wall |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

var failed = false;
if (cold)
{
    var home = Directory.CreateTempSubdirectory("rehearsal-cold-");
    try
    {
        failed |= await MeasureAsync("cold", home.FullName) is null;
    }
    finally
    {
        home.Delete(recursive: true);
    }
}

var warmTotals = new List<double>();
for (var run = 1; run <= runs; run++)
{
    var total = await MeasureAsync($"warm {run}", emulatorsHome: null);
    failed |= total is null;
    if (total is { } seconds)
    {
        warmTotals.Add(seconds);
    }
}

if (warmTotals.Count > 0)
{
    var median = warmTotals.Order().ElementAt(warmTotals.Count / 2);
    var verdict = median <= WarmTargetSeconds ? "within" : "OVER";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warm median total {median:0.0} s: {verdict} the {WarmTargetSeconds:0} s target."));
    failed |= median > WarmTargetSeconds;
}

return failed ? 1 : 0;

// Runs one rehearsal; returns its total seconds, or null when it did not hold.
async Task<double?> MeasureAsync(string label, string? emulatorsHome)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in new[] { cli, "rehearse", stack, "--json" })
    {
        start.ArgumentList.Add(argument);
    }

    if (emulatorsHome is not null)
    {
        start.Environment["STREAM_STORAGE_EMULATORS_HOME"] = emulatorsHome;
    }

    var wall = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    wall.Stop();
    if (process.ExitCode != 0)
    {
        Console.WriteLine($"| {label} | failed with exit code {process.ExitCode} | | | | | | | |");
        Console.Error.WriteLine(await error);
        return null;
    }

    using var report = JsonDocument.Parse(await output);
    var seconds = report.RootElement.GetProperty("seconds");
    double Phase(string name) => seconds.GetProperty(name).GetDouble();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Phase("plan"):0.0} | {Phase("world"):0.0} | {Phase("preflight"):0.00} | {Phase("up"):0.0} | {Phase("prove"):0.0} | {Phase("destroy"):0.0} | {Phase("total"):0.0} | {wall.Elapsed.TotalSeconds:0.0} |"));
    return Phase("total");
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("No Pulumi.yaml above " + AppContext.BaseDirectory + "; pass --stack.");
}
