
namespace StreamApiEmulator.Tests.Infrastructure;

/// <summary>
/// One emulator per test class (tests in a class run one after another; classes run in parallel, each on
/// its own process). Tests reset it first, so no test sees another's storages, faults or request log.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private StreamEmulatorProcess? _emulator;

    public StreamEmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    protected virtual StreamEmulatorSettings Settings => new();

    public virtual async ValueTask InitializeAsync()
    {
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _emulator = await StreamEmulatorProcess.StartAsync(Settings, startup.Token);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Base for tests against a fresh emulator state: resets it and offers a <see cref="StreamHttp"/> client.</summary>
public abstract class EmulatorTest<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : EmulatorFixture
{
    protected EmulatorTest(TFixture fixture)
    {
        Fixture = fixture;
        Stream = new StreamHttp(fixture.Emulator);
    }

    protected TFixture Fixture { get; }

    protected StreamEmulatorProcess Emulator => Fixture.Emulator;

    protected StreamHttp Stream { get; }

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await Emulator.Control.ResetAsync(Cancellation);

    public ValueTask DisposeAsync()
    {
        Stream.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
