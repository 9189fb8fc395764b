using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Aws;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>
/// The signing of the AWS reads the product makes without an SDK client. The SDK's signer always signs the body's hash
/// header too, which AWS's published Signature Version 4 test suite does not, so its signatures cannot be compared to the
/// suite's as they are: the tests' verifier (<see cref="SigV4Verifier"/>) is held to the suite instead, and what the
/// product sends is held to that verifier, an IAM query's escaped values included.
/// </summary>
public sealed class AwsSigningTests
{
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private const string Unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Theory]
    // The suite's cases get-vanilla, get-vanilla-utf8-query and get-vanilla-query-unreserved (credentials AKIDEXAMPLE,
    // 2015-08-30 12:36:00, us-east-1, service "service").
    [InlineData("/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("/?%E1%88%B4=bar", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")]
    [InlineData($"/?{Unreserved}={Unreserved}", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")]
    public void The_verifier_computes_the_published_suites_signatures(string pathAndQuery, string signature)
    {
        var request = new RecordedHttpRequest(
            "GET",
            new Uri(new Uri("https://example.amazonaws.com/"), pathAndQuery),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Amz-Date"] = "20150830T123600Z",
                ["Authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}",
            },
            ContentType: null,
            Body: null);

        Assert.Equal(signature, SigV4Verifier.ExpectedSignature(request, SuiteSecret, "us-east-1", "service"));
    }

    [Theory]
    [InlineData("PolicyArn", "arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAmazonS3FullAccess")]
    [InlineData("Marker", "AAEAAQ+/next==", "AAEAAQ%2B%2Fnext%3D%3D")]
    [InlineData("UserName", "rec+writer@prod", "rec%2Bwriter%40prod")]
    public async Task An_iam_query_is_escaped_once_and_signed_as_sent(string name, string value, string escaped)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, "<GetRoleResponse/>");
        var rest = new AwsRest(new HttpClient(handler), () => new BasicAWSCredentials("AKIDEXAMPLE", SuiteSecret), new FakeTimeProvider(new DateTimeOffset(2026, 6, 20, 12, 0, 0, TimeSpan.Zero)));
        var uri = AwsIam.Query(new Uri("https://iam.amazonaws.com/"), "GetPolicy", ("UserName", "writer"), ("Absent", null), (name, value));

        await rest.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), RegionEndpoint.USEast1, AwsIam.SigningName, "a read", d => d, TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal($"https://iam.amazonaws.com/?Action=GetPolicy&UserName=writer&{name}={escaped}&Version=2010-05-08", request.Uri.AbsoluteUri);
        Assert.Equal(SigV4Verifier.ExpectedSignature(request, SuiteSecret, "us-east-1", "iam"), SigV4Verifier.SignatureOf(request));
    }
}
