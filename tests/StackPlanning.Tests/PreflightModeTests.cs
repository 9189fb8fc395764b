
namespace StackPlanning.Tests;

/// <summary><c>recording-storage:preflight</c>: what the program does with the guardrails it reads before it makes anything.</summary>
public sealed class PreflightModeTests
{
    private const string Storage = """{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""";

    [Fact]
    public void A_stack_that_says_nothing_warns_on_unread_guardrails_and_stops_on_blocking_ones()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Storage));

        Assert.Equal(PreflightMode.Warn, plan.Preflight);
    }

    [Theory]
    [InlineData("off", PreflightMode.Off)]
    [InlineData("warn", PreflightMode.Warn)]
    [InlineData("strict", PreflightMode.Strict)]
    public void Each_mode_reaches_the_plan(string value, PreflightMode mode)
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson($$"""{ "storages": [ {{Storage}} ], "preflight": "{{value}}" }"""));

        Assert.Equal(mode, plan.Preflight);
    }

    [Theory]
    [InlineData("\"Strict\"")]
    [InlineData("\"on\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("[\"warn\"]")]
    public void Anything_but_the_three_modes_is_refused_on_its_key(string value)
    {
        var input = StackInputs.FromJson($$"""{ "storages": [ {{Storage}} ], "preflight": {{value}} }""");

        ConfigRefusal.AssertRefusedOnlyAt(input, ConfigKeys.Preflight, "must be off, warn or strict");
    }

    [Fact]
    public void A_stack_file_sets_it_in_the_projects_namespace()
    {
        using var project = new PulumiProjectFolder("preflight-mode-");
        var path = project.WriteStack("qa", """
            config:
              recording-storage:preflight: strict
              recording-storage:storages:
                - name: rec
                  cloud: s3
                  region: eu-west-1
            """);

        var plan = StackPlanner.Plan(StackFile.Read(path).ToInput(streamCredentialsSupplied: true));

        Assert.Equal(PreflightMode.Strict, plan.Preflight);
    }
}
