namespace StorageRegistrar.Resources;

/// <summary>The value kinds a resource property can have in the Pulumi package schema.</summary>
public enum SchemaValueType
{
    String,
    Integer,
    Boolean,
    Object,
}

/// <summary>
/// One property as the package schema describes it. The schema, the property paths that check
/// failures point at and the list of secret properties are all derived from these descriptions.
/// </summary>
public sealed record SchemaProperty(string Name, SchemaValueType Type, string Description)
{
    public bool Secret { get; init; }

    public bool Required { get; init; }

    /// <summary>Changing the property replaces the resource rather than updating it.</summary>
    public bool ReplacesOnChange { get; init; }

    /// <summary>Environment variables that supply the value when it is not set (provider config only).</summary>
    public IReadOnlyList<string> EnvironmentFallbacks { get; init; } = [];

    /// <summary>For <see cref="SchemaValueType.Object"/>: the object type the property holds.</summary>
    public SchemaObjectType? ObjectType { get; init; }
}

/// <summary>A named object type such as the <c>awsS3</c> settings.</summary>
public sealed record SchemaObjectType(string Token, string Description, IReadOnlyList<SchemaProperty> Properties);

/// <summary>A custom resource: its inputs, and the outputs it has beyond echoing those inputs.</summary>
public sealed class SchemaResource(
    string token,
    string description,
    IReadOnlyList<SchemaProperty> inputs,
    IReadOnlyList<SchemaProperty> extraOutputs)
{
    public string Token { get; } = token;

    public string Description { get; } = description;

    public IReadOnlyList<SchemaProperty> Inputs { get; } = inputs;

    public IReadOnlyList<SchemaProperty> ExtraOutputs { get; } = extraOutputs;

    /// <summary>
    /// Every input path, nested ones included (<c>awsS3</c>, <c>awsS3.region</c>, ...), in schema order.
    /// </summary>
    public IReadOnlyList<string> InputPaths { get; } = [.. Paths(inputs, prefix: "")];

    /// <summary>Input paths whose values are secret.</summary>
    public IReadOnlyList<string> SecretInputPaths { get; } = [.. SecretPaths(inputs, prefix: "")];

    /// <summary>Top-level inputs whose change means a new resource.</summary>
    public IReadOnlyList<string> ReplacingInputs { get; } =
        [.. inputs.Where(p => p.ReplacesOnChange).Select(p => p.Name)];

    private static IEnumerable<string> Paths(IReadOnlyList<SchemaProperty> properties, string prefix)
    {
        foreach (var property in properties)
        {
            var path = prefix + property.Name;
            yield return path;
            if (property.ObjectType is { } objectType)
            {
                foreach (var nested in Paths(objectType.Properties, path + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<string> SecretPaths(IReadOnlyList<SchemaProperty> properties, string prefix) =>
        properties.SelectMany(p => p.ObjectType is { } objectType
            ? SecretPaths(objectType.Properties, prefix + p.Name + ".")
            : p.Secret ? [prefix + p.Name] : []);
}
