using System.Text.Json;
using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning;

/// <summary>
/// Turns a stack's raw configuration into a <see cref="StackConfig"/>, or reports every problem at
/// once, each named by its key path (<c>storages[1].region</c>, <c>bindings.default</c>) with the fix.
/// Names and paths are held to the same rules as registration (<see cref="DeclarationValidator"/>).
/// </summary>
public static partial class StackConfigParser
{
    /// <summary>Stream allows at most this many external storages per app.</summary>
    public const int MaxStorages = 10;

    public const int DefaultNoncurrentVersionDays = 30;
    public const int DefaultClientSecretDays = 180;
    public const int MaxDays = 36500;

    /// <summary>Entra portal's longest client secret lifetime.</summary>
    public const int MaxClientSecretDays = 730;

    /// <summary>The fewest days <see cref="Keys.CredentialMaxAgeDays"/> may be: the doctor warns this many days ahead.</summary>
    public const int MinCredentialMaxAgeDays = CredentialAgeAnalyzer.WarningDays + 1;

    /// <summary>S3-compatible stores that need no region accept the one S3 clients sign with by default.</summary>
    public const string DefaultS3CompatibleRegion = "us-east-1";

    private static readonly string[] CommonKeys = [Keys.Name, Keys.Cloud, Keys.Path, Keys.DataProtection];

    private static readonly Dictionary<Cloud, string[]> CloudKeys = new()
    {
        [Cloud.S3] =
        [
            Keys.Region, Keys.AuthMode, Keys.KmsKeyArn, Keys.RetentionDays, Keys.Versioning, Keys.NoncurrentVersionDays,
            Keys.ExistingBucket, Keys.BucketPolicy, Keys.CredentialRotation, Keys.CredentialMaxAgeDays,
        ],
        [Cloud.Gcs] =
        [
            Keys.Project, Keys.Location, Keys.RetentionDays, Keys.Versioning, Keys.NoncurrentVersionDays,
            Keys.ExistingBucket, Keys.CredentialRotation, Keys.CredentialMaxAgeDays,
        ],
        [Cloud.Abs] =
        [
            Keys.Location, Keys.ResourceGroup, Keys.AzureRole, Keys.ClientSecretDays, Keys.CredentialRotation, Keys.ClientSecretRotation,
            Keys.ExistingBucket, Keys.ExistingAccount,
        ],
        [Cloud.S3Compatible] = [Keys.Endpoint, Keys.Bucket, Keys.Region, Keys.AccessKeyId, Keys.SecretAccessKey],
    };

    /// <summary>What to do instead when a setting is given to a cloud it does not apply to, where the generic "remove it" misleads.</summary>
    private static readonly Dictionary<(string Key, Cloud Cloud), string> MisplacedKeyHints = new()
    {
        [(Keys.Bucket, Cloud.S3)] = $"to use a bucket that exists already, set {Keys.ExistingBucket} instead.",
        [(Keys.Bucket, Cloud.Gcs)] = $"to use a bucket that exists already, set {Keys.ExistingBucket} instead.",
        [(Keys.Bucket, Cloud.Abs)] = $"to use a container that exists already, set {Keys.ExistingBucket} (and {Keys.ExistingAccount}) instead.",
        [(Keys.ExistingBucket, Cloud.S3Compatible)] = $"an s3compatible storage always writes into a bucket that exists: name it with {Keys.Bucket}.",
        [(Keys.CredentialRotation, Cloud.S3Compatible)] = $"the stack does not create this store's keys: create a new key at the store, set {Keys.AccessKeyId} and {Keys.SecretAccessKey} to it and run pulumi up (Stream's storage is updated with it), then delete the old key at the store.",
        [(Keys.CredentialMaxAgeDays, Cloud.S3Compatible)] = "the stack does not create this store's keys, so it cannot tell their age: track their rotation at the store. Remove it.",
        [(Keys.CredentialMaxAgeDays, Cloud.Abs)] = $"Azure client secrets expire on their own: set their lifetime with {Keys.ClientSecretDays}. Remove it.",
        [(Keys.ClientSecretRotation, Cloud.S3)] = $"it is the former Azure-only name: use {Keys.CredentialRotation}, which works on every cloud.",
        [(Keys.ClientSecretRotation, Cloud.Gcs)] = $"it is the former Azure-only name: use {Keys.CredentialRotation}, which works on every cloud.",
        [(Keys.AccessKeyId, Cloud.S3)] = "on Amazon S3 the stack creates the access key: set authMode: keys and remove it.",
        [(Keys.SecretAccessKey, Cloud.S3)] = "on Amazon S3 the stack creates the access key: set authMode: keys and remove it.",
    };

