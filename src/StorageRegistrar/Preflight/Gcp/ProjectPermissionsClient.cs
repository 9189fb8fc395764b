using StorageRegistrar.Diagnostics;
using System.Net.Mime;
using System.Text;
using System.Text.Json;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Resource Manager API v3, read-only: which of some permissions the caller holds on a project
/// (<c>POST v3/projects/{project}:testIamPermissions</c>, which needs no permission of its own). No SDK package for the
/// API is served here, so this is its one REST client.
/// </summary>
public sealed class ProjectPermissionsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    /// <summary>The Resource Manager API's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://cloudresourcemanager.googleapis.com/");

    /// <summary>The API's root; tests point it at a local server.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <returns>The permissions held, among those asked; the answer leaves out the ones not held.</returns>
    public Task<CloudRead<IReadOnlySet<string>>> TestPermissionsAsync(string project, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(permissions);
        var uri = new Uri(Endpoint, $"v3/projects/{Uri.EscapeDataString(project)}:testIamPermissions");
        var body = JsonSerializer.Serialize(new PermissionsJson(permissions), GoogleJsonContext.Default.PermissionsJson);
        return PreflightRest.ReadAsync<IReadOnlySet<string>>(
            http,
            ownerToken,
            CredentialAgeProbe.GoogleScope,
            GcpGuardrails.OwnerSignIn,
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, MediaTypeNames.Application.Json) },
            $"the deployer's permissions on project {project}",
            answer => (JsonSerializer.Deserialize(answer, GoogleJsonContext.Default.PermissionsJson) ?? throw new JsonException("null instead of permissions"))
                .Permissions?.Intersect(permissions, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) ?? [],
            cancellationToken);
    }
}
