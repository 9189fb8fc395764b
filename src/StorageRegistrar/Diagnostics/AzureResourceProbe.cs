using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads an Azure storage's side in Azure Resource Manager with the owner's sign-in: the account's location, the
/// container's retention policy (or the account's version-level default) and the role assignments of Stream's service
/// principal with their roles' actions, data actions and conditions. Only reads. Every read that is refused is reported with
/// the cloud's code and message, so that the analyzers say "not examined" rather than pass.
/// </summary>
/// <param name="http">Sends the requests; its base address is not used.</param>
/// <param name="ownerToken">The owner's bearer token for a scope (<see cref="ArmScope"/>, a vault's scope of <see cref="KeyVaultKeyId.VaultScopes"/>).</param>
public sealed partial class AzureResourceProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
{
    public const string ArmScope = "https://management.azure.com/.default";

    private const string KeyVaultApiVersion = "7.4";

    private const string StorageApiVersion = "2023-05-01";
    private const string DiagnosticSettingsApiVersion = "2021-05-01-preview";
    private const string AuthorizationApiVersion = "2022-04-01";

    /// <summary>Azure Resource Manager's root; tests point it at a local answer.</summary>
    public Uri ArmEndpoint { get; init; } = new("https://management.azure.com/");

    public Uri GraphEndpoint { get; init; } = new("https://graph.microsoft.com/");

    /// <summary>Says when a key's expiry has passed.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The storage account's ARM id within a container's id; throws when <paramref name="containerId"/> is not a container's id.</summary>
    /// <exception cref="ArgumentException">When the id does not name a blob container.</exception>
    public static string AccountIdOf(string containerId) => MatchContainerId(containerId).Groups["account"].Value;

    /// <summary>Why a value is refused as a container's id, and the form to pass.</summary>
    public const string NotAContainerId =
        "is not a blob container's ARM id: pass /subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.Storage/storageAccounts/ACCOUNT/blobServices/default/containers/CONTAINER (the stack's doctorArguments carry it).";

    /// <summary>The storage account's and the container's names within a container's id; throws as <see cref="AccountIdOf"/> does.</summary>
    /// <exception cref="ArgumentException">When the id does not name a blob container.</exception>
    public static (string Account, string Container) NamesOf(string containerId)
    {
        var match = MatchContainerId(containerId);
        return (match.Groups["accountName"].Value, match.Groups["container"].Value);
    }

    private static Match MatchContainerId(string containerId)
    {
        ArgumentNullException.ThrowIfNull(containerId);
        return ContainerIdPattern().Match(containerId) is { Success: true } match
            ? match
            : throw new ArgumentException($"'{containerId}' {NotAContainerId}", nameof(containerId));
    }

