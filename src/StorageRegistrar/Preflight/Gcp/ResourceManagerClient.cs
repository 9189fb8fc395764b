using StorageRegistrar.Diagnostics;
using System.Net.Mime;
using System.Text;
using System.Text.Json;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Resource Manager, read-only: which of some permissions the caller holds on a project (v3
/// <c>POST v3/projects/{project}:testIamPermissions</c>, which needs no permission of its own), and a project's place in
/// the resource hierarchy (v1 <c>POST v1/projects/{project}:getAncestry</c>, which needs <c>resourcemanager.projects.get</c>;
/// one request names every folder and the organization above it, where walking v3's parents takes one per level).
/// No SDK package for the API is served here, so this is its one REST client.
/// </summary>
public sealed class ResourceManagerClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : GooglePermissionsClient(http, ownerToken, DefaultEndpoint)
{
    /// <summary>The Resource Manager API's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://cloudresourcemanager.googleapis.com/");

    /// <returns>The permissions held, among those asked; the answer leaves out the ones not held.</returns>
    public Task<CloudRead<IReadOnlySet<string>>> TestPermissionsAsync(string project, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return TestPermissionsAsync($"v3/projects/{Uri.EscapeDataString(project)}", permissions, $"the deployer's permissions on project {project}", cancellationToken);
    }

    /// <returns>
    /// The project and its ancestors as resource names, bottom to top: <c>projects/acme-keys</c>, <c>folders/123</c>,
    /// <c>organizations/456</c>.
    /// </returns>
    public Task<CloudRead<IReadOnlyList<string>>> GetAncestryAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var uri = new Uri(Endpoint, $"v1/projects/{Uri.EscapeDataString(project)}:getAncestry");
        return ReadAsync<IReadOnlyList<string>>(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("{}", Encoding.UTF8, MediaTypeNames.Application.Json) },
            $"the ancestry of project {project}",
            Parse,
            cancellationToken);
    }

    /// <summary>The number of the organization at the top of <paramref name="ancestry"/>; null for a project in none.</summary>
    public static string? OrganizationOf(IEnumerable<string> ancestry) =>
        ancestry.FirstOrDefault(a => a.StartsWith(OrganizationPrefix, StringComparison.Ordinal)) is { } organization ? organization[OrganizationPrefix.Length..] : null;

    private const string OrganizationPrefix = "organizations/";

    private static IReadOnlyList<string> Parse(string body)
    {
        var ancestry = JsonSerializer.Deserialize(body, GoogleJsonContext.Default.AncestryJson) ?? throw new JsonException("null instead of an ancestry");
        return [.. (ancestry.Ancestor ?? []).Select(a => a.ResourceId is { Type: { Length: > 0 } type, Id: { Length: > 0 } id }
            ? $"{Plural(type)}/{id}"
            : throw new JsonException("an ancestor without a type and an id"))];
    }

    /// <summary>The answer's singular type (<c>project</c>, <c>folder</c>, <c>organization</c>) as a resource name's collection.</summary>
    private static string Plural(string type) => type switch
    {
        "project" => "projects",
        "folder" => "folders",
        "organization" => "organizations",
        _ => throw new JsonException($"an ancestor of unknown type \"{type}\""),
    };
}
