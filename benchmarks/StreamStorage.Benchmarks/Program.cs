using System.Diagnostics;
using System.Globalization;
using LocalWorld;
using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;

// Time-to-green of the registrar's check: the Stream emulator fails every check (as a cloud does while a
// new grant propagates) until D seconds have passed, then lets them through. The check should notice
// within 1.1·D + 1 s. A multi-second scenario measured a few times per D, so a plain measured run
// rather than BenchmarkDotNet's many-iteration statistics.
//
// Usage: dotnet run -c Release --project benchmarks/StreamStorage.Benchmarks [-- D1 D2 ... [--runs N]]

var delays = new List<double>();
var runs = 3;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs" && i + 1 < args.Length)
    {
        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        delays.Add(double.Parse(args[i], CultureInfo.InvariantCulture));
    }
}

if (delays.Count == 0)
{
    delays.AddRange([1, 5, 15, 30]);
}

using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
await using var s3 = await S3Server.StartAsync(startup.Token);
await using var emulator = await StreamEmulatorProcess.StartAsync(new StreamEmulatorSettings { S3ServiceUrl = s3.ServiceUrl }, startup.Token);
using var client = new StreamClient(new StreamClientOptions
{
    ApiKey = emulator.ApiKey,
    ApiSecret = new SecretString(emulator.ApiSecret),
    BaseUrl = emulator.BaseUrl,
});
var registrar = new ExternalStorageRegistrar(client);

const string bucket = "time-to-green";
await s3.CreateBucketAsync(bucket, startup.Token);
await registrar.EnsureAsync(new StorageDeclaration
{
    Name = "time-to-green",
    StorageType = StorageTypes.S3,
    Bucket = bucket,
    Path = "checks/",
    AwsS3 = new S3Settings
    {
        Region = S3Server.Region,
        ApiKey = S3Server.DefaultAccessKey,
        Secret = new SecretString(S3Server.DefaultSecretKey),
        CustomEndpointUrl = s3.ServiceUrl.ToString(),
    },
});

// One unmeasured round so that JIT compilation and first connections are not charged to the first D.
await emulator.Control.SetFaultAsync(new StreamEmulatorFault { Kind = "check_failure", Times = 2 });
await registrar.CheckAsync("time-to-green", StorageTypes.S3);

Console.WriteLine("Check time-to-green under a propagation delay D (target: 1.1·D + 1 s)");
Console.WriteLine($"{"D (s)",7} {"run",4} {"green at (s)",13} {"attempts",9} {"target (s)",11} {"met",4}");
var missed = 0;
foreach (var delay in delays)
{
    for (var run = 1; run <= runs; run++)
    {
        await emulator.Control.ClearFaultsAsync();
        await emulator.Control.SetFaultAsync(new StreamEmulatorFault { Kind = "check_failure" });
        var started = Stopwatch.GetTimestamp();
        var check = registrar.CheckAsync("time-to-green", StorageTypes.S3, new CheckOptions { Deadline = TimeSpan.FromSeconds((delay * 3) + 30) });
        await Task.Delay(TimeSpan.FromSeconds(delay));
        await emulator.Control.ClearFaultsAsync();
        var result = await check;
        var green = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var target = (1.1 * delay) + 1;
        var met = green <= target;
        missed += met ? 0 : 1;
        Console.WriteLine($"{delay,7:0.##} {run,4} {green,13:0.000} {result.Attempts.Count,9} {target,11:0.00} {(met ? "yes" : "NO"),4}");
    }
}

Console.WriteLine(missed == 0 ? "All runs met the target." : $"{missed} run(s) missed the target.");
return missed == 0 ? 0 : 1;
