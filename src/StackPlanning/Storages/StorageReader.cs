using System.Text.Json;
using StorageRegistrar.Validation;

namespace StackPlanning.Storages;

/// <summary>
/// Reads one entry of <c>storages</c>: its name and cloud, then each <see cref="StorageSection"/> in turn, then
/// the sections' cross-checks. What the reader knows of the stack (its name, whether it is production, how
/// its storages are held) is shared with every section.
/// </summary>
internal sealed class StorageReader(
    JsonElement element, string prefix, List<ValidationProblem> problems, StackConfigInput input, bool production, IReadOnlyList<string>? allowedLocations)
    : ConfigObjectReader(element, prefix, problems)
{
    /// <summary>The cloud, once read; null while unknown (then only its keys' shapes are checked).</summary>
    public Cloud? Cloud { get; private set; }

    public string StackName => input.StackName;

    public bool Production => production;

    /// <summary>The stack's residency rule: the regions and locations its storages must be in; null when unrestricted.</summary>
    public IReadOnlyList<string>? AllowedLocations => allowedLocations;

    /// <inheritdoc cref="StackConfigInput.StoragesEncrypted"/>
    public bool? StoragesEncrypted => input.StoragesEncrypted;

    /// <summary>Whether the stack holds <paramref name="key"/> as a secure value; null when the engine does not say per key.</summary>
    public bool? IsSecure(string key) => input.SecurePaths?.Contains($"{Prefix}.{key}");

    /// <summary>Whether <paramref name="key"/>'s value is a stand-in for a secure value this reading cannot decrypt.</summary>
    public bool IsUndecrypted(string key) => !input.SecureValuesDecrypted && IsSecure(key) == true;

    public StorageConfig? Read()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            Problem(null, "must be an object with at least name and cloud.");
            return null;
        }

        var name = ReadString(ConfigKeys.Storage.Name);
        Cloud = ReadEnum(ConfigKeys.Storage.Cloud, StorageSections.Clouds);
        Required(ConfigKeys.Storage.Name, "is required: set the name Stream will know this storage by, e.g. \"recordings-s3\".");
        Required(ConfigKeys.Storage.Cloud, "is required: set it to \"s3\", \"gcs\", \"abs\" or \"s3compatible\" (Amazon S3, Google Cloud Storage, Azure Blob Storage, or an S3-compatible store such as R2 or MinIO).");

        StorageSections.CheckKeys(this);
        var storage = new StorageConfig { Name = name ?? "", Cloud = Cloud ?? StackPlanning.Cloud.S3 };
        foreach (var section in StorageSections.All)
        {
            storage = section.Read(this, storage);
        }

        if (name is not null)
        {
            RegistrationRules.Check(this, storage);
        }

        if (Cloud is not null)
        {
            foreach (var section in StorageSections.All)
            {
                section.Check(this, storage);
            }
        }

        return name is null || Cloud is null ? null : StorageSections.All.Aggregate(storage, (completed, section) => section.Complete(completed));
    }
}
