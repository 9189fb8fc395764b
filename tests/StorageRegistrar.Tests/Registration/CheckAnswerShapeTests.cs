using System.Net;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Registration;

/// <summary>A check that Stream answers with success but no check file, over a scripted transport: the emulator always names its file.</summary>
public sealed class CheckAnswerShapeTests
{
    [Theory]
    [InlineData("""{"duration":"12.3ms"}""")]
    [InlineData("""{"duration":"12.3ms","file_url":null}""")]
    [InlineData("""{"duration":"12.3ms","file_url":""}""")]
    public async Task A_success_without_a_file_url_fails_the_check_at_once_saying_what_is_missing(string answer)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, answer).Respond(HttpStatusCode.OK, answer);
        using var client = handler.CreateClient("k", "shape-secret-0123456789abcdefghijklmnopqrstuvwxyz");
        var registrar = new ExternalStorageRegistrar(client);

        var error = await Assert.ThrowsAsync<StorageCheckFailedException>(
            () => registrar.CheckAsync("shape", "s3", ct: TestContext.Current.CancellationToken));

        var attempt = Assert.Single(error.Attempts);
        Assert.Equal(ExternalStorageRegistrar.CheckAnswerWithoutFileUrl, attempt.Error);
        Assert.Contains("answered without a file_url", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }
}
