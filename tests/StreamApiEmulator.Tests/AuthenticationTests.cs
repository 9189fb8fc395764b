using System.Net;
using StreamApiEmulator.Tests.Infrastructure;

namespace StreamApiEmulator.Tests;

public sealed class AuthenticationTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string Storages = "/api/v2/external_storage";

    public static TheoryData<string> ServerClaimSets => new()
    {
        // Node/Go/docs, Python, and C# (per-request iat/nbf/exp without a server claim).
        "server",
        "empty",
        "lifetime",
    };

    [Theory]
    [MemberData(nameof(ServerClaimSets))]
    public async Task Any_validly_signed_token_without_user_id_is_server_side(string claimSet)
    {
        var claims = claimSet switch
        {
            "server" => new Dictionary<string, object> { ["server"] = true },
            "empty" => [],
            _ => new Dictionary<string, object>
            {
                ["iat"] = StreamHttp.UnixSeconds(TimeSpan.FromSeconds(-5)),
                ["nbf"] = StreamHttp.UnixSeconds(TimeSpan.FromSeconds(-5)),
                ["exp"] = StreamHttp.UnixSeconds(TimeSpan.FromHours(1)),
            },
        };

        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: Stream.Token(claims));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.Body["external_storages"]);
    }

    [Fact]
    public async Task Missing_api_key_is_code_2()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, apiKey: null);

        AssertError(response, HttpStatusCode.Unauthorized, 2, "ListExternalStorage failed with error: \"api_key or app_id not provided\"");
    }

    [Fact]
    public async Task Unknown_api_key_is_code_2()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, apiKey: "someone-elses-key");

        AssertError(response, HttpStatusCode.Unauthorized, 2, "api_key not found");
    }

    [Fact]
    public async Task Missing_stream_auth_type_is_code_5()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authType: null);

        AssertError(response, HttpStatusCode.Unauthorized, 5, "Stream-Auth-Type");
    }

    [Fact]
    public async Task Anonymous_auth_type_is_not_allowed_on_server_side_operations()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: null, authType: "anonymous");

        AssertError(response, HttpStatusCode.Forbidden, 17, "anonymous");
    }

    [Fact]
    public async Task Missing_authorization_is_code_5()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: null);

        AssertError(response, HttpStatusCode.Unauthorized, 5, "JWT token missing");
    }

    [Fact]
    public async Task Bearer_prefix_is_rejected_because_stream_takes_the_raw_token()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: "Bearer " + Stream.Token());

        AssertError(response, HttpStatusCode.Unauthorized, 5, "without \"Bearer \"");
    }

    [Fact]
    public async Task Malformed_token_is_code_5()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: "not-a-jwt");

        AssertError(response, HttpStatusCode.Unauthorized, 5, "malformed");
    }

    [Fact]
    public async Task Token_signed_with_another_secret_is_code_43()
    {
        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: Stream.Token(secret: "a-different-secret-that-is-long-enough-0123456789"));

        AssertError(response, HttpStatusCode.Unauthorized, 43, "signature");
    }

    /// <summary>A time claim outside its window: the claim, its offset from now, Stream's code and a part of its message.</summary>
    public static TheoryData<string, int, int, string> TimeClaimsOutsideTheirWindow => new()
    {
        // Expired a minute ago.
        { "exp", -1, 40, "expired" },
        // Not valid for another ten minutes.
        { "nbf", 10, 41, "not valid yet" },
        // Issued ten minutes from now.
        { "iat", 10, 42, "iat" },
    };

    [Theory]
    [MemberData(nameof(TimeClaimsOutsideTheirWindow))]
    public async Task A_time_claim_outside_its_window_has_its_own_code(string claim, int minutesFromNow, int code, string messagePart)
    {
        var token = Stream.Token(new Dictionary<string, object> { [claim] = StreamHttp.UnixSeconds(TimeSpan.FromMinutes(minutesFromNow)) });

        var response = await Stream.SendAsync(HttpMethod.Get, Storages, authorization: token);

        AssertError(response, HttpStatusCode.Unauthorized, code, messagePart);
    }

    [Fact]
    public async Task User_token_is_not_allowed_on_server_side_operations()
    {
        var token = Stream.Token(new Dictionary<string, object> { ["user_id"] = "alice" });

        var response = await Stream.SendAsync(HttpMethod.Post, Storages, new System.Text.Json.Nodes.JsonObject(), authorization: token);

        AssertError(response, HttpStatusCode.Forbidden, 17, "alice");
    }

    [Fact]
    public async Task Request_log_records_whether_authentication_passed()
    {
        await Stream.SendAsync(HttpMethod.Get, Storages, authorization: Stream.Token(secret: "a-different-secret-that-is-long-enough-0123456789"));
        await Stream.GetAsync(Storages);

        var log = await Emulator.Control.GetRequestsAsync(Cancellation);

        Assert.Collection(
            log,
            failed => Assert.Equal(("GET", Storages, "ListExternalStorage", false, 401), (failed.Method, failed.Path, failed.Operation, failed.AuthOk, failed.Status)),
            passed => Assert.Equal(("GET", Storages, "ListExternalStorage", true, 200), (passed.Method, passed.Path, passed.Operation, passed.AuthOk, passed.Status)));
    }

    private static void AssertError(StreamResponse response, HttpStatusCode status, int code, string messagePart)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal((int)status, response.Body["StatusCode"]!.GetValue<int>());
        Assert.Contains(messagePart, response.Message, StringComparison.Ordinal);
    }
}
