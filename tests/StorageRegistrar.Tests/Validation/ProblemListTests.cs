using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Validation;

/// <summary>A list of problems reads as its headline and one line per problem, the first fifty of however many.</summary>
public sealed class ProblemListTests
{
    [Fact]
    public void Every_problem_up_to_the_limit_has_its_line()
    {
        var problems = Enumerable.Range(0, ValidationProblem.MaxListed).Select(i => new ValidationProblem($"tags.t{i}", "is wrong.")).ToList();

        var lines = ValidationProblem.DescribeAll("The stack configuration", problems).Split(Environment.NewLine);

        Assert.Equal($"The stack configuration is invalid ({ValidationProblem.MaxListed} problems):", lines[0]);
        Assert.Equal(ValidationProblem.MaxListed + 1, lines.Length);
        Assert.Equal($"  tags.t{ValidationProblem.MaxListed - 1}: is wrong.", lines[^1]);
    }

    [Fact]
    public void Problems_past_the_limit_are_counted_not_listed()
    {
        var problems = Enumerable.Range(0, 10_000).Select(i => new ValidationProblem($"tags.t{i}", "is wrong.")).ToList();

        var lines = ValidationProblem.DescribeAll("The stack configuration", problems).Split(Environment.NewLine);

        Assert.Equal("The stack configuration is invalid (10000 problems):", lines[0]);
        Assert.Equal(ValidationProblem.MaxListed + 2, lines.Length);
        Assert.Equal($"  tags.t{ValidationProblem.MaxListed - 1}: is wrong.", lines[^2]);
        Assert.Equal($"  ... and {10_000 - ValidationProblem.MaxListed} more", lines[^1]);
    }
}
