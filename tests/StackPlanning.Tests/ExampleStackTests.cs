using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackPlanning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StackPlanning.Tests;

/// <summary>The example stacks shipped at the repository root must be configurations the program accepts.</summary>
public sealed class ExampleStackTests
{
    [Fact]
    public void The_example_dev_stack_plans_every_cloud_and_binding()
    {
        var (plan, config) = PlanExample("dev");

        Assert.False(plan.Production);
        Assert.Equal(["s3", "gcs", "abs"], plan.Storages.Select(s => s.StorageType));
        Assert.Equal(["default", "livestream", "audio_room"], plan.Bindings.Select(b => b.CallType));
        Assert.All(plan.Bindings, b => Assert.NotNull(b.Storage));
        Assert.DoesNotContain(config.Keys, k => k.StartsWith($"{ConfigKeys.StreamNamespace}:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_example_prod_stack_protects_and_keeps_every_bucket()
    {
        var (plan, config) = PlanExample("prod");

        Assert.True(plan.Production);
        Assert.All(plan.Storages, s => Assert.Equal(new DataResourcePolicy(ForceDestroy: false, RetainOnDelete: true, Protect: true), s.Data));
        Assert.DoesNotContain(config.Keys, k => k.StartsWith($"{ConfigKeys.StreamNamespace}:", StringComparison.Ordinal));
    }

    private static (StackPlan Plan, Dictionary<string, JsonNode?> Config) PlanExample(string stackName)
    {
        var root = RepositoryRoot();
        var project = ProjectName(Path.Combine(root, "Pulumi.yaml"));
        Assert.Equal("recording-storage", project);
        var config = StackConfigValues(Path.Combine(root, $"Pulumi.{stackName}.yaml"));

        var plan = StackPlanner.Plan(new StackConfigInput
        {
            StackName = stackName,
            Storages = Value(config, $"{project}:{ConfigKeys.Storages}"),
            Bindings = Value(config, $"{project}:{ConfigKeys.Bindings}"),
            Tags = Value(config, $"{project}:{ConfigKeys.Tags}"),
            Production = Value(config, $"{project}:{ConfigKeys.Production}"),
            HasStreamApiKey = true,
            HasStreamApiSecret = true,
        });
        return (plan, config);
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
