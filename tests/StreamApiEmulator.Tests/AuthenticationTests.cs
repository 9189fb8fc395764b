
namespace StreamApiEmulator.Tests;

public sealed class AuthenticationTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture)
{
    private const string Storages = "/api/v2/external_storage";
    private const string AnotherSecret = "a-different-secret-that-is-long-enough-0123456789";

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

    /// <summary>A request sent without valid server-side credentials: how it is wrong, and Stream's status, code and a part of its message.</summary>
    public static TheoryData<string, HttpStatusCode, int, string> RefusedCredentials => new()
    {
        { "no api_key", HttpStatusCode.Unauthorized, 2, "ListExternalStorage failed with error: \"api_key or app_id not provided\"" },
        { "unknown api_key", HttpStatusCode.Unauthorized, 2, "api_key not found" },
        { "no Stream-Auth-Type", HttpStatusCode.Unauthorized, 5, "Stream-Auth-Type" },
        // Anonymous access is not allowed on server-side operations.
        { "anonymous auth type", HttpStatusCode.Forbidden, 17, "anonymous" },
        { "no Authorization", HttpStatusCode.Unauthorized, 5, "JWT token missing" },
        // Stream takes the raw token.
        { "Bearer prefix", HttpStatusCode.Unauthorized, 5, "without \"Bearer \"" },
        { "malformed token", HttpStatusCode.Unauthorized, 5, "malformed" },
        { "token signed with another secret", HttpStatusCode.Unauthorized, 43, "signature" },
    };

    [Theory]
    [MemberData(nameof(RefusedCredentials))]
    public async Task A_request_without_valid_server_credentials_is_refused_with_its_code(string credentials, HttpStatusCode status, int code, string messagePart)
    {
        var response = credentials switch
        {
            "no api_key" => await Stream.SendAsync(HttpMethod.Get, Storages, apiKey: null),
            "unknown api_key" => await Stream.SendAsync(HttpMethod.Get, Storages, apiKey: "someone-elses-key"),
            "no Stream-Auth-Type" => await Stream.SendAsync(HttpMethod.Get, Storages, authType: null),
            "anonymous auth type" => await Stream.SendAsync(HttpMethod.Get, Storages, authorization: null, authType: "anonymous"),
            "no Authorization" => await Stream.SendAsync(HttpMethod.Get, Storages, authorization: null),
            "Bearer prefix" => await Stream.SendAsync(HttpMethod.Get, Storages, authorization: "Bearer " + Stream.Token()),
            "malformed token" => await Stream.SendAsync(HttpMethod.Get, Storages, authorization: "not-a-jwt"),
            "token signed with another secret" => await Stream.SendAsync(HttpMethod.Get, Storages, authorization: Stream.Token(secret: AnotherSecret)),
            _ => throw new ArgumentOutOfRangeException(nameof(credentials), credentials, "No such case."),
        };

        AssertError(response, status, code, messagePart);
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
        await Stream.SendAsync(HttpMethod.Get, Storages, authorization: Stream.Token(secret: AnotherSecret));
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
