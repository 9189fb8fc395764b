
namespace StackPlanning.Tests;

public sealed class StackConfigParsingTests
{
    [Fact]
    public void A_minimal_storage_gets_the_safe_defaults()
    {
        var config = StackConfigParser.Parse(StackInputs.WithStorages("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }"""));

        Assert.True(config.Production);
        var storage = Assert.Single(config.Storages);
        Assert.Equal(Cloud.S3, storage.Cloud);
        Assert.Equal("", storage.Path);
        Assert.Equal(S3AuthMode.Policy, storage.AuthMode);
        Assert.Equal(DataProtection.Retain, storage.DataProtection);
        Assert.True(storage.Versioning);
        Assert.Equal(30, storage.NoncurrentVersionDays);
        Assert.Null(storage.RetentionDays);
        Assert.Empty(config.Bindings);
        Assert.Empty(config.Tags);
    }

    [Fact]
    public void A_full_configuration_is_read_for_every_cloud()
    {
        var json = """
            {
              "production": false,
              "storages": [
                { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "calls/",
                  "kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                  "retentionDays": 365, "versioning": true, "noncurrentVersionDays": 7, "dataProtection": "forceDestroy" },
                { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "europe-west1", "versioning": false },
                { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "video-rg",
                  "azureRole": "blobDataContributor", "clientSecretDays": 90, "clientSecretRotation": "2026-q4" }
              ],
              "bindings": { "default": "rec-s3", "livestream": "rec-gcs", "audio_room": "stream-s3" },
              "tags": { "team": "video", "env": "dev" }
            }
            """;

        var config = StackConfigParser.Parse(StackInputs.FromJson(json));

        Assert.False(config.Production);
        Assert.Equal(
            new StorageConfig
            {
                Name = "rec-s3", Cloud = Cloud.S3, Region = "eu-west-1", AuthMode = S3AuthMode.Keys, Path = "calls/",
                KmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                RetentionDays = 365, Versioning = true, NoncurrentVersionDays = 7, DataProtection = DataProtection.ForceDestroy,
                AzureRole = AzureRole.WriteOnly, ClientSecretDays = 180,
            },
            config.Storages[0]);
        Assert.Equal(("acme-video", "europe-west1", false), (config.Storages[1].Project, config.Storages[1].Location, config.Storages[1].Versioning));
        Assert.Equal(
            ("video-rg", AzureRole.BlobDataContributor, 90, "2026-q4"),
            (config.Storages[2].ResourceGroup, config.Storages[2].AzureRole, config.Storages[2].ClientSecretDays, config.Storages[2].CredentialRotation));
        Assert.Equal(
            [new("default", "rec-s3"), new("livestream", "rec-gcs"), new BindingConfig("audio_room", "stream-s3")],
            config.Bindings);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "video", ["env"] = "dev" }, config.Tags);
    }

    [Fact]
    public void Tags_that_are_not_gcs_labels_are_fine_when_no_gcs_storage_is_planned()
    {
        var config = StackConfigParser.Parse(StackInputs.FromJson("""
            { "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1" } ], "tags": { "CostCenter": "Video Platform" } }
            """));

        Assert.Equal("Video Platform", config.Tags["CostCenter"]);
    }
}
