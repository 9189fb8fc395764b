using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using StorageRegistrar.Grants;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads, with the owner's sign-in, whether a project's Data Access audit logs for Cloud Storage are on: the
/// <c>auditConfigs</c> of its IAM policy (Resource Manager v3 <c>getIamPolicy</c>), which a storage's
/// <c>accessLogs: auditLogs</c> turns on. Audit configs are inherited and add up, so where the project's own leave
/// them off, those of the folders and organization above it (its ancestry, then each one's policy) are read too. Only
/// reads.
/// </summary>
public sealed class GcpAuditLogsProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    /// <summary>The audit config that covers every service of the project.</summary>
    private const string AllServices = "allServices";

    /// <summary>The API's root; tests point it at a local answer.</summary>
    public Uri Endpoint { get; init; } = ResourceManagerClient.DefaultEndpoint;

    /// <param name="project">The project's id or number (a bucket names its project by number).</param>
    /// <returns>Whether reads and writes of Cloud Storage are logged; or why a policy could not be read.</returns>
    public async Task<(bool? On, string? Error)> ReadAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var logged = new HashSet<string>(StringComparer.Ordinal);
        if (await AddLoggedAsync($"projects/{Uri.EscapeDataString(project)}", logged, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return (null, error);
        }

        if (AllLogged(logged))
        {
            return (true, null);
        }

        var ancestry = await new ResourceManagerClient(http, ownerToken) { Endpoint = Endpoint }.GetAncestryAsync(project, cancellationToken).ConfigureAwait(false);
        if (ancestry.Value is not { } ancestors)
        {
            return (null, $"the project's own configs leave them off, and its folders and organization, whose configs add to them, could not be listed: {ancestry.Refusal?.TrimEnd('.')}");
        }

        foreach (var ancestor in ancestors.Where(a => !a.StartsWith("projects/", StringComparison.Ordinal)))
        {
            if (await AddLoggedAsync(ancestor, logged, cancellationToken).ConfigureAwait(false) is { } ancestorError)
            {
                return (null, $"the project's own configs leave them off, and the IAM policy of {ancestor} above it, whose configs add to them, could not be read: {ancestorError}");
            }

            if (AllLogged(logged))
            {
                return (true, null);
            }
        }

        return (false, null);
    }

    /// <summary>Adds the Data Access log types the policy of <paramref name="resource"/> turns on for Cloud Storage; why not, when it cannot be read.</summary>
    private async Task<string?> AddLoggedAsync(string resource, HashSet<string> logged, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, $"v3/{resource}:getIamPolicy"))
        {
            Content = new StringContent("""{"options":{"requestedPolicyVersion":3}}""", Encoding.UTF8, MediaTypeNames.Application.Json),
        };
        try
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ownerToken(CredentialAgeProbe.GoogleScope, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // Application Default Credentials signal a missing sign-in with their own exceptions.
            return $"no owner sign-in: {e.Message}";
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode} {CredentialAgeProbe.JsonErrorMessage(body)}".TrimEnd();
            }

            using var policy = JsonDocument.Parse(body);
            logged.UnionWith(StorageLogTypes(policy.RootElement));
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, timed out, or an answer of another shape (a proxy's page): the logs are not examined, the rest of the report stands.
            return $"the read failed: {e.Message}";
        }
    }

    private static bool AllLogged(HashSet<string> logged) => GcsGrants.DataAccessLogTypes.All(logged.Contains);

    /// <summary>The log types the audit configs for Cloud Storage, or for all services, of one IAM policy turn on.</summary>
    private static IEnumerable<string> StorageLogTypes(JsonElement policy)
    {
        // TryGetProperty refuses what is not a JSON object, as an answer of another shape.
        if (!policy.TryGetProperty("auditConfigs", out var configs) || configs.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return configs.EnumerateArray()
            .Where(config => config.TryGetProperty("service", out var name) && name.GetString() is GcsGrants.StorageService or AllServices)
            .SelectMany(config => config.TryGetProperty("auditLogConfigs", out var logConfigs) && logConfigs.ValueKind == JsonValueKind.Array
                ? logConfigs.EnumerateArray().Select(c => c.TryGetProperty("logType", out var type) ? type.GetString() : null).OfType<string>()
                : [])
            .ToList();
    }
}
