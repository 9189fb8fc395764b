using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads, with the owner's sign-in, whether a project's Data Access audit logs for Cloud Storage are on: the
/// <c>auditConfigs</c> of its IAM policy (Resource Manager v3 <c>getIamPolicy</c>), which a storage's
/// <c>accessLogs: auditLogs</c> turns on. Only reads.
/// </summary>
public sealed class GcpAuditLogsProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    /// <summary>The audit config that covers every service of the project.</summary>
    private const string AllServices = "allServices";

    /// <summary>The API's root; tests point it at a local answer.</summary>
    public Uri Endpoint { get; init; } = new("https://cloudresourcemanager.googleapis.com/");

    /// <param name="project">The project's id or number (a bucket names its project by number).</param>
    /// <returns>Whether reads and writes of Cloud Storage are logged; or why the policy could not be read.</returns>
    public async Task<(bool? On, string? Error)> ReadAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, $"v3/projects/{Uri.EscapeDataString(project)}:getIamPolicy"))
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
            return (null, $"no owner sign-in: {e.Message}");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode} {CredentialAgeProbe.JsonErrorMessage(body)}".TrimEnd());
            }

            using var policy = JsonDocument.Parse(body);
            return (LogsStorageAccess(policy.RootElement), null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, timed out, or an answer of another shape (a proxy's page): the logs are not examined, the rest of the report stands.
            return (null, $"the read failed: {e.Message}");
        }
    }

    /// <summary>Whether the audit configs for Cloud Storage, or for all services, together turn on every Data Access log type.</summary>
    internal static bool LogsStorageAccess(JsonElement policy)
    {
        var logged = new HashSet<string>(StringComparer.Ordinal);
        if (policy.TryGetProperty("auditConfigs", out var configs) && configs.ValueKind == JsonValueKind.Array)
        {
            foreach (var config in configs.EnumerateArray())
            {
                var service = config.TryGetProperty("service", out var name) ? name.GetString() : null;
                if (service is not (GcsGrants.StorageService or AllServices)
                    || !config.TryGetProperty("auditLogConfigs", out var logConfigs) || logConfigs.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                logged.UnionWith(logConfigs.EnumerateArray()
                    .Select(c => c.TryGetProperty("logType", out var type) ? type.GetString() : null)
                    .OfType<string>());
            }
        }

        return GcsGrants.DataAccessLogTypes.All(logged.Contains);
    }
}
