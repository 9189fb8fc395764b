using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace LocalWorld.Tests;

[Collection(ObjectStoresCollection.Name)]
public sealed class AzureServerTests(ObjectStoresFixture fixture)
{
    private static readonly string[] StorageScope = ["https://storage.azure.com/.default"];

    private readonly AzuriteServer azurite = fixture.Stores.Azurite;
    private readonly EntraTokenServer entra = fixture.Stores.Entra;

    [Fact]
    public async Task ServicePrincipal_LogsInThroughEntra_UploadsBlob_OwnerReadsItBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (tenantId, clientId, clientSecret) = RegisterNewServicePrincipal();
        var container = UniqueNames.For("recordings");
        await azurite.CreateContainerAsync(container, cancellationToken);
        var body = TestData.RandomBytes(200_000);
        var credential = new ClientSecretCredential(tenantId, clientId, clientSecret, entra.CreateCredentialOptions());
        var principalClient = new BlobContainerClient(new Uri($"{azurite.BlobServiceUri}/{container}"), credential, azurite.CreateClientOptions());

        await principalClient.UploadBlobAsync("calls/call-1.mp4", BinaryData.FromBytes(body), cancellationToken);

        var stored = await azurite.CreateOwnerClient().GetBlobContainerClient(container)
            .GetBlobClient("calls/call-1.mp4").DownloadContentAsync(cancellationToken);
        Assert.Equal(body, stored.Value.Content.ToArray());
    }

    [Fact]
    public async Task ServicePrincipal_WithWrongSecret_FailsWithAuthenticationFailed_WithoutEchoingTheSecret()
    {
        var (tenantId, clientId, _) = RegisterNewServicePrincipal();
        const string wrongSecret = "wrong-secret-value-7f3a";
        var credential = new ClientSecretCredential(tenantId, clientId, wrongSecret, entra.CreateCredentialOptions());

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext(StorageScope), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("AADSTS7000215", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownClient_FailsWithAuthenticationFailed()
    {
        var (tenantId, _, clientSecret) = RegisterNewServicePrincipal();
        var credential = new ClientSecretCredential(tenantId, Guid.NewGuid().ToString(), clientSecret, entra.CreateCredentialOptions());

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext(StorageScope), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("AADSTS700016", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerClient_UsesSharedKey_AndAzuriteRejectsAnonymousWrites()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var container = UniqueNames.For("anonymous");
        await azurite.CreateContainerAsync(container, cancellationToken);
        var anonymous = new BlobContainerClient(new Uri($"{azurite.BlobServiceUri}/{container}"), azurite.CreateClientOptions());

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(
            () => anonymous.UploadBlobAsync("blob.txt", BinaryData.FromString("x"), cancellationToken));

        Assert.Contains(error.Status, new[] { 401, 403, 404 });
    }

    private (string TenantId, string ClientId, string ClientSecret) RegisterNewServicePrincipal()
    {
        var principal = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"secret-{Guid.NewGuid():N}");
        entra.RegisterServicePrincipal(principal.Item1, principal.Item2, principal.Item3);
        return principal;
    }
}
