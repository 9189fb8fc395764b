using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StackPlanning.Storages;

namespace StackPlanning;

/// <summary>
/// A stack's configuration file (<c>Pulumi.&lt;stack&gt;.yaml</c>) read the way the Pulumi engine hands it to
/// the program: top-level scalars as their text, lists and maps as JSON in which plain YAML booleans and
/// numbers keep their type and quoted scalars are text. Secure values (<c>secure: v1:…</c>) cannot be
/// decrypted here: a top-level one is only known to be set, one inside a list or map reads as <see cref="SecureValueStandIn"/>.
/// </summary>
/// <remarks>
/// Whoever can open a pull request writes the file, so it is read as hostile input: only a regular file of at most
/// <see cref="ConfigValueLimits.MaxFileBytes"/>, as UTF-8, through <see cref="StackYamlReader"/>'s limits; every
/// refusal is a <see cref="StackConfigException"/> naming the file, the key path and the fix.
/// </remarks>
public sealed partial class StackFile
{
    private const string StackFilePrefix = "Pulumi.";
    private const string StackFileSuffix = ".yaml";
    private const string ProjectFileName = "Pulumi.yaml";
    private const string ProjectNameKey = "name";

    /// <summary>The middle of a key's older spelling, <c>namespace:config:name</c>.</summary>
    private const string OlderKeySegment = "config";
    private const string SecureKey = "secure";
    private const string EnvironmentKey = "environment";
    private const string StackConfigDirKey = "stackConfigDir";

    /// <summary>The keys of a stack file Pulumi reads; Pulumi ESC's <c>environment</c> is read here only for the plan to warn of it.</summary>
    private static readonly string[] StackSettingKeys = [KeyPath.ConfigKey, EnvironmentKey, "secretsprovider", "encryptedkey", "encryptionsalt"];

