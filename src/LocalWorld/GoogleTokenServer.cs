using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace LocalWorld;

/// <summary>
/// A local Google OAuth token endpoint for service-account keys. Google.Apis.Auth posts an RS256-signed
/// JWT-bearer assertion to the key's token_uri; this endpoint checks the signature against the public key
/// registered for the key's client_email and private_key_id, so an unknown key fails with invalid_grant.
/// </summary>
public sealed class GoogleTokenServer : EmulatedServer
{
    private readonly TokenEmulatorAdmin admin;

    private GoogleTokenServer(EmulatorProcess process, int port)
        : base(process)
    {
        var origin = new Uri($"http://127.0.0.1:{port}/");
        TokenUri = new Uri(origin, "token");
        admin = new TokenEmulatorAdmin(new HttpClient { BaseAddress = origin }, "admin/service-accounts");
    }

    /// <summary>The token_uri written into the service-account keys this server makes.</summary>
    public Uri TokenUri { get; }

    public static async Task<GoogleTokenServer> StartAsync(CancellationToken cancellationToken)
    {
        var (process, port) = await NodeEmulator.StartAsync("google-token.js", "Google token endpoint", [], cancellationToken);
        return new GoogleTokenServer(process, port);
    }

    /// <summary>A service-account key JSON (fresh RSA key, token_uri pointing here) that this server accepts.</summary>
    public string CreateServiceAccountKeyJson(string projectId, string clientEmail)
    {
        using var key = RSA.Create(2048);
        var privateKeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        Register(clientEmail, privateKeyId, key.ExportSubjectPublicKeyInfoPem());
        return FormatKeyJson(projectId, clientEmail, privateKeyId, key);
    }

    /// <summary>A well-formed service-account key JSON with token_uri pointing here, whose key this server does not know.</summary>
    public string CreateUnregisteredServiceAccountKeyJson(string projectId, string clientEmail)
    {
        using var key = RSA.Create(2048);
        return FormatKeyJson(projectId, clientEmail, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), key);
    }

    /// <summary>Deletes the key, as deleting a service-account key in Google Cloud does; false when it was not registered.</summary>
    public Task<bool> RevokeServiceAccountKeyAsync(string clientEmail, string privateKeyId, CancellationToken cancellationToken) =>
        admin.RevokeAsync(new ServiceAccountKey(clientEmail, privateKeyId), $"key '{privateKeyId}' of '{clientEmail}'", cancellationToken);

    /// <summary>Whether this endpoint exchanges <paramref name="keyJson"/> (a service-account key file) for an access token now.</summary>
    public static async Task<bool> AcceptsKeyAsync(string keyJson, CancellationToken cancellationToken)
    {
        // Scoped, the key is exchanged at its token_uri; unscoped it would only sign a JWT locally.
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(keyJson)
            .ToGoogleCredential()
            .CreateScoped("https://www.googleapis.com/auth/devstorage.read_write");
        try
        {
            await credential.UnderlyingCredential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (TokenResponseException)
        {
            return false;
        }
    }

    /// <summary>Every key that may sign in now.</summary>
    public Task<IReadOnlyList<ServiceAccountKey>> ListServiceAccountKeysAsync(CancellationToken cancellationToken) =>
        admin.ListAsync<ServiceAccountKey>(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await base.DisposeAsync();
    }

    private void Register(string clientEmail, string privateKeyId, string publicKeyPem)
    {
        admin.Register(new ServiceAccountKeyRegistration(clientEmail, privateKeyId, publicKeyPem), $"a key for '{clientEmail}'");
    }

    private string FormatKeyJson(string projectId, string clientEmail, string privateKeyId, RSA key)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(clientEmail);
        var clientId = string.Concat(RandomNumberGenerator.GetItems("0123456789".AsSpan(), 21));
        // The field set of a key downloaded from the Google Cloud console.
        var keyFile = new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = privateKeyId,
            ["private_key"] = key.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = clientEmail,
            ["client_id"] = clientId,
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = TokenUri.ToString(),
            ["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs",
            ["client_x509_cert_url"] = $"https://www.googleapis.com/robot/v1/metadata/x509/{Uri.EscapeDataString(clientEmail)}",
            ["universe_domain"] = "googleapis.com",
        };
        return JsonSerializer.Serialize(keyFile, new JsonSerializerOptions { WriteIndented = true });
    }

    private sealed record ServiceAccountKeyRegistration(string ClientEmail, string PrivateKeyId, string PublicKeyPem);
}

/// <summary>A service-account key the local Google token endpoint accepts.</summary>
public sealed record ServiceAccountKey(string ClientEmail, string PrivateKeyId);
