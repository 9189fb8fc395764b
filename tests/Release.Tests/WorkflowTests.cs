using TestSupport;
using YamlDotNet.RepresentationModel;

namespace Release.Tests;

/// <summary>
/// Every workflow in .github/workflows, before it first runs on a team's branch: a real linter
/// (@action-validator/cli from npm, pinned in tests/workflow-lint) checks it against GitHub's workflow schema,
/// and <see cref="WorkflowChecks"/> against this repository. A deliberately broken workflow proves both reject.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly string WorkflowsFolder = Path.Combine(RepositoryPaths.Root, ".github", "workflows");

    private static readonly string BrokenWorkflow = Path.Combine(RepositoryPaths.Root, "tests", "Release.Tests", "Fixtures", "broken-workflow.yml");

    private static readonly string LintFolder = Path.Combine(RepositoryPaths.Root, "tests", "workflow-lint");

    public static TheoryData<string> Workflows => new(
        Directory.EnumerateFiles(WorkflowsFolder)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f)!)
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task The_linter_accepts_the_workflow(string workflow)
    {
        var lint = await LintAsync(Path.Combine(WorkflowsFolder, workflow));

        Assert.True(lint.ExitCode == 0, lint.Describe($"action-validator {workflow}"));
    }

    [Fact]
    public async Task The_linter_rejects_the_broken_workflow()
    {
        var lint = await LintAsync(BrokenWorkflow);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains("Additional property 'timeout' is not allowed", lint.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void The_workflow_names_only_what_exists_and_gives_secrets_only_to_the_steps_that_use_them(string workflow)
    {
        Assert.Empty(WorkflowChecks.Check(Path.Combine(WorkflowsFolder, workflow), RepositoryPaths.Root));
    }

    [Fact]
    public void The_broken_workflow_fails_each_check()
    {
        var problems = WorkflowChecks.Check(BrokenWorkflow, RepositoryPaths.Root);

        string[] expected =
        [
            "env exposes secrets.STREAM_API_SECRET to every job of the workflow; set it in the env of the steps that need it.",
            "job deploy: uses ./.github/workflows/pulumi-stak.yml, which does not exist.",
            "job deploy: stack 'staging' has no Pulumi.staging.yaml.",
            "job preview: stack 'qa' has no Pulumi.qa.yaml.",
            "job build: env exposes secrets.STREAM_API_KEY to every step; set it in the env of the steps that need it.",
            "job build, step 'actions/setup-dotnet@v4': global-json-file global.jsn does not exist.",
            "job build, step 'Build': project tools/StreamStorage.Cl/StreamStorage.Cli.csproj does not exist.",
            "job build, step 'Test': script tests/runn does not exist.",
            "job build, step 'Set up': uses ./.github/actions/setup, which does not exist.",
            "job build, step 'Call Stream': secrets.STREAM_API_SECRET is written into the script; pass it in the step's env instead.",
            "job build, step 'Preview': stack 'qa' has no Pulumi.qa.yaml.",
        ];
        Assert.Equal(expected, problems);
    }

    /// <summary>A stack added without its morning drift check would drift unseen.</summary>
    [Fact]
    public void Every_stack_of_the_project_has_a_scheduled_drift_check()
    {
        var stacks = Directory.EnumerateFiles(RepositoryPaths.Root, "Pulumi.*.yaml")
            .Select(f => Path.GetFileName(f)!["Pulumi.".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal);
        var drift = Load(Path.Combine(WorkflowsFolder, "drift.yml"));
        var job = (YamlMappingNode)drift["jobs"]["drift"];

        Assert.True(((YamlMappingNode)drift["on"]).Children.ContainsKey("schedule"));
        Assert.Equal(stacks, ((YamlSequenceNode)job["strategy"]["matrix"]["stack"]).Select(s => ((YamlScalarNode)s).Value).Order(StringComparer.Ordinal));
        Assert.Equal("true", ((YamlScalarNode)job["with"]["expect-no-changes"]).Value);
        Assert.Equal("true", ((YamlScalarNode)job["with"]["doctor"]).Value);
    }

    [Fact]
    public void A_version_tag_makes_the_release_only_after_the_tests()
    {
        var release = Load(Path.Combine(WorkflowsFolder, "release.yml"));
        var jobs = (YamlMappingNode)release["jobs"];

        Assert.Equal(["v*"], ((YamlSequenceNode)release["on"]["push"]["tags"]).Select(t => ((YamlScalarNode)t).Value));
        Assert.Contains("test", ((YamlSequenceNode)jobs["release"]["needs"]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Contains(
            ((YamlSequenceNode)jobs["test"]["steps"]).OfType<YamlMappingNode>(),
            step => step.Children.TryGetValue(new YamlScalarNode("run"), out var run) && ((YamlScalarNode)run).Value == "bash .ci/run");
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static async Task<CommandResult> LintAsync(string workflow)
    {
        var cli = Path.Combine(LintFolder, "node_modules", "@action-validator", "cli", "cli.mjs");
        Assert.True(File.Exists(cli), $"The workflow linter is not installed: run 'npm ci' in {LintFolder} (bash tests/run does it when it is missing).");
        return await CommandRunner.RunAsync("node", [cli, workflow], cancellationToken: TestContext.Current.CancellationToken);
    }
}
