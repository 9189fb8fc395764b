using StackPlanning;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// <c>rehearse</c> on every stack file of the hostile corpus (tests/fixtures/hostile-stacks): exit 2, the key path
/// (or the file) on standard error with nothing a terminal would act on, and no process started.
/// </summary>
public sealed class HostileStackTests(HostileStackFolder corpus) : IClassFixture<HostileStackFolder>
{
    private const string Escape = "\u001B";

    public static TheoryData<string> Cases => [.. HostileStacks.All.Select(stack => stack.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rehearse_refuses_it_naming_the_key_path_before_anything_starts(string name)
    {
        var stack = HostileStacks.Named(name);
        var marker = Guid.NewGuid().ToString("N");

        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { ["STREAM_STORAGE_TEST_RUN"] = marker }, "rehearse", corpus.PathOf(stack));

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.Error);
        Assert.Contains(stack.KeyPath ?? TerminalText.Escape(corpus.RefusedPathOf(stack)), run.Error, StringComparison.Ordinal);
        Assert.Contains(stack.Says, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Empty(CliProcess.ProcessesMarkedWith(marker));
        if (stack.NeverEchoed is { } secret)
        {
            Assert.DoesNotContain(secret, run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Plan_refuses_a_thousand_long_keys_in_a_few_kilobytes()
    {
        var run = await CliProcess.RunAsync(new Dictionary<string, string?>(), "plan", corpus.PathOf(HostileStacks.Named("long-keys-through-aliases")));

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.Error);
        Assert.Contains($"more{Environment.NewLine}", run.Error, StringComparison.Ordinal);
        Assert.InRange(run.Error.Length, 1, 30_000);
    }

    [Fact]
    public async Task A_value_the_planner_repeats_reaches_the_terminal_escaped()
    {
        using var folder = new StackFolder();
        var stack = folder.WriteStack("escape", "config:\n  recording-storage:storages:\n    - name: escape-s3\n      cloud: s3\n      region: \"\\e[2Jeu-west-1\"\n");

        var run = await CliProcess.RunAsync(new Dictionary<string, string?>(), "rehearse", stack);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.Error);
        Assert.Contains("storages[0].region", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, run.Error, StringComparison.Ordinal);
    }
}
