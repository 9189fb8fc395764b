namespace TestSupport.Tests;

public sealed class RepositoryPathsTests
{
    [Fact]
    public void Root_HoldsTheSolution_AndEmulatorsDirectoryHoldsTheLaunchers()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "StreamStorage.sln")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.EmulatorsDirectory, "package.json")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.EmulatorsDirectory, "s3.js")));
    }
}