    /// <summary>
    /// The namespaces besides the project's whose settings something in the stack reads: the Stream provider, the cloud
    /// providers the program uses, and the engine's own.
    /// </summary>
    private static readonly string[] ReadNamespaces = [ConfigKeys.StreamNamespace, "aws", "gcp", "azure-native", "azuread", "random", "pulumi"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IReadOnlyDictionary<string, StackYamlValue> _values;
    private readonly IReadOnlyDictionary<string, string> _structuredAsJson;

    private StackFile(
        string path, string projectName, string stackName, IReadOnlyDictionary<string, StackYamlValue> values, IReadOnlyDictionary<string, string> structuredAsJson, IReadOnlyList<string> environments)
    {
        Path = path;
        ProjectName = projectName;
        StackName = stackName;
        _values = values;
        _structuredAsJson = structuredAsJson;
        Environments = environments;
    }

    /// <summary>The Pulumi ESC environments the stack imports (<c>environment:</c>), whose configuration the plan cannot see.</summary>
    public IReadOnlyList<string> Environments { get; }

    public string Path { get; }

    /// <summary>The project's name from Pulumi.yaml beside the stack file: the namespace of the program's keys.</summary>
    public string ProjectName { get; }

    /// <summary>From the file name: <c>Pulumi.dev.yaml</c> is the stack <c>dev</c>.</summary>
    public string StackName { get; }

    /// <summary>Reads <paramref name="path"/> and the project file beside it.</summary>
    /// <exception cref="StackConfigException">The file is missing, misnamed or not a stack configuration; the message says which and how to fix it.</exception>
    public static StackFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var shown = TerminalText.Escape(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var fileName = System.IO.Path.GetFileName(fullPath);
        if (!fileName.StartsWith(StackFilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(StackFileSuffix, StringComparison.Ordinal)
            || fileName.Length <= StackFilePrefix.Length + StackFileSuffix.Length || fileName == ProjectFileName)
        {
            throw new StackConfigException($"{shown}: a stack configuration file is named Pulumi.<stack>.yaml, for example Pulumi.dev.yaml.");
        }

        // The stack name goes into cloud resource names.
        var stackName = fileName[StackFilePrefix.Length..^StackFileSuffix.Length];
        if (!PulumiNames.IsValid(stackName))
        {
            throw new StackConfigException(
                $"{shown}: the stack name \"{TerminalText.Shorten(stackName)}\" (from the file name) is not one Pulumi accepts: rename the file Pulumi.<stack>.yaml with a stack name of {PulumiNames.Rule}, e.g. Pulumi.dev.yaml.");
        }

        var stackText = ReadText(path, fullPath, $"{shown}: no such file. Name an existing Pulumi.<stack>.yaml, or create one with `pulumi stack init <stack>`.");
        var projectFile = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!, ProjectFileName);
        var projectText = ReadText(projectFile, projectFile, $"{shown}: no {ProjectFileName} beside it; the stack file must sit in the project's folder.");

        var project = ReadMap(projectFile, projectText);
        if (project[ProjectNameKey] is not StackYamlScalar { Text.Length: > 0 } name)
        {
            throw new StackConfigException($"{TerminalText.Escape(projectFile)}: the project has no '{ProjectNameKey}'.");
        }

        if (!PulumiNames.IsValid(name.Text))
        {
            throw new StackConfigException(
                $"{TerminalText.Escape(projectFile)}: {ProjectNameKey} \"{TerminalText.Shorten(name.Text)}\" is not a project name Pulumi accepts (line {name.Line}): use {PulumiNames.Rule}.");
        }

        CheckProjectSettings(projectFile, project);
        var stack = ReadMap(path, stackText);
        var environments = CheckStackSettings(shown, stack);
        var values = new Dictionary<string, StackYamlValue>(StringComparer.Ordinal);
        var structuredAsJson = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stack[KeyPath.ConfigKey] is { } config)
        {
            if (config is not StackYamlMap map)
            {
                throw new StackConfigException($"{shown}: 'config' must be a map of keys to values (line {config.Line}): write `config:` and under it one indented `key: value` line per setting.");
            }

            var written = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (writtenKey, value) in map.Entries)
            {
                var key = ConfigKeyOf(shown, name.Text, writtenKey, map.LineOf(writtenKey));
                if (!written.TryAdd(key, writtenKey))
                {
                    throw StackConfigException.AtKey(
                        shown, KeyPath.Config(key), $"is set twice, as {TerminalText.Shorten(written[key])} and as {TerminalText.Shorten(writtenKey)} (line {map.LineOf(writtenKey)}), which Pulumi reads as one key: keep one.");
                }

                values[key] = value;
                if (value is StackYamlMap secure && IsSecure(secure))
                {
                    CheckCiphertext(shown, KeyPath.Config(key), secure);
                }
                else if (value is not StackYamlScalar)
                {
                    structuredAsJson[key] = ToJson(shown, KeyPath.Config(key), value);
                }
            }
        }

