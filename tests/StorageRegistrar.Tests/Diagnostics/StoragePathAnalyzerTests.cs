using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Where in its bucket Stream writes, as Stream's storage lists it.</summary>
public sealed class StoragePathAnalyzerTests
{
    [Fact]
    public void A_storage_at_the_root_of_its_bucket_is_a_warning_naming_the_bucket_and_the_fix()
    {
        var finding = Assert.Single(StoragePathAnalyzer.Analyze("acme-media", ""));

        Assert.Equal(FindingCodes.StorageBucketRoot, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("root of bucket 'acme-media'", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("path of Stream's own", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calls/")]
    [InlineData("stream/recordings/")]
    public void A_storage_under_a_path_has_nothing_to_say(string path) =>
        Assert.Empty(StoragePathAnalyzer.Analyze("acme-media", path));
}
