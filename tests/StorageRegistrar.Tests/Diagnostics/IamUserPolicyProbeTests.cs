using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using StorageRegistrar.Preflight.Aws;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>IAM's Query API answers, as recorded, in the order the probe asks: inline policies, attached policies, groups.</summary>
public sealed class IamUserPolicyProbeTests
{
    private const string User = "stream-dev-rec-1a2b3c4d";
    private const string Bucket = "acme-recordings";
    private const string Path = "video/";
    private const string OwnerKeyId = "AKIAOWNEREXAMPLE0001";
    private const string OwnerSecret = "owner/secret+EXAMPLEKEY0000000000000000";
    private const string Iam = "https://iam.amazonaws.com/";
    private const string S3FullAccess = "arn:aws:iam::aws:policy/AmazonS3FullAccess";

    private static IamUserPolicyProbe Probe(ScriptedHandler handler) =>
        new(new AwsRest(new HttpClient(handler), () => new BasicAWSCredentials(OwnerKeyId, OwnerSecret), new FakeTimeProvider(new DateTimeOffset(2026, 6, 20, 12, 0, 0, TimeSpan.Zero))));

    private static string Answer(string action, string result) =>
        $"""<{action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></{action}Response>""";

    /// <summary>One page of a list; with <paramref name="marker"/>, a truncated one.</summary>
    private static string Page(string action, string list, string members, string? marker = null) =>
        Answer(action, $"<{list}>{members}</{list}><IsTruncated>{(marker is null ? "false" : "true")}</IsTruncated>{(marker is null ? "" : $"<Marker>{marker}</Marker>")}");

    private static string InlineNames(params string[] names) =>
        Page("ListUserPolicies", "PolicyNames", string.Concat(names.Select(n => $"<member>{n}</member>")));

    private static string InlinePolicy(string name, string document) =>
        Answer("GetUserPolicy", $"<UserName>{User}</UserName><PolicyName>{name}</PolicyName><PolicyDocument>{Uri.EscapeDataString(document)}</PolicyDocument>");

    private static string Attached(params string[] arns) =>
        Page("ListAttachedUserPolicies", "AttachedPolicies", string.Concat(arns.Select(a => $"<member><PolicyName>{a.Split('/')[^1]}</PolicyName><PolicyArn>{a}</PolicyArn></member>")));

    private static string NoGroups => Page("ListGroupsForUser", "Groups", "");

    private static string AccessDenied(string action) => $"""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/ops is not authorized to perform: iam:{action} on resource: user {User}</Message></Error>
          <RequestId>4a1d3b0e-EXAMPLE</RequestId>
        </ErrorResponse>
        """;

