using System.Reflection;

namespace StorageRegistrar;

/// <summary>
/// The release identity that the CLI, the provider plugin and the schema report. Every value is stamped into
/// this assembly from Directory.Build.props (<c>Version</c>,
/// <c>RepositoryUrl</c>, <c>PluginDownloadUrl</c>, <c>PackageLicenseExpression</c>), the one place they are set.
/// </summary>
public static class ProductInfo
{
    private static readonly Assembly Stamped = typeof(ProductInfo).Assembly;

    /// <summary>The product version, e.g. <c>0.1.0</c> or <c>0.2.0-rc.1</c>.</summary>
    public static string Version { get; } =
        Stamped.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? throw new InvalidOperationException("The assembly carries no informational version: set Version in Directory.Build.props.");

    /// <summary>The GitHub repository that publishes the releases, e.g. <c>https://github.com/owner/name</c>.</summary>
    public static Uri Repository { get; } = new(Metadata("RepositoryUrl"));

    /// <summary>Where the engine downloads the plugin by itself (<c>github://api.github.com/owner/name</c>).</summary>
    public static string PluginDownloadUrl { get; } = Metadata("PluginDownloadUrl");

    /// <summary>The SPDX license expression the packages declare.</summary>
    public static string License { get; } = Metadata("PackageLicenseExpression");

    /// <summary>The repository's owner on GitHub: the publisher name of every package.</summary>
    public static string RepositoryOwner => Repository.Segments[1].TrimEnd('/');

    /// <summary>The repository's name on GitHub.</summary>
    public static string RepositoryName => Repository.Segments[2].TrimEnd('/');

    private static string Metadata(string key) =>
        Stamped.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The assembly carries no {key}: set it in Directory.Build.props.");
}
