using System.Net.Mime;
using System.Text;
using System.Text.Json;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// A Google REST API that answers <c>testIamPermissions</c> on its resources the same way: a POST of the permissions
/// asked, answered with those the caller holds (none: <c>{}</c>). It needs no permission of its own.
/// </summary>
public abstract class GooglePermissionsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken, Uri endpoint)
    : OwnerRestClient(http, ownerToken, CredentialAgeProbe.GoogleScope, GcpGuardrails.OwnerSignIn, endpoint)
{
    /// <param name="resource">The resource's path under the API's root, before <c>:testIamPermissions</c>.</param>
    /// <param name="what">The read in the words of a refusal.</param>
    /// <returns>The permissions held, among those asked.</returns>
    private protected Task<CloudRead<IReadOnlySet<string>>> TestPermissionsAsync(string resource, IReadOnlyList<string> permissions, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var uri = new Uri(Endpoint, $"{resource}:testIamPermissions");
        var body = JsonSerializer.Serialize(new PermissionsJson(permissions), GoogleJsonContext.Default.PermissionsJson);
        return ReadAsync<IReadOnlySet<string>>(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, MediaTypeNames.Application.Json) },
            what,
            answer => (JsonSerializer.Deserialize(answer, GoogleJsonContext.Default.PermissionsJson) ?? throw new JsonException("null instead of permissions"))
                .Permissions?.Intersect(permissions, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) ?? [],
            cancellationToken);
    }
}
