namespace StackPlanning;

/// <summary>
/// A value of a stack file as <see cref="StackYamlReader"/> read it. An alias is the very value it names, shared,
/// so a value's size is counted as what it expands to (<see cref="Values"/>, <see cref="TextBytes"/>).
/// </summary>
/// <param name="Line">Where the value starts in the file (1-based).</param>
/// <param name="Values">This value and every value inside it, aliases expanded.</param>
/// <param name="TextBytes">UTF-8 bytes of the text and keys inside it, aliases expanded.</param>
internal abstract record StackYamlValue(long Line, long Values, long TextBytes);

/// <param name="Text">The scalar as written.</param>
/// <param name="IsPlain">Unquoted and untagged: the engine types it (null, boolean, number) from its text.</param>
internal sealed record StackYamlScalar(string Text, bool IsPlain, long Line, long TextBytes)
    : StackYamlValue(Line, 1, TextBytes);

internal sealed record StackYamlList(IReadOnlyList<StackYamlValue> Items, long Line, long Values, long TextBytes)
    : StackYamlValue(Line, Values, TextBytes);

/// <param name="Entries">In the file's order; keys are unique.</param>
/// <param name="KeyLines">Where each key stands, which is not where a block value under it starts.</param>
internal sealed record StackYamlMap(
    IReadOnlyList<KeyValuePair<string, StackYamlValue>> Entries,
    IReadOnlyDictionary<string, long> KeyLines,
    long Line,
    long Values,
    long TextBytes)
    : StackYamlValue(Line, Values, TextBytes)
{
    public StackYamlValue? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>The line of <paramref name="key"/>, for a problem with the key itself rather than its value.</summary>
    public long LineOf(string key) => KeyLines[key];
}
