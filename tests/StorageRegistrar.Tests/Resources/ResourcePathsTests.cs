using StorageRegistrar.Resources;

namespace StorageRegistrar.Tests.Resources;

public sealed class ResourcePathsTests
{
    [Theory]
    [InlineData("name", "name")]
    [InlineData("awsS3.region", "awsS3.region")]
    [InlineData("azureBlob.clientSecret", "azureBlob.clientSecret")]
    [InlineData("awsS3", "awsS3")]
    [InlineData("awsS3.unheardOf", "awsS3")]
    [InlineData("somethingElse", "")]
    [InlineData("", "")]
    public void Validation_fields_map_to_the_nearest_schema_path(string field, string expected)
    {
        Assert.Equal(expected, ResourcePaths.ForValidationField(ProviderSchema.ExternalStorage, field));
    }

    [Fact]
    public void Binding_fields_map_to_binding_properties()
    {
        Assert.Equal("callType", ResourcePaths.ForValidationField(ProviderSchema.CallTypeBinding, "callType"));
        Assert.Equal("", ResourcePaths.ForValidationField(ProviderSchema.CallTypeBinding, "bucket"));
    }

    [Theory]
    [InlineData("awsS3.region", new[] { "awsS3" }, true)]
    [InlineData("awsS3", new[] { "awsS3" }, true)]
    [InlineData("awsS3Region", new[] { "awsS3" }, false)]
    [InlineData("awsS3", new[] { "awsS3.region" }, false)]
    public void Paths_lie_within_their_ancestors_only(string path, string[] within, bool expected)
    {
        Assert.Equal(expected, ResourcePaths.IsWithinAny(path, within));
    }
}
