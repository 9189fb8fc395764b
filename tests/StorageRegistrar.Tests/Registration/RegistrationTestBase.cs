using LocalWorld;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Stream;
using StorageRegistrar.Tests.Fixtures;

namespace StorageRegistrar.Tests.Registration;

/// <summary>A fresh emulator state, a client and a registrar for each registration test.</summary>
public abstract class RegistrationTestBase(StreamEmulatorFixture fixture) : IAsyncLifetime
{
    private static readonly HashSet<string> WriteMethods = new(StringComparer.Ordinal) { "POST", "PUT", "DELETE", "PATCH" };

    protected StreamEmulatorFixture Fixture { get; } = fixture;

    protected StreamClient Client { get; private set; } = null!;

    protected ExternalStorageRegistrar Registrar { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await Fixture.ResetAsync();
        Client = Fixture.CreateClient();
        Registrar = Fixture.CreateRegistrar(Client);
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

    protected async Task<string> CreateCallTypeAsync(string? externalStorage = null)
    {
        var name = "ct_" + StreamEmulatorFixture.Suffix();
        await Client.CreateCallTypeAsync(new CreateCallTypeRequest { Name = name, ExternalStorage = externalStorage }, Ct);
        return name;
    }

    protected Task SetFaultAsync(StreamEmulatorFault fault) => Fixture.Emulator.Control.SetFaultAsync(fault, Ct);
}
