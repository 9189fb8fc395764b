using StorageRegistrar.Resources;
using StorageRegistrar.Tests.Validation;

namespace StorageRegistrar.Tests.Resources;

public sealed class ResourceDifferTests
{
    private static readonly ExternalStorageInputs Old = new(SampleDeclarations.S3KeysMode, StorageCheckSettings.Default);

    private static ResourceDiff Diff(ExternalStorageInputs @new, string[]? unknown = null, string[]? ignored = null) =>
        ResourceDiffer.Diff(Old, @new, unknown ?? [], ignored ?? []);

    private static ExternalStorageInputs With(StorageDeclaration declaration) => Old with { Declaration = declaration };

    [Fact]
    public void Nothing_changed_is_no_diff()
    {
        var copy = With(SampleDeclarations.S3KeysMode with
        {
            AwsS3 = SampleDeclarations.S3KeysMode.AwsS3! with { Secret = new SecretString(SampleDeclarations.AwsSecretAccessKey) },
        });

        var diff = Diff(copy);

        Assert.Equal(ResourceChange.None, diff.Change);
        Assert.Empty(diff.ChangedProperties);
        Assert.Empty(diff.ReplacingProperties);
        Assert.False(diff.CredentialsChanged);
    }

    [Fact]
    public void A_new_name_replaces_the_storage()
    {
        var diff = Diff(With(Old.Declaration with { Name = "recordings-s3-v2" }));

        Assert.Equal(ResourceChange.Replace, diff.Change);
        Assert.Equal(["name"], diff.ReplacingProperties);
        Assert.Equal(["name"], diff.ChangedProperties);
    }

    [Theory]
    [InlineData("bucket")]
    [InlineData("path")]
    [InlineData("storageType")]
    public void Other_identity_fields_update_in_place(string property)
    {
        var declaration = property switch
        {
            "bucket" => Old.Declaration with { Bucket = "other-bucket" },
            "path" => Old.Declaration with { Path = "other/" },
            _ => SampleDeclarations.Gcs with { Name = Old.Declaration.Name, Bucket = Old.Declaration.Bucket, Path = Old.Declaration.Path },
        };

        var diff = Diff(With(declaration));

        Assert.Equal(ResourceChange.Update, diff.Change);
        Assert.Contains(property, diff.ChangedProperties);
        Assert.Empty(diff.ReplacingProperties);
    }

    [Fact]
    public void A_rotated_secret_is_an_update_that_resends_credentials_and_shows_no_value()
    {
        var rotated = With(SampleDeclarations.WithS3(s => s with { Secret = new SecretString("rotated-secret-value-0123456789") }));

        var diff = Diff(rotated);

        Assert.Equal(ResourceChange.Update, diff.Change);
        Assert.Equal(["awsS3"], diff.ChangedProperties);
        Assert.True(diff.CredentialsChanged);
        Assert.DoesNotContain("rotated-secret-value", diff.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SampleDeclarations.AwsSecretAccessKey, diff.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_region_counts_as_a_credentials_change_because_Stream_never_returns_it()
    {
        var diff = Diff(With(SampleDeclarations.WithS3(s => s with { Region = "eu-west-1" })));

        Assert.Equal(ResourceChange.Update, diff.Change);
        Assert.True(diff.CredentialsChanged);
    }

    [Fact]
    public void A_new_bucket_alone_is_not_a_credentials_change()
    {
        Assert.False(Diff(With(Old.Declaration with { Bucket = "other-bucket" })).CredentialsChanged);
    }

    [Fact]
    public void Check_options_update_without_touching_credentials()
    {
        var diff = Diff(Old with { Check = new StorageCheckSettings { Deadline = TimeSpan.FromMinutes(5), VerifyCheckFile = true } });

        Assert.Equal(ResourceChange.Update, diff.Change);
        Assert.Equal(["checkDeadlineSeconds", "verifyCheckFile"], diff.ChangedProperties);
        Assert.False(diff.CredentialsChanged);
    }

    [Fact]
    public void An_unknown_name_in_preview_may_replace()
    {
        var diff = Diff(With(Old.Declaration with { Name = null }), unknown: ["name"]);

        Assert.Equal(ResourceChange.Replace, diff.Change);
        Assert.Equal(["name"], diff.ReplacingProperties);
    }

    [Fact]
    public void An_unknown_secret_with_the_same_placeholder_still_counts_as_changed()
    {
        var diff = Diff(Old, unknown: ["awsS3.secret"]);

        Assert.Equal(ResourceChange.Update, diff.Change);
        Assert.Equal(["awsS3"], diff.ChangedProperties);
        Assert.True(diff.CredentialsChanged);
    }

    [Fact]
    public void An_unknown_settings_object_marks_all_of_it_changed()
    {
        var diff = Diff(With(Old.Declaration with { AwsS3 = null }), unknown: ["awsS3"]);

        Assert.Equal(["awsS3"], diff.ChangedProperties);
    }

    [Fact]
    public void Ignored_properties_do_not_count()
    {
        Assert.Equal(ResourceChange.None, Diff(With(Old.Declaration with { Bucket = "other-bucket" }), ignored: ["bucket"]).Change);
        Assert.Equal(ResourceChange.None, Diff(With(SampleDeclarations.WithS3(s => s with { Region = "eu-west-1" })), ignored: ["awsS3"]).Change);
    }

    [Fact]
    public void A_new_name_with_other_changes_replaces_and_lists_them_all_in_schema_order()
    {
        var diff = Diff(With(Old.Declaration with { Bucket = "other-bucket", Name = "renamed" }));

        Assert.Equal(ResourceChange.Replace, diff.Change);
        Assert.Equal(["name", "bucket"], diff.ChangedProperties);
        Assert.Equal(["name"], diff.ReplacingProperties);
    }

    [Fact]
    public void Binding_replaces_on_a_new_call_type_and_updates_on_a_new_storage()
    {
        var old = new CallTypeBindingDeclaration { CallType = "default", ExternalStorage = "recordings-s3" };

        var newCallType = ResourceDiffer.Diff(old, old with { CallType = "livestream" }, [], []);
        var newStorage = ResourceDiffer.Diff(old, old with { ExternalStorage = "recordings-gcs" }, [], []);
        var same = ResourceDiffer.Diff(old, old with { }, [], []);

        Assert.Equal(ResourceChange.Replace, newCallType.Change);
        Assert.Equal(["callType"], newCallType.ReplacingProperties);
        Assert.Equal(ResourceChange.Update, newStorage.Change);
        Assert.Equal(["externalStorage"], newStorage.ChangedProperties);
        Assert.Equal(ResourceChange.None, same.Change);
    }

    [Fact]
    public void Binding_to_a_storage_not_yet_created_is_an_update_in_preview()
    {
        var old = new CallTypeBindingDeclaration { CallType = "default", ExternalStorage = "recordings-s3" };

        var diff = ResourceDiffer.Diff(old, old with { ExternalStorage = null }, ["externalStorage"], []);

        Assert.Equal(ResourceChange.Update, diff.Change);
    }
}
