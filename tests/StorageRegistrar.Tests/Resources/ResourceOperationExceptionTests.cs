using StorageRegistrar.Declarations;
using StorageRegistrar.Resources;

namespace StorageRegistrar.Tests.Resources;

public sealed class ResourceOperationExceptionTests
{
    [Fact]
    public void A_failure_that_shows_a_hidden_value_is_told_again_with_it_masked_and_without_its_cause()
    {
        var failure = new InvalidOperationException("Storage 'rec' exists with bucket 'acme-secret-calls', path 'acme-secret-calls/in/'.");

        var hiding = ResourceOperationException.Hiding(failure, ["acme-secret-calls", "acme-secret-calls/in/"]);

        Assert.IsType<ResourceOperationException>(hiding);
        Assert.Equal($"Storage 'rec' exists with bucket '{SecretString.Mask}', path '{SecretString.Mask}'.", hiding.Message);
        Assert.Null(hiding.InnerException);
    }

    [Theory]
    [InlineData("")]
    [InlineData("other-bucket")]
    public void A_failure_that_shows_no_hidden_value_is_itself(string hidden)
    {
        var failure = new InvalidOperationException("Stream's check failed.");

        Assert.Same(failure, ResourceOperationException.Hiding(failure, [hidden]));
    }
}