    /// <summary>The container's lock (when <paramref name="expectedLock"/> is given) and the account's location (when <paramref name="allowedLocations"/> is).</summary>
    public async Task<LockAndResidencyFacts> GatherLockAndLocationAsync(
        string containerId, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, CancellationToken cancellationToken = default)
    {
        var accountId = AccountIdOf(containerId);
        var facts = LockAndResidencyFacts.Declared(StorageTypes.Abs, BucketName(accountId, containerId), expectedLock, allowedLocations);
        if (expectedLock is null && allowedLocations is null)
        {
            return facts;
        }

        var (accountJson, accountError, _) = await GetArmAsync($"{accountId}?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
        using (accountJson)
        {
            facts = facts with
            {
                Location = accountJson?.RootElement.TryGetProperty("location", out var location) == true && location.ValueKind == JsonValueKind.String ? location.GetString() : null,
                LocationError = accountError,
            };
            if (expectedLock is null)
            {
                return facts;
            }

            var (containerJson, containerError, _) = await GetArmAsync($"{containerId}?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
            using (containerJson)
            {
                if (containerJson is null || accountJson is null)
                {
                    return facts with { LockError = containerError ?? accountError };
                }

                return facts with { Lock = ContainerLock(containerJson.RootElement) ?? AccountVersionLock(accountJson.RootElement) };
            }
        }
    }

    /// <summary>A storage account's location (its ARM <c>location</c>); the error instead when it could not be read.</summary>
    public async Task<(string? Location, string? Error)> ReadAccountLocationAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var (account, error, _) = await GetArmAsync($"{accountId}?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
        using (account)
        {
            return account is null ? (null, error)
                : account.RootElement.TryGetProperty("location", out var location) && location.ValueKind == JsonValueKind.String ? (location.GetString(), null)
                : (null, "the answer names no location");
        }
    }

    /// <summary>
    /// The account's encryption key, the tier rules of its management policy and the blob service's diagnostic settings,
    /// each read only when the stack declares it.
    /// </summary>
    public async Task<KeyTiersAndLogsFacts> GatherKeyTiersAndLogsAsync(
        string containerId, string path, ExpectedKey? expectedKey, IReadOnlyList<ExpectedTier>? expectedTiers, ExpectedAccessLogs? expectedAccessLogs,
        CancellationToken cancellationToken = default)
    {
        var accountId = AccountIdOf(containerId);
        var facts = KeyTiersAndLogsFacts.Declared(StorageTypes.Abs, BucketName(accountId, containerId), path, expectedKey, expectedTiers, expectedAccessLogs);
        if (expectedKey is not null)
        {
            var (account, error, _) = await GetArmAsync($"{accountId}?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
            using (account)
            {
                facts = account is null
                    ? facts with { EncryptionError = error }
                    : AccountKey(account.RootElement) is { } key ? facts with { KeyId = key.KeyId, KeyVersion = key.PinnedVersion } : facts;
            }

            if (facts.KeyId is { } keyId)
            {
                facts = await ReadKeyStateAsync(facts, keyId, cancellationToken).ConfigureAwait(false);
            }
        }

        if (expectedTiers is { Count: > 0 })
        {
            var (policy, error, notFound) = await GetArmAsync($"{accountId}/managementPolicies/default?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
            using (policy)
            {
                facts = policy is not null ? facts with { Transitions = TierRules(policy.RootElement, LastSegment(containerId)) }
                    : notFound ? facts
                    : facts with { TransitionsError = error };
            }
        }

        if (expectedAccessLogs is not null)
        {
            var (settings, error, _) = await GetArmAsync(
                $"{accountId}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings?api-version={DiagnosticSettingsApiVersion}", cancellationToken).ConfigureAwait(false);
            using (settings)
            {
                facts = settings is null ? facts with { AccessLogsError = error } : facts with { LogDestinations = AccessLogDestinations(settings.RootElement) };
            }
        }

        return facts;
    }

    /// <summary>
    /// The soft delete of the account's blob service (<c>deleteRetentionPolicy</c>), read only when the stack declares it:
    /// how many days a deleted or overwritten blob stays restorable, 0 when off.
    /// </summary>
    public async Task<SoftDeleteFacts> GatherSoftDeleteAsync(string containerId, int? expectedDays, CancellationToken cancellationToken = default)
    {
        var accountId = AccountIdOf(containerId);
        var facts = SoftDeleteFacts.Declared(StorageTypes.Abs, BucketName(accountId, containerId), expectedDays);
        if (expectedDays is null)
        {
            return facts;
        }

        var (service, error, _) = await GetArmAsync($"{accountId}/blobServices/default?api-version={StorageApiVersion}", cancellationToken).ConfigureAwait(false);
        using (service)
        {
            if (service is null)
            {
                return facts with { Error = error };
            }

            if (!service.RootElement.TryGetProperty("properties", out var properties)
                || !properties.TryGetProperty("deleteRetentionPolicy", out var policy) || policy.ValueKind != JsonValueKind.Object)
            {
                return facts.NotExamined("the answer has no deleteRetentionPolicy");
            }

            if (!policy.TryGetProperty("enabled", out var enabled) || enabled.ValueKind != JsonValueKind.True)
            {
                return facts with { Days = 0 };
            }

            return policy.TryGetProperty("days", out var days) && days.ValueKind == JsonValueKind.Number && days.TryGetInt32(out var kept)
                ? facts with { Days = kept }
                : facts.NotExamined("the answer has soft delete on without its days");
        }
    }

    /// <summary>The storage as people name it: <c>account/container</c>.</summary>
    private static string BucketName(string accountId, string containerId) => $"{LastSegment(accountId)}/{LastSegment(containerId)}";

    /// <summary>The name a resource id ends with.</summary>
    private static string LastSegment(string resourceId) => resourceId[(resourceId.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The account's Key Vault key as its URI (vault URI and key name), with the version it pins; none when Microsoft's
    /// keys encrypt it. No pinned version: the account follows the key's newest version, as the stack's accounts do.
    /// </summary>
    private static (string KeyId, string? PinnedVersion)? AccountKey(JsonElement account) =>
        account.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("encryption", out var encryption)
        && encryption.TryGetProperty("keySource", out var source) && string.Equals(source.GetString(), "Microsoft.Keyvault", StringComparison.OrdinalIgnoreCase)
        && encryption.TryGetProperty("keyvaultproperties", out var key)
        && key.TryGetProperty("keyvaulturi", out var vault) && key.TryGetProperty("keyname", out var name)
            ? ($"{vault.GetString()?.TrimEnd('/')}/keys/{name.GetString()}",
               key.TryGetProperty("keyversion", out var version) && version.GetString() is { Length: > 0 } pinned ? pinned : null)
            : null;

    /// <summary>
    /// The state of the account's key from its attributes in the vault (Key Vault's get key: the version the account pins,
    /// else the newest): disabled, expired, not yet valid or enabled. Key Vault Reader may read them in a vault with Azure RBAC (its data actions cover keys'
    /// metadata, not their material); a vault with access policies needs the key Get permission.
    /// </summary>
    private async Task<KeyTiersAndLogsFacts> ReadKeyStateAsync(KeyTiersAndLogsFacts facts, string keyId, CancellationToken cancellationToken)
    {
        // The owner's vault token goes only to a key's https URI in the vaults' domain of an Azure cloud, and is that cloud's.
        if (KeyVaultKeyId.VaultScope(keyId) is not { } vaultScope)
        {
            return facts with { KeyStateError = "the account's key is not a key's URI in Key Vault's domain of an Azure cloud" };
        }

        if (facts.KeyVersion is { } pinned && !KeyVersionPattern().IsMatch(pinned))
        {
            return facts with { KeyStateError = $"the account pins the key version '{pinned}', which is not a Key Vault version" };
        }

        var version = facts.KeyVersion is null ? "" : $"/{facts.KeyVersion}";
        var (key, error, notFound) = await GetAsync(new Uri($"{keyId}{version}?api-version={KeyVaultApiVersion}"), vaultScope, cancellationToken).ConfigureAwait(false);
        using (key)
        {
            if (key is null)
            {
                // Key Vault answers 404 (KeyNotFound) only to a caller who may read the vault: the key is gone, not hidden.
                return notFound ? facts with { KeyState = KeyTiersAndLogsFacts.DeletedKey } : facts with { KeyStateError = error };
            }

            if (!key.RootElement.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
            {
                return facts with { KeyStateError = "the answer has no key attributes" };
            }

            var now = Time.GetUtcNow();
            var state = attributes.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False ? "Disabled"
                : UnixTime(attributes, "exp") <= now ? KeyTiersAndLogsFacts.ExpiredKey
                : UnixTime(attributes, "nbf") > now ? KeyTiersAndLogsFacts.NotYetValidKey
                : "Enabled";
            return facts with { KeyState = state };
        }
    }

    /// <summary>Azure's tierTo* actions on base blobs and the class each moves to.</summary>
    private static readonly (string Action, string Tier)[] TierActions = [("tierToCool", "Cool"), ("tierToCold", "Cold"), ("tierToArchive", "Archive")];

    /// <summary>
    /// The enabled rules' moves of base blobs to a tier, by age since creation or last change (alike for write-once
    /// recordings), with prefixes made relative to <paramref name="container"/>; a rule for other containers only is left out.
    /// </summary>
    private static List<TierTransition> TierRules(JsonElement policy, string container)
    {
        var transitions = new List<TierTransition>();
        if (!policy.TryGetProperty("properties", out var properties) || !properties.TryGetProperty("policy", out var body))
        {
            return transitions;
        }

        foreach (var rule in Items(body, "rules"))
        {
            if ((rule.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
                || !rule.TryGetProperty("definition", out var definition)
                || !definition.TryGetProperty("actions", out var actions) || !actions.TryGetProperty("baseBlob", out var baseBlob))
            {
                continue;
            }

            var hasFilters = definition.TryGetProperty("filters", out var filters);
            if (hasFilters && Items(filters, "blobIndexMatch").Any())
            {
                // A rule for blobs of some index tags only: Stream's uploads carry none.
                continue;
            }

            if (hasFilters && Items(filters, "blobTypes").ToList() is { Count: > 0 } types
                && !types.Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), "blockBlob", StringComparison.OrdinalIgnoreCase)))
            {
                // A rule for append or page blobs only: Stream's recordings are block blobs.
                continue;
            }

            var matches = hasFilters ? Items(filters, "prefixMatch").ToList() : [];
            var prefixes = matches.Count > 0 ? matches.Select(p => RelativePrefix(p.GetString() ?? "", container)).OfType<string>().ToList() : [""];
            foreach (var (action, tier) in TierActions)
            {
                if (baseBlob.TryGetProperty(action, out var move) && Days(move) is { } days)
                {
                    transitions.AddRange(prefixes.Select(prefix => new TierTransition(days, tier, prefix)));
                }
            }
        }

        return transitions;

        static int? Days(JsonElement move) =>
            (move.TryGetProperty("daysAfterCreationGreaterThan", out var days) || move.TryGetProperty("daysAfterModificationGreaterThan", out days))
            && days.ValueKind == JsonValueKind.Number
                ? (int)days.GetDouble()
                : null;
    }

    /// <summary>A <c>prefixMatch</c> entry (<c>container/prefix</c>) within <paramref name="container"/>; null for another container.</summary>
    private static string? RelativePrefix(string prefixMatch, string container) =>
        prefixMatch.StartsWith(container + "/", StringComparison.Ordinal) ? prefixMatch[(container.Length + 1)..]
        // A prefix without '/' is one of containers' names: every container whose name starts with it, whole.
        : !prefixMatch.Contains('/', StringComparison.Ordinal) && container.StartsWith(prefixMatch, StringComparison.Ordinal) ? ""
        : null;

    /// <summary>
    /// The destinations (storage account or Log Analytics workspace ids) of the diagnostic settings that send every one of
    /// the access log categories, one by one or as the <c>allLogs</c> group.
    /// </summary>
    private static List<string> AccessLogDestinations(JsonElement settings)
    {
        var destinations = new List<string>();
        foreach (var setting in Items(settings, "value"))
        {
            if (!setting.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            var enabled = Items(properties, "logs")
                .Where(l => l.TryGetProperty("enabled", out var on) && on.ValueKind == JsonValueKind.True)
                .Select(l => l.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                    : l.TryGetProperty("categoryGroup", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null)
                .OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!enabled.Contains("allLogs") && !AzureGrants.AccessLogCategories.All(enabled.Contains))
            {
                continue;
            }

            foreach (var destination in new[] { "storageAccountId", "workspaceId" })
            {
                if (properties.TryGetProperty(destination, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } resource)
                {
                    destinations.Add(resource);
                }
            }
        }

        return destinations;
    }

    /// <summary>The items of an array property; none when it is missing or not an array.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    /// <summary>
    /// The role assignments of the service principal of <paramref name="clientId"/> at the container or above it, its own
    /// and those of the groups it belongs to (<c>atScope() and assignedTo('{id}')</c>, as <c>az role assignment list
    /// --include-groups</c> asks), each with its role's permissions.
    /// </summary>
    public async Task<AzureGrantFacts> GatherGrantAsync(string containerId, string clientId, string path, CancellationToken cancellationToken = default)
    {
        AccountIdOf(containerId);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var facts = new AzureGrantFacts { ContainerId = containerId, Path = path };
        var (principal, principalError, _) = await GetAsync(
            new Uri(GraphEndpoint, $"v1.0/servicePrincipals(appId='{Uri.EscapeDataString(clientId)}')?$select=id"), CredentialAgeProbe.GraphScope, cancellationToken).ConfigureAwait(false);
        string? principalId;
        using (principal)
        {
            principalId = principal?.RootElement.TryGetProperty("id", out var id) == true && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }

        if (principalId is null)
        {
            return facts with { Error = $"the service principal of client id {clientId} could not be read from Entra ID: {principalError ?? "no id in the answer"}" };
        }

        var assignments = new List<AzureRoleAssignment>();
        var roles = new Dictionary<string, RoleDefinition>(StringComparer.OrdinalIgnoreCase);
        var filter = Uri.EscapeDataString($"atScope() and assignedTo('{principalId}')");
        string? next = $"{containerId}/providers/Microsoft.Authorization/roleAssignments?api-version={AuthorizationApiVersion}&$filter={filter}";
        while (next is not null)
        {
            var (page, pageError, _) = await GetArmAsync(next, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                return facts with { Error = pageError };
            }

            using (page)
            {
                next = page.RootElement.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
                if (!page.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array
                    || value.EnumerateArray().Any(item => !IsAssignment(item)))
                {
                    // An answer of another shape is not read as "no assignment": what it holds was not examined.
                    return facts with { Error = "Resource Manager answered the role assignments in a shape the doctor does not read" };
                }

                foreach (var item in value.EnumerateArray())
                {
                    var properties = item.GetProperty("properties");
                    var scope = properties.GetProperty("scope").GetString()!;
                    if (!Covers(scope, containerId))
                    {
                        continue;
                    }

                    var roleId = properties.GetProperty("roleDefinitionId").GetString()!;
                    if (!roles.TryGetValue(roleId, out var role))
                    {
                        var (definition, definitionError, _) = await GetArmAsync($"{roleId}?api-version={AuthorizationApiVersion}", cancellationToken).ConfigureAwait(false);
                        using (definition)
                        {
                            // A definition not read leaves its assignment not examined; the others are still judged.
                            roles[roleId] = role = definition is null
                                ? new RoleDefinition(roleId, [], [], [], [], definitionError)
                                : ReadRole(definition.RootElement);
                        }
                    }

                    var condition = properties.TryGetProperty("condition", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
                    // Another principal's assignment reaches Stream's through a group Stream's principal belongs to.
                    var holder = properties.TryGetProperty("principalId", out var held) && held.ValueKind == JsonValueKind.String ? held.GetString() : null;
                    var heldByGroup = properties.TryGetProperty("principalType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Group";
                    assignments.Add(new AzureRoleAssignment(item.GetProperty("id").GetString()!, scope, role.Name, role.DataActions, role.NotDataActions, condition)
                    {
                        Actions = role.Actions,
                        NotActions = role.NotActions,
                        DefinitionError = role.Error,
                        Group = heldByGroup || (holder is not null && !string.Equals(holder, principalId, StringComparison.OrdinalIgnoreCase)) ? holder ?? "(not named)" : null,
                    });
                }
            }
        }

        return facts with { Assignments = assignments };
    }

    /// <summary>An assignment as the doctor reads it: its id, and properties naming its scope and role definition.</summary>
    private static bool IsAssignment(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
        && item.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
        && properties.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String
        && properties.TryGetProperty("roleDefinitionId", out var role) && role.ValueKind == JsonValueKind.String;

    /// <summary>
    /// Whether an assignment at <paramref name="scope"/> applies to the container: at it, or at a scope above it, a
    /// management group among them (Resource Manager lists only the groups the subscription is under).
    /// </summary>
    private static bool Covers(string scope, string containerId)
    {
        var trimmed = scope.TrimEnd('/');
        return trimmed.Length == 0
            || trimmed.StartsWith(ManagementGroupScope, StringComparison.OrdinalIgnoreCase)
            || string.Equals(trimmed, containerId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            || containerId.StartsWith(trimmed + "/", StringComparison.OrdinalIgnoreCase);
    }

    private const string ManagementGroupScope = "/providers/Microsoft.Management/managementGroups/";

    /// <summary>A role definition's name and <c>permissions</c>; the error instead when it could not be read, under its id for a name.</summary>
    private sealed record RoleDefinition(
        string Name, List<string> DataActions, List<string> NotDataActions, List<string> Actions, List<string> NotActions, string? Error);

    private static RoleDefinition ReadRole(JsonElement definition)
    {
        var properties = definition.TryGetProperty("properties", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
        var permissions = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("permissions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).ToList()
            : [];
        return new RoleDefinition(
            properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("roleName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "a role",
            [.. permissions.SelectMany(p => Strings(p, "dataActions"))],
            [.. permissions.SelectMany(p => Strings(p, "notDataActions"))],
            [.. permissions.SelectMany(p => Strings(p, "actions"))],
            [.. permissions.SelectMany(p => Strings(p, "notActions"))],
            Error: null);

        static IEnumerable<string> Strings(JsonElement permission, string name) =>
            permission.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
                ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
                : [];
    }

    /// <summary>A container's time-based retention policy (<c>properties.immutabilityPolicy</c>), when it has one.</summary>
    private static BucketLock? ContainerLock(JsonElement container) =>
        container.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("hasImmutabilityPolicy", out var has) && has.ValueKind == JsonValueKind.True
        && properties.TryGetProperty("immutabilityPolicy", out var policy) && policy.TryGetProperty("properties", out var policyProperties)
            ? PolicyLock(policyProperties, accountDefault: false)
            : null;

    /// <summary>The account's version-level default policy (<c>properties.immutableStorageWithVersioning.immutabilityPolicy</c>), when enabled.</summary>
    private static BucketLock? AccountVersionLock(JsonElement account) =>
        account.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("immutableStorageWithVersioning", out var versioning)
        && versioning.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True
        && versioning.TryGetProperty("immutabilityPolicy", out var policy)
        && !(policy.TryGetProperty("state", out var state) && state.GetString() == "Disabled")
            ? PolicyLock(policy, accountDefault: true)
            : null;

    private static BucketLock? PolicyLock(JsonElement policy, bool accountDefault) =>
        policy.TryGetProperty("immutabilityPeriodSinceCreationInDays", out var days) && days.ValueKind == JsonValueKind.Number
            ? new BucketLock(days.GetInt32(), policy.TryGetProperty("state", out var state) && state.GetString() == "Locked", accountDefault)
            : null;

    private Task<(JsonDocument? Json, string? Error, bool NotFound)> GetArmAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        GetAsync(new Uri(ArmEndpoint, pathAndQuery.StartsWith("https://", StringComparison.Ordinal) ? new Uri(pathAndQuery).PathAndQuery : pathAndQuery), ArmScope, cancellationToken);

    /// <returns>The answer, or the error and whether it was a 404 (a resource that does not exist, which some reads expect).</returns>
    private async Task<(JsonDocument? Json, string? Error, bool NotFound)> GetAsync(Uri uri, string scope, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        try
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ownerToken(scope, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // DefaultAzureCredential signals a missing sign-in with its own exceptions.
            return (null, $"no owner sign-in: {e.Message}", false);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (NoAnswer.Is(e, cancellationToken))
        {
            // A vault purged or out of reach, or Resource Manager down: a read not made, never a crash of the whole report.
            return (null, $"no answer from {uri.Host} after retries ({e.Message})", false);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode} {ErrorOf(body)}".TrimEnd(), response.StatusCode == System.Net.HttpStatusCode.NotFound);
            }

            try
            {
                return (JsonDocument.Parse(body), null, false);
            }
            catch (JsonException)
            {
                return (null, $"{uri.Host} answered HTTP {(int)response.StatusCode} with something other than JSON", false);
            }
        }
    }

    /// <summary>
    /// ARM, Graph and Key Vault all answer <c>{"error": {"code": ..., "message": ...}}</c>; Key Vault's inner code tells a
    /// vault that denies by Azure RBAC (<c>ForbiddenByRbac</c>) from one that denies by access policy (<c>AccessDenied</c>).
    /// </summary>
    private static string? ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (code is not null && error.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("code", out var innerCode) && innerCode.ValueKind == JsonValueKind.String)
            {
                code = $"{code} ({innerCode.GetString()})";
            }

            return code is null ? message : $"{code}: {message}".TrimEnd(' ', ':');
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A Key Vault attribute in Unix seconds (<c>exp</c>, <c>nbf</c>); null when the key has none.</summary>
    private static DateTimeOffset? UnixTime(JsonElement attributes, string name) =>
        attributes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeSeconds(value.GetInt64()) : null;

    [GeneratedRegex(@"^(?<account>/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/(?<accountName>[^/]+))/blobServices/default/containers/(?<container>[^/]+)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ContainerIdPattern();

    /// <summary>A Key Vault key version: 32 hexadecimal digits.</summary>
    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeyVersionPattern();
}
