using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace LocalWorld.Tests;

public sealed class LoopbackCertificateTests
{
    [Fact]
    public void Create_WritesAPemPairThatLoads_ForLoopbackAndLocalhost()
    {
        using var certificate = LoopbackCertificate.Create();

        using var loaded = X509Certificate2.CreateFromPemFile(certificate.CertificatePath, certificate.KeyPath);
        Assert.True(loaded.HasPrivateKey);
        Assert.True(certificate.IsTrusted(loaded));
        var names = loaded.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains("localhost", names.EnumerateDnsNames());
    }

    [Fact]
    public void IsTrusted_RejectsOtherCertificatesAndNull()
    {
        using var first = LoopbackCertificate.Create();
        using var second = LoopbackCertificate.Create();

        Assert.False(first.IsTrusted(second.Certificate));
        Assert.False(first.IsTrusted(null));
    }

    [Fact]
    public void Dispose_RemovesTheTemporaryFiles()
    {
        var certificate = LoopbackCertificate.Create();

        certificate.Dispose();

        Assert.False(File.Exists(certificate.CertificatePath));
        Assert.False(File.Exists(certificate.KeyPath));
    }
}

[Collection(ObjectStoresCollection.Name)]
public sealed class TrustingHandlerTests(ObjectStoresFixture fixture)
{
    [Fact]
    public async Task TrustingHandler_ConnectsToTheServerUsingTheCertificate_AndAnotherCertificateIsRefused()
    {
        var entra = fixture.Stores.Entra;
        using var trusting = new HttpClient(fixture.Stores.Certificate.CreateTrustingHandler());
        using var other = LoopbackCertificate.Create();
        using var distrusting = new HttpClient(other.CreateTrustingHandler());

        using var response = await trusting.GetAsync(new Uri(entra.AuthorityHost, "unknown-route"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(
            () => distrusting.GetAsync(new Uri(entra.AuthorityHost, "unknown-route"), TestContext.Current.CancellationToken));
    }
}
