using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Verification;

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

    [Fact]
    public async Task A_list_that_fails_or_answers_another_shape_is_an_unread_list_not_a_failed_report()
    {
        var handler = new ScriptedHandler()
            .Fail(new HttpRequestException("Connection refused (iam.googleapis.com:443)"))
            .Respond(HttpStatusCode.OK, "<html><body>Sign in to the proxy</body></html>");
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("owner-token"), new FakeTimeProvider(Now));

        var unreachable = await probe.GatherGcsAsync("w@p.iam.gserviceaccount.com", maxAgeDays: null, TestContext.Current.CancellationToken);
        var otherShape = await probe.GatherGcsAsync("w@p.iam.gserviceaccount.com", maxAgeDays: null, TestContext.Current.CancellationToken);

        Assert.Equal("the read failed: Connection refused (iam.googleapis.com:443)", unreachable.ListError);
        Assert.StartsWith("the read failed: ", otherShape.ListError, StringComparison.Ordinal);
        Assert.All([unreachable, otherShape], facts => Assert.Empty(facts.Credentials));
        Assert.Equal(FindingCodes.CredentialAgeUnreadable, Assert.Single(CredentialAgeAnalyzer.Analyze(otherShape)).Code);
    }

    private const string OwnerKeyId = "AKIAOWNEREXAMPLE0001";
    private const string OwnerSecret = "owner/secret+EXAMPLEKEY0000000000000000";

    private const string TwoAccessKeys = """
        <ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <ListAccessKeysResult>
            <UserName>rec+writer@prod</UserName>
            <AccessKeyMetadata>
              <member><UserName>rec+writer@prod</UserName><AccessKeyId>AKIAOLDKEYEXAMPLE001</AccessKeyId><Status>Inactive</Status><CreateDate>2025-11-02T10:00:00Z</CreateDate></member>
              <member><UserName>rec+writer@prod</UserName><AccessKeyId>AKIANEWKEYEXAMPLE002</AccessKeyId><Status>Active</Status><CreateDate>2026-03-30T09:15:02Z</CreateDate></member>
            </AccessKeyMetadata>
            <IsTruncated>false</IsTruncated>
          </ListAccessKeysResult>
          <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
        </ListAccessKeysResponse>
        """;

    [Fact]
    public async Task S3_access_keys_are_listed_for_the_iam_user_in_a_request_iam_can_verify()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, TwoAccessKeys);
        using var http = new HttpClient(handler);
        string? askedProfile = null;
        var probe = new CredentialAgeProbe(http, (_, _) => throw new InvalidOperationException("no bearer token for AWS"), new FakeTimeProvider(Now))
        {
            AwsCredentials = profile =>
            {
                askedProfile = profile;
                return new BasicAWSCredentials(OwnerKeyId, OwnerSecret);
            },
        };

        var facts = await probe.GatherS3Async("rec+writer@prod", "eu-west-1", maxAgeDays: 90, awsProfile: "recordings-audit", TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://iam.amazonaws.com/?Action=ListAccessKeys&UserName=rec%2Bwriter%40prod&Version=2010-05-08", request.Uri.AbsoluteUri);
        Assert.Equal("recordings-audit", askedProfile);
        Assert.Equal("20260620T120000Z", request.Header("X-Amz-Date"));
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={OwnerKeyId}/20260620/us-east-1/iam/aws4_request, ", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(SigV4Verifier.ExpectedSignature(request, OwnerSecret, "us-east-1", "iam"), SigV4Verifier.SignatureOf(request));
        Assert.DoesNotContain(OwnerSecret, string.Join('\n', request.Headers.Values), StringComparison.Ordinal);
        Assert.Equal(
            (CredentialKind.AwsAccessKey, 90, "AKIAOLDKEYEXAMPLE001 AKIANEWKEYEXAMPLE002"),
            (facts.Kind, facts.MaxAgeDays, string.Join(' ', facts.Credentials.Select(c => c.Id))));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 15, 2, TimeSpan.Zero), facts.Credentials[1].CreatedAt);
        Assert.All(facts.Credentials, c => Assert.Null(c.ExpiresAt));
        Assert.Equal([false, true], facts.Credentials.Select(c => c.Enabled));
    }

    [Theory]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData(null, "https://iam.amazonaws.com/", "us-east-1")]
    public async Task Iam_is_asked_in_the_partition_of_the_buckets_region(string? bucketRegion, string endpoint, string signingRegion)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, TwoAccessKeys);
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("unused"), new FakeTimeProvider(Now))
        {
            AwsCredentials = _ => new SessionAWSCredentials(OwnerKeyId, OwnerSecret, "owner-session-token"),
        };

        await probe.GatherS3Async("writer", bucketRegion, maxAgeDays: null, cancellationToken: TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(endpoint, request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("20260620T120000Z", request.Header("X-Amz-Date"));
        Assert.Contains($"/20260620/{signingRegion}/iam/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("owner-session-token", request.Header("X-Amz-Security-Token"));
        Assert.Equal(SigV4Verifier.ExpectedSignature(request, OwnerSecret, signingRegion, "iam"), SigV4Verifier.SignatureOf(request));
    }

    [Fact]
    public async Task A_refused_iam_list_is_reported_with_iams_code_and_message()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.Forbidden, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:ListAccessKeys on resource: user writer</Message></Error>
              <RequestId>4a1d3b0e-EXAMPLE</RequestId>
            </ErrorResponse>
            """);
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("unused"), new FakeTimeProvider(Now))
        {
            AwsCredentials = _ => new BasicAWSCredentials(OwnerKeyId, OwnerSecret),
        };

        var facts = await probe.GatherS3Async("writer", "us-east-1", maxAgeDays: 90, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            "HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:ListAccessKeys on resource: user writer",
            facts.ListError);
        Assert.Contains("iam:ListAccessKeys", Assert.Single(CredentialAgeAnalyzer.Analyze(facts)).Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_aws_credentials_nothing_is_sent_and_the_list_is_reported_unreadable()
    {
        var handler = new ScriptedHandler();
        using var http = new HttpClient(handler);
        var probe = new CredentialAgeProbe(http, (_, _) => Task.FromResult("unused"), new FakeTimeProvider(Now))
        {
            AwsCredentials = _ => throw new OwnerCredentialsMissingException("No AWS credentials found for your own access to the bucket."),
        };

        var facts = await probe.GatherS3Async("writer", "us-east-1", maxAgeDays: 90, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(handler.Requests);
        Assert.Equal("no owner sign-in: No AWS credentials found for your own access to the bucket.", facts.ListError);
    }
}
