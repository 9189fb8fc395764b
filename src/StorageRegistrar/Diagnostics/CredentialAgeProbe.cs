using System.Net.Http.Headers;
using System.Text.Json;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Lists the credentials of the identity Stream signs in as, with the owner's access token, for
/// <see cref="CredentialAgeAnalyzer"/>. Only reads, and reads only metadata: ids and dates.
/// </summary>
/// <param name="http">Sends the requests; its base address is not used.</param>
/// <param name="ownerToken">The owner's bearer token for the given scope (Google's cloud-platform scope or Graph's <c>.default</c>).</param>
/// <param name="timeProvider">The clock ages are measured against.</param>
public sealed class CredentialAgeProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken, TimeProvider timeProvider)
{
    public const string GoogleScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>IAM's REST root; tests point it at a local server.</summary>
    public Uri IamEndpoint { get; init; } = new("https://iam.googleapis.com/");

    public Uri GraphEndpoint { get; init; } = new("https://graph.microsoft.com/");

    /// <summary>A GCS service account's user-managed keys (IAM <c>keys.list</c>; the key material is never returned).</summary>
    public Task<CredentialAgeFacts> GatherGcsAsync(string serviceAccountEmail, int? maxAgeDays, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountEmail);
        var uri = new Uri(IamEndpoint, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccountEmail)}/keys?keyTypes=USER_MANAGED");
        return GatherAsync(CredentialKind.GcsServiceAccountKey, uri, GoogleScope, CredentialAgeFacts.FromGcsKeyList, maxAgeDays, cancellationToken);
    }

    /// <summary>An Entra application's client secrets (Graph <c>passwordCredentials</c>; Graph never returns their values).</summary>
    public Task<CredentialAgeFacts> GatherAzureAsync(string clientId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var uri = new Uri(GraphEndpoint, $"v1.0/applications(appId='{Uri.EscapeDataString(clientId)}')?$select=passwordCredentials");
        return GatherAsync(CredentialKind.AzureClientSecret, uri, GraphScope, CredentialAgeFacts.FromGraphPasswordCredentials, maxAgeDays: null, cancellationToken);
    }

    private async Task<CredentialAgeFacts> GatherAsync(
        CredentialKind kind, Uri uri, string scope, Func<string, IReadOnlyList<CredentialValidity>> read, int? maxAgeDays, CancellationToken cancellationToken)
    {
        var facts = new CredentialAgeFacts { Kind = kind, MaxAgeDays = maxAgeDays, Now = timeProvider.GetUtcNow() };
        string token;
        try
        {
            token = await ownerToken(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Each SDK signals a missing sign-in with its own exception; the ages are only a side check.
            return facts with { ListError = $"no owner sign-in: {e.Message}" };
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return facts with { ListError = $"HTTP {(int)response.StatusCode} {ErrorMessage(body)}".TrimEnd() };
        }

        return facts with { Credentials = read(body) };
    }

    /// <summary>Google and Graph both answer <c>{"error": {"message": ...}}</c>.</summary>
    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