    [Fact]
    public async Task The_stacks_own_policy_is_read_decoded_in_signed_requests_and_passes()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, InlineNames("writer-policy-5c1d"))
            .Respond(HttpStatusCode.OK, InlinePolicy("writer-policy-5c1d", S3Grants.WriterUserPolicy(Bucket, Path)))
            .Respond(HttpStatusCode.OK, Attached())
            .Respond(HttpStatusCode.OK, NoGroups);

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                $"{Iam}?Action=ListUserPolicies&UserName={User}&Version=2010-05-08",
                $"{Iam}?Action=GetUserPolicy&UserName={User}&PolicyName=writer-policy-5c1d&Version=2010-05-08",
                $"{Iam}?Action=ListAttachedUserPolicies&UserName={User}&Version=2010-05-08",
                $"{Iam}?Action=ListGroupsForUser&UserName={User}&Version=2010-05-08",
            ],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={OwnerKeyId}/20260620/us-east-1/iam/aws4_request, ", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.DoesNotContain(handler.Requests, r => string.Join('\n', r.Headers.Values).Contains(OwnerSecret, StringComparison.Ordinal));
        var policy = Assert.Single(facts.Policies);
        Assert.Equal(("writer-policy-5c1d", false, S3Grants.WriterUserPolicy(Bucket, Path)), (policy.Name, policy.Managed, policy.Document));
        Assert.Empty(facts.Unread);
        Assert.Empty(IamUserPolicyAnalyzer.Analyze(facts));
    }

    [Fact]
    public async Task An_inline_policy_allowing_every_s3_action_everywhere_is_wider()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, InlineNames("admin"))
            .Respond(HttpStatusCode.OK, InlinePolicy("admin", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"""))
            .Respond(HttpStatusCode.OK, Attached())
            .Respond(HttpStatusCode.OK, NoGroups);

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.S3UserGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.StartsWith($"The inline policy 'admin' of IAM user '{User}' has an unnamed statement allowing s3:* on *:", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attached_managed_policy_is_read_at_its_default_version_and_judged()
    {
        const string fullAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}""";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, InlineNames())
            .Respond(HttpStatusCode.OK, Attached(S3FullAccess))
            .Respond(HttpStatusCode.OK, Answer("GetPolicy", $"<Policy><PolicyName>AmazonS3FullAccess</PolicyName><Arn>{S3FullAccess}</Arn><DefaultVersionId>v2</DefaultVersionId><AttachmentCount>3</AttachmentCount></Policy>"))
            .Respond(HttpStatusCode.OK, Answer("GetPolicyVersion", $"<PolicyVersion><Document>{Uri.EscapeDataString(fullAccess)}</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>"))
            .Respond(HttpStatusCode.OK, NoGroups);

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                $"{Iam}?Action=GetPolicy&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAmazonS3FullAccess&Version=2010-05-08",
                $"{Iam}?Action=GetPolicyVersion&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAmazonS3FullAccess&VersionId=v2&Version=2010-05-08",
            ],
            handler.Requests.Skip(2).Take(2).Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.Equal(SigV4Verifier.ExpectedSignature(r, OwnerSecret, "us-east-1", "iam"), SigV4Verifier.SignatureOf(r)));
        Assert.Equal((S3FullAccess, true, fullAccess), (facts.Policies[0].Name, facts.Policies[0].Managed, facts.Policies[0].Document));
        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(facts));
        Assert.Equal(FindingCodes.S3UserGrantWider, finding.Code);
        Assert.Contains($"--policy-arn {S3FullAccess}", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_in_a_group_is_said_to_have_policies_not_examined()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, InlineNames("writer-policy-5c1d"))
            .Respond(HttpStatusCode.OK, InlinePolicy("writer-policy-5c1d", S3Grants.WriterUserPolicy(Bucket, Path)))
            .Respond(HttpStatusCode.OK, Attached())
            .Respond(HttpStatusCode.OK, Page("ListGroupsForUser", "Groups",
                "<member><Path>/</Path><GroupName>uploaders</GroupName><GroupId>AGPAEXAMPLEGROUPID01</GroupId><Arn>arn:aws:iam::111122223333:group/uploaders</Arn><CreateDate>2025-11-02T10:00:00Z</CreateDate></member>"));

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        Assert.Equal(["uploaders"], facts.Groups);
        Assert.Equal(FindingCodes.S3UserGroupsUnexamined, Assert.Single(IamUserPolicyAnalyzer.Analyze(facts)).Code);
    }

    /// <summary>A refused list is not taken for a user without policies: what it would have listed is not examined, the rest still is.</summary>
    [Fact]
    public async Task A_refused_read_is_not_examined_with_iams_code_and_the_permission_it_needs()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.Forbidden, AccessDenied("ListUserPolicies"))
            .Respond(HttpStatusCode.OK, Attached(S3FullAccess))
            .Respond(HttpStatusCode.Forbidden, AccessDenied("GetPolicy"))
            .Respond(HttpStatusCode.OK, NoGroups);

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        Assert.Empty(facts.Policies);
        Assert.Equal(
            [
                $"the inline policies of IAM user {User} (iam:ListUserPolicies): HTTP 403 AccessDenied: User: arn:aws:iam::111122223333:user/ops is not authorized to perform: iam:ListUserPolicies on resource: user {User}",
                $"managed policy {S3FullAccess} (iam:GetPolicy): HTTP 403 AccessDenied: User: arn:aws:iam::111122223333:user/ops is not authorized to perform: iam:GetPolicy on resource: user {User}",
            ],
            facts.Unread.Select(u => u.TrimEnd('.')));
        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.S3UserPolicyUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("iam:ListUserPolicies", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_listing_is_followed_from_its_marker_to_the_last_page()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, Page("ListUserPolicies", "PolicyNames", "<member>writer-policy-5c1d</member>", marker: "AAEAAQ+/next=="))
            .Respond(HttpStatusCode.OK, InlineNames("uploads-anywhere"))
            .Respond(HttpStatusCode.OK, InlinePolicy("writer-policy-5c1d", S3Grants.WriterUserPolicy(Bucket, Path)))
            .Respond(HttpStatusCode.OK, InlinePolicy("uploads-anywhere", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"}]}"""))
            .Respond(HttpStatusCode.OK, Attached())
            .Respond(HttpStatusCode.OK, NoGroups);

        var facts = await Probe(handler).GatherAsync(User, Bucket, Path, "eu-west-1", TestContext.Current.CancellationToken);

        Assert.Equal($"{Iam}?Action=ListUserPolicies&UserName={User}&Marker=AAEAAQ%2B%2Fnext%3D%3D&Version=2010-05-08", handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal(["writer-policy-5c1d", "uploads-anywhere"], facts.Policies.Select(p => p.Name));
        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(facts));
        Assert.StartsWith($"The inline policy 'uploads-anywhere' of IAM user '{User}' has an unnamed statement allowing s3:PutObject on arn:aws:s3:::acme-recordings/*", finding.Cause, StringComparison.Ordinal);
    }
}
