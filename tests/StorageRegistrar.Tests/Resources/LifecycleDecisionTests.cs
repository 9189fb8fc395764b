using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Tests.Validation;

namespace StorageRegistrar.Tests.Resources;

public sealed class LifecycleDecisionTests
{
    private static readonly ExternalStorageOutputs Known = new(
        new ExternalStorageInputs(SampleDeclarations.S3KeysMode, new StorageCheckSettings { VerifyCheckFile = true }),
        "http://127.0.0.1/check.md",
        new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Refresh_takes_identity_from_Stream_and_keeps_what_Stream_never_returns()
    {
        var refreshed = ExternalStorageLifecycle.Refresh(Known, new ExternalStorageState("recordings-s3", StorageTypes.S3, "moved-bucket", "calls/"));

        Assert.Equal("moved-bucket", refreshed.Inputs.Declaration.Bucket);
        Assert.Equal(SampleDeclarations.S3KeysMode.AwsS3, refreshed.Inputs.Declaration.AwsS3);
        Assert.True(refreshed.Inputs.Check.VerifyCheckFile);
        Assert.Equal(Known.FileUrl, refreshed.FileUrl);
        Assert.Equal(Known.CheckedAt, refreshed.CheckedAt);
    }

    [Fact]
    public void Refresh_of_an_unchanged_storage_shows_no_diff()
    {
        var refreshed = ExternalStorageLifecycle.Refresh(Known, new ExternalStorageState("recordings-s3", StorageTypes.S3, "acme-recordings", "calls/"));

        Assert.Equal(ResourceChange.None, ResourceDiffer.Diff(Known.Inputs, refreshed.Inputs, [], []).Change);
    }

    [Fact]
    public void Refresh_keeps_an_unset_path_unset_when_Stream_reports_the_root()
    {
        var atRoot = Known with { Inputs = Known.Inputs with { Declaration = Known.Inputs.Declaration with { Path = null } } };

        var refreshed = ExternalStorageLifecycle.Refresh(atRoot, new ExternalStorageState("recordings-s3", StorageTypes.S3, "acme-recordings", ""));

        Assert.Null(refreshed.Inputs.Declaration.Path);
    }

    [Fact]
    public void Import_knows_only_what_Stream_reports()
    {
        var imported = ExternalStorageLifecycle.Refresh(null, new ExternalStorageState("legacy", StorageTypes.Gcs, "old-bucket", "rec/"));

        Assert.Equal(
            new StorageDeclaration { Name = "legacy", StorageType = StorageTypes.Gcs, Bucket = "old-bucket", Path = "rec/" },
            imported.Inputs.Declaration);
        Assert.Null(imported.FileUrl);
        Assert.Null(imported.CheckedAt);
    }

    [Theory]
    [InlineData("recordings-s3", null)]
    [InlineData("older-storage", "older-storage")]
    [InlineData(null, null)]
    public void A_binding_restores_what_was_there_before_unless_that_was_its_own_storage(string? before, string? restore)
    {
        var bound = new BindResult("default", "recordings-s3", before, Changed: before != "recordings-s3");

        Assert.Equal(restore, CallTypeBindingLifecycle.PreviousToRestore(bound));
    }
}
