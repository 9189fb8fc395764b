using System.Text;
using StorageRegistrar.Diagnostics;
using TestSupport;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>
/// The probe against the local GCS emulator, which answers every bucket lookup and IAM read with 404 but
/// lists objects: a bucket that holds objects must not be reported missing. A really missing bucket, which
/// real GCS refuses to list, is covered on recorded answers in <see cref="GcsBucketAnalyzerTests"/>.
/// </summary>
public sealed class GcsBucketProbeTests() : LocalServerTest<GcsServer>(GcsServer.StartAsync)
{
    [Fact]
    public async Task A_bucket_whose_lookup_answers_404_but_whose_objects_list_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var bucket = UniqueNames.For("rec");
        using var client = Server.CreateOwnerClient();
        await client.UploadObjectAsync(bucket, "video/earlier.md", "text/markdown", new MemoryStream(Encoding.UTF8.GetBytes("earlier")), cancellationToken: ct);

        var facts = await new GcsBucketProbe(client).GatherAsync(bucket, "video/", null, ct);

        Assert.Equal(404, facts.LookupStatus);
        Assert.True(facts.ObjectsListed);
        var findings = GcsBucketAnalyzer.Analyze(facts);
        Assert.DoesNotContain(findings, f => f.Code == FindingCodes.GcsBucketMissing);
        var unreadable = Assert.Single(findings, f => f.Cause.Contains("metadata", StringComparison.Ordinal));
        Assert.Equal(FindingCodes.GcsFactUnreadable, unreadable.Code);
        Assert.Equal(FindingSeverity.Warning, unreadable.Severity);
        Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Problem);
    }
}
