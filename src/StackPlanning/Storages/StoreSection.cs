using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// An S3-compatible store: its endpoint and the write key its owner issued, which go to Stream as
/// <c>s3_custom_endpoint_url</c>, <c>s3_api_key</c> and <c>s3_secret</c>.
/// </summary>
internal sealed class StoreSection : StorageSection
{
    private const string StackCreatesTheKey = "on Amazon S3 the stack creates the access key: set authMode: keys and remove it.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.Endpoint, [Cloud.S3Compatible]),
        new(Keys.AccessKeyId, [Cloud.S3Compatible], new Dictionary<Cloud, string> { [Cloud.S3] = StackCreatesTheKey }) { Secret = true },
        new(Keys.SecretAccessKey, [Cloud.S3Compatible], new Dictionary<Cloud, string> { [Cloud.S3] = StackCreatesTheKey }) { Secret = true },
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        Endpoint = reader.ReadString(Keys.Endpoint),
        AccessKeyId = SecretString.From(reader.ReadString(Keys.AccessKeyId)),
        SecretAccessKey = SecretString.From(reader.ReadString(Keys.SecretAccessKey)),
    };

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Cloud != Cloud.S3Compatible)
        {
            return;
        }

        if (storage.Endpoint is null)
        {
            reader.Required(Keys.Endpoint, "is required for cloud \"s3compatible\": set the store's address, e.g. \"https://<account>.r2.cloudflarestorage.com\".");
        }
        else if (DeclarationValidator.CheckCustomEndpointUrl(storage.Endpoint) is { } endpointProblem)
        {
            reader.Problem(Keys.Endpoint, endpointProblem);
        }
        else if (new Uri(storage.Endpoint) is { AbsolutePath: not "/" } uri)
        {
            reader.Problem(Keys.Endpoint, $"must be the store's address without a path; the bucket goes in {Keys.Bucket}: use \"{uri.GetLeftPart(UriPartial.Authority)}\".");
        }

        foreach (var key in new[] { Keys.AccessKeyId, Keys.SecretAccessKey })
        {
            reader.Required(key, $"is required for cloud \"s3compatible\": set the store's write key with `pulumi config set --secret --path '{reader.Prefix}.{key}' <value>`.");
        }
    }

    /// <summary>Stream is given the endpoint as scheme, host and port only.</summary>
    public override StorageConfig Complete(StorageConfig storage) =>
        storage.Endpoint is not null && Uri.TryCreate(storage.Endpoint, UriKind.Absolute, out var uri)
            ? storage with { Endpoint = uri.GetLeftPart(UriPartial.Authority) }
            : storage;
}
