using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Where in its bucket Stream writes, as Stream's storage lists it.</summary>
public sealed class StoragePathAnalyzerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void A_storage_at_the_root_of_a_bucket_not_created_for_it_is_a_warning_naming_the_bucket_and_the_fix(bool? bucketCreated)
    {
        var finding = Assert.Single(StoragePathAnalyzer.Analyze("acme-media", "", bucketCreated));

        Assert.Equal(FindingCodes.StorageBucketRoot, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("root of bucket 'acme-media'", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("path of Stream's own", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calls/")]
    [InlineData("stream/recordings/")]
    public void A_storage_under_a_path_has_nothing_to_say(string path) =>
        Assert.Empty(StoragePathAnalyzer.Analyze("acme-media", path, bucketCreated: null));

    [Fact]
    public void The_root_of_a_bucket_the_stack_created_for_the_storage_alone_has_nothing_to_say() =>
        Assert.Empty(StoragePathAnalyzer.Analyze("dev-recordings-9f8e7d6c", "", bucketCreated: true));
}
