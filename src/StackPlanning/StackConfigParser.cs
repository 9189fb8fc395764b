using System.Text.Json;
using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;
using StorageRegistrar.Resources;
using StorageRegistrar.Validation;
using StackPlanning.Storages;

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

    public static StackConfig Parse(StackConfigInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<ValidationProblem>();

        CheckCredentials(input, problems);
        var checkDeadline = ParseProviderSettings(input, problems);
        CheckProjectKeys(input, problems);
        CheckSecurePaths(input, problems);
        var production = ParseProduction(input.Production, problems);
        var allowedLocations = ParseAllowedLocations(input.AllowedLocations, problems);
        var preflight = ParsePreflight(input.Preflight, problems);
        var storages = ParseStorages(input, production, allowedLocations, problems);
        var bindings = ParseBindings(input.Bindings, storages, problems);
        var tags = ParseTags(input.Tags, storages, problems);

        if (problems.Count > 0)
        {
            throw new StackConfigException(problems);
        }

        return new StackConfig(input.StackName, production, storages, bindings, tags)
        {
            AllowedLocations = allowedLocations,
            Preflight = preflight,
            UnseenEnvironments = input.UnseenEnvironments,
            CheckDeadlineSeconds = checkDeadline,
        };
    }

    private static void CheckCredentials(StackConfigInput input, List<ValidationProblem> problems)
    {
        if (!input.HasStreamApiKey)
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}",
                $"is not set: run `pulumi config set {ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey} <your Stream API key>`, or set {StorageRegistrar.Stream.StreamClientOptions.ApiKeyVariable} where pulumi runs."));
        }

        if (!input.HasStreamApiSecret)
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}",
                $"is not set: run `pulumi config set --secret {ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret} <your Stream API secret>`, or set {StorageRegistrar.Stream.StreamClientOptions.ApiSecretVariable} where pulumi runs."));
        }
        else if (input.StreamApiSecretEncrypted == false)
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}",
                $"is held in plain text, so the stack file hands Stream's secret to everyone who reads it: set it again with `pulumi config set --secret {ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret} <your Stream API secret>`, or set {StorageRegistrar.Stream.StreamClientOptions.ApiSecretVariable} where pulumi runs and remove the key."));
        }

        CheckKnownKeys(input.StreamProviderKeys, ProviderConfigProperties.All, $"{ConfigKeys.StreamNamespace}:", $"the {ConfigKeys.StreamNamespace} provider", "remove it.", problems);

        // The provider's endpoint and deadline held secure: a plan from the stack file alone cannot read them, and would
        // show the defaults where pulumi up uses what it decrypts.
        foreach (var key in (input.StreamProviderSecureKeys ?? []).Where(k => k is ProviderConfigProperties.BaseUrl or ProviderConfigProperties.CheckDeadlineSeconds).Order(StringComparer.Ordinal))
        {
            problems.Add(new(
                $"{ConfigKeys.StreamNamespace}:{key}",
                $"is held as a secure value, but it is not a secret: the plan cannot read it, and would show what pulumi up does not do. Set it in plain text with `pulumi config set {ConfigKeys.StreamNamespace}:{key} <value>`."));
        }
    }

    /// <summary>
    /// The check deadline the stack gives the <c>streamstorage</c> provider for every storage, held to the provider's rules
    /// with its endpoint; null when it sets none, or it is refused.
    /// </summary>
    private static int? ParseProviderSettings(StackConfigInput input, List<ValidationProblem> problems)
    {
        if (input.StreamProviderValues is not { } values)
        {
            return null;
        }

        var (deadline, refused) = ProviderSettings.CheckSetValues(values);
        problems.AddRange(refused.Select(p => p with { Field = $"{ConfigKeys.StreamNamespace}:{p.Field}" }));
        return deadline is { } seconds ? (int)seconds.TotalSeconds : null;
    }

    private static void CheckProjectKeys(StackConfigInput input, List<ValidationProblem> problems) =>
        CheckKnownKeys(input.ProjectKeys, ConfigKeys.ProjectKeys, "", "this program", "remove it, or move it to the namespace of the provider it belongs to.", problems);

    /// <summary>
    /// A key of a namespace that its reader (<paramref name="reader"/>) does not read would be silently ignored: a typo
    /// must not pass. Each is named at <paramref name="prefix"/> and the key, with the nearest known key, or else
    /// <paramref name="otherwise"/>.
    /// </summary>
    private static void CheckKnownKeys(
        IReadOnlyCollection<string>? keys, IReadOnlyList<string> known, string prefix, string reader, string otherwise, List<ValidationProblem> problems)
    {
        var reads = string.Join(", ", known);
        foreach (var key in (keys ?? []).Where(k => !known.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            problems.Add(new(prefix + TerminalText.Clip(key), KeyNames.Nearest(key, known) is { } nearest
                ? $"is not a setting of {reader}: did you mean \"{nearest}\"? (it reads {reads})"
                : $"is not a setting of {reader}, which reads {reads}: {otherwise}"));
        }
    }

    /// <summary>
    /// Only a storage's secrets may be secure values (each storage key is judged by its own section); anything
    /// else held secure would be printed anyway, and a plan made from the stack file alone could not read it.
    /// </summary>
    private static void CheckSecurePaths(StackConfigInput input, List<ValidationProblem> problems)
    {
        foreach (var path in (input.SecurePaths ?? new HashSet<string>()).Where(p => !StorageKeyPath().IsMatch(p)).Order(StringComparer.Ordinal))
        {
            problems.Add(new(TerminalText.Clip(path), path == ConfigKeys.Storages || path.StartsWith($"{ConfigKeys.Storages}[", StringComparison.Ordinal)
                ? $"is held as one secure value: only the keys of an S3-compatible store may be secure. Set the storages in plain text and each store key with `pulumi config set --secret --path 'storages[N].secretAccessKey' <value>`."
                : $"is held as a secure value, but it is not a secret: set it in plain text with {PlainSetCommand(path)}."));
        }
    }

    /// <summary>
    /// The command that sets <paramref name="path"/> in plain text. The path is the file's own text: it is written into
    /// the command only where it holds nothing a shell would read (a quote, <c>$</c>, a backtick...), since a command
    /// pasted from a message must do what it says.
    /// </summary>
    private static string PlainSetCommand(string path) => ShellInertPath().IsMatch(path)
        ? $"`pulumi config set --path '{path}' <value>`"
        : "`pulumi config set --path` and the key path named here";

    [GeneratedRegex(@"^[A-Za-z0-9_.\[\]-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShellInertPath();

    [GeneratedRegex(@"^storages\[[0-9]+\]\.[^.\[\]]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex StorageKeyPath();

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

    private static PreflightMode ParsePreflight(JsonElement preflight, List<ValidationProblem> problems)
    {
        if (preflight.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return PreflightMode.Warn;
        }

        var text = preflight.ValueKind == JsonValueKind.String ? preflight.GetString() : null;
        if (text is not null && PreflightModes.TryGetValue(text, out var mode))
        {
            return mode;
        }

        problems.Add(new(ConfigKeys.Preflight, "must be off, warn or strict: warn (the default) stops on a guardrail that blocks and warns on one it could not read, strict stops on both, off reads none."));
        return PreflightMode.Warn;
    }

    private static readonly Dictionary<string, PreflightMode> PreflightModes = new(StringComparer.Ordinal)
    {
        ["off"] = PreflightMode.Off,
        ["warn"] = PreflightMode.Warn,
        ["strict"] = PreflightMode.Strict,
    };

    /// <summary>Residency: the regions and locations (as each cloud names them) every storage must be in; null when unrestricted.</summary>
    private static List<string>? ParseAllowedLocations(JsonElement allowed, List<ValidationProblem> problems)
    {
        const string Example = "e.g. `[eu-west-1, EU, europe-west1, westeurope]`";
        if (allowed.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (allowed.ValueKind != JsonValueKind.Array || allowed.GetArrayLength() == 0)
        {
            problems.Add(new(ConfigKeys.AllowedLocations, $"must be a list of at least one AWS region, GCS location or Azure location, {Example}; remove it to allow any."));
            return null;
        }

        var locations = new List<string>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        var refused = false;
        foreach (var item in allowed.EnumerateArray())
        {
            var field = $"{ConfigKeys.AllowedLocations}[{index++}]";
            var location = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (string.IsNullOrEmpty(location) || !LocationName().IsMatch(location))
            {
                problems.Add(new(field, $"must be a region or location name of letters, digits and '-', {Example}."));
                refused = true;
            }
            else if (!listed.Add(location))
            {
                problems.Add(new(field, $"\"{TerminalText.Shorten(location)}\" is listed twice: remove one."));
            }
            else
            {
                locations.Add(location);
            }
        }

        // A storage is not held to a list with a refused entry: the entry it is in may be the one refused.
        return refused ? null : locations;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocationName();

    private static List<StorageConfig> ParseStorages(StackConfigInput input, bool production, List<string>? allowedLocations, List<ValidationProblem> problems)
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
        var read = new List<(int Index, StorageConfig Storage)>();
        var index = 0;
        foreach (var element in input.Storages.EnumerateArray())
        {
            var storage = new StorageReader(element, $"{ConfigKeys.Storages}[{index}]", problems, input, production, allowedLocations).Read();
            if (storage is not null)
            {
                if (firstIndexByName.TryGetValue(storage.Name, out var first))
                {
                    problems.Add(new($"{ConfigKeys.Storages}[{index}].{ConfigKeys.Storage.Name}", $"\"{TerminalText.Shorten(storage.Name)}\" is already used by {ConfigKeys.Storages}[{first}]: give each storage its own name."));
                }
                else
                {
                    firstIndexByName.Add(storage.Name, index);
                    storages.Add(storage);
                    read.Add((index, storage));
                }
            }

            index++;
        }

        AccessLogsSection.CheckAcrossStorages(read, problems);
        KeyCreationExceptionSection.CheckAcrossStorages(read, problems);
        ImmutabilitySection.CheckAcrossStorages(read, problems);
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
            var field = ConfigObjectReader.MemberPath(ConfigKeys.Bindings, property.Name);
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
                var choices = string.Join(", ", known.Order(StringComparer.Ordinal).Append(StorageTypes.StreamDefaultStorage).Select(n => $"\"{TerminalText.Shorten(n)}\""));
                problems.Add(new(field, $"refers to \"{TerminalText.Shorten(storage)}\", which is not a storage of this stack: use one of {choices}."));
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
        var onAws = storages.Any(s => s.Cloud == Cloud.S3);
        var onAzure = storages.Any(s => s.Cloud == Cloud.Abs);

        // AWS and Azure take 50 tags a resource, GCS 64 labels, and the stack adds its own to every resource.
        var most = (onAws || onAzure ? MaxAwsAndAzureTags : MaxGcsLabels) - 1;
        var count = tags.EnumerateObject().Count();
        if ((onAws || onAzure || onGcs) && count > most)
        {
            problems.Add(new(ConfigKeys.Tags, $"sets {count} tags, and the stack adds its own ({StackPlanner.StorageTag}) to every resource: {(onAws || onAzure ? "AWS and Azure take" : "GCS takes")} {most + 1} a resource, so keep at most {most}."));
        }

        // Azure reads tag names without their case: two names that differ only in it would be one tag there.
        var azureNames = onAzure ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : null;
        foreach (var property in tags.EnumerateObject())
        {
            var field = ConfigObjectReader.MemberPath(ConfigKeys.Tags, property.Name);
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new(field, TagNotText));
                continue;
            }

            if (string.Equals(property.Name, StackPlanner.StorageTag, onAzure ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                problems.Add(new(field, $"is the tag the stack sets on every resource to name the storage it belongs to{(onAzure ? " (Azure reads tag names without their case)" : "")}: rename the tag."));
                continue;
            }

            if (azureNames is not null && !azureNames.TryAdd(property.Name, property.Name))
            {
                problems.Add(new(field, $"is the tag \"{TerminalText.Shorten(azureNames[property.Name])}\" to Azure, which reads tag names without their case (an \"abs\" storage is planned): keep one."));
                continue;
            }

            var value = property.Value.GetString()!;
            var problem = CheckTag(property.Name, value, onGcs, onAws);
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

    internal const int MaxAwsAndAzureTags = 50;

    /// <summary>The problem of a tag whose value is not text, in the stack's tags and the AWS provider's default tags alike.</summary>
    internal const string TagNotText = "must be a text value: quote it, e.g. \"2024\".";

    private const int MaxGcsLabels = 64;

    /// <summary>The intersection of Azure tag rules and, where such a storage is planned, AWS tag and GCS label rules.</summary>
    private static string? CheckTag(string key, string value, bool onGcs, bool onAws)
    {
        if (CheckTagText(key, value) is { } problem)
        {
            return problem;
        }

        if (key.IndexOfAny(['<', '>', '%', '&', '\\', '?', '/']) >= 0)
        {
            return "contains one of < > % & \\ ? /, which Azure does not allow in tag names: rename the tag.";
        }

        if (onAws && CheckAwsTagCharacters(key, value) is { } notAws)
        {
            return $"{notAws} (an s3 storage is planned): use letters, digits, spaces and + - = . _ : / @.";
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

    /// <summary>
    /// A tag the AWS provider puts on every resource (<c>aws:defaultTags</c>), held to AWS's rules as the stack's own tags
    /// are; null when AWS takes it.
    /// </summary>
    internal static string? CheckAwsTag(string key, string value) =>
        CheckTagText(key, value) ?? (CheckAwsTagCharacters(key, value) is { } notAws ? $"{notAws}: use letters, digits, spaces and + - = . _ : / @." : null);

    /// <summary>What every cloud asks of a tag's text: a name, nothing a terminal acts on, no name AWS reserves, AWS's and Azure's lengths.</summary>
    private static string? CheckTagText(string key, string value) =>
        (key.Length == 0 ? "has no name, which no cloud takes: name the tag." : null)
        ?? UnsafeText.Check(key) ?? UnsafeText.Check(value)
        ?? (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) ? "uses the prefix \"aws:\", which AWS reserves: rename the tag." : null)
        ?? (key.Length > 128 || value.Length > 256 ? "is too long: tag names have at most 128 characters and values at most 256." : null);

    private static string? CheckAwsTagCharacters(string key, string value) =>
        AwsTagText().IsMatch(key) && AwsTagText().IsMatch(value) ? null : "holds a character AWS does not take in tags";

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelKey();

    /// <summary>What AWS takes in a tag's key and value: Unicode letters, separators (spaces) and digits, and <c>_ . : / = + - @</c>.</summary>
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsTagText();

    [GeneratedRegex(@"^[a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelValue();

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
