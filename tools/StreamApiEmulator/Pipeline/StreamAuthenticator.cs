using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StreamApiEmulator.Pipeline;

/// <summary>
/// Stream's server-side authentication: <c>api_key</c> in the query, <c>stream-auth-type: jwt</c>, and
/// <c>Authorization</c> holding the raw HS256 JWT signed with the app secret. Any validly signed token
/// without <c>user_id</c> is the server (SDKs send <c>{"server":true}</c>, <c>{}</c> or only
/// <c>iat/nbf/exp</c>); <c>exp</c>, <c>nbf</c> and <c>iat</c> are checked when present.
/// </summary>
public sealed class StreamAuthenticator
{
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;

    public StreamAuthenticator(IOptions<EmulatorOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.ApiSecret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
        };
    }

    /// <summary>Throws Stream's error for the first rule the request breaks.</summary>
    public async Task AuthenticateAsync(HttpContext context, string operation)
    {
        var apiKey = context.Request.Query["api_key"].ToString();
        if (apiKey.Length == 0)
        {
            throw new StreamException(StreamErrorCode.AccessKeyError, "api_key or app_id not provided");
        }

        if (!string.Equals(apiKey, _options.ApiKey, StringComparison.Ordinal))
        {
            throw new StreamException(StreamErrorCode.AccessKeyError, "api_key not found");
        }

        var authType = context.Request.Headers["stream-auth-type"].ToString();
        if (string.Equals(authType, "anonymous", StringComparison.OrdinalIgnoreCase))
        {
            throw new StreamException(StreamErrorCode.NotAllowed, $"anonymous users are not allowed to perform action {operation}");
        }

        if (!string.Equals(authType, "jwt", StringComparison.OrdinalIgnoreCase))
        {
            throw new StreamException(StreamErrorCode.AuthenticationError, "Stream-Auth-Type header must be \"jwt\" for server-side requests");
        }

        var token = context.Request.Headers.Authorization.ToString();
        if (token.Length == 0)
        {
            throw new StreamException(StreamErrorCode.AuthenticationError, "JWT token missing from the Authorization header");
        }

        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new StreamException(StreamErrorCode.AuthenticationError, "JWT token is malformed: the Authorization header must hold the token itself, without \"Bearer \"");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            throw ToStreamError(result.Exception);
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (jwt.TryGetPayloadValue<object>("iat", out _) && jwt.IssuedAt > _time.GetUtcNow().UtcDateTime)
        {
            throw new StreamException(StreamErrorCode.TokenIssuedInFuture, "JWT token used before issue at (iat)");
        }

        if (jwt.TryGetPayloadValue<string>("user_id", out var userId))
        {
            throw new StreamException(StreamErrorCode.NotAllowed, $"User '{userId}' is not allowed to perform action {operation}: it requires server-side authentication");
        }
    }

    private static StreamException ToStreamError(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => new(StreamErrorCode.TokenExpired, "JWT token expired"),
        SecurityTokenNotYetValidException => new(StreamErrorCode.TokenNotValidYet, "JWT token not valid yet (nbf)"),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException
            => new(StreamErrorCode.TokenSignatureInvalid, "JWT token signature is invalid"),
        _ => new(StreamErrorCode.AuthenticationError, "JWT token is malformed"),
    };
}
