using Microsoft.IdentityModel.JsonWebTokens;

namespace StorageRegistrar.Preflight.Azure;

/// <summary>
/// Who the owner's Microsoft Graph access token signs in, as its claims say (Microsoft identity platform access token
/// claims reference): an app-only token (<c>idtyp</c> <c>app</c>; where <c>idtyp</c> is absent, no <c>scp</c>, which only
/// delegated tokens carry) signs in a service principal (<c>oid</c>, of the application <c>appid</c> or <c>azp</c>)
/// whose Microsoft Graph application permissions are its <c>roles</c>. The token is read, never validated: Graph
/// validates it, and preflight only learns what it was given. A token that is not a JWT is taken for a user's, judged as
/// before by what Graph answers about them.
/// </summary>
/// <param name="ObjectId">The signed-in user's or service principal's object id (<c>oid</c>); null when the token names none.</param>
/// <param name="AppId">The service principal's application (client) id; null for a user.</param>
/// <param name="AppPermissions">The service principal's Microsoft Graph application permissions; empty for a user.</param>
internal sealed record GraphCaller(bool IsServicePrincipal, string? ObjectId, string? AppId, IReadOnlyList<string> AppPermissions)
{
    private static readonly GraphCaller User = new(IsServicePrincipal: false, null, null, []);

    public static GraphCaller Of(string token)
    {
        if (!new JsonWebTokenHandler().CanReadToken(token))
        {
            return User;
        }

        var jwt = new JsonWebToken(token);
        var appOnly = jwt.TryGetPayloadValue<string>("idtyp", out var type) ? type == "app" : !jwt.TryGetPayloadValue<string>("scp", out _);
        if (!appOnly)
        {
            return User with { ObjectId = Claim(jwt, "oid") };
        }

        return new GraphCaller(
            IsServicePrincipal: true,
            Claim(jwt, "oid"),
            Claim(jwt, "appid") ?? Claim(jwt, "azp"),
            [.. jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value)]);
    }

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) && value.Length > 0 ? value : null;
}
