using System.Text.RegularExpressions;

namespace StorageRegistrar.Grants;

/// <summary>
/// An existing Key Vault key as Azure Resource Manager names it:
/// <c>/subscriptions/S/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/VAULT/keys/NAME</c>. The resource id is also
/// the scope the account's identity is granted the key on, which the key's URI (<c>https://VAULT.vault.azure.net/keys/NAME</c>)
/// does not say.
/// </summary>
public sealed partial record KeyVaultKeyId(string SubscriptionId, string ResourceGroupName, string VaultName, string KeyName)
{
    public string ResourceId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.KeyVault/vaults/{VaultName}/keys/{KeyName}";

    public override string ToString() => ResourceId;

    /// <summary>The key's resource id, or null when <paramref name="value"/> is not one (case-insensitive, as ARM ids are).</summary>
    public static KeyVaultKeyId? TryParse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ResourceIdPattern().Match(value) is { Success: true } match
            ? new KeyVaultKeyId(match.Groups["subscription"].Value, match.Groups["group"].Value, match.Groups["vault"].Value, match.Groups["key"].Value)
            : null;
    }

    /// <summary>The vaults' DNS suffix in the public, China and US Government clouds; each cloud's vault token is for its own.</summary>
    private static readonly string[] VaultDomains = ["vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net"];

    /// <summary>The token scopes of Key Vault in each Azure cloud, one per <see cref="VaultDomains"/>.</summary>
    public static IReadOnlyList<string> VaultScopes { get; } = [.. VaultDomains.Select(domain => $"https://{domain}/.default")];

    /// <summary>Whether <paramref name="value"/> is a key's https URI in the vaults' domain of an Azure cloud, the only place a vault token may go.</summary>
    public static bool IsVaultKeyUri(string value) => VaultScope(value) is not null;

    /// <summary>
    /// The scope of the token a key's URI takes: its own cloud's vault scope, so that no cloud's token goes to another's
    /// vaults; null when <paramref name="value"/> is not a key's https URI in the vaults' domain of an Azure cloud.
    /// </summary>
    public static string? VaultScope(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && KeyUriPattern().IsMatch(value)
            && VaultDomains.FirstOrDefault(domain => uri.Host.EndsWith($".{domain}", StringComparison.OrdinalIgnoreCase)) is { } vaultDomain
            ? $"https://{vaultDomain}/.default"
            : null;

    /// <summary>
    /// The vault and key a key's resource id or URI names, which is what an account's encryption settings hold
    /// (<c>keyvaulturi</c>, <c>keyname</c>); null for anything else.
    /// </summary>
    public static (string Vault, string Key)? VaultAndKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParse(value) is { } id)
        {
            return (id.VaultName, id.KeyName);
        }

        return KeyUriPattern().Match(value) is { Success: true } uri ? (uri.Groups["vault"].Value, uri.Groups["key"].Value) : null;
    }

    /// <summary>Subscription GUID, resource group (1-90 characters), vault (3-24) and key (1-127) names.</summary>
    [GeneratedRegex(
        @"^/subscriptions/(?<subscription>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/resourceGroups/(?<group>[-\w.()]{0,89}[-\w()])/providers/Microsoft\.KeyVault/vaults/(?<vault>[a-z0-9-]{3,24})/keys/(?<key>[a-z0-9-]{1,127})\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ResourceIdPattern();

    /// <summary>A key's URI in any Azure cloud, with or without a version.</summary>
    [GeneratedRegex(@"^https://(?<vault>[a-z0-9-]+)\.vault\.[a-z0-9.-]+/keys/(?<key>[a-z0-9-]{1,127})(/[0-9a-f]{32})?/?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeyUriPattern();
}
