using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class SoftDeleteAnalyzerTests
{
    private static SoftDeleteFacts Facts(string type, int? expected, int? actual) => new()
    {
        StorageType = type,
        Bucket = type == "abs" ? "acmevideo/recordings" : "acme-recordings",
        ExpectedDays = expected,
        Days = actual,
    };

    [Theory]
    [InlineData("gcs", 7, 7)]
    [InlineData("gcs", 7, 30)]
    [InlineData("abs", 7, 7)]
    [InlineData("abs", 0, 0)]
    public void Soft_delete_as_long_as_declared_or_longer_passes(string type, int expected, int actual) =>
        Assert.Empty(SoftDeleteAnalyzer.Analyze(Facts(type, expected, actual)));

    [Fact]
    public void Nothing_declared_is_nothing_checked() =>
        Assert.Empty(SoftDeleteAnalyzer.Analyze(Facts("gcs", expected: null, actual: null) with { Error = "HTTP 403" }));

    [Theory]
    [InlineData("gcs", "gcloud storage buckets update gs://acme-recordings --soft-delete-duration=14d")]
    [InlineData("abs", "az storage account blob-service-properties update --account-name acmevideo --enable-delete-retention true --delete-retention-days 14")]
    public void Soft_delete_off_where_the_stack_sets_it_is_a_warning_with_the_clouds_command(string type, string command)
    {
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(Facts(type, expected: 14, actual: 0)));

        Assert.Equal((FindingCodes.SoftDeleteOff, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("has soft delete off, though the stack sets 14 days (softDeleteDays: 14): a recording deleted or overwritten meanwhile cannot be restored", finding.Cause, StringComparison.Ordinal);
        Assert.StartsWith("pulumi up puts back what the stack set", finding.Fix, StringComparison.Ordinal);
        Assert.Contains(command, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_days_than_declared_is_a_warning_naming_both()
    {
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(Facts("gcs", expected: 30, actual: 7)));

        Assert.Equal((FindingCodes.SoftDeleteShorter, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("restorable for 7 days, fewer than the 30 days the stack sets (softDeleteDays: 30)", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("cannot be restored", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("--soft-delete-duration=30d", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcs", "gcloud storage buckets update gs://acme-recordings --clear-soft-delete")]
    [InlineData("abs", "--account-name acmevideo --enable-delete-retention false")]
    public void Soft_delete_on_where_the_stack_turns_it_off_is_only_a_note(string type, string command)
    {
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(Facts(type, expected: 0, actual: 7)));

        Assert.Equal((FindingCodes.SoftDeleteNotOff, FindingSeverity.Note), (finding.Code, finding.Severity));
        Assert.Contains(command, finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcs", "storage.buckets.get on the bucket")]
    [InlineData("abs", "Reader on the account) and pass --container-id")]
    public void A_soft_delete_that_cannot_be_read_is_a_warning_not_a_pass(string type, string permission)
    {
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(Facts(type, expected: 0, actual: null) with { Error = "HTTP 403 AuthorizationFailed" }));

        Assert.Equal((FindingCodes.SoftDeleteUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("could not be read (HTTP 403 AuthorizationFailed), so it was not examined against the one the stack sets (softDeleteDays: 0)", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(permission, finding.Fix, StringComparison.Ordinal);
    }
}
