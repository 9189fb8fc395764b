using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream;

/// <summary>
/// Server-side tokens as the official SDKs mint them: HS256 over the API secret, claims
/// <c>{"server":true,"iat":…}</c>, no expiry, sent raw (no "Bearer") in Authorization.
/// </summary>
internal sealed class StreamTokenSource
{
    // HMAC-SHA256 keys shorter than the hash are rejected by IdentityModel; say so before any call.
    public const int MinimumSecretBytes = 32;

    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public StreamTokenSource(SecretString apiSecret, TimeProvider timeProvider)
    {
        var keyBytes = Encoding.UTF8.GetBytes(apiSecret.Reveal());
        if (keyBytes.Length < MinimumSecretBytes)
        {
            throw new ArgumentException(
                $"The Stream API secret is {keyBytes.Length} bytes; HS256 signing needs at least {MinimumSecretBytes}. " +
                "Copy the full secret from the Stream dashboard.",
                nameof(apiSecret));
        }

        _credentials = new SigningCredentials(new SymmetricSecurityKey(keyBytes), SecurityAlgorithms.HmacSha256);
        _timeProvider = timeProvider;
    }

    public string CreateServerToken() =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["server"] = true },
            IssuedAt = _timeProvider.GetUtcNow().UtcDateTime,
            SigningCredentials = _credentials,
        });
}
