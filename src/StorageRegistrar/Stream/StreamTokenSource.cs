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

        ServerToken = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["server"] = true },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The same for every request: it holds no time.</summary>
    public string ServerToken { get; }
}
