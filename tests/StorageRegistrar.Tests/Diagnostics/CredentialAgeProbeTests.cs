using System.Net;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Tests.Fixtures;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class CredentialAgeProbeTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Gcs_keys_are_listed_user_managed_only_with_the_owners_cloud_platform_token()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, """
            { "keys": [ { "name": "projects/p/serviceAccounts/w@p.iam.gserviceaccount.com/keys/k1", "validAfterTime": "2026-03-30T09:15:02Z",
                          "validBeforeTime": "9999-12-31T23:59:59Z", "keyType": "USER_MANAGED" } ] }
            """);
        using var http = new HttpClient(handler);
        string? askedScope = null;
        var probe = new CredentialAgeProbe(
            http,
            (scope, _) =>
            {
                askedScope = scope;
                return Task.FromResult("owner-token");
            },
            new FakeTimeProvider(Now));

        var facts = await probe.GatherGcsAsync("w@p.iam.gserviceaccount.com", maxAgeDays: 90, TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://iam.googleapis.com/v1/projects/-/serviceAccounts/w%40p.iam.gserviceaccount.com/keys?keyTypes=USER_MANAGED", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer owner-token", request.Header("Authorization"));
        Assert.Equal(CredentialAgeProbe.GoogleScope, askedScope);
        Assert.Equal(
            (CredentialKind.GcsServiceAccountKey, 90, Now, "k1"),
            (facts.Kind, facts.MaxAgeDays, facts.Now, Assert.Single(facts.Credentials).Id));
    }

    [Fact]
    public async Task Azure_secrets_are_read_from_the_application_by_its_client_id()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, """
            { "passwordCredentials": [ { "keyId": "7b1e4c2a-9d3f-4e8b-a6c5-1f2e3d4c5b6a", "startDateTime": "2025-12-31T08:00:00Z", "endDateTime": "2026-06-29T08:00:00Z" } ] }
            """);
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("owner-token"), new FakeTimeProvider(Now));

        var facts = await probe.GatherAzureAsync("00000000-0000-0000-0000-0000000000cc", TestContext.Current.CancellationToken);

        Assert.Equal(
            "https://graph.microsoft.com/v1.0/applications(appId='00000000-0000-0000-0000-0000000000cc')?$select=passwordCredentials",
            Assert.Single(handler.Requests).Uri.OriginalString);
        Assert.Equal(new DateTimeOffset(2026, 6, 29, 8, 0, 0, TimeSpan.Zero), Assert.Single(facts.Credentials).ExpiresAt);
    }

    [Fact]
    public async Task A_refused_list_is_reported_with_the_clouds_message()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.Forbidden, """
            { "error": { "code": 403, "message": "Permission 'iam.serviceAccountKeys.list' denied on resource", "status": "PERMISSION_DENIED" } }
            """);
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("owner-token"), new FakeTimeProvider(Now));

        var facts = await probe.GatherGcsAsync("w@p.iam.gserviceaccount.com", maxAgeDays: null, TestContext.Current.CancellationToken);

        Assert.Equal("HTTP 403 Permission 'iam.serviceAccountKeys.list' denied on resource", facts.ListError);
        Assert.Empty(facts.Credentials);
    }
}
