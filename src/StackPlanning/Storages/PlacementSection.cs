using System.Text.RegularExpressions;
using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>Where a storage lives: the AWS region, the GCS or Azure location, the GCP project, the Azure resource group.</summary>
internal sealed partial class PlacementSection : StorageSection
{
    /// <summary>S3-compatible stores that need no region accept the one S3 clients sign with by default.</summary>
    public const string DefaultS3CompatibleRegion = "us-east-1";

    /// <summary>Azure's redundancies as SKUs spell them (<c>Standard_LRS</c>...); the read-access variants add nothing Stream uses.</summary>
    public static readonly IReadOnlyDictionary<string, AzureRedundancy> Redundancies = new Dictionary<string, AzureRedundancy>(StringComparer.Ordinal)
    {
        ["LRS"] = AzureRedundancy.Lrs,
        ["ZRS"] = AzureRedundancy.Zrs,
        ["GRS"] = AzureRedundancy.Grs,
        ["GZRS"] = AzureRedundancy.Gzrs,
    };

    public static string RedundancyName(AzureRedundancy redundancy) => Redundancies.Single(r => r.Value == redundancy).Key;

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.Region, [Cloud.S3, Cloud.S3Compatible]),
        new(Keys.Location, [Cloud.Gcs, Cloud.Abs]),
        new(Keys.Project, [Cloud.Gcs]),
        new(Keys.ResourceGroup, [Cloud.Abs]),
        new(Keys.Redundancy, [Cloud.Abs]),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        Region = reader.ReadString(Keys.Region) ?? (reader.Cloud == Cloud.S3Compatible ? DefaultS3CompatibleRegion : null),
        Location = reader.ReadString(Keys.Location),
        Project = reader.ReadString(Keys.Project),
        ResourceGroup = reader.ReadString(Keys.ResourceGroup),
        Redundancy = reader.ReadEnum(Keys.Redundancy, Redundancies) ?? AzureRedundancy.Lrs,
    };

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        CheckResidency(reader, storage);
        switch (storage.Cloud)
        {
            case Cloud.S3:
                CheckS3(reader, storage);
                break;
            case Cloud.Gcs:
                CheckGcs(reader, storage);
                break;
            case Cloud.Abs:
                CheckAbs(reader, storage);
                break;
        }
    }

    /// <summary>
    /// A bucket the stack creates must be inside <c>allowedLocations</c>, named as its cloud names it (GCS and Azure
    /// names in any case). An existing bucket's location is the cloud's to tell (preflight and doctor read it), and an
    /// S3-compatible store's signing region says nothing of where it keeps data (the plan warns).
    /// </summary>
    private static void CheckResidency(StorageReader reader, StorageConfig storage)
    {
        if (reader.AllowedLocations is not { } allowed || storage.ExistingBucket is not null)
        {
            return;
        }

        var (key, location, comparer) = storage.Cloud switch
        {
            Cloud.S3 => (Keys.Region, storage.Region, StringComparer.Ordinal),
            Cloud.Gcs or Cloud.Abs => (Keys.Location, storage.Location, StringComparer.OrdinalIgnoreCase),
            _ => (null, null, StringComparer.Ordinal),
        };
        if (key is not null && location is not null && !allowed.Contains(location, comparer))
        {
            reader.Problem(key, $"\"{TerminalText.Shorten(location)}\" is outside {ConfigKeys.AllowedLocations} ({Listed(allowed)}): place the storage in one of them, or change the rule if the place is allowed.");
        }
    }

    /// <summary>How many allowed locations a problem lists before it only counts the rest: a message is read, not searched.</summary>
    private const int LocationsListed = 10;

    private static string Listed(IReadOnlyList<string> allowed) =>
        allowed.Count <= LocationsListed
            ? string.Join(", ", allowed)
            : $"{string.Join(", ", allowed.Take(LocationsListed))} and {allowed.Count - LocationsListed:N0} more";

    private static void CheckS3(StorageReader reader, StorageConfig storage)
    {
        if (storage.Region is null)
        {
            reader.Required(Keys.Region, "is required for cloud \"s3\": set the bucket's AWS region, e.g. \"eu-west-1\".");
        }
        else if (DeclarationValidator.CheckAwsRegion(storage.Region) is { } regionProblem)
        {
            reader.Problem(Keys.Region, $"\"{TerminalText.Shorten(storage.Region)}\" {regionProblem}");
        }
    }

    private static void CheckGcs(StorageReader reader, StorageConfig storage)
    {
        CheckLocation(
            reader,
            storage,
            "for cloud \"gcs\": set the bucket location, e.g. \"EU\", \"US\" or \"europe-west1\".",
            GcsLocation(),
            "is not a GCS location: use a multi-region such as \"EU\" or a region such as \"europe-west1\".");

        if (storage.Project is not null && !GcpProject().IsMatch(storage.Project))
        {
            reader.Problem(Keys.Project, $"\"{TerminalText.Shorten(storage.Project)}\" is not a GCP project id: use the id (6-30 lowercase letters, digits and '-'), not the display name or number.");
        }
    }

    private static void CheckAbs(StorageReader reader, StorageConfig storage)
    {
        CheckLocation(
            reader,
            storage,
            "for cloud \"abs\": set the Azure region, e.g. \"westeurope\".",
            AzureLocation(),
            "is not an Azure region name: use the short lowercase form, e.g. \"westeurope\" rather than \"West Europe\".");

        if (storage.ResourceGroup is not null && (!AzureResourceGroup().IsMatch(storage.ResourceGroup) || storage.ResourceGroup.EndsWith('.')))
        {
            reader.Problem(Keys.ResourceGroup, "is not a valid resource group name: use up to 90 letters, digits and - _ . ( ), not ending in '.'.");
        }

        if (storage.ExistingBucket is not null && storage.ResourceGroup is null)
        {
            reader.Required(Keys.ResourceGroup, $"is required with {Keys.ExistingBucket}: set the resource group of {Keys.ExistingAccount}, where Stream's role is defined and the container's id points.");
        }

        if (storage.ExistingBucket is not null && reader.Has(Keys.Redundancy))
        {
            reader.Problem(Keys.Redundancy, $"shapes only accounts the stack creates; {Keys.ExistingAccount} keeps the redundancy its owner chose: remove it.");
        }
    }

    /// <summary>A bucket the stack creates needs a location its cloud names that way (<paramref name="form"/>); an existing one has its own.</summary>
    private static void CheckLocation(StorageReader reader, StorageConfig storage, string requiredFix, Regex form, string notOfTheForm)
    {
        if (storage.ExistingBucket is not null)
        {
            if (storage.Location is not null)
            {
                reader.Problem(Keys.Location, $"is not used with {Keys.ExistingBucket}: the bucket has its location already. Remove it.");
            }
        }
        else if (storage.Location is null)
        {
            reader.Required(Keys.Location, $"is required {requiredFix}");
        }
        else if (!form.IsMatch(storage.Location))
        {
            reader.Problem(Keys.Location, $"\"{TerminalText.Shorten(storage.Location)}\" {notOfTheForm}");
        }
    }

    /// <summary>A project id as Google Cloud allows it; the guardrails file's projects are read by it too.</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9-]{4,28}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    internal static partial Regex GcpProject();

    /// <summary>A Cloud Storage location (EU, NAM4, europe-west1, in any case); the guardrails file's are read by it too.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    internal static partial Regex GcsLocation();

    /// <summary>An Azure region's short name (westeurope); the guardrails file's are read by it too.</summary>
    [GeneratedRegex(@"^[a-z0-9]+\z", RegexOptions.CultureInvariant)]
    internal static partial Regex AzureLocation();

    [GeneratedRegex(@"^[-A-Za-z0-9_.()]{1,90}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AzureResourceGroup();
}
