using Azure.Core.Pipeline;
using Azure.Identity;

namespace LocalWorld;

/// <summary>
/// A local Microsoft Entra ID token endpoint (HTTPS, client credentials) for service-principal logins with
/// <see cref="ClientSecretCredential"/>. It knows only the principals registered with it, answers a wrong
/// client secret with 401 AADSTS7000215, and issues tokens that <see cref="AzuriteServer"/> accepts.
/// </summary>
public sealed class EntraTokenServer : EmulatedServer
{
    private readonly LoopbackCertificate certificate;
    private readonly TokenEmulatorAdmin admin;

    private EntraTokenServer(EmulatorProcess process, LoopbackCertificate certificate, int port)
        : base(process)
    {
        this.certificate = certificate;
        AuthorityHost = new Uri($"https://127.0.0.1:{port}/");
        admin = new TokenEmulatorAdmin(new HttpClient(certificate.CreateTrustingHandler()) { BaseAddress = AuthorityHost }, "admin/service-principals");
    }

    /// <summary>Set as <see cref="TokenCredentialOptions.AuthorityHost"/>; tokens come from {AuthorityHost}{tenant}/oauth2/v2.0/token.</summary>
    public Uri AuthorityHost { get; }

    /// <summary>Starts the endpoint serving HTTPS with <paramref name="certificate"/>, which the caller keeps and disposes.</summary>
    public static async Task<EntraTokenServer> StartAsync(LoopbackCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string[] arguments = ["--cert", certificate.CertificatePath, "--key", certificate.KeyPath];
        var (process, port) = await NodeEmulator.StartAsync("entra-token.js", "Entra token endpoint", arguments, cancellationToken);
        return new EntraTokenServer(process, certificate, port);
    }

    /// <summary>
    /// Lets <paramref name="clientId"/> log in to <paramref name="tenantId"/> with <paramref name="clientSecret"/>, besides
    /// any secret it already has (an application may hold several).
    /// </summary>
    public void RegisterServicePrincipal(string tenantId, string clientId, string clientSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        admin.Register(new ServicePrincipalRegistration(tenantId, clientId, clientSecret), $"service principal '{clientId}'");
    }

    /// <summary>Deletes the principal, as deleting its Entra application does; false when it was not registered.</summary>
    public Task<bool> RemoveServicePrincipalAsync(string tenantId, string clientId, CancellationToken cancellationToken) =>
        admin.RevokeAsync(new ServicePrincipal(tenantId, clientId), $"service principal '{clientId}'", cancellationToken);

    /// <summary>Deletes one client secret of the principal, as deleting an application password does; false when it was not registered.</summary>
    public Task<bool> RemoveClientSecretAsync(string tenantId, string clientId, string clientSecret, CancellationToken cancellationToken) =>
        admin.RevokeAsync(new ServicePrincipalRegistration(tenantId, clientId, clientSecret), $"a client secret of '{clientId}'", cancellationToken);

    /// <summary>Whether <paramref name="clientId"/> can sign in with <paramref name="clientSecret"/> now.</summary>
    public async Task<bool> AcceptsSecretAsync(string tenantId, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        var credential = new ClientSecretCredential(tenantId, clientId, clientSecret, CreateCredentialOptions());
        try
        {
            await credential.GetTokenAsync(new Azure.Core.TokenRequestContext(["https://storage.azure.com/.default"]), cancellationToken);
            return true;
        }
        catch (AuthenticationFailedException)
        {
            return false;
        }
    }

    /// <summary>Every principal that may sign in now.</summary>
    public Task<IReadOnlyList<ServicePrincipal>> ListServicePrincipalsAsync(CancellationToken cancellationToken) =>
        admin.ListAsync<ServicePrincipal>(cancellationToken);

    /// <summary>Options that send <see cref="ClientSecretCredential"/> to this endpoint over a transport trusting its certificate.</summary>
    public ClientSecretCredentialOptions CreateCredentialOptions() => new()
    {
        AuthorityHost = AuthorityHost,
        DisableInstanceDiscovery = true,
        Transport = new HttpClientTransport(certificate.CreateTrustingHandler()),
    };

    public override async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await base.DisposeAsync();
    }

    private sealed record ServicePrincipalRegistration(string TenantId, string ClientId, string ClientSecret);
}

/// <summary>A service principal the local Entra endpoint knows.</summary>
public sealed record ServicePrincipal(string TenantId, string ClientId);
