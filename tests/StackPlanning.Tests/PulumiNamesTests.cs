namespace StackPlanning.Tests;

public sealed class PulumiNamesTests
{
    [Theory]
    [InlineData("dev", true)]
    [InlineData("Feature_1.eu-west", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("acme/dev", false)]
    [InlineData("dev\n", false)]
    [InlineData("dév", false)]
    public void Stack_and_project_names_follow_Pulumis_rule(string name, bool valid)
    {
        Assert.Equal(valid, PulumiNames.IsValid(name));
    }

    [Fact]
    public void A_name_holds_at_most_100_characters()
    {
        Assert.True(PulumiNames.IsValid(new string('a', 100)));
        Assert.False(PulumiNames.IsValid(new string('a', 101)));
    }
}