        CheckProviderValuesRead(shown, values);
        return new StackFile(fullPath, name.Text, stackName, values, structuredAsJson, environments);
    }

    /// <summary>The providers' settings the plan, preflight and the rehearsal read, held to <see cref="ProviderValueRules"/>.</summary>
    private static void CheckProviderValuesRead(string shown, Dictionary<string, StackYamlValue> values)
    {
        foreach (var (key, rule) in ProviderValueRules.ByKey)
        {
            var path = KeyPath.Config(key);
            switch (values.GetValueOrDefault(key))
            {
                case null:
                    break;
                case StackYamlScalar value when ProviderValueRules.Problem(key, value.Text) is var (problem, fix):
                    throw StackConfigException.AtKey(shown, path, $"{problem} (line {value.Line}){(fix is null ? "" : $": {fix}.")}");
                case StackYamlScalar:
                    break;
                case var value:
                    throw StackConfigException.AtKey(shown, path, $"is not text (line {value.Line}): {rule.Fix}.");
            }
        }
    }

    /// <summary>
    /// Refuses what would make Pulumi read configuration from elsewhere than the stack file: project-level <c>config</c>
    /// (defaults for every stack) and <c>stackConfigDir</c> (stack files in another folder).
    /// </summary>
    private static void CheckProjectSettings(string projectFile, StackYamlMap project)
    {
        var shown = TerminalText.Escape(projectFile);
        if (project[KeyPath.ConfigKey] is { } config)
        {
            throw new StackConfigException(
                $"{shown}: config (line {project.LineOf(KeyPath.ConfigKey)}) sets project-level configuration, which Pulumi gives every stack but the plan does not read: move each value into the stack files (Pulumi.<stack>.yaml) and remove the section.");
        }

        if (project[StackConfigDirKey] is { } folder)
        {
            throw new StackConfigException(
                $"{shown}: {StackConfigDirKey} (line {project.LineOf(StackConfigDirKey)}) makes Pulumi read stack files from another folder than the one planned: remove it and keep Pulumi.<stack>.yaml beside Pulumi.yaml.");
        }
    }

    /// <summary>
    /// Refuses a top-level key of the stack file that Pulumi does not read (a misspelt <c>config</c> would be dropped);
    /// returns the Pulumi ESC environments it imports, whose configuration the engine adds but the plan cannot see.
    /// </summary>
    private static List<string> CheckStackSettings(string shown, StackYamlMap stack)
    {
        var environments = new List<string>();
        foreach (var (key, value) in stack.Entries)
        {
            if (key == EnvironmentKey)
            {
                if (value is not StackYamlList { Items: var items } || items.Any(item => item is not StackYamlScalar { Text: var name } || !EscEnvironmentName().IsMatch(name)))
                {
                    // The names reach the plan's warnings: held to ESC's form, they carry nothing a terminal or a CI log would act on.
                    throw StackConfigException.AtKey(shown, KeyPath.Top.Key(EnvironmentKey),
                        $"must be a list of Pulumi ESC environment names, of letters, digits, '-', '_' and '.', as project/environment and optionally @version, e.g. [acme/aws-credentials] (line {stack.LineOf(key)}).");
                }

                environments.AddRange(items.Cast<StackYamlScalar>().Select(item => item.Text));
                continue;
            }

            if (!StackSettingKeys.Contains(key, StringComparer.Ordinal))
            {
                var known = string.Join(", ", StackSettingKeys);
                var unread = $"is not a key of a stack file (line {stack.LineOf(key)}), which Pulumi would ignore";
                throw StackConfigException.AtKey(shown, KeyPath.Top.Key(key), KeyNames.Nearest(key, StackSettingKeys) is { } nearest
                    ? $"{unread}: did you mean {nearest}? (a stack file holds {known})"
                    : $"{unread}: remove it (a stack file holds {known}).");
            }
        }

        return environments;
    }

    /// <summary>
    /// The key as Pulumi reads it, <c>namespace:name</c>, also from its older spelling <c>namespace:config:name</c>.
    /// Refuses a key Pulumi refuses (no namespace, or more colons) or that has no name, which no program reads, and one whose namespace is within
    /// <see cref="KeyNames.MaxEdits"/> of the project's without being it: the program would never read it.
    /// </summary>
    private static string ConfigKeyOf(string shown, string projectName, string key, long line)
    {
        var path = KeyPath.Config(key);
        var parts = key.Split(':');
        if (parts[0].Length == 0 || parts[^1].Length == 0 || parts.Length is not (2 or 3) || (parts.Length == 3 && parts[1] != OlderKeySegment))
        {
            throw StackConfigException.AtKey(
                shown, path, $"is not a configuration key Pulumi reads (line {line}): write {TerminalText.Shorten(projectName)}:<key> for this program's settings, or <provider>:<key> for a provider's.");
        }

        var (ns, name) = (parts[0], parts[^1]);
        if (ns != projectName && KeyNames.Nearest(ns, [projectName]) is not null)
        {
            throw StackConfigException.AtKey(
                shown, path, $"is in the namespace \"{TerminalText.Shorten(ns)}\" (line {line}), which this program does not read: did you mean {TerminalText.Shorten(projectName)}:{TerminalText.Shorten(name)}? (the namespace is the project's name in Pulumi.yaml)");
        }

        if (ns != projectName && !ReadNamespaces.Contains(ns, StringComparer.Ordinal))
        {
            // A namespace nothing reads holds settings that apply nowhere, a misspelt provider's (azure-nativ:) among them.
            var reads = $"the program reads {TerminalText.Shorten(projectName)}: and {string.Join(", ", ReadNamespaces.Select(n => n + ":"))}";
            // Two edits from a short name reach too many others ("tls" to "aws"): a short one is suggested one edit away.
            var nearest = KeyNames.Nearest(ns, ReadNamespaces, maxEdits: ns.Length > 5 ? KeyNames.MaxEdits : 1);
            throw StackConfigException.AtKey(shown, path, nearest is not null
                ? $"is in the namespace \"{TerminalText.Shorten(ns)}\" (line {line}), which nothing in this stack reads: did you mean {nearest}:{TerminalText.Shorten(name)}? ({reads})"
                : $"is in the namespace \"{TerminalText.Shorten(ns)}\" (line {line}), which nothing in this stack reads: remove it ({reads}).");
        }

        return $"{ns}:{name}";
    }

    /// <summary>
    /// The key paths that <c>Pulumi.&lt;stack&gt;.yaml</c> in <paramref name="projectDirectory"/> holds as secure values
    /// (<see cref="StackConfigInput.SecurePaths"/>), for the program, which the engine tells only which top-level keys are
    /// secret; null when there is no such file.
    /// </summary>
    /// <exception cref="StackConfigException">The file is there but is not a stack configuration.</exception>
    public static IReadOnlySet<string>? SecurePathsIn(string projectDirectory, string stackName)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectDirectory);
        ArgumentException.ThrowIfNullOrEmpty(stackName);
        var path = System.IO.Path.Combine(projectDirectory, $"{StackFilePrefix}{stackName}{StackFileSuffix}");
        return File.Exists(path) ? Read(path).SecurePaths() : null;
    }

    /// <summary>Whether <paramref name="key"/> (with its namespace, e.g. <c>streamstorage:apiKey</c>) has a value, secure or not.</summary>
    public bool IsSet(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/> as the program's <c>Config.Get</c> returns it; null when unset or secure.</summary>
    public string? Get(string key) =>
        _values.TryGetValue(key, out var value) && value is StackYamlScalar scalar ? scalar.Text : _structuredAsJson.GetValueOrDefault(key);

    /// <summary>
    /// The program's input, as <c>StackConfiguration.ReadAndPlan</c> gathers it from Pulumi.
    /// <paramref name="streamCredentialsSupplied"/>: Stream's key and secret come from elsewhere (a local
    /// Stream stands in for the app), so the stack need not set them.
    /// </summary>
    public StackConfigInput ToInput(bool streamCredentialsSupplied = false) => (StackConfigInput.FromProjectValues(StackName, ProjectValue) with
    {
        StoragesEncrypted = _values.TryGetValue(ProjectKey(ConfigKeys.Storages), out var storages) && HoldsSecure(storages),
        SecurePaths = SecurePaths(),
        ProjectKeys = KeysIn(ProjectName),
        SecureValuesDecrypted = false,
        StreamProviderKeys = KeysIn(ConfigKeys.StreamNamespace),
        StreamProviderSecureKeys = [.. KeysIn(ConfigKeys.StreamNamespace).Where(key => IsSecure(_values[$"{ConfigKeys.StreamNamespace}:{key}"]))],
        StreamApiSecretEncrypted = _values.TryGetValue($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}", out var secret) ? IsSecure(secret) : null,
        HasStreamApiKey = streamCredentialsSupplied || IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiKey}"),
        HasStreamApiSecret = streamCredentialsSupplied || IsSet($"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}"),
        UnseenEnvironments = Environments,
    }).WithStreamProviderSettings(key => Get($"{ConfigKeys.StreamNamespace}:{key}"));

    /// <summary>The keys set in namespace <paramref name="ns"/>, without it.</summary>
    private string[] KeysIn(string ns) =>
        [.. _values.Keys.Where(k => k.StartsWith($"{ns}:", StringComparison.Ordinal)).Select(k => k[(ns.Length + 1)..])];

    private JsonElement ProjectValue(string key) => ConfigValue.Parse(ProjectKey(key), Get(ProjectKey(key)));

    private string ProjectKey(string key) => $"{ProjectName}:{key}";

    /// <summary>The key paths of the program's values held as secure values: <c>production</c>, <c>storages[0].secretAccessKey</c>.</summary>
    private HashSet<string> SecurePaths()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var prefix = $"{ProjectName}:";
        foreach (var (key, value) in _values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            AddSecurePaths(value, SecurePathStep("", "", key[prefix.Length..]), paths);
        }

        return paths;
    }

    /// <summary>
    /// Bounded like the value itself (a stack file whose aliases expand past the limits was refused when it was read), and
    /// each path by <see cref="MaxSecurePathLength"/>: a longer one names no storage's key, so it is kept clipped, once for
    /// all the secure values below it, and not walked further.
    /// </summary>
    private static void AddSecurePaths(StackYamlValue value, string path, HashSet<string> paths)
    {
        if (path.Length > MaxSecurePathLength)
        {
            if (HoldsSecure(value))
            {
                paths.Add(path);
            }

            return;
        }

        if (IsSecure(value))
        {
            paths.Add(path);
            return;
        }

        switch (value)
        {
            case StackYamlMap map:
                foreach (var (key, entry) in map.Entries)
                {
                    AddSecurePaths(entry, SecurePathStep(path, ".", key), paths);
                }

                break;
            case StackYamlList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    AddSecurePaths(list.Items[i], SecurePathStep(path, "[", $"{i}]"), paths);
                }

                break;
        }
    }

    /// <summary>Far longer than any storage key's path (<c>storages[N].secretAccessKey</c>), which is all a secure value may be.</summary>
    private const int MaxSecurePathLength = 256;

    /// <summary>
    /// <paramref name="path"/> (never longer than <see cref="MaxSecurePathLength"/>: a longer one is not walked) and one step
    /// more, clipped to <see cref="MaxSecurePathLength"/> with an ellipsis.
    /// </summary>
    private static string SecurePathStep(string path, string separator, string step)
    {
        var stepped = string.Concat(path, separator, step);
        return stepped.Length <= MaxSecurePathLength ? stepped : string.Concat(stepped.AsSpan(0, MaxSecurePathLength), "…");
    }

    /// <summary>As the engine does, a structured value with a secure value anywhere inside is held encrypted as a whole.</summary>
    private static bool HoldsSecure(StackYamlValue value) => IsSecure(value) || value switch
    {
        StackYamlMap map => map.Entries.Any(e => HoldsSecure(e.Value)),
        StackYamlList list => list.Items.Any(HoldsSecure),
        _ => false,
    };

    /// <summary>A secure value's shape; <see cref="Read"/> has refused one that does not hold text.</summary>
    private static bool IsSecure(StackYamlValue value) =>
        value is StackYamlMap { Entries: [{ Key: SecureKey }] };

    /// <summary>
    /// Pulumi holds a map of only <c>secure</c> as a secure value when <c>secure</c> is text (the ciphertext); a list,
    /// a map, a number or a boolean there would reach the program as a plain map, which the plan would take for a secret.
    /// </summary>
    private static void CheckCiphertext(string shownFile, KeyPath path, StackYamlMap secure)
    {
        var value = secure.Entries[0].Value;
        if (value is StackYamlScalar { IsPlain: false, Text.Length: 0 })
        {
            throw StackConfigException.AtKey(
                shownFile, path.Key(SecureKey), $"is empty (line {value.Line}), which no secrets provider decrypts: set the value with `pulumi config set --secret`, which writes its ciphertext there.");
        }

        if (value is StackYamlScalar scalar && (!scalar.IsPlain || ReadPlain(shownFile, path.Key(SecureKey), scalar)?.GetValueKind() == JsonValueKind.String))
        {
            return;
        }

        throw StackConfigException.AtKey(
            shownFile, path.Key(SecureKey), $"is not text (line {value.Line}), so Pulumi would not hold it as a secure value: set the value with `pulumi config set --secret`, which writes its ciphertext there.");
    }

    /// <summary>
    /// What a secure value inside a structured value reads as: the engine would hand the program its plain
    /// text, which only the stack's secrets provider can decrypt. The stand-in keeps the key set, so that
    /// the configuration plans as it would; a reader that needs the real value cannot run from the file.
    /// </summary>
    public const string SecureValueStandIn = "secure-value-not-decrypted";

    /// <summary>The structured value as the engine hands it over: JSON, which holds no NaN or infinite number.</summary>
    private static string ToJson(string shownFile, KeyPath path, StackYamlValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, shownFile, path, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <remarks>Recursive: <see cref="StackYamlReader"/> has bounded the nesting.</remarks>
    private static void Write(Utf8JsonWriter writer, string shownFile, KeyPath path, StackYamlValue value)
    {
        switch (value)
        {
            case StackYamlMap map when IsSecure(map):
                CheckCiphertext(shownFile, path, map);
                writer.WriteStringValue(SecureValueStandIn);
                break;
            case StackYamlMap map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, shownFile, path.Key(key), item);
                }

                writer.WriteEndObject();
                break;
            case StackYamlList list:
                writer.WriteStartArray();
                for (var index = 0; index < list.Items.Count; index++)
                {
                    Write(writer, shownFile, path.Item(index), list.Items[index]);
                }

                writer.WriteEndArray();
                break;
            case StackYamlScalar { IsPlain: true } scalar:
                WritePlain(writer, shownFile, path, scalar);
                break;
            case StackYamlScalar scalar:
                writer.WriteStringValue(scalar.Text);
                break;
        }
    }

    private static void WritePlain(Utf8JsonWriter writer, string shownFile, KeyPath path, StackYamlScalar scalar)
    {
        if (ReadPlain(shownFile, path, scalar) is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>
    /// An unquoted scalar as the JSON value YAML's core schema types it: null, a boolean, a <see cref="long"/>, a finite
    /// <see cref="double"/> or its text.
    /// </summary>
    private static JsonValue? ReadPlain(string shownFile, KeyPath path, StackYamlScalar scalar)
    {
        switch (scalar.Text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (NumberReadOtherwise(scalar.Text) is { } otherwise)
        {
            throw StackConfigException.AtKey(shownFile, path, HoldsSecret(path)
                ? $"is a plain value that Pulumi's YAML reading takes as a number (line {scalar.Line}), not the text written: quote it, and hold it with `pulumi config set --secret`."
                : $"is {TerminalText.Shorten(scalar.Text)}, which Pulumi's YAML reading takes as {otherwise.Reading} (line {scalar.Line}): {otherwise.Fix}, or quote it if text is meant.");
        }

        if (long.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (!NumberPattern().IsMatch(scalar.Text) && !NotFinitePattern().IsMatch(scalar.Text))
        {
            return JsonValue.Create(scalar.Text);
        }

        // Beyond double's range a number parses as infinite.
        var number = NotFinitePattern().IsMatch(scalar.Text) ? double.NaN : double.Parse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number)
            ? JsonValue.Create(number)
            : throw StackConfigException.AtKey(shownFile, path, HoldsSecret(path)
                ? $"is a plain value that Pulumi's YAML reading takes as a number JSON cannot hold (line {scalar.Line}): quote it, and hold it with `pulumi config set --secret`."
                : $"is {TerminalText.Shorten(scalar.Text)}, a number JSON cannot hold (line {scalar.Line}): write a finite number, or quote it to make it text.");
    }

    /// <summary>Whether the value at <paramref name="path"/> is a secret, or meant as one: a message names it by its path alone.</summary>
    private static bool HoldsSecret(KeyPath path) =>
        path.LastKey is SecureKey or $"{ConfigKeys.StreamNamespace}:{ConfigKeys.StreamApiSecret}"
        || (path.LastKey is { } key && StorageSections.SecretKeys.Contains(key, StringComparer.Ordinal));

    /// <summary>
    /// What Pulumi's YAML reading (go-yaml) makes of a plain scalar that it reads as a number and this reading would not,
    /// or not as the same number, and the fix; null for any other. go-yaml drops every <c>_</c> from a scalar starting
    /// with a sign or digit and reads the rest as Go reads an integer literal: <c>0x</c>, <c>0o</c> and <c>0b</c> in
    /// their bases, and a leading zero as octal. (It reads no base-60 numbers such as <c>1:30</c>: those stay text, as here.)
    /// </summary>
    private static (string Reading, string Fix)? NumberReadOtherwise(string text)
    {
        if (text.Length == 0 || !"+-0123456789".Contains(text[0], StringComparison.Ordinal))
        {
            return null;
        }

        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (OtherBasePattern().Match(digits) is { Success: true } other)
        {
            return other.Groups["octal"].Success
                ? ("an octal number", $"write {TerminalText.Shorten(other.Groups["sign"].Value + (other.Groups["octal"].Value.TrimStart('0') is { Length: > 0 } value ? value : "0"))} for the decimal number")
                : ("a number in base 16, 8 or 2", "write it in decimal");
        }

        return digits.Length < text.Length && (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || NumberPattern().IsMatch(digits))
            ? ($"the number {TerminalText.Shorten(digits)}", $"write {TerminalText.Shorten(digits)}")
            : null;
    }

    /// <summary>An integer Go reads in another base than ten: a prefix, or a leading zero (octal, unless an 8 or 9 makes Go read it as decimal).</summary>
    [GeneratedRegex(@"^(?<sign>[-+]?)0(?:(?<octal>[0-7]+)|[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex OtherBasePattern();

    /// <summary>A YAML float: digits with an optional fraction and exponent.</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>YAML's not-a-number and infinities.</summary>
    [GeneratedRegex(@"^(\.nan|\.NaN|\.NAN|[-+]?(\.inf|\.Inf|\.INF))\z", RegexOptions.CultureInvariant)]
    private static partial Regex NotFinitePattern();

    /// <summary>Links a path may pass through before it is refused, as the operating system stops a loop of links.</summary>
    private const int MaxLinksFollowed = 40;

    /// <summary>
    /// <paramref name="path"/> as the file system finds it: every link along it followed, a linked folder moving what
    /// follows it, and a ".." taken from where the path has really got to (as the system does, not as text), so that where
    /// a file really is can be compared with its folder and that very file read.
    /// </summary>
    private static string RealPath(string path)
    {
        var absolute = System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(Directory.GetCurrentDirectory(), path);
        var current = System.IO.Path.GetPathRoot(absolute)!;
        var remaining = new Queue<string>(Segments(absolute));
        var followed = 0;
        while (remaining.TryDequeue(out var segment))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = System.IO.Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is not { } linkTarget)
            {
                current = next;
                continue;
            }

            if (++followed > MaxLinksFollowed)
            {
                throw new StackConfigException($"{TerminalText.Escape(path)}: passes through more than {MaxLinksFollowed} links (a loop of links?), which is not read: name the file itself.");
            }

            // A relative target is read from the folder holding the link; what is left of the path follows it.
            var target = System.IO.Path.IsPathRooted(linkTarget) ? linkTarget : System.IO.Path.Combine(current, linkTarget);
            remaining = new Queue<string>(Segments(target).Concat(remaining));
            current = System.IO.Path.GetPathRoot(target)!;
        }

        return current;

        static string[] Segments(string rooted) =>
            rooted[System.IO.Path.GetPathRoot(rooted)!.Length..].Split(
                [System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}(/[A-Za-z0-9._-]{1,100}){0,2}(@[A-Za-z0-9._-]{1,100})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex EscEnvironmentName();

    private static bool IsWithin(string path, string folder)
    {
        // A root ("/", "C:\\") already ends with its separator.
        var inside = System.IO.Path.TrimEndingDirectorySeparator(folder);
        inside = System.IO.Path.EndsInDirectorySeparator(inside) ? inside : inside + System.IO.Path.DirectorySeparatorChar;
        return path.StartsWith(inside, StringComparison.Ordinal);
    }

    private static StackYamlMap ReadMap(string path, string text) =>
        new StackYamlReader(path).Read(text) as StackYamlMap
        ?? throw new StackConfigException($"{TerminalText.Escape(path)}: expected a YAML map at the top: the file holds `key: value` lines, such as `config:` in a stack file and `name:` in a project file.");

    /// <summary>
    /// The file's text, refused unless it is a regular file (through any links) of at most
    /// <see cref="ConfigValueLimits.MaxFileBytes"/> of UTF-8: a device or a pipe could be read without end.
    /// </summary>
    /// <param name="holds">What the file holds, for the messages: a stack's configuration unless said.</param>
    internal static string ReadText(string path, string fullPath, string whenMissing, string holds = "the stack's configuration")
    {
        var shown = TerminalText.Escape(path);
        try
        {
            // The file read is the one the path really reaches, every link followed; a file from a pull request may be a
            // link, or a link through a linked folder beside it: followed anywhere, its refusal would show a piece of any
            // file this machine can read.
            var named = new FileInfo(fullPath);
            var real = RealPath(fullPath);
            if (named.LinkTarget is not null && !File.Exists(real) && !Directory.Exists(real))
            {
                throw new StackConfigException($"{shown}: is a link to {TerminalText.Escape(real)}, which does not exist: point the link at the file, or put the file in its place.");
            }

            if (!IsWithin(real, RealPath(named.DirectoryName!)))
            {
                throw new StackConfigException($"{shown}: is a link to a file outside its folder, which is not read: put the file itself in its place.");
            }

            if (Directory.Exists(real))
            {
                throw new StackConfigException($"{shown}: is a folder: name the file itself.");
            }

            var file = new FileInfo(real);
            if (!file.Exists)
            {
                throw new StackConfigException(whenMissing);
            }

            // A device or a pipe has no size; an empty file holds no configuration either.
            var notRegular = $"{shown}: is empty, or not a regular file (a device or a pipe, which is not read because it may never end): the file must hold the YAML map of {holds}.";
            var tooLarge = $"{shown}: is larger than {ConfigValueLimits.MaxFileBytes / 1024} KiB, far more than {holds} needs: remove what the program does not read.";
            if (file.Length == 0)
            {
                throw new StackConfigException(notRegular);
            }

            if (file.Length > ConfigValueLimits.MaxFileBytes)
            {
                throw new StackConfigException(tooLarge);
            }

            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (!stream.CanSeek)
            {
                throw new StackConfigException(notRegular);
            }

            // The file may have grown since its size was read.
            var bytes = new byte[ConfigValueLimits.MaxFileBytes + 1];
            var length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (length > ConfigValueLimits.MaxFileBytes)
            {
                throw new StackConfigException(tooLarge);
            }

            var text = bytes.AsSpan(0, length);
            return StrictUtf8.GetString(text.StartsWith(Encoding.UTF8.Preamble) ? text[Encoding.UTF8.Preamble.Length..] : text);
        }
        catch (DecoderFallbackException)
        {
            throw new StackConfigException($"{shown}: is not UTF-8 text: save it as UTF-8.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackConfigException($"{shown}: cannot be read ({TerminalText.Escape(e.Message)}): make it a readable file.", e);
        }
    }
}
