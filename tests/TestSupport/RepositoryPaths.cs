namespace TestSupport;

/// <summary>Folders of this repository, found from the running test assembly rather than the working directory.</summary>
public static class RepositoryPaths
{
    private const string SolutionFileName = "StreamStorage.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory that holds StreamStorage.sln.</summary>
    public static string Root => LazyRoot.Value;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} in '{AppContext.BaseDirectory}' or any folder above it; run the tests from a checkout of the repository.");
    }
}
