using System.Text.Json;
using StorageRegistrar.Validation;

namespace StackPlanning;

/// <summary>
/// Reads the values of one configuration object, adding a problem named by its key path
/// (<c>storages[1].region</c>) for each value of the wrong shape, so that every problem is reported at once.
/// </summary>
internal class ConfigObjectReader(JsonElement element, string prefix, List<ValidationProblem> problems)
{
    /// <summary>The object's key path, e.g. <c>storages[1]</c>.</summary>
    public string Prefix => prefix;

    public JsonElement Element => element;

    public bool Has(string key) => element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// Adds <paramref name="message"/> (an "is required" problem) when <paramref name="key"/> is absent. A value that is
    /// there but could not be read has its own problem already: the owner is told once what to mend.
    /// </summary>
    public void Required(string key, string message)
    {
        if (!Has(key))
        {
            Problem(key, message);
        }
    }

    /// <summary>The text of <paramref name="key"/>; an empty text is a problem unless <paramref name="allowEmpty"/>.</summary>
    public string? ReadString(string key, bool allowEmpty = false)
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
        if (text.Length == 0 && !allowEmpty)
        {
            Problem(key, "is empty: set a value or remove the setting.");
            return null;
        }

        // Every text of a storage is a name, an identifier, a path or a key: none has a use for a newline or a
        // bidirectional override, and each would reach a cloud API, a policy document or a terminal.
        if (UnsafeText.Check(text) is { } unsafeCharacter)
        {
            Problem(key, unsafeCharacter);
            return null;
        }

        return text;
    }

    public bool? ReadBool(string key)
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

    public int? ReadDays(string key, int min, int max)
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

    /// <summary>One of <paramref name="values"/>, spelled exactly; a case-only mismatch names the right spelling.</summary>
    public T? ReadEnum<T>(string key, IReadOnlyDictionary<string, T> values)
        where T : struct, Enum => ReadChoice(key, values);

    /// <summary>The value <paramref name="values"/> maps the text at <paramref name="key"/> to, as <see cref="ReadEnum{T}"/> reads names.</summary>
    public T? ReadChoice<T>(string key, IReadOnlyDictionary<string, T> values)
        where T : struct
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
            : $"\"{TerminalText.Shorten(text)}\" is not one of {allowed}.");
        return null;
    }

    /// <summary>Refuses every key outside <paramref name="known"/>, naming the one it was likely meant to be.</summary>
    public void CheckOnlyKeys(IReadOnlyList<string> known)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            Problem(property.Name, KeyNames.Nearest(property.Name, known) is { } nearest
                ? $"is not a known setting: did you mean \"{nearest}\"?"
                : $"is not a known setting: use one of {string.Join(", ", known)}.");
        }
    }

    /// <summary>A reader of the object at <paramref name="key"/>, or null (with a problem) when the value is not an object.</summary>
    public ConfigObjectReader? ReadObject(string key, string expected)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(key, $"must be an object: {expected}");
            return null;
        }

        return new ConfigObjectReader(value, $"{prefix}.{key}", problems);
    }

    /// <summary>
    /// A reader of each object of the list at <paramref name="key"/> (its key path <c>key[i]</c>), null for an item that is
    /// not an object (with a problem); null when the key is absent, and (with a problem) when it is not a non-empty list.
    /// </summary>
    public IReadOnlyList<ConfigObjectReader?>? ReadObjects(string key, string expected)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Problem(key, $"must be a list of at least one object: {expected}");
            return null;
        }

        var readers = new List<ConfigObjectReader?>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = $"{key}[{index++}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                readers.Add(new ConfigObjectReader(item, $"{prefix}.{at}", problems));
            }
            else
            {
                Problem(at, $"must be an object: {expected}");
                readers.Add(null);
            }
        }

        return readers;
    }

    /// <summary>A problem at <paramref name="key"/> of this object, or at the object itself when null.</summary>
    public void Problem(string? key, string message) =>
        problems.Add(new(key is null ? prefix : MemberPath(prefix, key), message));

    /// <summary>
    /// The key path of <paramref name="key"/> under <paramref name="prefix"/>, the key shortened (it may come from the
    /// input); an empty key is written as <c>pulumi config set --path</c> takes it, <c>[""]</c>.
    /// </summary>
    public static string MemberPath(string prefix, string key) => key.Length == 0 ? $"{prefix}[\"\"]" : $"{prefix}.{TerminalText.Clip(key)}";
}
