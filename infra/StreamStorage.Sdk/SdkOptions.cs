using System.Reflection;

namespace StreamStorage.Sdk;

/// <summary>Resource options every class here starts from.</summary>
internal static class SdkOptions
{
    private static readonly Assembly Stamped = typeof(SdkOptions).Assembly;

    /// <summary>
    /// The plugin version these classes ask the engine for: the SDK and plugin ship together, both stamped with
    /// Version from Directory.Build.props.
    /// </summary>
    public static string Version { get; } =
        Stamped.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? throw new InvalidOperationException("The assembly carries no informational version: set Version in Directory.Build.props.");

    /// <summary>Where the engine downloads that version when it is not installed: the project's GitHub releases.</summary>
    public static string PluginDownloadUrl { get; } =
        Stamped.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "PluginDownloadUrl")?.Value
        ?? throw new InvalidOperationException("The assembly carries no PluginDownloadUrl: set it in Directory.Build.props.");

    public static CustomResourceOptions Merge(CustomResourceOptions? options, Input<string>? id, params string[] secretOutputs)
    {
        var defaults = new CustomResourceOptions { Version = Version, PluginDownloadURL = PluginDownloadUrl };
        defaults.AdditionalSecretOutputs.AddRange(secretOutputs);
        var merged = CustomResourceOptions.Merge(defaults, options);
        merged.Id = id ?? merged.Id;
        return merged;
    }

    /// <summary>Wraps a credential as a secret before it reaches the engine, whatever the caller passed.</summary>
    public static Input<string>? Secret(Input<string>? value) =>
        value is null ? null : (Input<string>)Output.CreateSecret<string>(value);
}
