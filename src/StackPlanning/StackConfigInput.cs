using System.Text.Json;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;

namespace StackPlanning;

/// <summary>
/// A stack's configuration exactly as Pulumi hands it over, before any checking: the program reads
/// the values with <c>Config.Get</c> and <see cref="ConfigValue.Parse"/>, tests write them as JSON. A key that is
/// not set is a default <see cref="JsonElement"/> (<see cref="JsonValueKind.Undefined"/>).
/// </summary>
public sealed record StackConfigInput
{
    public required string StackName { get; init; }

    /// <summary><c>&lt;project&gt;:storages</c>: a list of storage objects.</summary>
    public JsonElement Storages { get; init; }

    /// <summary><c>&lt;project&gt;:bindings</c>: an object mapping call type to storage name.</summary>
    public JsonElement Bindings { get; init; }

    /// <summary><c>&lt;project&gt;:tags</c>: an object of tag (label) names to values put on every cloud resource.</summary>
    public JsonElement Tags { get; init; }

    /// <summary><c>&lt;project&gt;:production</c>: true unless set to false.</summary>
    public JsonElement Production { get; init; }

    /// <summary><c>&lt;project&gt;:allowedLocations</c>: the regions and locations the storages must be in.</summary>
    public JsonElement AllowedLocations { get; init; }

    /// <summary><c>&lt;project&gt;:preflight</c>: <c>off</c>, <c>warn</c> or <c>strict</c>.</summary>
    public JsonElement Preflight { get; init; }

    /// <summary>
    /// Whether Pulumi holds <c>&lt;project&gt;:storages</c> encrypted, as it does once any value in it was set
    /// with <c>--secret</c>; null when the engine does not say. Store keys in plain text are refused.
    /// </summary>
    public bool? StoragesEncrypted { get; init; }

    /// <summary>
    /// The key paths whose values the stack holds as secure values (<c>storages[0].secretAccessKey</c>, <c>production</c>),
    /// read from the stack file; null when it could not be read, and then only <see cref="StoragesEncrypted"/> is known.
    /// Only secrets may be secure, and every secret must be.
    /// </summary>
    public IReadOnlySet<string>? SecurePaths { get; init; }

    /// <summary>
    /// Whether the values at <see cref="SecurePaths"/> are their plain text, as the engine hands them to the program, or
    /// stand-ins that only the stack's secrets provider could decrypt (a stack file read on its own): then their
    /// shape cannot be checked, and nothing may use them.
    /// </summary>
    public bool SecureValuesDecrypted { get; init; } = true;

    /// <summary>
    /// The keys set in the project's namespace, without it (<c>storages</c>, <c>bindngs</c>), so that a misspelt one is
    /// refused rather than ignored; null when the engine does not list them.
    /// </summary>
    public IReadOnlyCollection<string>? ProjectKeys { get; init; }

    /// <summary>
    /// The Pulumi ESC environments a stack file imports, when the plan is made from the file alone: the engine adds
    /// their configuration, which the plan cannot see. Empty when the engine hands the program its whole configuration.
    /// </summary>
    public IReadOnlyList<string> UnseenEnvironments { get; init; } = [];

    /// <summary>
    /// The keys set in the <c>streamstorage</c> provider's namespace, without it, so that a misspelt one is refused rather
    /// than ignored; null when the engine does not list them.
    /// </summary>
    public IReadOnlyCollection<string>? StreamProviderKeys { get; init; }

    /// <summary>The keys of the <c>streamstorage</c> namespace held as secure values, without it; null when not known.</summary>
    public IReadOnlyCollection<string>? StreamProviderSecureKeys { get; init; }

    /// <summary>
    /// Whether <c>streamstorage:apiSecret</c>, where it is set, is held encrypted, as <c>pulumi config set --secret</c> holds it;
    /// null when it is not set or the engine does not say.
    /// </summary>
    public bool? StreamApiSecretEncrypted { get; init; }

    /// <summary>
    /// The <c>streamstorage</c> provider's endpoint and deadline as the stack sets them (<see cref="WithStreamProviderSettings"/>),
    /// held to the provider's rules; null: not read, as in tests of the program's own keys.
    /// </summary>
    public ProviderConfigValues? StreamProviderValues { get; init; }

    /// <summary>Whether <c>streamstorage:apiKey</c> is set (the provider reads it; the program only checks it is there).</summary>
    public bool HasStreamApiKey { get; init; }

    /// <summary>Whether <c>streamstorage:apiSecret</c> is set. Its value never passes through here.</summary>
    public bool HasStreamApiSecret { get; init; }

    /// <summary>
    /// The program's values, each read by <paramref name="value"/> from its key in the project's namespace
    /// (<see cref="ConfigKeys.ProjectKeys"/>): one list of what the program reads, wherever the values come from.
    /// </summary>
    public static StackConfigInput FromProjectValues(string stackName, Func<string, JsonElement> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StackConfigInput
        {
            StackName = stackName,
            Storages = value(ConfigKeys.Storages),
            Bindings = value(ConfigKeys.Bindings),
            Tags = value(ConfigKeys.Tags),
            Production = value(ConfigKeys.Production),
            AllowedLocations = value(ConfigKeys.AllowedLocations),
            Preflight = value(ConfigKeys.Preflight),
        };
    }

    /// <summary>
    /// Stream's key and secret as the provider finds them: from the stack's configuration, else from
    /// <c>STREAM_API_KEY</c> and <c>STREAM_API_SECRET</c> where the engine runs (a pipeline's secrets).
    /// </summary>
    public StackConfigInput WithStreamCredentialsFrom(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this with
        {
            HasStreamApiKey = HasStreamApiKey || !string.IsNullOrWhiteSpace(environment(StreamClientOptions.ApiKeyVariable)),
            HasStreamApiSecret = HasStreamApiSecret || !string.IsNullOrWhiteSpace(environment(StreamClientOptions.ApiSecretVariable)),
        };
    }

    /// <summary>
    /// The <c>streamstorage</c> provider's endpoint and deadline as the stack sets them, <paramref name="read"/> giving a
    /// key's text without its namespace (<c>baseUrl</c>); a deadline that is no number is kept as one the provider refuses.
    /// </summary>
    public StackConfigInput WithStreamProviderSettings(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return this with
        {
            StreamProviderValues = new ProviderConfigValues
            {
                BaseUrl = read(ProviderConfigProperties.BaseUrl),
                CheckDeadlineSeconds = read(ProviderConfigProperties.CheckDeadlineSeconds) is { } seconds
                    ? double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : double.NaN
                    : null,
            },
        };
    }

    // The configuration holds the stack's decrypted secrets (an S3-compatible store's keys): record printing names only the stack.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("StackName = ").Append(StackName).Append(", configuration not shown");
        return true;
    }
}