    /// <summary>Settings that shape a bucket the stack creates, refused for a bucket that exists already.</summary>
    private static readonly string[] OwnedBucketKeys = [Keys.RetentionDays, Keys.Versioning, Keys.NoncurrentVersionDays];

    private static readonly string[] AllStorageKeys = [.. CommonKeys.Concat(CloudKeys.Values.SelectMany(k => k)).Distinct()];

    private static readonly Dictionary<string, Cloud> Clouds = new(StringComparer.Ordinal)
    {
        [StorageTypes.S3] = Cloud.S3,
        [StorageTypes.Gcs] = Cloud.Gcs,
        [StorageTypes.Abs] = Cloud.Abs,
        ["s3compatible"] = Cloud.S3Compatible,
    };

    private static readonly Dictionary<string, S3BucketPolicyMode> BucketPolicyModes = new(StringComparer.Ordinal)
    {
        ["managed"] = S3BucketPolicyMode.Managed,
        ["manual"] = S3BucketPolicyMode.Manual,
    };

    private static readonly Dictionary<string, S3AuthMode> AuthModes = new(StringComparer.Ordinal)
    {
        ["policy"] = S3AuthMode.Policy,
        ["keys"] = S3AuthMode.Keys,
    };

    private static readonly Dictionary<string, DataProtection> DataProtections = new(StringComparer.Ordinal)
    {
        ["retain"] = DataProtection.Retain,
        ["forceDestroy"] = DataProtection.ForceDestroy,
    };

    private static readonly Dictionary<string, AzureRole> AzureRoles = new(StringComparer.Ordinal)
    {
        ["writeOnly"] = AzureRole.WriteOnly,
        ["blobDataContributor"] = AzureRole.BlobDataContributor,
    };

    public static StackConfig Parse(StackConfigInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<ValidationProblem>();

        CheckCredentials(input, problems);
        var production = ParseProduction(input.Production, problems);
        var storages = ParseStorages(input, production, problems);
        var bindings = ParseBindings(input.Bindings, storages, problems);
        var tags = ParseTags(input.Tags, storages, problems);

        if (problems.Count > 0)
        {
            throw new StackConfigException(problems);
        }

        return new StackConfig(input.StackName, production, storages, bindings, tags);
    }

