using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using StorageRegistrar.Preflight.Azure;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>Who a Microsoft Graph access token signs in, read from its claims as Entra writes them, without validating it.</summary>
public sealed class GraphCallerTests
{
    [Fact]
    public void An_app_only_token_signs_in_a_service_principal_with_its_graph_application_permissions()
    {
        var caller = GraphCaller.Of(Token(new JsonObject
        {
            ["idtyp"] = "app",
            ["oid"] = "sp-object-id",
            ["appid"] = "sp-app-id",
            ["roles"] = new JsonArray("Application.ReadWrite.OwnedBy", "Directory.Read.All"),
        }));

        Assert.Equal((true, "sp-object-id", "sp-app-id"), (caller.IsServicePrincipal, caller.ObjectId, caller.AppId));
        Assert.Equal(["Application.ReadWrite.OwnedBy", "Directory.Read.All"], caller.AppPermissions);
    }

    [Fact]
    public void Without_idtyp_a_token_without_delegated_scopes_is_app_only_and_a_v2_token_names_its_application_in_azp()
    {
        var caller = GraphCaller.Of(Token(new JsonObject { ["oid"] = "sp-object-id", ["azp"] = "sp-app-id" }));

        Assert.True(caller.IsServicePrincipal);
        Assert.Equal("sp-app-id", caller.AppId);
        Assert.Empty(caller.AppPermissions);
    }

    [Theory]
    [InlineData("user", null)]
    [InlineData(null, "User.Read Application.ReadWrite.All")]
    public void A_delegated_token_signs_in_a_user_whatever_it_may_do(string? type, string? scopes)
    {
        var claims = new JsonObject { ["oid"] = "user-object-id", ["roles"] = new JsonArray("Application.ReadWrite.All") };
        if (type is not null)
        {
            claims["idtyp"] = type;
        }

        if (scopes is not null)
        {
            claims["scp"] = scopes;
        }

        var caller = GraphCaller.Of(Token(claims));
        Assert.False(caller.IsServicePrincipal);
        // Its object id, which its role assignments are listed by; its roles claim grants a user nothing.
        Assert.Equal(("user-object-id", null), (caller.ObjectId, caller.AppId));
        Assert.Empty(caller.AppPermissions);
    }

    [Fact]
    public void A_token_that_is_not_a_jwt_is_taken_for_a_users()
    {
        var caller = GraphCaller.Of("opaque-token");
        Assert.Equal((false, null), (caller.IsServicePrincipal, caller.ObjectId));
    }

    private static string Token(JsonObject claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(claims.ToJsonString());
}
