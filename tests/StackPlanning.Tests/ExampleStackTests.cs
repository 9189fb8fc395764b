using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackPlanning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StackPlanning.Tests;

/// <summary>The example stack shipped at the repository root must be a configuration the program accepts.</summary>
public sealed class ExampleStackTests
{
    [Fact]
    public void The_example_dev_stack_plans_every_cloud_and_binding()
    {
        var root = RepositoryRoot();
        var project = ProjectName(Path.Combine(root, "Pulumi.yaml"));
        var config = StackConfigValues(Path.Combine(root, "Pulumi.dev.yaml"));

        var plan = StackPlanner.Plan(new StackConfigInput
        {
            StackName = "dev",
            Storages = Value(config, $"{project}:{ConfigKeys.Storages}"),
            Bindings = Value(config, $"{project}:{ConfigKeys.Bindings}"),
            Tags = Value(config, $"{project}:{ConfigKeys.Tags}"),
            Production = Value(config, $"{project}:{ConfigKeys.Production}"),
            HasStreamApiKey = true,
            HasStreamApiSecret = true,
        });

        Assert.Equal("recording-storage", project);
        Assert.False(plan.Production);
        Assert.Equal(["s3", "gcs", "abs"], plan.Storages.Select(s => s.StorageType));
        Assert.Equal(["default", "livestream", "audio_room"], plan.Bindings.Select(b => b.CallType));
        Assert.All(plan.Bindings, b => Assert.NotNull(b.Storage));
        Assert.DoesNotContain(config.Keys, k => k.StartsWith($"{ConfigKeys.StreamNamespace}:", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Pulumi.yaml not found above " + AppContext.BaseDirectory);
    }

    private static string ProjectName(string pulumiYaml) =>
        ((YamlScalarNode)Load(pulumiYaml).Children[new YamlScalarNode("name")]).Value!;

    private static Dictionary<string, JsonNode?> StackConfigValues(string stackYaml)
    {
        var config = (YamlMappingNode)Load(stackYaml).Children[new YamlScalarNode("config")];
        return config.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ToJson(c.Value), StringComparer.Ordinal);
    }

    /// <summary>Pulumi keeps YAML's own types for structured values: plain numbers and booleans stay so, quoted text is text.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonElement Value(Dictionary<string, JsonNode?> config, string key) =>
        config.TryGetValue(key, out var node) ? JsonSerializer.SerializeToElement(node) : default;

    private static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
