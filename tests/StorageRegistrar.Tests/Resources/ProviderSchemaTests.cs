using System.Text.Json.Nodes;
using StorageRegistrar.Resources;
using StorageRegistrar.Tests.Validation;
using StorageRegistrar.Validation;
using TestSupport;

namespace StorageRegistrar.Tests.Resources;

public sealed class ProviderSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ProviderSchema.ToJson())!.AsObject();

    private static JsonObject Resource(string token) => Schema["resources"]![token]!.AsObject();

    [Fact]
    public void Schema_names_the_package_version_and_both_resources()
    {
        Assert.Equal("streamstorage", (string?)Schema["name"]);
        Assert.Equal(BuildProperties.Version, (string?)Schema["version"]);
        Assert.Equal(
            ["streamstorage:index:CallTypeBinding", "streamstorage:index:ExternalStorage"],
            Schema["resources"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// One rule for every published name: the publisher is the owner of the repository in Directory.Build.props,
    /// the npm package sits in its scope, the Go module in the repository, and the engine downloads the plugin
    /// from the repository's releases. A fork that changes the repository renames them all.
    /// </summary>
    [Fact]
    public void Package_names_derive_from_the_repository_by_one_rule()
    {
        var repository = BuildProperties.RepositoryUrl;
        Assert.Equal("github.com", repository.Host);
        var segments = repository.AbsolutePath.Trim('/').Split('/');
        Assert.Equal(2, segments.Length);
        var (owner, name) = (segments[0], segments[1]);
        var publisher = owner.ToLowerInvariant();
        var package = (string)Schema["name"]!;
        var language = Schema["language"]!;

        Assert.Equal(publisher, (string?)Schema["publisher"]);
        Assert.Equal(repository.ToString(), (string?)Schema["repository"]);
        Assert.Equal(repository.ToString(), (string?)Schema["homepage"]);
        Assert.Equal($"github://api.github.com/{owner}/{name}", (string?)Schema["pluginDownloadURL"]);
        Assert.Equal($"@{publisher}/pulumi-{package}", (string?)language["nodejs"]!["packageName"]);
        Assert.Equal($"pulumi_{package}", (string?)language["python"]!["packageName"]);
        Assert.Equal($"github.com/{owner}/{name}/sdk/go/{package}", (string?)language["go"]!["importBasePath"]);
        // The generated SDKs carry the schema's version, so pinning an SDK pins the plugin.
        Assert.All(["nodejs", "python", "go"], l => Assert.True((bool?)language[l]!["respectSchemaVersion"]));
    }

    [Fact]
    public void Published_names_are_valid_in_their_registries()
    {
        var language = Schema["language"]!;

        // npm: lowercase, URL-safe, a scope and a name; PyPI/Python: an identifier; Go: a lowercase import path.
        Assert.Matches("^@[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$", (string)language["nodejs"]!["packageName"]!);
        Assert.Matches("^[a-z_][a-z0-9_]*$", (string)language["python"]!["packageName"]!);
        Assert.Matches("^github\\.com(/[A-Za-z0-9._-]+)+$", (string)language["go"]!["importBasePath"]!);
        Assert.DoesNotContain("example", Schema.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_type_reference_resolves_to_a_declared_type()
    {
        var types = Schema["types"]!.AsObject();
        var references = Descendants(Schema)
            .OfType<JsonObject>()
            .Where(o => o.ContainsKey("$ref"))
            .Select(o => (string)o["$ref"]!)
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r =>
        {
            Assert.StartsWith("#/types/", r, StringComparison.Ordinal);
            Assert.True(types.ContainsKey(r["#/types/".Length..]), $"{r} is not declared under types");
        });
    }

    [Fact]
    public void Storage_inputs_mirror_the_stream_request_plus_check_options()
    {
        var inputs = Resource(ResourceTokens.ExternalStorage)["inputProperties"]!.AsObject();

        Assert.Equal(
            ["name", "storageType", "bucket", "path", "awsS3", "gcsCredentials", "azureBlob", "checkDeadlineSeconds", "verifyCheckFile"],
            inputs.Select(p => p.Key));
        Assert.Equal(["name", "storageType", "bucket"], Resource(ResourceTokens.ExternalStorage)["requiredInputs"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("integer", (string?)inputs["checkDeadlineSeconds"]!["type"]);
        Assert.Equal("boolean", (string?)inputs["verifyCheckFile"]!["type"]);
    }

    [Fact]
    public void Storage_outputs_are_the_inputs_plus_the_last_check()
    {
        var resource = Resource(ResourceTokens.ExternalStorage);
        var outputs = resource["properties"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Equal(resource["inputProperties"]!.AsObject().Select(p => p.Key).Concat(["fileUrl", "checkedAt"]), outputs);
    }

    [Fact]
    public void Credentials_are_secret_as_inputs_and_as_outputs()
    {
        var storage = Resource(ResourceTokens.ExternalStorage);
        var awsS3 = Schema["types"]![ResourceTokens.AwsS3Type]!["properties"]!;
        var azureBlob = Schema["types"]![ResourceTokens.AzureBlobType]!["properties"]!;

        Assert.True((bool?)storage["inputProperties"]!["gcsCredentials"]!["secret"]);
        Assert.True((bool?)storage["properties"]!["gcsCredentials"]!["secret"]);
        Assert.True((bool?)awsS3["secret"]!["secret"]);
        Assert.True((bool?)azureBlob["clientSecret"]!["secret"]);
        Assert.True((bool?)Schema["config"]!["variables"]!["apiSecret"]!["secret"]);
        Assert.True((bool?)Schema["provider"]!["inputProperties"]!["apiSecret"]!["secret"]);
        Assert.Null(storage["inputProperties"]!["bucket"]!["secret"]);
    }

    [Fact]
    public void Only_the_identifying_property_is_marked_as_replacing()
    {
        string[] Replacing(string token) =>
            [.. Resource(token)["inputProperties"]!.AsObject().Where(p => (bool?)p.Value!["willReplaceOnChanges"] == true).Select(p => p.Key)];

        Assert.Equal(["name"], Replacing(ResourceTokens.ExternalStorage));
        Assert.Equal(["callType"], Replacing(ResourceTokens.CallTypeBinding));
    }

    [Fact]
    public void Binding_has_call_type_and_storage_in_and_the_previous_storage_out()
    {
        var binding = Resource(ResourceTokens.CallTypeBinding);

        Assert.Equal(["callType", "externalStorage"], binding["requiredInputs"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["callType", "externalStorage", "previousExternalStorage"], binding["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Config_takes_credentials_base_url_and_deadline_with_environment_fallbacks()
    {
        var variables = Schema["config"]!["variables"]!.AsObject();

        Assert.Equal(["apiKey", "apiSecret", "baseUrl", "checkDeadlineSeconds"], variables.Select(v => v.Key));
        Assert.Equal("STREAM_API_KEY", (string?)variables["apiKey"]!["defaultInfo"]!["environment"]![0]);
        Assert.Equal("STREAM_API_SECRET", (string?)variables["apiSecret"]!["defaultInfo"]!["environment"]![0]);
        Assert.Equal("STREAM_BASE_URL", (string?)variables["baseUrl"]!["defaultInfo"]!["environment"]![0]);
        Assert.Null(Schema["config"]!["defaults"]);
    }

    [Fact]
    public void Schema_leaf_paths_are_exactly_the_values_the_diff_compares()
    {
        var objectPaths = ProviderSchema.ExternalStorage.Inputs.Where(p => p.ObjectType is not null).Select(p => p.Name);
        var leafPaths = ProviderSchema.ExternalStorage.InputPaths.Except(objectPaths);

        Assert.Equal(
            leafPaths.Order(StringComparer.Ordinal),
            ResourcePaths.LeafValues(new ExternalStorageInputs(SampleDeclarations.S3KeysMode, StorageCheckSettings.Default)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            ProviderSchema.CallTypeBinding.InputPaths.Order(StringComparer.Ordinal),
            ResourcePaths.LeafValues(new CallTypeBindingDeclaration()).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_secrets_are_exactly_the_declaration_values_held_as_SecretString()
    {
        var everything = new StorageDeclaration
        {
            AwsS3 = SampleDeclarations.S3KeysMode.AwsS3,
            GcsCredentials = SampleDeclarations.Gcs.GcsCredentials,
            AzureBlob = SampleDeclarations.Abs.AzureBlob,
        };

        var secretValues = ResourcePaths.LeafValues(new ExternalStorageInputs(everything, StorageCheckSettings.Default))
            .Where(v => v.Value is SecretString)
            .Select(v => v.Key);

        Assert.Equal(secretValues.Order(StringComparer.Ordinal), ProviderSchema.ExternalStorage.SecretInputPaths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_validation_field_is_a_schema_input_path()
    {
        var fields = typeof(DeclarationFields).GetFields().Select(f => (string)f.GetRawConstantValue()!);
        var inputPaths = ProviderSchema.Resources.SelectMany(r => r.InputPaths).ToHashSet();

        Assert.All(fields, f => Assert.Contains(f, inputPaths));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
