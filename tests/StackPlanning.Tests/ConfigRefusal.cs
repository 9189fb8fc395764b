
namespace StackPlanning.Tests;

/// <summary>How a test expects a stack to be refused: on a key path, with a message that names the fix, before anything is planned.</summary>
internal static class ConfigRefusal
{
    /// <summary>Parsing fails with a problem on <paramref name="field"/> whose message starts with <paramref name="message"/>.</summary>
    public static void AssertRefusedAt(StackConfigInput input, string field, string message)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Contains(error.Problems, p => p.Field == field && p.Message.StartsWith(message, StringComparison.Ordinal));
    }

    /// <summary>Parsing fails with one problem only, on <paramref name="field"/>, whose message starts with <paramref name="message"/>.</summary>
    public static void AssertRefusedOnlyAt(StackConfigInput input, string field, string message)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(field, problem.Field);
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
    }

    /// <summary>Parsing fails with exactly <paramref name="message"/> on <paramref name="field"/>, which the exception's text says as well.</summary>
    public static void AssertRefusedWithExactly(StackConfigInput input, string field, string message)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Contains(error.Problems, p => p.Field == field && p.Message == message);
        Assert.Contains($"{field}: {message}", error.Message, StringComparison.Ordinal);
    }
}
