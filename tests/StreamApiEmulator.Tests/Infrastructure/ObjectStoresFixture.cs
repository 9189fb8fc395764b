
namespace StreamApiEmulator.Tests.Infrastructure;

/// <summary>The local object stores and token endpoints, and an emulator whose checks and recordings write into them.</summary>
public sealed class ObjectStoresFixture : EmulatorFixture
{
    private ObjectStores? _stores;
    private StreamEmulatorSettings? _settings;

    public ObjectStores Stores => _stores ?? throw new InvalidOperationException("The object stores have not started.");

    protected override StreamEmulatorSettings Settings => _settings ?? throw new InvalidOperationException("The object stores have not started.");

    public override async ValueTask InitializeAsync()
    {
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _stores = await ObjectStores.StartAsync(startup.Token);
        _settings = StreamEmulatorSettings.For(_stores);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }
}
