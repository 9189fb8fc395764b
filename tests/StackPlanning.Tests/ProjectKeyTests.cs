
namespace StackPlanning.Tests;

/// <summary>A key of the project's namespace that the program does not read is refused, never ignored.</summary>
public sealed class ProjectKeyTests : IDisposable
{
    private readonly PulumiProjectFolder _project = new("project-keys-");

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("bindngs", "is not a setting of this program: did you mean \"bindings\"? (it reads storages, bindings, tags, production, allowedLocations, preflight)")]
    [InlineData("Tags", "is not a setting of this program: did you mean \"tags\"? (it reads storages, bindings, tags, production, allowedLocations, preflight)")]
    [InlineData("region", "is not a setting of this program, which reads storages, bindings, tags, production, allowedLocations, preflight: remove it, or move it to the namespace of the provider it belongs to.")]
    public void An_unknown_project_key_is_refused_naming_the_nearest_known_one(string key, string message)
    {
        var input = StackInputs.WithStorages("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""") with { ProjectKeys = ["storages", key] };

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Equal(new StorageRegistrar.Validation.ValidationProblem(key, message), Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_bindings_key_in_a_stack_file_stops_the_plan()
    {
        var path = _project.WriteStack("qa", """
            config:
              aws:region: eu-west-1
              recording-storage:storages:
                - name: rec
                  cloud: s3
                  region: eu-west-1
              recording-storage:bindngs:
                default: rec
            """);

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(StackFile.Read(path).ToInput(streamCredentialsSupplied: true)));

        Assert.Equal("bindngs", Assert.Single(error.Problems).Field);
    }

    [Fact]
    public void The_engines_configuration_gives_the_keys_of_the_project_namespace_in_either_spelling()
    {
        const string config = """
            { "recording-storage:storages": "[]", "recording-storage:config:bindngs": "{}", "recording-storage:config:storages": "[]",
              "aws:region": "eu-west-1", "streamstorage:apiKey": "key", "recording-storage-old:tags": "{}" }
            """;

        Assert.Equal(["bindngs", "storages"], ConfigValue.KeysOf(config, "recording-storage")!.Order(StringComparer.Ordinal));
        Assert.Equal(["apiKey"], ConfigValue.KeysOf(config, ConfigKeys.StreamNamespace));
        Assert.Empty(ConfigValue.KeysOf("{}", "recording-storage")!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[\"recording-storage:storages\"]")]
    [InlineData("not json")]
    public void Without_a_configuration_object_the_engine_lists_no_keys(string? config)
    {
        Assert.Null(ConfigValue.KeysOf(config, "recording-storage"));
    }

    [Fact]
    public void A_misspelt_key_in_the_engines_configuration_stops_the_plan()
    {
        var input = StackInputs.WithStorages("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""") with
        {
            ProjectKeys = ConfigValue.KeysOf("""{ "recording-storage:storages": "[]", "recording-storage:bindngs": "{}" }""", "recording-storage"),
        };

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(input));

        Assert.Equal("bindngs", Assert.Single(error.Problems).Field);
    }
}
