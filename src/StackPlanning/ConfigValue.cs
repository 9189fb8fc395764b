using System.Buffers;
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
    /// <param name="raw">The value, or null when the key is not set (then the result is <see cref="JsonValueKind.Undefined"/>).</param>
    public static JsonElement Parse(string? raw)
    {
        if (raw is null)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStringValue(raw);
            }

            using var text = JsonDocument.Parse(buffer.WrittenMemory);
            return text.RootElement.Clone();
        }
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

        var keys = Parse(secretKeysJson);
        return keys.ValueKind == JsonValueKind.Array
            && keys.EnumerateArray().Any(k => k.ValueKind == JsonValueKind.String && (k.GetString() == $"{ns}:{key}" || k.GetString() == $"{ns}:config:{key}"));
    }
}
