using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Verification;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    /// <summary>Tests that set a process-wide environment variable run alone.</summary>
    public const string Name = "process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class GoogleSignInFileTests
{
    private const string GoogleCredentialsVariable = "GOOGLE_APPLICATION_CREDENTIALS";

    [Fact]
    public async Task A_token_from_an_unreadable_google_credential_file_is_refused_in_the_products_words()
    {
        var file = Path.Combine(Path.GetTempPath(), $"adc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq""", TestContext.Current.CancellationToken);
        var before = Environment.GetEnvironmentVariable(GoogleCredentialsVariable);
        Environment.SetEnvironmentVariable(GoogleCredentialsVariable, file);
        try
        {
            var refused = await Assert.ThrowsAsync<OwnerCredentialsMissingException>(
                () => OwnerCredentials.TokenAsync("https://www.googleapis.com/auth/cloud-platform", TestContext.Current.CancellationToken));

            Assert.StartsWith($"The file {GoogleCredentialsVariable} names ('{file}') is not a readable Google credential file.", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("MIIE", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GoogleCredentialsVariable, before);
            File.Delete(file);
        }
    }
}
