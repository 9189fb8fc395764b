using System.Net.Mime;
using System.Text;
using System.Text.Json;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Cloud KMS, read-only: which of some permissions the caller holds on a key (<c>POST v1/{key}:testIamPermissions</c>,
/// which needs no permission of its own), for a key of another project the stack grants Cloud Storage's service agent.
/// No SDK package for the API is served here, so this is its one REST client.
/// </summary>
public sealed class CloudKmsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : OwnerRestClient(http, ownerToken, CredentialAgeProbe.GoogleScope, GcpGuardrails.OwnerSignIn, DefaultEndpoint)
{
    /// <summary>The Cloud KMS API's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://cloudkms.googleapis.com/");

    /// <param name="key">The key's resource name, <c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>.</param>
    /// <returns>The permissions held, among those asked; the answer leaves out the ones not held.</returns>
    public Task<CloudRead<IReadOnlySet<string>>> TestKeyPermissionsAsync(string key, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(permissions);
        // The name's slashes are the path's: each segment is escaped alone.
        var uri = new Uri(Endpoint, $"v1/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}:testIamPermissions");
        var body = JsonSerializer.Serialize(new PermissionsJson(permissions), GoogleJsonContext.Default.PermissionsJson);
        return ReadAsync<IReadOnlySet<string>>(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, MediaTypeNames.Application.Json) },
            $"the deployer's permissions on key {key}",
            answer => (JsonSerializer.Deserialize(answer, GoogleJsonContext.Default.PermissionsJson) ?? throw new JsonException("null instead of permissions"))
                .Permissions?.Intersect(permissions, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) ?? [],
            cancellationToken);
    }
}
