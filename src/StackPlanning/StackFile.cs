using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StackPlanning;

/// <summary>
/// A stack's configuration file (<c>Pulumi.&lt;stack&gt;.yaml</c>) read the way the Pulumi engine hands it to
/// the program: top-level scalars as their text, lists and maps as JSON in which plain YAML booleans and
/// numbers keep their type and quoted scalars are text. Secure values (<c>secure: v1:…</c>) cannot be
/// decrypted here: a top-level one is only known to be set, one inside a list or map reads as <see cref="SecureValueStandIn"/>.
/// </summary>
public sealed class StackFile
{
    private const string StackFilePrefix = "Pulumi.";
    private const string StackFileSuffix = ".yaml";
    private const string ProjectFileName = "Pulumi.yaml";
    private const string SecureKey = "secure";

    private readonly IReadOnlyDictionary<string, YamlNode> _values;

    private StackFile(string path, string projectName, string stackName, IReadOnlyDictionary<string, YamlNode> values)
    {
        Path = path;
        ProjectName = projectName;
        StackName = stackName;
        _values = values;
    }

    public string Path { get; }

    /// <summary>The project's name from Pulumi.yaml beside the stack file: the namespace of the program's keys.</summary>
    public string ProjectName { get; }

    /// <summary>From the file name: <c>Pulumi.dev.yaml</c> is the stack <c>dev</c>.</summary>
    public string StackName { get; }

    /// <summary>Reads <paramref name="path"/> and the project file beside it.</summary>
    /// <exception cref="StackConfigException">The file is missing, misnamed or not a stack configuration; the message says which and how to fix it.</exception>
    public static StackFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var fileName = System.IO.Path.GetFileName(fullPath);
        if (!fileName.StartsWith(StackFilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(StackFileSuffix, StringComparison.Ordinal)
            || fileName.Length <= StackFilePrefix.Length + StackFileSuffix.Length || fileName == ProjectFileName)
        {
            throw new StackConfigException($"{path}: a stack configuration file is named Pulumi.<stack>.yaml, for example Pulumi.dev.yaml.");
        }

        if (!File.Exists(fullPath))
        {
            throw new StackConfigException($"{path}: no such file. Name an existing Pulumi.<stack>.yaml, or create one with `pulumi stack init <stack>`.");
        }

        var projectFile = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!, ProjectFileName);
        if (!File.Exists(projectFile))
        {
            throw new StackConfigException($"{path}: no {ProjectFileName} beside it; the stack file must sit in the project's folder.");
        }

        var project = Load(projectFile);
        if (project.Children.TryGetValue(new YamlScalarNode("name"), out var name) is false || name is not YamlScalarNode { Value: { Length: > 0 } projectName })
        {
            throw new StackConfigException($"{projectFile}: the project has no 'name'.");
        }

        var stack = Load(fullPath);
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (stack.Children.TryGetValue(new YamlScalarNode("config"), out var config))
        {
            if (config is not YamlMappingNode map)
            {
                throw new StackConfigException($"{path}: 'config' must be a map of keys to values.");
            }

            foreach (var (key, value) in map.Children)
            {
                values[((YamlScalarNode)key).Value ?? string.Empty] = value;
            }
        }

        var stackName = fileName[StackFilePrefix.Length..^StackFileSuffix.Length];
        return new StackFile(fullPath, projectName, stackName, values);
    }

    /// <summary>Whether <paramref name="key"/> (with its namespace, e.g. <c>streamstorage:apiKey</c>) has a value, secure or not.</summary>
    public bool IsSet(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/> as the program's <c>Config.Get</c> returns it; null when unset or secure.</summary>
    public string? Get(string key)
    {
        if (!_values.TryGetValue(key, out var node) || IsSecure(node))
        {
            return null;
        }

        return node is YamlScalarNode scalar ? scalar.Value : ToJson(node)!.ToJsonString();
    }

    /// <summary>
    /// The program's input, as <c>StackConfiguration.ReadAndPlan</c> gathers it from Pulumi.
    /// <paramref name="streamCredentialsSupplied"/>: Stream's key and secret come from elsewhere (a local
    /// Stream stands in for the app), so the stack need not set them.
    /// </summary>
    public StackConfigInput ToInput(bool streamCredentialsSupplied = false) => new()
    {
        StackName = StackName,
        Storages = ConfigValue.Parse(Get(ProjectKey(ConfigKeys.Storages))),
        Bindings = ConfigValue.Parse(Get(ProjectKey(ConfigKeys.Bindings))),
        Tags = ConfigValue.Parse(Get(ProjectKey(ConfigKeys.Tags))),
        Production = ConfigValue.Parse(Get(ProjectKey(ConfigKeys.Production))),
        StoragesEncrypted = _values.TryGetValue(ProjectKey(ConfigKeys.Storages), out var storages) && HoldsSecure(storages),
        SecurePaths = SecurePaths(),
        ProjectKeys = [.. _values.Keys.Where(k => k.StartsWith($"{ProjectName}:", StringComparison.Ordinal)).Select(k => k[(ProjectName.Length + 1)..])],
        SecureValuesDecrypted = false,
        HasStreamApiKey = streamCredentialsSupplied || IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}"),
        HasStreamApiSecret = streamCredentialsSupplied || IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}"),
    };

    private string ProjectKey(string key) => $"{ProjectName}:{key}";

    /// <summary>The key paths of the program's values held as secure values: <c>production</c>, <c>storages[0].secretAccessKey</c>.</summary>
    private HashSet<string> SecurePaths()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var prefix = $"{ProjectName}:";
        foreach (var (key, node) in _values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            AddSecurePaths(node, key[prefix.Length..], paths);
        }

        return paths;
    }

    private static void AddSecurePaths(YamlNode node, string path, HashSet<string> paths)
    {
        if (IsSecure(node))
        {
            paths.Add(path);
            return;
        }

        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    AddSecurePaths(value, $"{path}.{(key as YamlScalarNode)?.Value}", paths);
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    AddSecurePaths(list.Children[i], $"{path}[{i}]", paths);
                }

                break;
        }
    }

    /// <summary>As the engine does, a structured value with a secure value anywhere inside is held encrypted as a whole.</summary>
    private static bool HoldsSecure(YamlNode node) => IsSecure(node) || node switch
    {
        YamlMappingNode map => map.Children.Values.Any(HoldsSecure),
        YamlSequenceNode list => list.Children.Any(HoldsSecure),
        _ => false,
    };

    private static bool IsSecure(YamlNode node) =>
        node is YamlMappingNode map && map.Children.Count == 1 && map.Children.ContainsKey(new YamlScalarNode(SecureKey));

    /// <summary>
    /// What a secure value inside a structured value reads as: the engine would hand the program its plain
    /// text, which only the stack's secrets provider can decrypt. The stand-in keeps the key set, so that
    /// the configuration plans as it would; a reader that needs the real value cannot run from the file.
    /// </summary>
    public const string SecureValueStandIn = "secure-value-not-decrypted";

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map when IsSecure(map) => JsonValue.Create(SecureValueStandIn),
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" or null } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" } => JsonValue.Create(true),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" } => JsonValue.Create(false),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new StackConfigException($"unsupported YAML node {node.NodeType}"),
    };

    private static YamlMappingNode Load(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                ? root
                : throw new StackConfigException($"{path}: expected a YAML map at the top.");
        }
        catch (YamlException e)
        {
            throw new StackConfigException($"{path} is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
    }
}
