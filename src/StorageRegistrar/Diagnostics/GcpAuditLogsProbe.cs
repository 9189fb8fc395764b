using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using StorageRegistrar.Grants;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Diagnostics;

/// <summary>One principal an audit config covering Cloud Storage leaves out of a Data Access log type, with the config that says so.</summary>
/// <param name="Member">As IAM policies name members: <c>serviceAccount:EMAIL</c>, <c>group:EMAIL</c>, <c>domain:NAME</c>...</param>
/// <param name="LogType"><c>DATA_READ</c> or <c>DATA_WRITE</c>.</param>
/// <param name="Resource">The project, folder or organization whose policy holds the config (<c>projects/N</c>, <c>folders/N</c>...).</param>
/// <param name="Service">The config's service: <c>storage.googleapis.com</c> or <c>allServices</c>.</param>
public sealed record AuditLogExemption(string Member, string LogType, string Resource, string Service)
{
    /// <summary>The project's own config for Cloud Storage, which the stack's <c>auditLogs</c> sets whole, exemptions and all.</summary>
    public bool InStacksConfig => Resource.StartsWith("projects/", StringComparison.Ordinal) && Service == GcsGrants.StorageService;
}

/// <summary>What <see cref="GcpAuditLogsProbe"/> read of a project's Data Access audit logs for Cloud Storage.</summary>
/// <param name="On">Whether reads and writes are both logged; null when a policy that could turn them on was not read.</param>
/// <param name="Error">Why <paramref name="On"/> is not known.</param>
public sealed record GcpAuditLogs(bool? On, string? Error)
{
    /// <summary>Who the configs of the policies read leave out of the logs, in the order read.</summary>
    public IReadOnlyList<AuditLogExemption> Exemptions { get; init; } = [];

    /// <summary>Where the logs are on, why the policies above the project, whose exemptions count too, were not all read.</summary>
    public string? ExemptionsError { get; init; }
}

/// <summary>
/// Reads, with the owner's sign-in, whether a project's Data Access audit logs for Cloud Storage are on, and whom they
/// leave out: the <c>auditConfigs</c> of its IAM policy (Resource Manager v3 <c>getIamPolicy</c>), which a storage's
/// <c>accessLogs: auditLogs</c> turns on. Audit configs are inherited and add up, log types and exempted members alike,
/// so those of the folders and organization above it (its ancestry, then each one's policy) are read too. Only reads.
/// </summary>
public sealed class GcpAuditLogsProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    /// <summary>The audit config that covers every service of the project.</summary>
    private const string AllServices = "allServices";

    /// <summary>The API's root; tests point it at a local answer.</summary>
    public Uri Endpoint { get; init; } = ResourceManagerClient.DefaultEndpoint;

    /// <param name="project">The project's id or number (a bucket names its project by number).</param>
    public async Task<GcpAuditLogs> ReadAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var read = new ReadConfigs();
        if (await AddConfigsAsync($"projects/{Uri.EscapeDataString(project)}", read, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return new GcpAuditLogs(null, error);
        }

        var ancestry = await new ResourceManagerClient(http, ownerToken) { Endpoint = Endpoint }.GetAncestryAsync(project, cancellationToken).ConfigureAwait(false);
        string? unread = null;
        if (ancestry.Value is { } ancestors)
        {
            foreach (var ancestor in ancestors.Where(a => !a.StartsWith("projects/", StringComparison.Ordinal)))
            {
                if (await AddConfigsAsync(ancestor, read, cancellationToken).ConfigureAwait(false) is { } ancestorError)
                {
                    unread ??= $"the IAM policy of {ancestor} above the project, whose configs add to its own, could not be read: {ancestorError.TrimEnd('.')}";
                }
            }
        }
        else
        {
            unread = $"the folders and organization above the project, whose configs add to its own, could not be listed: {ancestry.Refusal?.TrimEnd('.')}";
        }

        var on = GcsGrants.DataAccessLogTypes.All(read.Logged.Contains);
        return on ? new GcpAuditLogs(true, null) { Exemptions = read.Exemptions, ExemptionsError = unread }
            : unread is not null ? new GcpAuditLogs(null, $"the project's own configs leave them off, and {unread}")
            : new GcpAuditLogs(false, null);
    }

    /// <summary>The log types turned on and the members exempted, over the policies read so far.</summary>
    private sealed class ReadConfigs
    {
        public HashSet<string> Logged { get; } = new(StringComparer.Ordinal);

        public List<AuditLogExemption> Exemptions { get; } = [];

        /// <summary>Records an exemption once, though a config may list a member twice.</summary>
        public void Exempt(AuditLogExemption exemption)
        {
            if (!Exemptions.Contains(exemption))
            {
                Exemptions.Add(exemption);
            }
        }
    }

    /// <summary>Adds the Data Access log types the policy of <paramref name="resource"/> turns on for Cloud Storage, and whom it exempts; why not, when it cannot be read.</summary>
    private async Task<string?> AddConfigsAsync(string resource, ReadConfigs read, CancellationToken cancellationToken)
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
            AddStorageConfigs(policy.RootElement, resource, read);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, timed out, or an answer of another shape (a proxy's page): the logs are not examined, the rest of the report stands.
            return $"the read failed: {e.Message}";
        }
    }

    /// <summary>The Data Access log types and exemptions of the audit configs for Cloud Storage, or for all services, of one IAM policy.</summary>
    private static void AddStorageConfigs(JsonElement policy, string resource, ReadConfigs read)
    {
        // TryGetProperty refuses what is not a JSON object, as an answer of another shape.
        if (!policy.TryGetProperty("auditConfigs", out var configs) || configs.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var logConfigs = configs.EnumerateArray()
            .Select(config => (Service: config.TryGetProperty("service", out var name) ? name.GetString() : null, Config: config))
            .Where(config => config.Service is GcsGrants.StorageService or AllServices)
            .SelectMany(config => config.Config.TryGetProperty("auditLogConfigs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(logConfig => (Service: config.Service!, LogConfig: logConfig))
                : []);
        foreach (var (service, logConfig) in logConfigs)
        {
            if (!logConfig.TryGetProperty("logType", out var typeElement) || typeElement.GetString() is not { } logType)
            {
                continue;
            }

            read.Logged.Add(logType);
            if (GcsGrants.DataAccessLogTypes.Contains(logType)
                && logConfig.TryGetProperty("exemptedMembers", out var members) && members.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in members.EnumerateArray().Select(m => m.GetString()).OfType<string>())
                {
                    read.Exempt(new AuditLogExemption(member, logType, resource, service));
                }
            }
        }
    }
}
