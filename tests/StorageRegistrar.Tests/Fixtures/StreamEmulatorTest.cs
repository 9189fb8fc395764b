using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>A test in <see cref="StreamEmulatorCollection"/>: a reset emulator and a fresh client for each test.</summary>
[Collection(StreamEmulatorCollection.Name)]
public abstract class StreamEmulatorTest(StreamEmulatorFixture fixture) : IAsyncLifetime
{
    private static readonly HashSet<string> WriteMethods = new(StringComparer.Ordinal) { "POST", "PUT", "DELETE", "PATCH" };

    protected StreamEmulatorFixture Fixture { get; } = fixture;

    protected StreamClient Client { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await Fixture.ResetAsync();
        Client = Fixture.CreateClient();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected Task<IReadOnlyList<StreamEmulatorRequest>> RequestsAsync() => Fixture.RequestsAsync();

    protected Task ClearRequestsAsync() => Fixture.Emulator.Control.ClearRequestsAsync(Ct);

    protected async Task<List<StreamEmulatorRequest>> WritesAsync() =>
        [.. (await RequestsAsync()).Where(r => WriteMethods.Contains(r.Method))];

    protected Task SetFaultAsync(StreamEmulatorFault fault) => Fixture.Emulator.Control.SetFaultAsync(fault, Ct);
}
