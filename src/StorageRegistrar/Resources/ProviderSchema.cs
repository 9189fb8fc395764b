using System.Text.Json;
using System.Text.Json.Nodes;
using StorageRegistrar.Declarations;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StorageRegistrar.Resources;

/// <summary>
/// The <c>streamstorage</c> package schema, kept as data so that it can be tested without Pulumi.
/// The provider returns <see cref="ToJson"/> from <c>GetSchema</c>; SDKs for other languages are
/// generated from it (<c>pulumi package gen-sdk</c>).
/// </summary>
/// <remarks>
/// Pulumi's typed schema records (<c>PackageSpec</c> and friends in 3.112) describe components only:
/// they have no secret flags, descriptions, config or provider sections, so the JSON is built here.
/// </remarks>
public static class ProviderSchema
{
    public static SchemaObjectType AwsS3 { get; } = new(
        ResourceTokens.AwsS3Type,
        "Amazon S3 or S3-compatible settings. Without apiKey and secret, Stream writes through a bucket policy that grants its AWS account access.",
        [
            new(P.S3.Region, SchemaValueType.String, "Region of the bucket, e.g. us-east-1.") { Required = true },
            new(P.S3.ApiKey, SchemaValueType.String, "Access key id of an IAM user that may write to the bucket (keys mode)."),
            new(P.S3.Secret, SchemaValueType.String, "Secret access key that belongs to apiKey.") { Secret = true },
            new(P.S3.CustomEndpointUrl, SchemaValueType.String, "Endpoint of an S3-compatible store (MinIO, R2, Spaces); needs apiKey and secret."),
        ]);

    public static SchemaObjectType AzureBlob { get; } = new(
        ResourceTokens.AzureBlobType,
        "Azure Blob Storage settings: a service principal that may write blobs to the container.",
        [
            new(P.Azure.AccountName, SchemaValueType.String, "Storage account name.") { Required = true },
            new(P.Azure.ClientId, SchemaValueType.String, "Application (client) id of the service principal.") { Required = true },
            new(P.Azure.ClientSecret, SchemaValueType.String, "Client secret of the service principal.") { Required = true, Secret = true },
            new(P.Azure.TenantId, SchemaValueType.String, "Directory (tenant) id of the service principal.") { Required = true },
        ]);

    public static SchemaResource ExternalStorage { get; } = new(
        ResourceTokens.ExternalStorage,
        "A bucket registered with Stream Video as external storage for call recordings. Every create and update ends with Stream's own check, which writes a file into the bucket.",
        [
            new(P.Name, SchemaValueType.String, "Stream's name for the storage; call types and calls refer to it. Changing it replaces the storage.")
            {
                Required = true,
                ReplacesOnChange = true,
            },
            new(P.StorageType, SchemaValueType.String, $"One of {string.Join(", ", StorageTypes.All)} (Amazon S3, Google Cloud Storage, Azure Blob Storage).") { Required = true },
            new(P.Bucket, SchemaValueType.String, "Bucket name; for Azure Blob Storage, the container name.") { Required = true },
            new(P.Path, SchemaValueType.String, "Key prefix inside the bucket: empty, or relative and ending in '/'."),
            new(P.AwsS3, SchemaValueType.Object, "Settings for storageType s3.") { ObjectType = AwsS3 },
            new(P.GcsCredentials, SchemaValueType.String, "For storageType gcs: the whole service-account JSON key of an account that may create objects in the bucket.") { Secret = true },
            new(P.AzureBlob, SchemaValueType.Object, "Settings for storageType abs.") { ObjectType = AzureBlob },
            new(P.CheckDeadlineSeconds, SchemaValueType.Integer, "How long to keep retrying Stream's check while new cloud permissions propagate. Defaults to the provider's checkDeadlineSeconds, else a per-cloud default."),
            new(P.VerifyCheckFile, SchemaValueType.Boolean, "Read the check file back with the owner's credentials and delete it, so checks leave nothing behind. Defaults to false."),
        ],
        [
            new(P.FileUrl, SchemaValueType.String, "URL of the file that the last successful check wrote."),
            new(P.CheckedAt, SchemaValueType.String, "When the last successful check finished (ISO 8601, UTC)."),
        ]);

