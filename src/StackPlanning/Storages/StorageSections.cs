using StorageRegistrar.Declarations;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>The sections of a storage's configuration, in the order they are read, and the keys they own.</summary>
internal static class StorageSections
{
    public static readonly IReadOnlyList<StorageSection> All =
    [
        new IdentitySection(),
        new UnguessablePathSection(),
        new PlacementSection(),
        new BucketSection(),
        new GrantSection(),
        new EncryptionSection(),
        new CredentialSection(),
        new KeyCreationExceptionSection(),
        new StoreSection(),
        new ImmutabilitySection(),
        new TiersSection(),
        new AccessLogsSection(),
        new SoftDeleteSection(),
    ];

    public static readonly IReadOnlyDictionary<string, Cloud> Clouds = new Dictionary<string, Cloud>(StringComparer.Ordinal)
    {
        [StorageTypes.S3] = Cloud.S3,
        [StorageTypes.Gcs] = Cloud.Gcs,
        [StorageTypes.Abs] = Cloud.Abs,
        ["s3compatible"] = Cloud.S3Compatible,
    };

    private static readonly IReadOnlyList<StorageSetting> AllSettings = [.. All.SelectMany(s => s.Settings)];

    /// <summary>The storage settings that hold secrets, whose values no message repeats.</summary>
    public static IReadOnlyList<string> SecretKeys { get; } = [.. AllSettings.Where(s => s.Secret).Select(s => s.Key)];

    /// <summary>Every key must be known, spelled exactly and apply to the storage's cloud.</summary>
    public static void CheckKeys(StorageReader reader)
    {
        foreach (var property in reader.Element.EnumerateObject())
        {
            var name = property.Name;
            var setting = AllSettings.FirstOrDefault(s => s.Key == name);
            if (setting is null)
            {
                var applicable = AllSettings.Where(s => reader.Cloud is not { } c || s.AppliesTo(c)).Select(s => s.Key).ToList();
                var nearest = KeyNames.Nearest(name, applicable);
                reader.Problem(name, nearest switch
                {
                    not null when string.Equals(nearest, name, StringComparison.OrdinalIgnoreCase) => $"is not a known setting: names are case-sensitive, write \"{nearest}\".",
                    not null => $"is not a known setting: did you mean \"{nearest}\"?",
                    null => $"is not a known setting: use one of {string.Join(", ", applicable)}.",
                });
            }
            else if (reader.IsSecure(name) == true && !setting.Secret)
            {
                reader.Problem(name, $"is held as a secure value, but it is not a secret: Stream, the cloud and the plan show it as it is, and a plan made from the stack file alone cannot read it. Set it in plain text: `pulumi config set --path '{reader.Prefix}.{name}' <value>`.");
            }
            else if (setting.Secret && property.Value.ValueKind != System.Text.Json.JsonValueKind.Null && (reader.IsSecure(name) ?? reader.StoragesEncrypted) == false)
            {
                reader.Problem(name, $"is kept in plain text in the stack's configuration: set it with `pulumi config set --secret --path '{reader.Prefix}.{name}' <value>` so that only its ciphertext is stored.");
            }
            else if (reader.Cloud is { } cloud && !setting.AppliesTo(cloud))
            {
                if (setting.Instead?.GetValueOrDefault(cloud) is { } instead)
                {
                    reader.Problem(name, $"does not apply to cloud \"{CloudName(cloud)}\": {instead}");
                    continue;
                }

                var owners = setting.Clouds.Select(c => $"\"{CloudName(c)}\"");
                reader.Problem(name, $"does not apply to cloud \"{CloudName(cloud)}\" (only to {string.Join(" and ", owners)}): remove it.");
            }
        }
    }

    public static string CloudName(Cloud cloud) => Clouds.Single(c => c.Value == cloud).Key;
}

/// <summary>Name, cloud and path: what every storage has.</summary>
internal sealed class IdentitySection : StorageSection
{
    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(ConfigKeys.Storage.Name, StorageSetting.AllClouds),
        new(ConfigKeys.Storage.Cloud, StorageSetting.AllClouds),
        new(ConfigKeys.Storage.Path, StorageSetting.AllClouds),
    ];

    /// <summary>Name and cloud are read first, by <see cref="StorageReader"/>, since every other section depends on them.</summary>
    public override StorageConfig Read(StorageReader reader, StorageConfig storage) =>
        storage with { Path = reader.ReadString(ConfigKeys.Storage.Path, allowEmpty: true) ?? "" };
}
