using System.Reflection;
using System.Text.Json.Nodes;
using Pulumi;
using StorageRegistrar.Resources;
using StreamStorage.Sdk;
using StreamStorage.Sdk.Inputs;

namespace StreamStorage.Tests.Provider;

/// <summary>
/// The hand-written C# SDK against the schema the provider serves: an input under another name than
/// the provider reads is dropped without an error, and a credential not sent as a secret lands in
/// plain text in the state. Names, required flags, value types and secrecy must agree.
/// </summary>
public sealed class SdkSchemaTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(ProviderSchema.ToJson())!;

    public static TheoryData<string, string> ArgsClasses => new()
    {
        { nameof(ExternalStorageArgs), "/resources/" + ResourceTokens.ExternalStorage },
        { nameof(CallTypeBindingArgs), "/resources/" + ResourceTokens.CallTypeBinding },
        { nameof(AwsS3Args), "/types/" + ResourceTokens.AwsS3Type },
        { nameof(AzureBlobArgs), "/types/" + ResourceTokens.AzureBlobType },
        { nameof(ProviderArgs), "/provider" },
    };

    public static TheoryData<string, string> ResourceClasses => new()
    {
        { nameof(ExternalStorage), ResourceTokens.ExternalStorage },
        { nameof(CallTypeBinding), ResourceTokens.CallTypeBinding },
    };

    public static TheoryData<string, string> OutputTypes => new()
    {
        { nameof(Sdk.Outputs.AwsS3), ResourceTokens.AwsS3Type },
        { nameof(Sdk.Outputs.AzureBlob), ResourceTokens.AzureBlobType },
    };

    [Theory]
    [MemberData(nameof(ResourceClasses))]
    public void Resource_classes_register_the_schema_token(string className, string token)
    {
        var attribute = SdkType(className).GetCustomAttribute<ResourceTypeAttribute>();

        Assert.Equal(token, attribute?.Type);
        Assert.NotNull(Schema["resources"]![token]);
    }

    [Fact]
    public void The_provider_class_registers_the_package_provider_token()
    {
        Assert.Equal("pulumi:providers:" + ResourceTokens.Package, typeof(Sdk.Provider).GetCustomAttribute<ResourceTypeAttribute>()?.Type);
    }

    [Theory]
    [MemberData(nameof(ArgsClasses))]
    public void Args_inputs_have_the_schema_names_types_and_required_flags(string className, string schemaPath)
    {
        var spec = At(schemaPath);
        var properties = spec["inputProperties"]?.AsObject() ?? spec["properties"]!.AsObject();
        var required = Names(spec["requiredInputs"] ?? spec["required"]);

        var inputs = InputsOf(SdkType(className));

        Assert.Equal(properties.Select(p => p.Key).Order(StringComparer.Ordinal), inputs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, property) in properties)
        {
            var input = inputs[name];
            Assert.True(required.Contains(name) == input.Required, $"{className}.{input.Property.Name}: required is {input.Required}, the schema says {required.Contains(name)}.");
            Assert.True(ExpectedValueType(property!, "Inputs", "Args") == ValueType(input.Property.PropertyType), $"{className}.{input.Property.Name} is {input.Property.PropertyType}.");
        }
    }

    [Fact]
    public void Provider_settings_that_are_not_strings_are_sent_as_JSON()
    {
        // The engine passes provider inputs to the plugin as strings; other values must be JSON-encoded.
        var properties = Schema["provider"]!["inputProperties"]!.AsObject();

        foreach (var (name, input) in InputsOf(typeof(ProviderArgs)))
        {
            var isString = (string?)properties[name]!["type"] == "string";
            Assert.True(input.Json != isString, $"ProviderArgs.{input.Property.Name}: json is {input.Json}.");
        }
    }

    [Theory]
    [MemberData(nameof(ArgsClasses))]
    public async Task Args_send_exactly_the_schema_secrets_as_secrets(string className, string schemaPath)
    {
        var spec = At(schemaPath);
        var properties = spec["inputProperties"]?.AsObject() ?? spec["properties"]!.AsObject();
        var type = SdkType(className);

        foreach (var (name, input) in InputsOf(type).Where(i => i.Value.Property.PropertyType == typeof(Input<string>)))
        {
            var args = Activator.CreateInstance(type)!;
            input.Property.SetValue(args, (Input<string>)"plain-value");

            var sent = (Output<string>)(Input<string>)input.Property.GetValue(args)!;

            var schemaSecret = (bool?)properties[name]!["secret"] ?? false;
            Assert.True(schemaSecret == await Output.IsSecretAsync(sent), $"{className}.{input.Property.Name}: the schema says secret is {schemaSecret}.");
        }
    }

    [Theory]
    [MemberData(nameof(ResourceClasses))]
    public void Resource_outputs_have_the_schema_names_and_types(string className, string token)
    {
        var properties = Schema["resources"]![token]!["properties"]!.AsObject();

        // Declared only: id and urn come from CustomResource and are not schema properties.
        var outputs = SdkType(className).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<OutputAttribute>()))
            .Where(o => o.Attribute is not null)
            .ToDictionary(o => o.Attribute!.Name ?? o.Property.Name, o => o.Property, StringComparer.Ordinal);

        Assert.Equal(properties.Select(p => p.Key).Order(StringComparer.Ordinal), outputs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, property) in properties)
        {
            Assert.True(ExpectedValueType(property!, "Outputs", "") == ValueType(outputs[name].PropertyType), $"{className}.{outputs[name].Name} is {outputs[name].PropertyType}.");
        }
    }

    [Theory]
    [MemberData(nameof(OutputTypes))]
    public void Output_types_are_built_from_the_schema_properties(string className, string token)
    {
        var spec = Schema["types"]![token]!;
        var required = Names(spec["required"]);
        var type = SdkType(className);
        Assert.NotNull(type.GetCustomAttribute<OutputTypeAttribute>());

        // The engine's values reach the class through the constructor, matched by parameter name.
        var constructor = Assert.Single(
            type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic),
            c => c.GetCustomAttribute<OutputConstructorAttribute>() is not null);
        var parameters = constructor.GetParameters().ToDictionary(p => p.Name!, StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();

        Assert.Equal(spec["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, property) in spec["properties"]!.AsObject())
        {
            var parameter = parameters[name];
            Assert.True(ExpectedValueType(property!, "Outputs", "") == ValueType(parameter.ParameterType), $"{className}({name}) is {parameter.ParameterType}.");
            var nullable = nullability.Create(parameter).WriteState == NullabilityState.Nullable;
            Assert.True(nullable != required.Contains(name), $"{className}({name}) nullable is {nullable}, the schema says required is {required.Contains(name)}.");
        }
    }

    private static JsonNode At(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(Schema, (node, segment) => node[segment]!);

    private static HashSet<string> Names(JsonNode? array) =>
        array is null ? [] : [.. array.AsArray().Select(n => (string)n!)];

    private static Type SdkType(string className) =>
        typeof(ExternalStorage).Assembly.GetTypes().Single(t => t.Name == className && t.IsPublic);

    private static Dictionary<string, SdkInput> InputsOf(Type argsType) =>
        argsType.GetProperties()
            .Select(p => (Property: p, Data: p.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(InputAttribute))))
            .Where(i => i.Data is not null)
            .ToDictionary(
                i => (string)i.Data!.ConstructorArguments[0].Value!,
                // InputAttribute keeps its flags internal; its constructor arguments are (name, required, json).
                i => new SdkInput(i.Property, (bool)i.Data!.ConstructorArguments[1].Value!, (bool)i.Data!.ConstructorArguments[2].Value!),
                StringComparer.Ordinal);

    /// <summary>The value type a schema property maps to: string, int, bool, or the SDK class named after the object type.</summary>
    private static Type ExpectedValueType(JsonNode property, string objectNamespace, string objectSuffix)
    {
        if ((string?)property["$ref"] is { } reference)
        {
            var typeName = reference[(reference.LastIndexOf(':') + 1)..];
            return typeof(ExternalStorage).Assembly.GetType($"StreamStorage.Sdk.{objectNamespace}.{typeName}{objectSuffix}", throwOnError: true)!;
        }

        return (string?)property["type"] switch
        {
            "string" => typeof(string),
            "integer" => typeof(int),
            "boolean" => typeof(bool),
            var other => throw new InvalidOperationException($"Schema type '{other}' has no mapping here."),
        };
    }

    /// <summary>The value inside Input&lt;T&gt; or Output&lt;T&gt;, without Nullable&lt;&gt;.</summary>
    private static Type ValueType(Type type)
    {
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Input<>) || type.GetGenericTypeDefinition() == typeof(Output<>)))
        {
            type = type.GetGenericArguments()[0];
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private sealed record SdkInput(PropertyInfo Property, bool Required, bool Json);
}