    public static SchemaResource CallTypeBinding { get; } = new(
        ResourceTokens.CallTypeBinding,
        "Points a Stream Video call type at an external storage, so its recordings go there. Deleting the binding points the call type back at the storage it used before.",
        [
            new(CallTypeBindingProperties.CallType, SchemaValueType.String, "Name of an existing call type, e.g. default. Changing it replaces the binding.")
            {
                Required = true,
                ReplacesOnChange = true,
            },
            new(CallTypeBindingProperties.ExternalStorage, SchemaValueType.String, $"Name of the external storage to record into ('{StorageTypes.StreamDefaultStorage}' is Stream's own).") { Required = true },
        ],
        [
            new(CallTypeBindingProperties.PreviousExternalStorage, SchemaValueType.String, "The storage the call type used before this binding; restored when the binding is deleted."),
        ]);

    public static IReadOnlyList<SchemaResource> Resources { get; } = [ExternalStorage, CallTypeBinding];

    public static IReadOnlyList<SchemaProperty> Config { get; } =
    [
        new(ProviderConfigProperties.ApiKey, SchemaValueType.String, "Stream API key.")
        {
            EnvironmentFallbacks = ["STREAM_API_KEY"],
        },
        new(ProviderConfigProperties.ApiSecret, SchemaValueType.String, "Stream API secret.")
        {
            Secret = true,
            EnvironmentFallbacks = ["STREAM_API_SECRET"],
        },
        new(ProviderConfigProperties.BaseUrl, SchemaValueType.String, "Base URL of Stream's API; defaults to Stream's public endpoint.")
        {
            EnvironmentFallbacks = ["STREAM_BASE_URL"],
        },
        new(ProviderConfigProperties.CheckDeadlineSeconds, SchemaValueType.Integer, "Default for every storage's checkDeadlineSeconds."),
    ];

    /// <summary>The provider's configuration values that are secret, whether or not the stack set them with <c>--secret</c>.</summary>
    public static IReadOnlyList<string> SecretConfig { get; } = [.. Config.Where(p => p.Secret).Select(p => p.Name)];

    /// <summary>
    /// Who publishes the plugin and the SDKs: the owner of <see cref="ProductInfo.Repository"/>. Every package name
    /// below derives from it and the package name, so a fork that changes the repository renames them all.
    /// </summary>
    public static string Publisher => ProductInfo.RepositoryOwner.ToLowerInvariant();

    /// <summary>The npm package of the TypeScript SDK, in the publisher's scope.</summary>
    public static string NodePackageName => $"@{Publisher}/pulumi-{ResourceTokens.Package}";

    /// <summary>The Python import package (its distribution on PyPI is the same name with '-').</summary>
    public static string PythonPackageName => $"pulumi_{ResourceTokens.Package}";

    /// <summary>
    /// The Go import path: the SDK lives in the repository under <c>sdk/go/&lt;package&gt;</c>, in the module
    /// <c>github.com/&lt;owner&gt;/&lt;name&gt;/sdk</c> that a release tags as <c>sdk/v&lt;version&gt;</c>.
    /// </summary>
    public static string GoImportBasePath =>
        $"{ProductInfo.Repository.Host}/{ProductInfo.RepositoryOwner}/{ProductInfo.RepositoryName}/sdk/go/{ResourceTokens.Package}";

