using Azure.Identity;
using Azure.Storage.Blobs;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Azure sign-in failures provoked for real: the local Entra endpoint answers with Entra's own AADSTS errors.</summary>
public sealed class AzureContainerProbeTests : IAsyncLifetime
{
    private const string TenantId = "3e1d2c4b-0000-4000-8000-00000000aa01";
    private const string ClientId = "6f1c2c4e-1f7b-4d39-9a53-0d2a4f1b6eaa";
    private const string ClientSecret = "probe-test-client-secret";
    private const string Container = "recordings";

    private LoopbackCertificate? certificate;
    private AzuriteServer? azurite;
    private EntraTokenServer? entra;

    private AzuriteServer Azurite => azurite ?? throw new InvalidOperationException("azurite did not start.");

    private EntraTokenServer Entra => entra ?? throw new InvalidOperationException("The Entra token endpoint did not start.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        certificate = LoopbackCertificate.Create();
        azurite = await AzuriteServer.StartAsync(certificate, ct);
        entra = await EntraTokenServer.StartAsync(certificate, ct);
        entra.RegisterServicePrincipal(TenantId, ClientId, ClientSecret);
        await azurite.CreateContainerAsync(Container, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (entra is not null)
        {
            await entra.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        certificate?.Dispose();
    }

    private Task<AzureContainerFacts> ProbeAsync(string tenantId, string clientId, string clientSecret, Uri? blobServiceUri = null)
    {
        var options = Azurite.CreateClientOptions();
        options.Retry.MaxRetries = 0;
        var writer = new BlobContainerClient(
            new Uri($"{(blobServiceUri ?? Azurite.BlobServiceUri).ToString().TrimEnd('/')}/{Container}"),
            new ClientSecretCredential(tenantId, clientId, clientSecret, Entra.CreateCredentialOptions()),
            options);
        var owner = Azurite.CreateOwnerClient().GetBlobContainerClient(Container);
        return new AzureContainerProbe(writer, owner).GatherAsync("calls/", TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(TenantId, ClientId, "not-the-secret", FindingCodes.AzureSecretInvalid)]
    [InlineData(TenantId, "00000000-0000-4000-8000-0000000000ff", ClientSecret, FindingCodes.AzureAppNotFound)]
    [InlineData("00000000-0000-4000-8000-0000000000ee", ClientId, ClientSecret, FindingCodes.AzureTenantNotFound)]
    public async Task Sign_in_failures_are_named_by_their_cause(string tenantId, string clientId, string clientSecret, string code)
    {
        var facts = await ProbeAsync(tenantId, clientId, clientSecret);

        Assert.NotNull(facts.LoginError);
        var finding = Assert.Single(AzureContainerAnalyzer.Analyze(facts));
        Assert.Equal(code, finding.Code);
        Assert.DoesNotContain(clientSecret, finding.Cause + finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_principal_writes_and_the_owner_removes_the_probe_blob()
    {
        var facts = await ProbeAsync(TenantId, ClientId, ClientSecret);

        Assert.Empty(AzureContainerAnalyzer.Analyze(facts));
        Assert.Empty(await Azurite.ListBlobNamesAsync(Container, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_probe_blob_the_containers_immutability_policy_keeps_is_said_to_be_left_not_thrown()
    {
        Azurite.Locks.Lock($"{AzuriteServer.DefaultAccountName}/{Container}", new RetentionLock(30, RetentionLockMode.Compliance));

        var facts = await ProbeAsync(TenantId, ClientId, ClientSecret);

        var finding = Assert.Single(AzureContainerAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.AzureProbeLeft, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("HTTP 409 BlobImmutableDueToPolicy", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("immutability policy keeps it", finding.Fix, StringComparison.Ordinal);
        Assert.Single(await Azurite.ListBlobNamesAsync(Container, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_an_unreachable_account()
    {
        var facts = await ProbeAsync(TenantId, ClientId, ClientSecret, new Uri($"https://127.0.0.1:{LoopbackPorts.Closed()}/{AzuriteServer.DefaultAccountName}"));

        Assert.Equal(FindingCodes.AzureAccountUnreachable, Assert.Single(AzureContainerAnalyzer.Analyze(facts)).Code);
    }
}
