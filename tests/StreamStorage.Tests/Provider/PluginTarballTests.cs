using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LocalWorld;
using TestSupport;

namespace StreamStorage.Tests.Provider;

/// <summary>
/// The release tarball of the real plugin for linux-x64, as scripts/plugin-tarballs.sh builds it: the layout the
/// engine installs from, its checksum, and an executable that starts on its own and prints its port. The same
/// checks run on a stand-in plugin in tests/Release.Tests where the Pulumi packages do not restore.
/// </summary>
public sealed class PluginTarballTests
{
    private const string Platform = "linux-amd64";

    [Fact]
    public async Task The_linux_x64_tarball_holds_a_plugin_that_starts_from_the_extracted_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("plugin-tarball-");
        try
        {
            var output = temp.CreateSubdirectory("out").FullName;
            var run = await PluginTarballs.RunScriptAsync(output, ["linux-x64"], ct);
            Assert.True(run.ExitCode == 0, run.Describe("plugin-tarballs.sh linux-x64"));
            Assert.Empty(PluginTarballs.Check(output, "streamstorage", BuildProperties.Version, [Platform]));

            var executable = await PluginTarballs.ExtractAsync(
                Path.Combine(output, PluginTarballs.TarballName("streamstorage", BuildProperties.Version, Platform)),
                PluginTarballs.ExecutableName("streamstorage", Platform),
                temp.CreateSubdirectory("installed").FullName,
                ct);
            using var engine = new TcpListener(IPAddress.Loopback, 0);
            engine.Start();
            var options = new EmulatorProcessOptions(executable, line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                DisplayName = "extracted streamstorage plugin",
                WorkingDirectory = temp.FullName,
            };
            options.Arguments.Add("127.0.0.1:" + ((IPEndPoint)engine.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture));
            options.Environment["DOTNET_ROOT"] = null;
            await using var plugin = await EmulatorProcess.StartAsync(options, ct);

            Assert.False(plugin.HasExited);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
