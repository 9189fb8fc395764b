using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StackPlanning;

/// <summary>
/// Reads the first YAML document of a stack or project file as the Pulumi engine accepts it, anchors and aliases
/// included, into <see cref="StackYamlValue"/>s. It reads YAML's events in a loop (no recursion, so any nesting is
/// safe to meet) and refuses, naming the key path: nesting past <see cref="ConfigValueLimits.MaxDepth"/>, more
/// than <see cref="ConfigValueLimits.MaxValues"/> values or <see cref="ConfigValueLimits.MaxTextBytes"/> of text
/// once aliases are expanded (an alias is shared, never copied, so memory grows with the file alone), an alias
/// inside the value it names, keys that are lists or maps, a key set twice, a merge key (<c>&lt;&lt;</c>) and tags other than text's.
/// </summary>
internal sealed class StackYamlReader(string fileForMessages)
{
    private const string TextTag = "tag:yaml.org,2002:str";
    private const string MapTag = "tag:yaml.org,2002:map";
    private const string ListTag = "tag:yaml.org,2002:seq";
    private const string MergeKey = "<<";

    private readonly string _file = TerminalText.Escape(fileForMessages);
    private readonly Dictionary<string, StackYamlValue> _anchors = new(StringComparer.Ordinal);
    private readonly List<Frame> _open = [];

    /// <summary>Values counted so far, aliases expanded; after a refusal, where the reader stopped.</summary>
    public long ValuesCounted { get; private set; }

    /// <summary>UTF-8 bytes of text and keys counted so far, aliases expanded.</summary>
    public long TextBytesCounted { get; private set; }

    /// <summary>YAML events read: what the reader held in memory grows with these, not with what aliases expand to.</summary>
    public long EventsRead { get; private set; }

    /// <summary>The deepest nesting of lists and maps met.</summary>
    public int DeepestNesting { get; private set; }

