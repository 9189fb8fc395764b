using StorageRegistrar.Resources;

namespace StreamStorage.Provider;

/// <summary>
/// The provider configuration of this plugin process, as the last Configure call gave it. It outlives
/// any one provider instance: the host replaces the instance when the engine attaches, and the new one
/// must still know its settings.
/// </summary>
public sealed class ProviderConfigurationStore
{
    private ProviderConfigValues _current = new();

    public ProviderConfigValues Current
    {
        get => Volatile.Read(ref _current);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _current, value);
        }
    }
}
