using System.Diagnostics;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream;

/// <summary>
/// The server-side token as Stream's docs and its Node and Go SDKs mint it: HS256 over the API secret, claims
/// <c>{"server":true}</c> only, sent raw (no "Bearer") in Authorization. Without <c>iat</c>, a runner whose clock is
/// ahead of Stream's is not refused (JWT error 42, issued in the future); without <c>exp</c>, the token never ends.
/// </summary>
internal sealed class StreamTokenSource
{
    // HMAC-SHA256 keys shorter than the hash are rejected by IdentityModel; say so before any call.
    public const int MinimumSecretBytes = 32;

    // The same for every request (it holds no time) and valid forever: kept out of debugger views.
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _serverToken;

    public StreamTokenSource(SecretString apiSecret)
    {
        var keyBytes = Encoding.UTF8.GetBytes(apiSecret.Reveal());
        if (keyBytes.Length < MinimumSecretBytes)
        {
            throw new ArgumentException(
                $"The Stream API secret is {keyBytes.Length} bytes; HS256 signing needs at least {MinimumSecretBytes}. " +
                "Copy the full secret from the Stream dashboard.",
                nameof(apiSecret));
        }

        _serverToken = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["server"] = true },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Sends <paramref name="request"/> with the server token, raw in Authorization as Stream's SDKs send it.</summary>
    public void Authorize(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", _serverToken);
}
