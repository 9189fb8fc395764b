using System.Text.Json;
using System.Text.RegularExpressions;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>The caller's permissions at a scope: per role held, its actions and the ones it excludes (both may hold <c>*</c>).</summary>
public sealed record ArmPermissions(IReadOnlyList<ArmPermission> Permissions)
{
    /// <summary>Whether some role grants <paramref name="action"/> without excluding it, as Azure RBAC adds roles up.</summary>
    public bool Allows(string action) =>
        Permissions.Any(p => p.Actions.Any(a => Matches(a, action)) && !p.NotActions.Any(a => Matches(a, action)));

    /// <summary>Actions are matched without regard to case; <c>*</c> stands for any characters.</summary>
    private static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

public sealed record ArmPermission(IReadOnlyList<string> Actions, IReadOnlyList<string> NotActions);

/// <summary>
/// Azure Resource Manager, read-only: the caller's permissions at a subscription or resource group
/// (<c>GET {scope}/providers/Microsoft.Authorization/permissions</c>, api-version 2022-04-01), page by page.
/// </summary>
public sealed class ArmPermissionsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : OwnerRestClient(http, ownerToken, AzureResourceProbe.ArmScope, AzureGuardrails.OwnerSignIn, DefaultEndpoint)
{
    private const string ApiVersion = "2022-04-01";

    /// <summary>Resource Manager's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://management.azure.com/");

    /// <param name="scope"><c>/subscriptions/{id}</c> or <c>/subscriptions/{id}/resourceGroups/{name}</c>.</param>
    public async Task<CloudRead<ArmPermissions>> ListAsync(string scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var permissions = new List<ArmPermission>();
        Uri? next = new(Endpoint, $"{scope.TrimStart('/')}/providers/Microsoft.Authorization/permissions?api-version={ApiVersion}");
        while (next is not null)
        {
            var uri = next;
            var page = await ReadAsync(
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                $"your permissions on {scope}",
                body => JsonSerializer.Deserialize(body, AzureJsonContext.Default.PermissionPageJson) is { Value: not null } read ? read : throw new JsonException("no value"),
                cancellationToken).ConfigureAwait(false);
            if (page.Value is not { } read)
            {
                return CloudRead<ArmPermissions>.Refused(page.Refusal!, page.Denied);
            }

            permissions.AddRange(read.Value!.Select(p => new ArmPermission(p.Actions ?? [], p.NotActions ?? [])));
            // The next page is on the same host; tests answer with their own.
            next = read.NextLink is { } link ? new Uri(Endpoint, new Uri(link).PathAndQuery) : null;
        }

        return CloudRead<ArmPermissions>.Of(new ArmPermissions(permissions));
    }
}
