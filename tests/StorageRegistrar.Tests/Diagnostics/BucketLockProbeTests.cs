using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Google.Apis.Json;
using Google.Apis.Storage.v1.Data;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>
/// How the S3 and GCS locks are read. The local S3 server has no Object Lock, so S3's documented answers come from a
/// loopback server the SDK really talks to; a GCS bucket resource is read through the SDK's own type.
/// </summary>
public sealed class BucketLockProbeTests
{
    private const string LockXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <ObjectLockEnabled>Enabled</ObjectLockEnabled>
          <Rule><DefaultRetention><Mode>%MODE%</Mode>%PERIOD%</DefaultRetention></Rule>
        </ObjectLockConfiguration>
        """;

    private static string S3Error(string code) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{code}</Message><BucketName>acme-recordings</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>""";

    [Theory]
    [InlineData("COMPLIANCE", "<Years>7</Years>", 2555, true)]
    [InlineData("GOVERNANCE", "<Days>30</Days>", 30, false)]
    public async Task Object_locks_default_retention_is_read_in_days_and_mode(string mode, string period, int days, bool irreversible)
    {
        var (result, requests) = await ReadS3LockAsync(HttpStatusCode.OK, LockXml.Replace("%MODE%", mode, StringComparison.Ordinal).Replace("%PERIOD%", period, StringComparison.Ordinal));

        Assert.Equal((new BucketLock(days, irreversible), (string?)null), result);
        Assert.Equal("/acme-recordings/?object-lock", Assert.Single(requests));
    }

    [Fact]
    public async Task A_bucket_without_object_lock_has_no_lock()
    {
        var (result, _) = await ReadS3LockAsync(HttpStatusCode.NotFound, S3Error("ObjectLockConfigurationNotFoundError"));

        Assert.Equal(((BucketLock?)null, (string?)null), result);
    }

    [Fact]
    public async Task A_refused_read_is_an_error_not_an_absent_lock()
    {
        var (result, _) = await ReadS3LockAsync(HttpStatusCode.Forbidden, S3Error("AccessDenied"));

        Assert.Equal(((BucketLock?)null, "AccessDenied"), result);
    }

    [Theory]
    [InlineData("""{"name":"acme-recordings","location":"EUROPE-WEST1","retentionPolicy":{"retentionPeriod":"220752000","effectiveTime":"2026-01-05T10:00:00Z","isLocked":true}}""", 2555, true)]
    [InlineData("""{"name":"acme-recordings","location":"EU","retentionPolicy":{"retentionPeriod":"86399","effectiveTime":"2026-01-05T10:00:00Z"}}""", 0, false)]
    public void A_gcs_retention_policy_is_read_in_whole_days_and_its_lock(string bucket, int days, bool locked) =>
        Assert.Equal(new BucketLock(days, locked), GcsBucketProbe.ReadLock(NewtonsoftJsonSerializer.Instance.Deserialize<Bucket>(bucket)));

    [Fact]
    public void A_gcs_bucket_without_a_retention_policy_has_no_lock() =>
        Assert.Null(GcsBucketProbe.ReadLock(NewtonsoftJsonSerializer.Instance.Deserialize<Bucket>("""{"name":"acme-recordings","location":"EU"}""")));

    private static async Task<((BucketLock? Lock, string? Error) Result, List<string> Requests)> ReadS3LockAsync(HttpStatusCode status, string body)
    {
        var port = LoopbackPorts.Closed();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = new List<string>();
        var serving = Task.Run(async () =>
        {
            // The SDK retries server errors, not these answers: one request each.
            var context = await listener.GetContextAsync();
            requests.Add(context.Request.RawUrl!);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/xml";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }, TestContext.Current.CancellationToken);
        using var client = new AmazonS3Client(
            new BasicAWSCredentials("AKIAOWNEREXAMPLE0001", "owner-secret"),
            new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{port}", ForcePathStyle = true, AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });

        var result = await new S3BucketProbe(client).ReadLockAsync("acme-recordings", TestContext.Current.CancellationToken);

        await serving;
        return (result, requests);
    }
}
