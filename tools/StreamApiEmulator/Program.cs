using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StreamApiEmulator;
using StreamApiEmulator.Control;
using StreamApiEmulator.Features;
using StreamApiEmulator.ObjectStores;
using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;

var builder = WebApplication.CreateSlimBuilder(args);
// Per-request framework logs would drown the output that test harnesses keep for diagnosis, and the
// emulator's own ready line below must be the only one that says "listening".
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Services.AddOptions<EmulatorOptions>()
    .Bind(builder.Configuration.GetSection(EmulatorOptions.SectionName))
    .Configure(options =>
    {
        options.ApiKey = builder.Configuration["STREAM_API_KEY"] ?? options.ApiKey;
        options.ApiSecret = builder.Configuration["STREAM_API_SECRET"] ?? options.ApiSecret;
    });
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<StreamAuthenticator>();
builder.Services.AddSingleton<StreamRateLimiter>();
builder.Services.AddSingleton<FaultInjector>();
builder.Services.AddSingleton<RequestLog>();
builder.Services.AddSingleton<StorageRegistry>();
builder.Services.AddSingleton<CallTypeRegistry>();
builder.Services.AddSingleton<CaptureRegistry>();
builder.Services.AddSingleton<ObjectStoreWriter>();

var app = builder.Build();
app.UseRouting();
app.UseMiddleware<StreamPipelineMiddleware>();
app.MapExternalStorage();
app.MapCallTypes();
app.MapCalls();
app.MapEmulatorControl();

// Test harnesses start the emulator on port 0 and read the real address from this line.
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
    Console.WriteLine($"StreamApiEmulator listening on {string.Join(' ', addresses)}");
});

// A parent that holds our stdin and dies (even killed outright) must not leave the emulator behind;
// opt-in, because stdin may be /dev/null when it is started by hand.
if (app.Configuration["STOP_ON_STDIN_CLOSE"] == "1")
{
    _ = Task.Run(async () =>
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await input.ReadAsync(buffer) > 0)
        {
        }

        app.Lifetime.StopApplication();
    });
}

app.Run();
