
namespace StreamStorage.Cli.Tests;

public sealed class VersionTests(CliEnvironment environment)
{
    /// <summary>The version in Directory.Build.props, the same one the plugin and the schema report.</summary>
    [Fact]
    public async Task Version_prints_the_product_version_and_nothing_else()
    {
        var run = await environment.RunAsync(["--version"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(BuildProperties.Version, run.Output.Trim());
        Assert.Empty(run.Error);
    }
}
