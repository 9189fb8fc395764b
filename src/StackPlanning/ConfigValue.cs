using System.Buffers;
using System.Text;
using System.Text.Json;

namespace StackPlanning;

/// <summary>
/// A configuration value as the Pulumi engine hands it to the program: YAML lists, maps, numbers
/// and booleans arrive as JSON text, plain strings as their bare text.
/// </summary>
public static class ConfigValue
{
    /// <summary>
    /// The value as JSON; text that is not JSON is kept as a JSON string, so that the parser reports
    /// the key with its expected shape (among all other problems) instead of a JSON syntax error.
    /// </summary>
    /// <param name="key">The configuration key, named when the value is refused.</param>
    /// <param name="raw">The value, or null when the key is not set (then the result is <see cref="JsonValueKind.Undefined"/>).</param>
    /// <exception cref="StackConfigException">
    /// The value is past <see cref="ConfigValueLimits"/> (nested too deep, too many values or too much text), or its JSON
    /// sets a key of a map twice.
    /// </exception>
    public static JsonElement Parse(string key, string? raw)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (raw is null)
        {
            return default;
        }

        var utf8 = Encoding.UTF8.GetBytes(raw);
        if (IsJsonWithinLimits(key, utf8))
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = ConfigValueLimits.MaxDepth });
            RefuseRepeatedKeys(key, document.RootElement);
            return document.RootElement.Clone();
        }

        if (utf8.Length > ConfigValueLimits.MaxTextBytes)
        {
            throw Refusal(key, $"holds more than {ConfigValueLimits.MaxTextBytes / (1024 * 1024)} MiB of text");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(raw);
        }

        using var text = JsonDocument.Parse(buffer.WrittenMemory);
        return text.RootElement.Clone();
    }

    /// <summary>
    /// Whether the engine holds <paramref name="key"/> of <paramref name="ns"/> encrypted, by the list of
    /// secret keys the language host passes as JSON (<c>PULUMI_CONFIG_SECRET_KEYS</c>), in either of the
    /// spellings Pulumi has used (<c>ns:key</c>, <c>ns:config:key</c>).
    /// </summary>
    /// <returns>Null when there is no list: the engine did not say.</returns>
    public static bool? IsSecret(string? secretKeysJson, string ns, string key)
    {
        if (secretKeysJson is null)
        {
            return null;
        }

        var keys = Parse("the list of secret configuration keys", secretKeysJson);
        return keys.ValueKind == JsonValueKind.Array
            && keys.EnumerateArray().Any(k => k.ValueKind == JsonValueKind.String && (k.GetString() == $"{ns}:{key}" || k.GetString() == $"{ns}:config:{key}"));
    }

    /// <summary>
    /// The keys set in the namespace <paramref name="ns"/>, without it (<c>storages</c>, <c>bindngs</c>), from the
    /// configuration the language host passes as a JSON object (<c>PULUMI_CONFIG</c>) of <c>ns:key</c> or
    /// <c>ns:config:key</c> to value; only the keys are read.
    /// </summary>
    /// <returns>Null when there is no configuration object: the engine did not say.</returns>
    public static IReadOnlyCollection<string>? KeysOf(string? configJson, string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        if (configJson is null)
        {
            return null;
        }

        var config = Parse("the stack's configuration", configJson);
        if (config.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var prefix = $"{ns}:";
        return [.. config.EnumerateObject()
            .Select(p => p.Name)
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..])
            .Select(k => k.StartsWith(LegacyConfigPrefix, StringComparison.Ordinal) ? k[LegacyConfigPrefix.Length..] : k)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The older spelling of a configuration key, <c>ns:config:key</c>, which the language host still uses.</summary>
    private const string LegacyConfigPrefix = "config:";

    /// <summary>
    /// Reads the JSON once, token by token (no recursion), counting as <see cref="StackYamlReader"/> counts a stack
    /// file: nesting, values (keys included) and the UTF-8 bytes of text and keys.
    /// </summary>
    /// <returns>False when the text is not JSON.</returns>
    private static bool IsJsonWithinLimits(string key, byte[] utf8)
    {
        // The depth is checked below, so that a deep value is refused as deep rather than taken for text.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        long values = 0;
        long textBytes = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= ConfigValueLimits.MaxDepth:
                        throw Refusal(key, $"nests lists and maps more than {ConfigValueLimits.MaxDepth} deep");
                    case JsonTokenType.String or JsonTokenType.PropertyName:
                        textBytes += reader.ValueIsEscaped ? Encoding.UTF8.GetByteCount(reader.GetString()!) : reader.ValueSpan.Length;
                        break;
                }

                if (++values > ConfigValueLimits.MaxValues)
                {
                    throw Refusal(key, $"holds more than {ConfigValueLimits.MaxValues:N0} values");
                }

                if (textBytes > ConfigValueLimits.MaxTextBytes)
                {
                    throw Refusal(key, $"holds more than {ConfigValueLimits.MaxTextBytes / (1024 * 1024)} MiB of text");
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException e)
        {
            // A "\uD800" escape with no pair is valid JSON syntax but no character: the reader refuses to make text of it.
            throw new StackConfigException(
                $"{TerminalText.Shorten(key)} holds JSON text with an unpaired surrogate escape (such as \\uD800 alone), which is no character: write the character itself, or its pair of escapes.", e);
        }
    }

    /// <summary>
    /// A map that sets a key twice: JSON readers keep the last value, so what a reviewer reads first is not what runs.
    /// YAML refuses the same in a stack file; this is the JSON a value may be written in.
    /// </summary>
    private static void RefuseRepeatedKeys(string key, JsonElement root)
    {
        var pending = new Stack<(JsonElement Value, KeyPath Path)>();
        pending.Push((root, KeyPath.Top.Key(key)));
        while (pending.TryPop(out var next))
        {
            if (next.Value.ValueKind == JsonValueKind.Object)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in next.Value.EnumerateObject())
                {
                    var path = next.Path.Key(property.Name);
                    if (!names.Add(property.Name))
                    {
                        throw new StackConfigException($"{path} is set twice in the value's JSON, and only the last would count: keep one.");
                    }

                    pending.Push((property.Value, path));
                }
            }
            else if (next.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in next.Value.EnumerateArray())
                {
                    pending.Push((item, next.Path.Item(index++)));
                }
            }
        }
    }

    private static StackConfigException Refusal(string key, string problem) =>
        new($"{TerminalText.Shorten(key)} {problem}, far more than any stack's configuration: remove what the program does not read.");
}
