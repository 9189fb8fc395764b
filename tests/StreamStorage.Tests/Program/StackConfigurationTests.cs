using Pulumi;
using Pulumi.Testing;
using StorageRegistrar.Stream;

namespace StreamStorage.Tests.Program;

/// <summary>
/// The program reads its configuration as the engine hands it over (<c>PULUMI_CONFIG</c>), the stack file beside the
/// project and Stream's credentials from the environment, and gives the planner what <c>stream-storage plan</c> gives it.
/// </summary>
[Collection(PulumiDeployments.Name)]
public sealed class StackConfigurationTests : IDisposable
{
    private const string ConfigVariable = "PULUMI_CONFIG";
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";
    private const string Storages = """[{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" }]""";

    private static readonly Dictionary<string, string> StreamCredentials = new()
    {
        ["streamstorage:apiKey"] = "stream-key",
        ["streamstorage:apiSecret"] = "stream-secret",
    };

    private readonly DirectoryInfo _project = Directory.CreateTempSubdirectory("program-config-");

    public StackConfigurationTests() => File.WriteAllText(Path.Combine(_project.FullName, "Pulumi.yaml"), "name: recording-storage\nruntime: dotnet\n");

    public void Dispose() => _project.Delete(recursive: true);

    [Fact]
    public async Task A_misspelt_key_of_the_project_fails_the_run_naming_the_key_it_meant()
    {
        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(new(StreamCredentials)
        {
            ["recording-storage:storages"] = Storages,
            ["recording-storage:config:bindngs"] = """{ "default": "rec-s3" }""",
        }));

        Assert.Contains("bindngs: is not a setting of this program: did you mean \"bindings\"?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allowed_locations_are_read_and_hold_the_storages()
    {
        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(new(StreamCredentials)
        {
            ["recording-storage:storages"] = Storages,
            ["recording-storage:allowedLocations"] = """["eu-central-1"]""",
        }));

        Assert.Contains("storages[0].region: \"eu-west-1\" is outside allowedLocations (eu-central-1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_credentials_may_come_from_the_environment_as_the_provider_reads_them()
    {
        var config = new Dictionary<string, string> { ["recording-storage:storages"] = Storages };
        var environment = new Dictionary<string, string>
        {
            [StreamClientOptions.ApiKeyVariable] = "stream-key",
            [StreamClientOptions.ApiSecretVariable] = "stream-secret",
        };

        var resources = await RunAsync(config, environment);
        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(config));

        Assert.Contains(resources, r => r.GetResourceType() == PulumiTypes.ExternalStorage);
        Assert.Contains("streamstorage:apiKey: is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("streamstorage:apiSecret: is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stack_file_beside_the_project_says_which_values_inside_a_key_are_secure()
    {
        var config = new Dictionary<string, string>(StreamCredentials) { ["recording-storage:storages"] = Storages };
        var withoutFile = await RunAsync(config);
        File.WriteAllText(Path.Combine(_project.FullName, "Pulumi.dev.yaml"), """
            config:
              recording-storage:storages:
                - name: rec-s3
                  cloud: s3
                  region:
                    secure: v1:AAAA
                  path: calls/
            """);

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(config));

        Assert.Contains(withoutFile, r => r.GetResourceType() == PulumiTypes.S3Bucket);
        Assert.Contains("storages[0].region: is held as a secure value, but it is not a secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_secret_held_in_plain_text_or_a_misspelt_provider_key_fails_the_run_without_the_secret()
    {
        var config = new Dictionary<string, string>(StreamCredentials) { ["recording-storage:storages"] = Storages, ["streamstorage:apiSecrte"] = "x" };
        var plain = new Dictionary<string, string> { [SecretKeysVariable] = "[]" };
        var encrypted = new Dictionary<string, string> { [SecretKeysVariable] = """["streamstorage:apiSecret"]""" };

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(config, plain));
        config.Remove("streamstorage:apiSecrte");
        var resources = await RunAsync(config, encrypted);

        Assert.Contains("streamstorage:apiSecret: is held in plain text", error.Message, StringComparison.Ordinal);
        Assert.Contains("streamstorage:apiSecrte: is not a setting of the streamstorage provider: did you mean \"apiSecret\"?", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stream-secret", error.Message, StringComparison.Ordinal);
        Assert.Contains(resources, r => r.GetResourceType() == PulumiTypes.ExternalStorage);
    }

    [Fact]
    public async Task The_providers_check_deadline_is_every_storages_and_its_rules_are_the_providers()
    {
        var config = new Dictionary<string, string>(StreamCredentials) { ["recording-storage:storages"] = Storages, ["streamstorage:checkDeadlineSeconds"] = "900" };

        var resources = await RunAsync(config);
        config["streamstorage:checkDeadlineSeconds"] = "-5";
        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(config));

        var registration = Assert.Single(resources.OfType<StreamStorage.Sdk.ExternalStorage>());
        Assert.Equal(900, await Pulumi.Utilities.OutputUtilities.GetValueAsync(registration.CheckDeadlineSeconds));
        Assert.Contains("streamstorage:checkDeadlineSeconds: must be a whole number of seconds from 1 to 86400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_providers_deadline_held_as_a_secret_fails_the_run_as_the_plan_from_the_stack_file_refuses_it()
    {
        var config = new Dictionary<string, string>(StreamCredentials) { ["recording-storage:storages"] = Storages, ["streamstorage:checkDeadlineSeconds"] = "900" };
        var secure = new Dictionary<string, string> { [SecretKeysVariable] = """["streamstorage:apiSecret", "streamstorage:apiKey", "streamstorage:checkDeadlineSeconds"]""" };

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(config, secure));

        Assert.Contains("streamstorage:checkDeadlineSeconds: is held as a secure value, but it is not a secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("streamstorage:apiKey", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the program's own reading of the configuration, which the engine passes in <c>PULUMI_CONFIG</c>.</summary>
    private async Task<IReadOnlyList<Resource>> RunAsync(Dictionary<string, string> config, Dictionary<string, string>? environment = null)
    {
        var configJson = JsonSerializer.Serialize(config);
        var variables = new Dictionary<string, string>(environment ?? []) { [ConfigVariable] = configJson };
        var saved = Environment.GetEnvironmentVariable(ConfigVariable);

        // The SDK's Config reads the variable itself, when the deployment starts.
        Environment.SetEnvironmentVariable(ConfigVariable, configJson);
        try
        {
            var options = new TestOptions { StackName = "dev", ProjectName = "recording-storage", RootDirectory = _project.FullName, IsPreview = false };
            var (resources, _) = await Deployment.TestAsync(
                new CloudMocks(), options, () => RecordingStorageStack.Create(StackConfiguration.ReadAndPlan(name => variables.GetValueOrDefault(name))));
            return resources;
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigVariable, saved);
        }
    }
}
