using StorageRegistrar.Resources;
using StorageRegistrar.Tests.Validation;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Resources;

public sealed class ResourceChecksTests
{
    private static IReadOnlyList<ValidationProblem> Check(StorageDeclaration declaration, params string[] unknown) =>
        ResourceChecks.Check(new ExternalStorageInputs(declaration, StorageCheckSettings.Default), unknown);

    [Fact]
    public void A_valid_storage_has_no_failures()
    {
        Assert.Empty(Check(SampleDeclarations.S3KeysMode));
        Assert.Empty(Check(SampleDeclarations.Gcs));
        Assert.Empty(Check(SampleDeclarations.Abs));
    }

    [Fact]
    public void An_empty_storage_fails_on_each_required_property()
    {
        var properties = Check(new StorageDeclaration()).Select(p => p.Field).ToList();

        Assert.Contains("name", properties);
        Assert.Contains("storageType", properties);
        Assert.Contains("bucket", properties);
    }

    [Fact]
    public void Nested_problems_point_at_the_nested_property_path()
    {
        var failures = Check(SampleDeclarations.WithAzure(a => a with { TenantId = null }));

        var failure = Assert.Single(failures);
        Assert.Equal("azureBlob.tenantId", failure.Field);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }

    [Fact]
    public void Failures_never_repeat_a_secret()
    {
        var badKey = SampleDeclarations.GcsWithRawKey("not-json-but-a-secret-value");

        var failures = Check(badKey);

        var failure = Assert.Single(failures);
        Assert.Equal("gcsCredentials", failure.Field);
        Assert.DoesNotContain("not-json-but-a-secret-value", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_values_in_preview_are_not_judged()
    {
        var pending = SampleDeclarations.S3KeysMode with { Name = null, Bucket = null };

        Assert.Empty(Check(pending, "name", "bucket"));
        Assert.Equal(["bucket"], Check(pending, "name").Select(p => p.Field));
    }

    [Fact]
    public void An_unknown_storage_type_defers_the_type_specific_settings()
    {
        var pending = SampleDeclarations.S3KeysMode with { StorageType = null, GcsCredentials = new SecretString("{}") };

        Assert.Empty(Check(pending, "storageType"));
    }

    [Fact]
    public void An_unknown_settings_object_defers_all_its_fields()
    {
        Assert.Empty(Check(SampleDeclarations.S3KeysMode with { AwsS3 = null }, "awsS3"));
    }

    [Fact]
    public void Binding_problems_point_at_its_properties()
    {
        var failures = ResourceChecks.Check(new CallTypeBindingDeclaration(), []);

        Assert.Equal(["callType", "externalStorage"], failures.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Empty(ResourceChecks.Check(new CallTypeBindingDeclaration { CallType = "default" }, ["externalStorage"]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(86401)]
    public void Bad_deadlines_are_reported_on_their_field(double seconds)
    {
        var problems = new List<ValidationProblem>();

        var deadline = ResourceChecks.DeadlineFromSeconds(seconds, "checkDeadlineSeconds", problems);

        Assert.Null(deadline);
        var problem = Assert.Single(problems);
        Assert.Equal("checkDeadlineSeconds", problem.Field);
        Assert.Contains("whole number of seconds", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_or_absent_deadlines_pass()
    {
        var problems = new List<ValidationProblem>();

        Assert.Equal(TimeSpan.FromMinutes(10), ResourceChecks.DeadlineFromSeconds(600, "checkDeadlineSeconds", problems));
        Assert.Null(ResourceChecks.DeadlineFromSeconds(null, "checkDeadlineSeconds", problems));
        Assert.Empty(problems);
    }
}
