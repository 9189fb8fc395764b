using System.Text.Json;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads, with the owner's sign-in, the state of a bucket's default Cloud KMS key: its primary version's, the one Cloud
/// Storage encrypts new objects with (Cloud KMS v1 <c>cryptoKeys.get</c>). No SDK package for Cloud KMS is served here,
/// so the read goes through <see cref="PreflightRest"/>. Only reads.
/// </summary>
public sealed class CloudKmsKeyProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken)
    : OwnerRestClient(http, ownerToken, CredentialAgeProbe.GoogleScope, GcpGuardrails.OwnerSignIn, new Uri("https://cloudkms.googleapis.com/"))
{
    /// <summary>The state of <paramref name="facts"/>' key (<see cref="KeyTiersAndLogsFacts.KeyId"/>, a key or one of its versions), added to them.</summary>
    public async Task<KeyTiersAndLogsFacts> ReadStateAsync(KeyTiersAndLogsFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.KeyId is not { } keyId)
        {
            return facts;
        }

        var key = CloudKmsKeyName(keyId);
        var uri = new Uri(Endpoint, $"v1/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}");
        var read = await ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            $"cryptoKeys.get of {key}",
            answer => JsonSerializer.Deserialize(answer, GoogleJsonContext.Default.CryptoKeyJson) ?? throw new JsonException("null instead of a key"),
            cancellationToken).ConfigureAwait(false);
        return read.Value switch
        {
            null => facts with { KeyStateError = read.Refusal },
            { Primary: { State: { } state } primary } => facts with { KeyState = state, KeyVersion = primary.Name },
            { Primary: not null } => facts with { KeyStateError = $"cryptoKeys.get of {key} answered a primary version without a state" },
            _ => facts with { KeyState = KeyTiersAndLogsFacts.NoPrimaryVersion },
        };
    }

    /// <summary>The key a bucket's default key names: Cloud Storage may hold one of its versions.</summary>
    internal static string CloudKmsKeyName(string keyOrVersion)
    {
        var version = keyOrVersion.IndexOf("/cryptoKeyVersions/", StringComparison.Ordinal);
        return version < 0 ? keyOrVersion : keyOrVersion[..version];
    }
}
