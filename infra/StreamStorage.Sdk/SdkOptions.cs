using System.Globalization;
using Pulumi;

namespace StreamStorage.Sdk;

/// <summary>Resource options every class here starts from.</summary>
internal static class SdkOptions
{
    /// <summary>The plugin version these classes ask the engine for: the SDK and plugin ship together.</summary>
    public static string Version { get; } = FormatVersion(typeof(SdkOptions).Assembly.GetName().Version);

    public static CustomResourceOptions Merge(CustomResourceOptions? options, Input<string>? id, params string[] secretOutputs)
    {
        var defaults = new CustomResourceOptions { Version = Version };
        defaults.AdditionalSecretOutputs.AddRange(secretOutputs);
        var merged = CustomResourceOptions.Merge(defaults, options);
        merged.Id = id ?? merged.Id;
        return merged;
    }

    /// <summary>Wraps a credential as a secret before it reaches the engine, whatever the caller passed.</summary>
    public static Input<string>? Secret(Input<string>? value) =>
        value is null ? null : (Input<string>)Output.CreateSecret<string>(value);

    private static string FormatVersion(System.Version? version) =>
        version is null
            ? "0.0.0"
            : string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}");
}
