using StorageRegistrar.Validation;
using TestSupport;

namespace StackPlanning.Tests;

/// <summary>
/// Every stack file of the hostile corpus (tests/fixtures/hostile-stacks) is refused with the file, the key path and
/// the fix, and the bounded kinds stop at their bound: the counts the reader reports say how far it went.
/// </summary>
public sealed class HostileStackTests(HostileStackFolder corpus) : IClassFixture<HostileStackFolder>
{
    public static TheoryData<string> Cases => [.. HostileStacks.All.Select(stack => stack.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_the_file_the_key_path_and_the_fix(string name)
    {
        var stack = HostileStacks.Named(name);
        var path = corpus.PathOf(stack);

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(StackFile.Read(path).ToInput(streamCredentialsSupplied: true)));

        if (stack.RefusedByPlanner)
        {
            Assert.Contains(stack.KeyPath!, error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith($"{TerminalText.Escape(corpus.RefusedPathOf(stack))}: {stack.KeyPath}", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains(stack.Says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, character => char.IsControl(character) && character != '\n');
        if (stack.NeverEchoed is { } secret)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_alias_bomb_is_refused_having_held_only_its_own_few_values()
    {
        var (reader, text) = ReadRefused("alias-bomb");

        // Each alias is counted as what it repeats, but held once: the events read are bounded by the file's size.
        Assert.InRange(reader.EventsRead, 1, text.Length / 4);
        Assert.InRange(reader.ValuesCounted, ConfigValueLimits.MaxValues + 1, 2 * ConfigValueLimits.MaxValues);
    }

    [Fact]
    public void Brackets_nested_100000_deep_are_refused_at_the_depth_limit()
    {
        var (reader, _) = ReadRefused("deep-brackets");

        Assert.Equal(ConfigValueLimits.MaxDepth, reader.DeepestNesting);
        Assert.InRange(reader.EventsRead, 1, ConfigValueLimits.MaxDepth + 10);
    }

    [Fact]
    public void Too_many_values_are_refused_at_the_first_past_the_limit()
    {
        var (reader, _) = ReadRefused("many-values");

        Assert.Equal(ConfigValueLimits.MaxValues + 1, reader.ValuesCounted);
    }

    [Fact]
    public void Text_repeated_through_aliases_is_refused_at_the_text_limit()
    {
        var (reader, _) = ReadRefused("text-through-aliases");

        Assert.InRange(reader.TextBytesCounted, ConfigValueLimits.MaxTextBytes + 1, ConfigValueLimits.MaxTextBytes + 100_000);
        Assert.InRange(reader.EventsRead, 1, 200);
    }

    [Fact]
    public void Long_keys_repeated_through_aliases_make_a_short_refusal()
    {
        var path = corpus.PathOf(HostileStacks.Named("long-keys-through-aliases"));

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(StackFile.Read(path).ToInput(streamCredentialsSupplied: true)));

        // Ten storages of a hundred unknown keys each: every problem counted, the first fifty listed, each key shortened.
        Assert.InRange(error.Problems.Count, 1_000, 1_100);
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(ValidationProblem.MaxListed + 2, lines.Length);
        Assert.Equal($"  ... and {error.Problems.Count - ValidationProblem.MaxListed} more", lines[^1]);
        Assert.All(lines, line => Assert.True(line.Length < 500, line));
    }

    private (StackYamlReader Reader, string Text) ReadRefused(string name)
    {
        var path = corpus.PathOf(HostileStacks.Named(name));
        var text = File.ReadAllText(path);
        var reader = new StackYamlReader(path);
        Assert.Throws<StackConfigException>(() => reader.Read(text));
        return (reader, text);
    }
}
