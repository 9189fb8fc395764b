namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Cloud KMS, read-only: which of some permissions the caller holds on a key (<c>POST v1/{key}:testIamPermissions</c>),
/// for an existing key, perhaps another project's, the stack grants Cloud Storage's service agent. No SDK package for
/// the API is served here, so this is its one REST client.
/// </summary>
public sealed class CloudKmsClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : GooglePermissionsClient(http, ownerToken, DefaultEndpoint)
{
    /// <summary>The Cloud KMS API's own root.</summary>
    public static readonly Uri DefaultEndpoint = new("https://cloudkms.googleapis.com/");

    /// <param name="key">The key's resource name, <c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>.</param>
    /// <returns>The permissions held, among those asked.</returns>
    public Task<CloudRead<IReadOnlySet<string>>> TestKeyPermissionsAsync(string key, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // The name's slashes are the path's: each segment is escaped alone.
        return TestPermissionsAsync($"v1/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}", permissions, $"the deployer's permissions on key {key}", cancellationToken);
    }
}