    /// <summary>The first document's value; null when the text holds none.</summary>
    /// <exception cref="StackConfigException">The text is not YAML, or breaks one of the rules above.</exception>
    public StackYamlValue? Read(string text)
    {
        RefuseControlCharacters(text);
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                EventsRead++;
                StackYamlValue? value = parser.Current switch
                {
                    Scalar scalar => Define(scalar.Anchor, ReadScalar(scalar)),
                    AnchorAlias alias => Resolve(alias),
                    SequenceStart start => Open(start, ListTag),
                    MappingStart start => Open(start, MapTag),
                    SequenceEnd or MappingEnd => Close(),
                    _ => null,
                };

                if (value is not null && Place(value))
                {
                    RefuseFurtherDocuments(parser);
                    return value;
                }
            }
        }
        catch (YamlException e)
        {
            throw Refusal(ChildPath(), $"is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {TerminalText.Escape(e.Message)}{AnchorInFlowMapHint(text, e)}", e);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "utf32")
        {
            // An escape past U+10FFFF ("\UFFFFFFFF") names no character: the library's making of it fails, without a position.
            var after = parser.Current?.End ?? Mark.Empty;
            throw Refusal(ChildPath(), $"is not valid YAML after line {after.Line}, column {after.Column}: an escape there names no character (Unicode ends at \\U0010FFFF); write the character itself.", e);
        }
        catch (InvalidOperationException e) when (e.Source == typeof(Parser).Assembly.GetName().Name)
        {
            // YamlDotNet's scanner gives up on some malformed text (a flow list left open across a key) without a position.
            var after = parser.Current?.End ?? Mark.Empty;
            throw Refusal(ChildPath(), $"is not valid YAML after line {after.Line}, column {after.Column}: check from there that every bracket, brace and quote is closed.", e);
        }

        return null;
    }

    /// <summary>
    /// The YAML library stops at an anchored value inside a flow map that has more entries after it (<c>{a: &amp;x v, b: 1}</c>),
    /// valid YAML that Pulumi reads; where the refused line has an anchor, the way around it is said.
    /// </summary>
    private static string AnchorInFlowMapHint(string text, YamlException refusal) =>
        refusal.Message.Contains("flow mapping", StringComparison.Ordinal)
        && text.ReplaceLineEndings("\n").Split('\n').ElementAtOrDefault((int)refusal.Start.Line - 1)?.Contains('&', StringComparison.Ordinal) == true
            ? " If the map is valid YAML with an anchor (&) on one of its values, the YAML library read here cannot take it: write that map in block style, one key a line."
            : "";

    /// <summary>
    /// YAML allows no control character but tab and line breaks anywhere in a file, comments included, and Pulumi's
    /// reader refuses such a file whole; the character is named by its code point, never written. Line breaks other
    /// than LF and CRLF are refused too: YAML readers break lines at a lone CR, NEL, U+2028 and U+2029 where a diff or
    /// an editor shows one line, so that a setting after a comment's hidden break would apply unseen in review.
    /// </summary>
    private void RefuseControlCharacters(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if ((c == '\r' && i + 1 < text.Length && text[i + 1] != '\n') || c is '\u0085' or '\u2028' or '\u2029')
            {
                throw new StackConfigException(
                    $"{_file}: line {line}, column {i - lineStart + 1} holds U+{(int)c:X4}, which YAML reads as a line break where a diff or an editor shows none, so what follows it would apply unseen: end lines with LF (or CRLF) alone, and write the character as an escape inside double quotes if a value needs it.");
            }
            else if (!IsYamlPrintable(c))
            {
                throw new StackConfigException(
                    $"{_file}: line {line}, column {i - lineStart + 1} holds U+{(int)c:X4}, a control character YAML does not allow anywhere, comments included, so Pulumi would not read the file: remove it (write it as an escape, such as \"\\e\", inside double quotes if a value needs it).");
            }
        }
    }

    /// <summary>YAML's printable characters (c-printable), UTF-16 surrogates standing for the characters past U+FFFF.</summary>
    private static bool IsYamlPrintable(char c) =>
        c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uFFFD');

    /// <summary>
    /// Pulumi reads a file's first YAML document only: what follows a <c>---</c> would be settings a reviewer sees and
    /// nothing applies.
    /// </summary>
    private void RefuseFurtherDocuments(Parser parser)
    {
        while (parser.MoveNext())
        {
            if (parser.Current is DocumentStart start)
            {
                throw new StackConfigException(
                    $"{_file}: a second YAML document starts at line {start.Start.Line}, which is not read (Pulumi reads a stack file's first only): keep the file to one document, moving what follows the `---` into the first or removing it.");
            }
        }
    }

    private StackYamlScalar ReadScalar(Scalar scalar)
    {
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value != TextTag)
        {
            throw UnusedTag(scalar);
        }

        var bytes = Encoding.UTF8.GetByteCount(scalar.Value);
        Count(1, bytes, scalar.Start.Line);
        return new StackYamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty, scalar.Start.Line, bytes);
    }

    private StackYamlValue Resolve(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (_open.Any(frame => frame.Anchor == name))
        {
            throw Refusal(ChildPath(), alias.Start.Line, $"uses the alias *{Echo(name)} inside the value anchored &{Echo(name)}, which would repeat itself without end", "write the value out instead");
        }

        if (!_anchors.TryGetValue(name, out var value))
        {
            throw Refusal(ChildPath(), alias.Start.Line, $"uses the alias *{Echo(name)}, but no value before it is anchored &{Echo(name)}", "anchor the value first, or write it out");
        }

        Count(value.Values, value.TextBytes, alias.Start.Line);
        return value;
    }

    private StackYamlValue? Open(NodeEvent start, string ownTag)
    {
        if (!start.Tag.IsEmpty && !start.Tag.IsNonSpecific && start.Tag.Value != ownTag)
        {
            throw UnusedTag(start);
        }

        if (_open.Count > 0 && _open[^1].IsKeyNext)
        {
            throw Refusal(_open[^1].Path, start.Start.Line, "has a list or map as a key", "keys are text: write `key: value`");
        }

        if (_open.Count == ConfigValueLimits.MaxDepth)
        {
            throw Refusal(ChildPath(), start.Start.Line, $"nests lists and maps more than {ConfigValueLimits.MaxDepth} deep", "the file needs a few levels: flatten it");
        }

        Count(1, 0, start.Start.Line);
        _open.Add(new Frame(ChildPath(), ownTag == MapTag, start.Anchor.IsEmpty ? null : start.Anchor.Value, start.Start.Line));
        DeepestNesting = Math.Max(DeepestNesting, _open.Count);
        return null;
    }

    private StackYamlValue Close()
    {
        var frame = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        StackYamlValue value = frame.IsMap
            ? new StackYamlMap(frame.Entries, frame.KeyLines, frame.Line, frame.Values, frame.TextBytes)
            : new StackYamlList(frame.Items, frame.Line, frame.Values, frame.TextBytes);
        return frame.Anchor is null ? value : _anchors[frame.Anchor] = value;
    }

    private StackYamlScalar Define(AnchorName anchor, StackYamlScalar scalar)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = scalar;
        }

        return scalar;
    }

    /// <summary>Puts a finished value into the list or map it belongs to; true when it is the document's own.</summary>
    private bool Place(StackYamlValue value)
    {
        if (_open.Count == 0)
        {
            return true;
        }

        var frame = _open[^1];
        if (frame.IsKeyNext)
        {
            // An alias can stand for a list or map where a key goes.
            if (value is not StackYamlScalar key)
            {
                throw Refusal(frame.Path, value.Line, "has a list or map as a key", "keys are text: write `key: value`");
            }

            // Pulumi's YAML reading merges the map under a plain `<<` into this one; quoted, it is an ordinary key.
            if (key is { Text: MergeKey, IsPlain: true })
            {
                throw Refusal(frame.Path, key.Line, "has `<<`, a YAML merge key, whose keys a YAML reader (Pulumi's among them) would merge into the map but which is not read here", "write the merged keys out in the map itself");
            }

            if (!frame.KeyLines.TryAdd(key.Text, key.Line))
            {
                throw Refusal(frame.Path.Key(key.Text), $"is set twice (lines {frame.KeyLines[key.Text]} and {key.Line}): keep one.");
            }

            frame.PendingKey = key.Text;
        }
        else if (frame.IsMap)
        {
            frame.Entries.Add(KeyValuePair.Create(frame.PendingKey!, value));
            frame.PendingKey = null;
        }
        else
        {
            frame.Items.Add(value);
        }

        frame.Values += value.Values;
        frame.TextBytes += value.TextBytes;
        return false;
    }

    private void Count(long values, long textBytes, long line)
    {
        ValuesCounted += values;
        TextBytesCounted += textBytes;
        if (ValuesCounted > ConfigValueLimits.MaxValues)
        {
            throw Refusal(ChildPath(), line, $"takes the file past {ConfigValueLimits.MaxValues:N0} values, each alias counted as what it repeats", "the file needs a few hundred: remove what is not read, or repeat less through aliases");
        }

        if (TextBytesCounted > ConfigValueLimits.MaxTextBytes)
        {
            throw Refusal(ChildPath(), line, $"takes the file past {ConfigValueLimits.MaxTextBytes / (1024 * 1024)} MiB of text, each alias counted as what it repeats", "the file needs a few kilobytes: remove what is not read, or repeat less through aliases");
        }
    }

    /// <summary>Where the next value goes: the key being read, the next item, or the map whose key comes next.</summary>
    private KeyPath ChildPath()
    {
        if (_open.Count == 0)
        {
            return KeyPath.Top;
        }

        var frame = _open[^1];
        return frame.IsMap
            ? frame.PendingKey is { } key ? frame.Path.Key(key) : frame.Path
            : frame.Path.Item(frame.Items.Count);
    }

    private StackConfigException UnusedTag(NodeEvent node) =>
        Refusal(ChildPath(), node.Start.Line, $"carries the YAML tag {Echo(node.Tag.Value)}, which these files do not use", "remove it (quote the value to make it text)");

    private StackConfigException Refusal(KeyPath path, long line, string problem, string fix) => Refusal(path, $"{problem} (line {line}): {fix}.");

    private StackConfigException Refusal(KeyPath path, string problem, Exception? cause = null) =>
        StackConfigException.AtKey(_file, path, problem, cause);

    private static string Echo(string text) => TerminalText.Shorten(text);

    /// <summary>A list or map being read.</summary>
    private sealed class Frame(KeyPath path, bool isMap, string? anchor, long line)
    {
        public KeyPath Path { get; } = path;

        public bool IsMap { get; } = isMap;

        public string? Anchor { get; } = anchor;

        public long Line { get; } = line;

        public List<StackYamlValue> Items { get; } = [];

        public List<KeyValuePair<string, StackYamlValue>> Entries { get; } = [];

        /// <summary>The line of each key read, to name both lines of a key set twice and the key's own line in a problem.</summary>
        public Dictionary<string, long> KeyLines { get; } = new(StringComparer.Ordinal);

        public string? PendingKey { get; set; }

        /// <summary>A map whose next value is a key.</summary>
        public bool IsKeyNext => IsMap && PendingKey is null;

        public long Values { get; set; } = 1;

        public long TextBytes { get; set; }
    }
}
