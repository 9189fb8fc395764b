using StorageRegistrar.Registration;
using StorageRegistrar.Stream.Models;

namespace StorageRegistrar.Tests.Registration;

/// <summary>A registrar on each test's client, and the storages and call types registration tests start from.</summary>
public abstract class RegistrationTestBase(StreamEmulatorFixture fixture) : StreamEmulatorTest(fixture)
{
    protected ExternalStorageRegistrar Registrar { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Registrar = Fixture.CreateRegistrar(Client);
    }

    /// <summary>An S3 storage (see <see cref="StreamEmulatorFixture.S3StorageAsync"/>) registered with the emulator.</summary>
    protected async Task<StorageDeclaration> EnsureS3StorageAsync(string name)
    {
        var declaration = await Fixture.S3StorageAsync(name);
        await Registrar.EnsureAsync(declaration, ct: Ct);
        return declaration;
    }

    protected async Task<string> CreateCallTypeAsync(string? externalStorage = null)
    {
        var name = "ct_" + StreamEmulatorFixture.Suffix();
        await Client.CreateCallTypeAsync(new CreateCallTypeRequest { Name = name, ExternalStorage = externalStorage }, Ct);
        return name;
    }

    /// <summary>
    /// A new S3 storage <paramref name="storage"/> and a new call type recording to <paramref name="recordsTo"/>
    /// (Stream's own storage when null), bound to the storage.
    /// </summary>
    protected async Task<(CallTypeBindingDeclaration Binding, BindResult Bound)> BindNewCallTypeAsync(string storage, string? recordsTo = null)
    {
        await EnsureS3StorageAsync(storage);
        var binding = new CallTypeBindingDeclaration { CallType = await CreateCallTypeAsync(recordsTo), ExternalStorage = storage };
        return (binding, await Registrar.BindAsync(binding, Ct));
    }
}
