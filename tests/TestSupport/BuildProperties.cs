using System.Xml.Linq;

namespace TestSupport;

/// <summary>
/// What Directory.Build.props declares, read from the file itself, so that tests can hold every place that
/// reports the version or the repository to the one place they are set.
/// </summary>
public static class BuildProperties
{
    private static readonly Lazy<XElement> Props = new(() => XElement.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")));

    /// <summary>The product version (<c>Version</c>).</summary>
    public static string Version => Property("Version");

    /// <summary>The GitHub repository that publishes releases (<c>RepositoryUrl</c>).</summary>
    public static Uri RepositoryUrl => new(Property("RepositoryUrl"));

    private static string Property(string name) =>
        Props.Value.Elements("PropertyGroup").Elements(name).Select(e => e.Value.Trim()).SingleOrDefault(v => v.Length > 0)
        ?? throw new InvalidOperationException($"Directory.Build.props sets no {name}.");
}