    /// <summary>The schema as JSON, stamped with the product version.</summary>
    public static string ToJson()
    {
        var configVariables = Properties(Config);
        var schema = new JsonObject
        {
            ["name"] = ResourceTokens.Package,
            ["displayName"] = "Stream Video external storage",
            ["version"] = ProductInfo.Version,
            ["description"] = "Registers customer-owned buckets (S3, GCS, Azure Blob) with Stream Video as recording storage, checks them, and binds call types to them.",
            ["keywords"] = new JsonArray("pulumi", "stream", "video", "recording", "storage", "category/cloud", "kind/native"),
            ["license"] = ProductInfo.License,
            ["publisher"] = Publisher,
            ["homepage"] = ProductInfo.Repository.ToString(),
            ["repository"] = ProductInfo.Repository.ToString(),
            ["pluginDownloadURL"] = ProductInfo.PluginDownloadUrl,
            ["meta"] = new JsonObject { ["moduleFormat"] = "(.*)" },
            ["language"] = new JsonObject
            {
                ["csharp"] = new JsonObject
                {
                    ["rootNamespace"] = "StreamStorage",
                    ["packageReferences"] = new JsonObject { ["Pulumi"] = "3.*" },
                },
                // respectSchemaVersion: the generated packages carry the product version (and ask for that plugin)
                // instead of a placeholder to fill in at publish time.
                ["nodejs"] = new JsonObject { ["packageName"] = NodePackageName, ["respectSchemaVersion"] = true },
                ["python"] = new JsonObject { ["packageName"] = PythonPackageName, ["respectSchemaVersion"] = true },
                ["go"] = new JsonObject
                {
                    ["importBasePath"] = GoImportBasePath,
                    ["generateResourceContainerTypes"] = true,
                    ["respectSchemaVersion"] = true,
                },
            },
            ["config"] = new JsonObject { ["variables"] = configVariables },
            ["provider"] = new JsonObject
            {
                ["description"] = "The provider that talks to Stream's API. Settings come from stack config (streamstorage:apiKey, ...) or the STREAM_* environment variables.",
                ["inputProperties"] = Properties(Config),
                ["properties"] = Properties(Config.Where(p => p.Type == SchemaValueType.String)),
            },
            ["resources"] = new JsonObject(Resources.Select(r => KeyValuePair.Create(r.Token, (JsonNode?)Resource(r)))),
            ["types"] = new JsonObject([Type(AwsS3), Type(AzureBlob)]),
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Resource(SchemaResource resource)
    {
        var outputs = resource.Inputs.Concat(resource.ExtraOutputs).ToList();
        return new JsonObject
        {
            ["description"] = resource.Description,
            ["inputProperties"] = Properties(resource.Inputs),
            ["requiredInputs"] = Names(resource.Inputs.Where(p => p.Required)),
            ["properties"] = Properties(outputs),
            // Outputs that the provider always fills: the inputs Stream requires, echoed back.
            ["required"] = Names(resource.Inputs.Where(p => p.Required)),
        };
    }

    private static KeyValuePair<string, JsonNode?> Type(SchemaObjectType type) => KeyValuePair.Create(
        type.Token,
        (JsonNode?)new JsonObject
        {
            ["type"] = "object",
            ["description"] = type.Description,
            ["properties"] = Properties(type.Properties),
            ["required"] = Names(type.Properties.Where(p => p.Required)),
        });

    private static JsonObject Properties(IEnumerable<SchemaProperty> properties) =>
        new(properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)Property(p))));

    private static JsonObject Property(SchemaProperty property)
    {
        var spec = new JsonObject();
        if (property.ObjectType is { } objectType)
        {
            spec["$ref"] = "#/types/" + objectType.Token;
        }
        else
        {
            spec["type"] = property.Type switch
            {
                SchemaValueType.String => "string",
                SchemaValueType.Integer => "integer",
                SchemaValueType.Boolean => "boolean",
                _ => throw new InvalidOperationException($"Property '{property.Name}' is an object without an object type."),
            };
        }

        spec["description"] = property.Description;
        if (property.Secret)
        {
            spec["secret"] = true;
        }

        if (property.ReplacesOnChange)
        {
            spec["willReplaceOnChanges"] = true;
        }

        if (property.EnvironmentFallbacks.Count > 0)
        {
            spec["defaultInfo"] = new JsonObject
            {
                ["environment"] = new JsonArray([.. property.EnvironmentFallbacks.Select(e => (JsonNode?)e)]),
            };
        }

        return spec;
    }

    private static JsonArray Names(IEnumerable<SchemaProperty> properties) =>
        new([.. properties.Select(p => (JsonNode?)p.Name)]);
}
