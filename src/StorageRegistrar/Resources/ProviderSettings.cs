using StorageRegistrar.Declarations;
using StorageRegistrar.Stream;
using StorageRegistrar.Validation;
using C = StorageRegistrar.Resources.ProviderConfigProperties;

namespace StorageRegistrar.Resources;

/// <summary>Provider configuration as given (stack config or explicit provider arguments), before fallbacks.</summary>
public sealed record ProviderConfigValues
{
    public string? ApiKey { get; init; }

    public SecretString? ApiSecret { get; init; }

    public string? BaseUrl { get; init; }

    public double? CheckDeadlineSeconds { get; init; }
}

/// <summary>
/// The provider's resolved settings: each value from configuration, else from the environment
/// variable the official Stream SDKs read, else a default.
/// </summary>
public sealed class ProviderSettings
{
    private ProviderSettings()
    {
    }

    public required string ApiKey { get; init; }

    public required SecretString ApiSecret { get; init; }

    public required Uri BaseUrl { get; init; }

    /// <summary>Deadline for storages that set none; null leaves the registrar's per-cloud default.</summary>
    public TimeSpan? CheckDeadline { get; init; }

    /// <summary>
    /// Resolves the settings, or returns every problem with the configuration key it concerns.
    /// <paramref name="environment"/> reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).
    /// </summary>
    public static (ProviderSettings? Settings, IReadOnlyList<ValidationProblem> Problems) Resolve(
        ProviderConfigValues config,
        Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<ValidationProblem>();

        var apiKey = NullIfBlank(config.ApiKey) ?? KeyFromEnvironment(config, environment);
        if (apiKey is null)
        {
            problems.Add(Missing(C.ApiKey, StreamClientOptions.ApiKeyVariable, "pulumi config set streamstorage:apiKey <key>"));
        }

        var apiSecret = config.ApiSecret is { Length: > 0 } secret
            ? secret
            : SecretString.From(NullIfBlank(environment(StreamClientOptions.ApiSecretVariable)));
        if (apiSecret is null)
        {
            problems.Add(Missing(C.ApiSecret, StreamClientOptions.ApiSecretVariable, "pulumi config set --secret streamstorage:apiSecret <secret>"));
        }
        else if (config.ApiSecret is not { Length: > 0 } && apiKey is not null && NamesAnotherApp(apiKey, environment(StreamClientOptions.ApiKeyVariable)))
        {
            // The configured key is this provider's app (recorded from STREAM_API_KEY when its resources were made, say); the
            // environment's secret goes with the environment's key, another app's, and Stream would refuse the pair.
            problems.Add(new ValidationProblem(
                C.ApiSecret,
                $"comes from {StreamClientOptions.ApiSecretVariable}, which goes with {StreamClientOptions.ApiKeyVariable} \"{UnsafeText.Escape(NullIfBlank(environment(StreamClientOptions.ApiKeyVariable))!)}\", " +
                $"another Stream app than this provider's key \"{UnsafeText.Escape(apiKey)}\": run with {StreamClientOptions.ApiKeyVariable} and {StreamClientOptions.ApiSecretVariable} of the app \"{UnsafeText.Escape(apiKey)}\" " +
                "until its resources are deleted (a switch to another app deletes them from the old one), or set `pulumi config set --secret streamstorage:apiSecret <secret>` for it."));
        }

        var baseUrl = ParseBaseUrl(NullIfBlank(config.BaseUrl) ?? NullIfBlank(environment(StreamClientOptions.BaseUrlVariable)), problems);
        var deadline = ResourceChecks.DeadlineFromSeconds(config.CheckDeadlineSeconds, C.CheckDeadlineSeconds, problems);

        return problems.Count > 0
            ? (null, problems)
            : (new ProviderSettings { ApiKey = apiKey!, ApiSecret = apiSecret!, BaseUrl = baseUrl!, CheckDeadline = deadline }, problems);
    }

    /// <summary>
    /// The endpoint and deadline <paramref name="config"/> sets itself, judged as <see cref="Resolve"/> judges them, each
    /// problem on its key (<c>baseUrl</c>): what a stack can set wrong beyond Stream's credentials, found before the
    /// provider runs. The deadline is null when none is set, or it is refused.
    /// </summary>
    public static (TimeSpan? CheckDeadline, IReadOnlyList<ValidationProblem> Problems) CheckSetValues(ProviderConfigValues config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<ValidationProblem>();
        if (NullIfBlank(config.BaseUrl) is { } baseUrl)
        {
            ParseBaseUrl(baseUrl, problems);
        }

        return (ResourceChecks.DeadlineFromSeconds(config.CheckDeadlineSeconds, C.CheckDeadlineSeconds, problems), problems);
    }

    public StreamClientOptions ToClientOptions() => new()
    {
        ApiKey = ApiKey,
        ApiSecret = ApiSecret,
        BaseUrl = BaseUrl,
    };

    private static Uri? ParseBaseUrl(string? value, List<ValidationProblem> problems)
    {
        if (value is null)
        {
            return StreamClientOptions.DefaultBaseUrl;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && StreamClientOptions.IsAllowedBaseUrl(url))
        {
            return url;
        }

        problems.Add(new ValidationProblem(
            C.BaseUrl,
            $"{StreamClientOptions.BaseUrlRule}; leave it unset for Stream's public endpoint."));
        return null;
    }

    private static ValidationProblem Missing(string key, string variable, string command) =>
        new(key, $"is required: run `{command}` or set the {variable} environment variable.");

    /// <summary>
    /// Whether a change of the configured API key from <paramref name="old"/> to <paramref name="new"/> names another app:
    /// both set, and different once trimmed as <see cref="Resolve"/> reads them. A blank key is not set (STREAM_API_KEY
    /// decides), and may be the same app's.
    /// </summary>
    public static bool NamesAnotherApp(string? old, string? @new) =>
        NullIfBlank(old) is { } before && NullIfBlank(@new) is { } after && !string.Equals(before, after, StringComparison.Ordinal);

    /// <summary>The API key <see cref="Resolve"/> takes from <c>STREAM_API_KEY</c>, where the configuration sets none; null otherwise.</summary>
    public static string? KeyFromEnvironment(ProviderConfigValues config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        return NullIfBlank(config.ApiKey) is null ? NullIfBlank(environment(StreamClientOptions.ApiKeyVariable)) : null;
    }

    /// <summary>Whether the configured API key changes at all, as <see cref="Resolve"/> reads it (trimmed, blank as not set).</summary>
    public static bool ApiKeyChanges(string? old, string? @new) => !string.Equals(NullIfBlank(old), NullIfBlank(@new), StringComparison.Ordinal);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