    private static void CheckCredentials(StackConfigInput input, List<ValidationProblem> problems)
    {
        if (!input.HasStreamApiKey)
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}",
                $"is not set: run `pulumi config set {ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey} <your Stream API key>`."));
        }

        if (!input.HasStreamApiSecret)
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}",
                $"is not set: run `pulumi config set --secret {ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret} <your Stream API secret>`."));
        }
    }

    /// <summary>Protected unless the stack says otherwise: forgetting the flag must not expose recordings.</summary>
    private static bool ParseProduction(JsonElement production, List<ValidationProblem> problems)
    {
        switch (production.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                problems.Add(new(ConfigKeys.Production, "must be true or false: set false only for ephemeral stacks whose recordings may be deleted."));
                return true;
        }
    }

    private static List<StorageConfig> ParseStorages(StackConfigInput input, bool production, List<ValidationProblem> problems)
    {
        var storages = new List<StorageConfig>();
        if (input.Storages.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            problems.Add(new(ConfigKeys.Storages, "is not set: add a list with at least one storage (name, cloud and the cloud's location), see Pulumi.dev.yaml."));
            return storages;
        }

        if (input.Storages.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(ConfigKeys.Storages, "must be a list of storages (YAML items starting with '-'), not a single value."));
            return storages;
        }

        var count = input.Storages.GetArrayLength();
        if (count == 0)
        {
            problems.Add(new(ConfigKeys.Storages, "is empty: add at least one storage."));
        }
        else if (count > MaxStorages)
        {
            problems.Add(new(ConfigKeys.Storages, $"has {count} storages: Stream allows at most {MaxStorages} per app; split them across apps or remove some."));
        }

        var firstIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in input.Storages.EnumerateArray())
        {
            var storage = new StorageReader(element, $"{ConfigKeys.Storages}[{index}]", problems).Read(input, production);
            if (storage is not null)
            {
                if (firstIndexByName.TryGetValue(storage.Name, out var first))
                {
                    problems.Add(new($"{ConfigKeys.Storages}[{index}].{Keys.Name}", $"\"{storage.Name}\" is already used by {ConfigKeys.Storages}[{first}]: give each storage its own name."));
                }
                else
                {
                    firstIndexByName.Add(storage.Name, index);
                    storages.Add(storage);
                }
            }

            index++;
        }

        return storages;
    }

    private static List<BindingConfig> ParseBindings(JsonElement bindings, List<StorageConfig> storages, List<ValidationProblem> problems)
    {
        var result = new List<BindingConfig>();
        if (bindings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (bindings.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(ConfigKeys.Bindings, "must map call types to storage names, e.g. `default: recordings-s3`."));
            return result;
        }

        var known = storages.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in bindings.EnumerateObject())
        {
            var field = $"{ConfigKeys.Bindings}.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new(field, $"must be the name of a storage of this stack, or \"{StorageTypes.StreamDefaultStorage}\" for Stream's own storage."));
                continue;
            }

            var storage = property.Value.GetString()!;
            var checks = DeclarationValidator.Validate(new CallTypeBindingDeclaration { CallType = property.Name, ExternalStorage = storage });
            problems.AddRange(checks.Problems.Select(p => p with { Field = field }));
            if (checks.IsValid && storage != StorageTypes.StreamDefaultStorage && !known.Contains(storage))
            {
                var choices = string.Join(", ", known.Order(StringComparer.Ordinal).Append(StorageTypes.StreamDefaultStorage).Select(n => $"\"{n}\""));
                problems.Add(new(field, $"refers to \"{storage}\", which is not a storage of this stack: use one of {choices}."));
            }

            if (checks.IsValid)
            {
                result.Add(new BindingConfig(property.Name, storage));
            }
        }

        return result;
    }

    private static Dictionary<string, string> ParseTags(JsonElement tags, List<StorageConfig> storages, List<ValidationProblem> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tags.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (tags.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(ConfigKeys.Tags, "must map tag names to values, e.g. `team: video`."));
            return result;
        }

        var onGcs = storages.Any(s => s.Cloud == Cloud.Gcs);
        foreach (var property in tags.EnumerateObject())
        {
            var field = $"{ConfigKeys.Tags}.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new(field, "must be a text value: quote it, e.g. \"2024\"."));
                continue;
            }

            var value = property.Value.GetString()!;
            var problem = CheckTag(property.Name, value, onGcs);
            if (problem is null)
            {
                result.Add(property.Name, value);
            }
            else
            {
                problems.Add(new(field, problem));
            }
        }

        return result;
    }

    /// <summary>The intersection of AWS tag, Azure tag and (when a GCS bucket is planned) GCS label rules.</summary>
    private static string? CheckTag(string key, string value, bool onGcs)
    {
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            return "uses the prefix \"aws:\", which AWS reserves: rename the tag.";
        }

        if (key.Length > 128 || value.Length > 256)
        {
            return "is too long: tag names have at most 128 characters and values at most 256.";
        }

        if (key.IndexOfAny(['<', '>', '%', '&', '\\', '?', '/']) >= 0)
        {
            return "contains one of < > % & \\ ? /, which Azure does not allow in tag names: rename the tag.";
        }

        if (onGcs && !GcsLabelKey().IsMatch(key))
        {
            return "is not a valid GCS label name (a GCS storage is planned): use lowercase letters, digits, '_' and '-', starting with a letter, at most 63 characters.";
        }

        if (onGcs && !GcsLabelValue().IsMatch(value))
        {
            return "has a value that is not a valid GCS label value (a GCS storage is planned): use lowercase letters, digits, '_' and '-', at most 63 characters.";
        }

        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelKey();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelValue();

    [GeneratedRegex(@"^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key/[A-Za-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KmsKeyArn();

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex GcpProject();

    [GeneratedRegex("^[A-Za-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLocation();

    [GeneratedRegex("^[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AzureLocation();

    [GeneratedRegex(@"^[-\w.()]{1,90}$", RegexOptions.CultureInvariant)]
    private static partial Regex AzureResourceGroup();

    /// <summary>Reads one storage entry, adding a problem for each thing wrong with it.</summary>
    private sealed class StorageReader(JsonElement element, string prefix, List<ValidationProblem> problems)
    {
        public StorageConfig? Read(StackConfigInput input, bool production)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(null, "must be an object with at least name and cloud.");
                return null;
            }

            var name = ReadString(Keys.Name);
            var cloud = ReadEnum(Keys.Cloud, Clouds);
            if (name is null && !Has(Keys.Name))
            {
                Problem(Keys.Name, "is required: set the name Stream will know this storage by, e.g. \"recordings-s3\".");
            }

            if (cloud is null && !Has(Keys.Cloud))
            {
                Problem(Keys.Cloud, "is required: set it to \"s3\", \"gcs\", \"abs\" or \"s3compatible\" (Amazon S3, Google Cloud Storage, Azure Blob Storage, or an S3-compatible store such as R2 or MinIO).");
            }

            CheckKeys(cloud);
            var path = ReadString(Keys.Path) ?? "";
            var existingBucket = ReadString(cloud == Cloud.S3Compatible ? Keys.Bucket : Keys.ExistingBucket);
            var createsBucket = existingBucket is null && cloud != Cloud.S3Compatible;
            var noncurrentDays = ReadDays(Keys.NoncurrentVersionDays, 1, MaxDays);
            var storage = new StorageConfig
            {
                Name = name ?? "",
                Cloud = cloud ?? Cloud.S3,
                Path = path,
                DataProtection = ReadDataProtection(production, cloud, createsBucket),
                RetentionDays = ReadDays(Keys.RetentionDays, 1, MaxDays),
                Versioning = ReadBool(Keys.Versioning) ?? (createsBucket && cloud != Cloud.Abs),
                NoncurrentVersionDays = noncurrentDays ?? DefaultNoncurrentVersionDays,
                Region = ReadString(Keys.Region) ?? (cloud == Cloud.S3Compatible ? DefaultS3CompatibleRegion : null),
                AuthMode = ReadEnum(Keys.AuthMode, AuthModes) ?? S3AuthMode.Policy,
                KmsKeyArn = ReadString(Keys.KmsKeyArn),
                Project = ReadString(Keys.Project),
                Location = ReadString(Keys.Location),
                ResourceGroup = ReadString(Keys.ResourceGroup),
                AzureRole = ReadEnum(Keys.AzureRole, AzureRoles) ?? AzureRole.WriteOnly,
                ClientSecretDays = ReadDays(Keys.ClientSecretDays, 1, MaxClientSecretDays) ?? DefaultClientSecretDays,
                CredentialRotation = ReadRotation(cloud),
                CredentialMaxAgeDays = ReadDays(Keys.CredentialMaxAgeDays, MinCredentialMaxAgeDays, MaxDays),
                ExistingBucket = existingBucket,
                ExistingAccount = ReadString(Keys.ExistingAccount),
                BucketPolicy = ReadEnum(Keys.BucketPolicy, BucketPolicyModes) ?? S3BucketPolicyMode.Managed,
                Endpoint = ReadString(Keys.Endpoint),
                AccessKeyId = SecretString.From(ReadString(Keys.AccessKeyId)),
                SecretAccessKey = SecretString.From(ReadString(Keys.SecretAccessKey)),
            };

            if (createsBucket)
            {
                if (noncurrentDays is not null && !storage.Versioning)
                {
                    Problem(Keys.NoncurrentVersionDays, $"has no effect with {Keys.Versioning}: false: remove it, or turn versioning on.");
                }
            }
            else if (cloud != Cloud.S3Compatible)
            {
                foreach (var key in OwnedBucketKeys.Where(Has))
                {
                    Problem(key, $"shapes only buckets the stack creates; {Keys.ExistingBucket} stays as its owner set it up: remove it, and change the bucket itself if needed.");
                }
            }

            if (name is not null)
            {
                CheckAgainstRegistrationRules(input.StackName, storage, cloud);
            }

            switch (cloud)
            {
                case Cloud.S3:
                    CheckS3(storage);
                    break;
                case Cloud.Gcs:
                    CheckGcs(storage);
                    break;
                case Cloud.Abs:
                    CheckAbs(storage);
                    break;
                case Cloud.S3Compatible:
                    CheckS3Compatible(storage, input.StoragesEncrypted);
                    break;
            }

            return name is null || cloud is null ? null : storage with { Endpoint = NormalizedEndpoint(storage.Endpoint) };
        }

        /// <summary>Only a bucket the stack creates can be force-destroyed, and only outside production.</summary>
        private DataProtection ReadDataProtection(bool production, Cloud? cloud, bool createsBucket)
        {
            var dataProtection = ReadEnum(Keys.DataProtection, DataProtections) ?? DataProtection.Retain;
            if (dataProtection != DataProtection.ForceDestroy)
            {
                return dataProtection;
            }

            if (cloud == Cloud.S3Compatible)
            {
                Problem(Keys.DataProtection, "\"forceDestroy\" has nothing to delete: the stack creates no bucket on an S3-compatible store. Remove it.");
            }
            else if (!createsBucket)
            {
                Problem(Keys.DataProtection, $"\"forceDestroy\" would delete a bucket this stack does not own: {Keys.ExistingBucket} is never deleted, with or without it. Remove it.");
            }
            else if (production)
            {
                Problem(Keys.DataProtection, $"\"forceDestroy\" would delete recordings, and this is a production stack: use \"retain\", or set `{ConfigKeys.Production}: false` for an ephemeral stack.");
            }

            return dataProtection;
        }

        /// <summary><see cref="Keys.ClientSecretRotation"/> is read as the Azure alias of <see cref="Keys.CredentialRotation"/>.</summary>
        private string? ReadRotation(Cloud? cloud)
        {
            var rotation = ReadString(Keys.CredentialRotation);
            if (cloud != Cloud.Abs)
            {
                return rotation;
            }

            var alias = ReadString(Keys.ClientSecretRotation);
            if (rotation is not null && alias is not null)
            {
                Problem(Keys.ClientSecretRotation, $"is the former name of {Keys.CredentialRotation}, which is set too: keep only {Keys.CredentialRotation} (with the value Stream's secret was last rotated with, so that renaming does not rotate it).");
            }

            return rotation ?? alias;
        }

        private void CheckS3(StorageConfig storage)
        {
            if (S3Grants.WidensGrant(storage.Path))
            {
                Problem(Keys.Path, "contains '*', '?' or '${', which IAM policies read as wildcards or variables: the grant would reach beyond the path. Remove them.");
            }

            if (storage.Region is null)
            {
                Problem(Keys.Region, "is required for cloud \"s3\": set the bucket's AWS region, e.g. \"eu-west-1\".");
            }
            else if (DeclarationValidator.CheckAwsRegion(storage.Region) is { } regionProblem)
            {
                Problem(Keys.Region, $"\"{storage.Region}\" {regionProblem}");
            }

            CheckS3Grant(storage);
            if (storage.KmsKeyArn is null)
            {
                return;
            }

            if (storage.AuthMode == S3AuthMode.Policy)
            {
                Problem(Keys.KmsKeyArn, "needs authMode \"keys\": in policy mode Stream's own account would need the key, which cannot be granted from this side. Remove it (SSE-S3 is used) or set authMode: keys.");
            }
            else if (KmsKeyArn().Match(storage.KmsKeyArn) is not { Success: true } match)
            {
                Problem(Keys.KmsKeyArn, "must be a KMS key ARN such as \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\" (not an alias or key id).");
            }
            else if (storage.Region is not null && match.Groups[1].Value != storage.Region)
            {
                Problem(Keys.KmsKeyArn, $"is in region \"{match.Groups[1].Value}\", but the bucket is in \"{storage.Region}\": S3 can only use a key from the bucket's region.");
            }
        }

        /// <summary>Policy mode hands Stream no credential, and an existing bucket's one policy belongs to its owner.</summary>
        private void CheckS3Grant(StorageConfig storage)
        {
            if (storage.AuthMode == S3AuthMode.Keys)
            {
                if (Has(Keys.BucketPolicy))
                {
                    Problem(Keys.BucketPolicy, "applies only to authMode \"policy\", where Stream's grant is a bucket policy statement; in keys mode it is the IAM user's own policy. Remove it.");
                }

                return;
            }

            const string NoCredential = "in authMode \"policy\": Stream gets no credential there (its AWS account is granted in the bucket policy). Remove it, or set authMode: keys to give Stream an IAM user's access key.";
            if (storage.CredentialRotation is not null)
            {
                Problem(Keys.CredentialRotation, $"has nothing to rotate {NoCredential}");
            }

            if (Has(Keys.CredentialMaxAgeDays))
            {
                Problem(Keys.CredentialMaxAgeDays, $"has no key to age {NoCredential}");
            }

            if (storage.ExistingBucket is not null && storage.BucketPolicy == S3BucketPolicyMode.Managed)
            {
                Problem(Keys.ExistingBucket, $"in authMode \"policy\" needs {Keys.BucketPolicy}: manual: an S3 bucket has one policy, and writing the stack's would drop the statements its owner put there. Set {Keys.BucketPolicy}: manual and merge the statement of the stack output bucketPolicyStatements into the bucket's policy, or set authMode: keys.");
            }
            else if (storage.ExistingBucket is null && storage.BucketPolicy == S3BucketPolicyMode.Manual)
            {
                Problem(Keys.BucketPolicy, $"\"manual\" applies only to an {Keys.ExistingBucket}: the stack writes the whole policy of a bucket it creates. Remove it.");
            }
        }

        private void CheckGcs(StorageConfig storage)
        {
            CheckLocation(storage, "for cloud \"gcs\": set the bucket location, e.g. \"EU\", \"US\" or \"europe-west1\".");
            if (storage.Location is not null && storage.ExistingBucket is null && !GcsLocation().IsMatch(storage.Location))
            {
                Problem(Keys.Location, $"\"{storage.Location}\" is not a GCS location: use a multi-region such as \"EU\" or a region such as \"europe-west1\".");
            }

            if (storage.Project is not null && !GcpProject().IsMatch(storage.Project))
            {
                Problem(Keys.Project, $"\"{storage.Project}\" is not a GCP project id: use the id (6-30 lowercase letters, digits and '-'), not the display name or number.");
            }
        }

        private void CheckAbs(StorageConfig storage)
        {
            CheckLocation(storage, "for cloud \"abs\": set the Azure region, e.g. \"westeurope\".");
            if (storage.Location is not null && storage.ExistingBucket is null && !AzureLocation().IsMatch(storage.Location))
            {
                Problem(Keys.Location, $"\"{storage.Location}\" is not an Azure region name: use the short lowercase form, e.g. \"westeurope\" rather than \"West Europe\".");
            }

            if (storage.ResourceGroup is not null && (!AzureResourceGroup().IsMatch(storage.ResourceGroup) || storage.ResourceGroup.EndsWith('.')))
            {
                Problem(Keys.ResourceGroup, "is not a valid resource group name: use up to 90 letters, digits and - _ . ( ), not ending in '.'.");
            }

            if (storage.ExistingBucket is null)
            {
                if (storage.ExistingAccount is not null)
                {
                    Problem(Keys.ExistingAccount, $"applies only with {Keys.ExistingBucket}: set {Keys.ExistingBucket} to the name of the container in that account, or remove it.");
                }

                return;
            }

            if (storage.ExistingAccount is null)
            {
                Problem(Keys.ExistingAccount, $"is required with {Keys.ExistingBucket}: set the storage account that holds the container, e.g. \"acmerecordings\".");
            }
            else if (DeclarationValidator.CheckAzureAccountName(storage.ExistingAccount) is { } accountProblem)
            {
                Problem(Keys.ExistingAccount, accountProblem);
            }

            if (storage.ResourceGroup is null)
            {
                Problem(Keys.ResourceGroup, $"is required with {Keys.ExistingBucket}: set the resource group of {Keys.ExistingAccount}, where Stream's role is defined and the container's id points.");
            }
        }

        /// <summary>A bucket the stack creates needs a location; an existing one has its own.</summary>
        private void CheckLocation(StorageConfig storage, string requiredFix)
        {
            if (storage.ExistingBucket is not null)
            {
                if (storage.Location is not null)
                {
                    Problem(Keys.Location, $"is not used with {Keys.ExistingBucket}: the bucket has its location already. Remove it.");
                }
            }
            else if (storage.Location is null && !Has(Keys.Location))
            {
                Problem(Keys.Location, $"is required {requiredFix}");
            }
        }

        /// <summary>Endpoint and keys go to Stream as <c>s3_custom_endpoint_url</c>, <c>s3_api_key</c> and <c>s3_secret</c>.</summary>
        private void CheckS3Compatible(StorageConfig storage, bool? storagesEncrypted)
        {
            if (storage.Endpoint is null)
            {
                if (!Has(Keys.Endpoint))
                {
                    Problem(Keys.Endpoint, "is required for cloud \"s3compatible\": set the store's address, e.g. \"https://<account>.r2.cloudflarestorage.com\".");
                }
            }
            else if (DeclarationValidator.CheckCustomEndpointUrl(storage.Endpoint) is { } endpointProblem)
            {
                Problem(Keys.Endpoint, endpointProblem);
            }
            else if (new Uri(storage.Endpoint) is { AbsolutePath: not "/" } uri)
            {
                Problem(Keys.Endpoint, $"must be the store's address without a path; the bucket goes in {Keys.Bucket}: use \"{uri.GetLeftPart(UriPartial.Authority)}\".");
            }

            if (storage.ExistingBucket is null && !Has(Keys.Bucket))
            {
                Problem(Keys.Bucket, "is required for cloud \"s3compatible\": set the name of the bucket at the store (create it there first).");
            }

            foreach (var (key, value) in new[] { (Keys.AccessKeyId, storage.AccessKeyId), (Keys.SecretAccessKey, storage.SecretAccessKey) })
            {
                if (value is null && !Has(key))
                {
                    Problem(key, $"is required for cloud \"s3compatible\": set the store's write key with `pulumi config set --secret --path '{prefix}.{key}' <value>`.");
                }
                else if (value is not null && storagesEncrypted == false)
                {
                    Problem(key, $"is kept in plain text in the stack's configuration: set it with `pulumi config set --secret --path '{prefix}.{key}' <value>` so that only its ciphertext is stored.");
                }
            }
        }

        /// <summary>
        /// The storage name, its path, the bucket and (for S3-compatible stores) the region and keys go
        /// to Stream as they are, so they must pass the very checks registration applies.
        /// </summary>
        private void CheckAgainstRegistrationRules(string stackName, StorageConfig storage, Cloud? cloud)
        {
            var bucketKey = cloud == Cloud.S3Compatible ? Keys.Bucket : Keys.ExistingBucket;
            var bucket = storage.ExistingBucket ?? cloud switch
            {
                Cloud.S3 or Cloud.Gcs => ResourceNames.BucketName(stackName, storage.Name, ResourceNames.SampleSuffix),
                Cloud.Abs => ResourceNames.AzureContainerName,
                _ => null,
            };
            var declaration = new StorageDeclaration
            {
                Name = storage.Name,
                StorageType = cloud is { } c ? StorageTypeOf(c) : null,
                Bucket = bucket,
                Path = storage.Path,
                AwsS3 = cloud == Cloud.S3Compatible && storage.Endpoint is not null
                    ? new S3Settings { Region = storage.Region, ApiKey = storage.AccessKeyId?.Reveal(), Secret = storage.SecretAccessKey, CustomEndpointUrl = storage.Endpoint }
                    : null,
            };
            foreach (var problem in DeclarationValidator.Validate(declaration).Problems)
            {
                switch (problem.Field)
                {
                    case DeclarationFields.Name:
                        Problem(Keys.Name, problem.Message);
                        break;
                    case DeclarationFields.Path:
                        Problem(Keys.Path, problem.Message);
                        break;
                    case DeclarationFields.Bucket when storage.ExistingBucket is not null:
                        Problem(bucketKey, problem.Message);
                        break;
                    case DeclarationFields.Bucket when bucket is not null:
                        Problem(Keys.Name, $"gives the bucket name \"{bucket}\" (stack, name and a random suffix), which {problem.Message} Rename the storage.");
                        break;
                    case DeclarationFields.AwsS3Region when Has(Keys.Region):
                        Problem(Keys.Region, problem.Message);
                        break;
                    case DeclarationFields.AwsS3ApiKey when storage.AccessKeyId is not null:
                        Problem(Keys.AccessKeyId, problem.Message);
                        break;
                    case DeclarationFields.AwsS3Secret when storage.SecretAccessKey is not null:
                        Problem(Keys.SecretAccessKey, problem.Message);
                        break;
                }
            }
        }

        private void CheckKeys(Cloud? cloud)
        {
            foreach (var property in element.EnumerateObject())
            {
                var key = property.Name;
                if (!AllStorageKeys.Contains(key, StringComparer.Ordinal))
                {
                    var hint = AllStorageKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                    Problem(key, hint is not null
                        ? $"is not a known setting: names are case-sensitive, write \"{hint}\"."
                        : $"is not a known setting: use one of {string.Join(", ", AllStorageKeys)}.");
                }
                else if (cloud is { } c && !CommonKeys.Contains(key, StringComparer.Ordinal) && !CloudKeys[c].Contains(key, StringComparer.Ordinal))
                {
                    if (MisplacedKeyHints.TryGetValue((key, c), out var instead))
                    {
                        Problem(key, $"does not apply to cloud \"{CloudName(c)}\": {instead}");
                        continue;
                    }

                    var owners = CloudKeys.Where(kv => kv.Value.Contains(key, StringComparer.Ordinal)).Select(kv => $"\"{CloudName(kv.Key)}\"");
                    Problem(key, $"does not apply to cloud \"{CloudName(c)}\" (only to {string.Join(" and ", owners)}): remove it.");
                }
            }
        }

        private bool Has(string key) => element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

        private string? ReadString(string key)
        {
            if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem(key, "must be text: quote the value.");
                return null;
            }

            var text = value.GetString()!;
            if (text.Length == 0 && key != Keys.Path)
            {
                Problem(key, "is empty: set a value or remove the setting.");
                return null;
            }

            return text;
        }

        private bool? ReadBool(string key)
        {
            if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Problem(key, "must be true or false.");
            return null;
        }

        private int? ReadDays(string key, int min, int max)
        {
            if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days >= min && days <= max)
            {
                return days;
            }

            Problem(key, $"must be a whole number of days from {min} to {max}.");
            return null;
        }

        private T? ReadEnum<T>(string key, Dictionary<string, T> values)
            where T : struct, Enum
        {
            var text = ReadString(key);
            if (text is null)
            {
                return null;
            }

            if (values.TryGetValue(text, out var value))
            {
                return value;
            }

            var allowed = string.Join(", ", values.Keys.Select(k => $"\"{k}\""));
            var hint = values.Keys.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
            Problem(key, hint is not null
                ? $"\"{text}\" is case-sensitive: write \"{hint}\"."
                : $"\"{text}\" is not one of {allowed}.");
            return null;
        }

        private void Problem(string? key, string message) =>
            problems.Add(new(key is null ? prefix : $"{prefix}.{key}", message));

        /// <summary>Stream is given the endpoint as scheme, host and port only.</summary>
        private static string? NormalizedEndpoint(string? endpoint) =>
            endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : endpoint;
    }

    /// <summary>The cloud as the configuration spells it.</summary>
    public static string CloudName(Cloud cloud) => Clouds.Single(c => c.Value == cloud).Key;

    /// <summary>Stream's storage type for a cloud: an S3-compatible store is an <c>s3</c> storage with a custom endpoint.</summary>
    public static string StorageTypeOf(Cloud cloud) => cloud switch
    {
        Cloud.S3 => StorageTypes.S3,
        Cloud.Gcs => StorageTypes.Gcs,
        Cloud.Abs => StorageTypes.Abs,
        Cloud.S3Compatible => StorageTypes.S3,
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, null),
    };
}
