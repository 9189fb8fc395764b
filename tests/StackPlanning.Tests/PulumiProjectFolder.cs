namespace StackPlanning.Tests;

/// <summary>A temporary folder of the recording-storage Pulumi project (its Pulumi.yaml) for stack files to be read from; deleted on dispose.</summary>
internal sealed class PulumiProjectFolder : IDisposable
{
    private readonly DirectoryInfo _directory;

    public PulumiProjectFolder(string prefix)
    {
        _directory = Directory.CreateTempSubdirectory(prefix);
        File.WriteAllText(ProjectFile, "name: recording-storage\nruntime: dotnet\n");
    }

    public string FullName => _directory.FullName;

    /// <summary>The project's Pulumi.yaml, which a stack file needs beside it.</summary>
    public string ProjectFile => Path.Combine(FullName, "Pulumi.yaml");

    /// <summary>Writes the stack's file, Pulumi.&lt;stack&gt;.yaml, and returns its path.</summary>
    public string WriteStack(string stack, string yaml)
    {
        var path = Path.Combine(FullName, $"Pulumi.{stack}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
