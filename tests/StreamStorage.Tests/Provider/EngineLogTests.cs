using Microsoft.Extensions.Logging;
using Pulumi.Experimental;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using StreamStorage.Provider;

namespace StreamStorage.Tests.Provider;

/// <summary>What the registrar and Stream's client log, as the engine receives it from the provider.</summary>
public sealed class EngineLogTests
{
    private static readonly global::Pulumi.Urn StorageUrn = ProviderProperties.StorageUrn("rec-s3");

    [Fact]
    public async Task The_registrars_warnings_show_under_the_resource_with_its_secret_location_masked_and_escaped()
    {
        var engine = new RecordingEngine();
        var log = new EngineLog(engine);
        var registrar = log.Factory.CreateLogger<ExternalStorageRegistrar>();

        await using (log.About(StorageUrn, ["acme-secret-calls", "acme-secret-calls/in/"]))
        {
            registrar.LogWarning("Storage rec-s3: Stream quoted acme-secret-calls/in/ and acme-secret-calls\u001b]0;owned\u0007");
            registrar.LogError("Storage rec-s3: failed");
        }

        registrar.LogWarning("Storage rec-s3: outside any resource");
        // The next operation waits for what was logged before it.
        await log.About(StorageUrn, []).DisposeAsync();

        Assert.Collection(
            engine.Logs,
            warning =>
            {
                Assert.Equal(LogSeverity.Warning, warning.Severity);
                Assert.Equal(StorageUrn, warning.Urn);
                Assert.Equal("Storage rec-s3: Stream quoted [secret] and [secret]\\u001B]0;owned\\u0007", warning.Message);
            },
            error => Assert.Equal((LogSeverity.Error, StorageUrn), (error.Severity, error.Urn)),
            outside => Assert.Equal((LogSeverity.Warning, null), (outside.Severity, outside.Urn)));
    }

    [Fact]
    public async Task Stream_calls_and_the_registrars_progress_are_detail_whatever_their_level()
    {
        var engine = new RecordingEngine();
        var log = new EngineLog(engine);

        await using (log.About(StorageUrn, []))
        {
            log.Factory.CreateLogger<StreamClient>().LogWarning("Stream DeleteExternalStorage (DELETE /video/external_storage/rec-s3) failed with 404");
            log.Factory.CreateLogger<ExternalStorageRegistrar>().LogInformation("Storage rec-s3: Created");
            log.Factory.CreateLogger<ExternalStorageRegistrar>().LogDebug("Storage rec-s3: listed");
        }

        Assert.Equal([LogSeverity.Debug, LogSeverity.Debug, LogSeverity.Debug], engine.Logs.Select(l => l.Severity));
        Assert.All(engine.Logs, l => Assert.Equal(StorageUrn, l.Urn));
    }

    [Fact]
    public async Task A_message_the_engine_refuses_does_not_fail_the_operation_nor_stop_the_next()
    {
        var engine = new RefusingOnceEngine();
        var log = new EngineLog(engine);
        var registrar = log.Factory.CreateLogger<ExternalStorageRegistrar>();

        await using (log.About(StorageUrn, []))
        {
            registrar.LogWarning("first");
            registrar.LogWarning("second");
        }

        Assert.Equal(["second"], engine.Taken.Select(l => l.Message));
    }

    [Fact]
    public async Task An_engine_that_never_takes_a_message_holds_neither_the_operation_nor_the_next_message()
    {
        var engine = new SilentOnceEngine();
        var log = new EngineLog(engine, TimeSpan.FromMilliseconds(50));
        var registrar = log.Factory.CreateLogger<ExternalStorageRegistrar>();

        async Task OperateAsync()
        {
            await using (log.About(StorageUrn, []))
            {
                registrar.LogWarning("first");
                registrar.LogWarning("second");
            }
        }

        // Held by the silent engine, the operation would never end: a minute is ample for what waits 50 ms.
        await OperateAsync().WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        for (var operation = 0; operation < 200 && engine.Taken.Count == 0; operation++)
        {
            await log.About(StorageUrn, []).DisposeAsync();
        }

        Assert.Equal(["second"], engine.Taken.Select(l => l.Message));
    }

    private sealed class SilentOnceEngine : IEngine
    {
        private int _calls;

        public List<LogRequest> Taken { get; } = [];

        public Task LogAsync(LogRequest message)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                return new TaskCompletionSource().Task;
            }

            Taken.Add(message);
            return Task.CompletedTask;
        }

        public Task RequirePulumiVersionAsync(string pulumiVersionRange) => Task.CompletedTask;
    }

    private sealed class RefusingOnceEngine : IEngine
    {
        private int _calls;

        public List<LogRequest> Taken { get; } = [];

        public Task LogAsync(LogRequest message)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                return Task.FromException(new InvalidOperationException("the engine went away"));
            }

            Taken.Add(message);
            return Task.CompletedTask;
        }

        public Task RequirePulumiVersionAsync(string pulumiVersionRange) => Task.CompletedTask;
    }
}
