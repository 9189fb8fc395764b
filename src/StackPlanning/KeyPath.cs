using System.Globalization;
using System.Text.RegularExpressions;

namespace StackPlanning;

/// <summary>
/// A place in a stack file, written the way <c>pulumi config set --path</c> takes it: inside <c>config:</c>,
/// <c>recording-storage:storages[0].name</c>; elsewhere the top-level key first. Keys from the input are shortened
/// and escaped (<see cref="TerminalText"/>).
/// </summary>
internal sealed partial class KeyPath
{
    /// <summary>The stack file's <c>config:</c> section, which a path inside it does not name.</summary>
    public const string ConfigKey = "config";

    private readonly KeyPath? _parent;
    private readonly string? _key;
    private readonly int _index;

    private KeyPath(KeyPath? parent, string? key, int index)
    {
        _parent = parent;
        _key = key;
        _index = index;
    }

    /// <summary>The file's top level.</summary>
    public static KeyPath Top { get; } = new(null, null, -1);

    /// <summary>The configuration key <paramref name="key"/>, inside <c>config:</c>.</summary>
    public static KeyPath Config(string key) => Top.Key(ConfigKey).Key(key);

    /// <summary>Whether this is the file's top level, which names no key.</summary>
    public bool IsTop => _parent is null;

    public KeyPath Key(string key) => new(this, key, -1);

    /// <summary>The key this path ends at; null at the top or at a list's item.</summary>
    public string? LastKey => _key;

    public KeyPath Item(int index) => new(this, null, index);

    public override string ToString()
    {
        var segments = new List<KeyPath>();
        for (var path = this; path._parent is not null; path = path._parent)
        {
            segments.Add(path);
        }

        segments.Reverse();
        if (segments.Count > 1 && segments[0]._key == ConfigKey)
        {
            segments.RemoveAt(0);
        }

        if (segments.Count == 0)
        {
            return "the top level";
        }

        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (segment._key is not { } key)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{segment._index}]");
            }
            else if (key.Length <= TerminalText.EchoLength && PlainKey().IsMatch(key))
            {
                text.Append(text.Length == 0 ? "" : ".").Append(key);
            }
            else
            {
                text.Append("[\"").Append(TerminalText.Shorten(key)).Append("\"]");
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_:-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainKey();
}
