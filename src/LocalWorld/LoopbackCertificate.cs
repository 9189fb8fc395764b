using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LocalWorld;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 and localhost, written to temporary PEM files (in a
/// <see cref="TempFolders"/> folder) for the HTTPS emulators. Clients trust exactly this certificate, never
/// the whole machine store.
/// </summary>
public sealed class LoopbackCertificate : IDisposable
{
    private readonly string directory;

    private LoopbackCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        this.directory = directory;
        CertificatePath = Path.Combine(directory, "cert.pem");
        KeyPath = Path.Combine(directory, "key.pem");
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static LoopbackCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        var directory = TempFolders.Create("cert").FullName;
        var created = new LoopbackCertificate(certificate, directory);
        File.WriteAllText(created.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(created.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return created;
    }

    /// <summary>True only for this very certificate.</summary>
    public bool IsTrusted(X509Certificate2? presented) =>
        presented is not null && presented.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);

    /// <summary>A handler whose HTTPS connections accept this certificate and no other.</summary>
    public HttpClientHandler CreateTrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => IsTrusted(presented),
    };

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Temporary files; the OS cleans up what a still-running server keeps open.
        }
    }
}
