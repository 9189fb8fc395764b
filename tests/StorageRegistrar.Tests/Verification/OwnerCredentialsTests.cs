using Azure.Identity;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Verification;

/// <summary>
/// DefaultAzureCredential's failures as the owner reads them. The chain finding nothing, and a lapsed Azure CLI sign-in,
/// are provoked for real by the CLI's process tests; a sign-in Entra refuses needs Entra, so its report is given here.
/// </summary>
public sealed class OwnerCredentialsTests
{
    [Fact]
    public void A_sign_in_entra_refuses_is_named_with_entras_code_and_how_to_choose_another()
    {
        var refused = new AuthenticationFailedException(
            "ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided. Trace ID: 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 Correlation ID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d");

        var error = OwnerCredentials.AzureMissing(refused);

        Assert.Equal(StorageTypes.Abs, error.StorageType);
        Assert.StartsWith("DefaultAzureCredential tried ClientSecretCredential for your own access to the container and got no token (Entra answered AADSTS7000215); it stops at the first sign-in it finds.", error.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_TOKEN_CREDENTIALS", error.Message, StringComparison.Ordinal);
        Assert.Contains("'az login'", error.Message, StringComparison.Ordinal);
        // The SDK's own report stays out of the message.
        Assert.DoesNotContain("Trace ID", error.Message, StringComparison.Ordinal);
        Assert.Same(refused, error.InnerException);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/.default", StorageTypes.Abs)]
    [InlineData("https://management.azure.com/.default", StorageTypes.Abs)]
    [InlineData("https://vault.azure.net/.default", StorageTypes.Abs)]
    [InlineData("https://vault.azure.cn/.default", StorageTypes.Abs)]
    [InlineData("https://vault.usgovcloudapi.net/.default", StorageTypes.Abs)]
    [InlineData("https://www.googleapis.com/auth/cloud-platform", StorageTypes.Gcs)]
    [InlineData("https://storage.azure.com/.default", null)]
    [InlineData("https://acme.example.com/.default", null)]
    public void Each_token_scope_takes_its_own_clouds_sign_in_and_an_unknown_one_none(string scope, string? cloud) =>
        Assert.Equal(cloud, OwnerCredentials.CloudOf(scope));

    [Fact]
    public async Task A_token_for_an_unknown_scope_is_refused_before_any_sign_in_is_asked()
    {
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OwnerCredentials.TokenAsync("https://acme.example.com/.default", TestContext.Current.CancellationToken));

        Assert.Equal("scope", refused.ParamName);
    }

    [Fact]
    public void A_chain_with_nothing_in_it_says_where_it_looked()
    {
        var error = OwnerCredentials.AzureMissing(new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials."));

        Assert.StartsWith("No Azure credentials found for your own access to the container. DefaultAzureCredential looked, in this order, at:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Entra answered", error.Message, StringComparison.Ordinal);
    }
}
