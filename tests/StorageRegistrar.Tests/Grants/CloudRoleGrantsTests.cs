using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Grants;

public sealed class CloudRoleGrantsTests
{
    [Fact]
    public void Gcs_grant_is_object_creator_for_the_service_account()
    {
        Assert.Equal("roles/storage.objectCreator", GcsGrants.ObjectCreatorRole);
        Assert.Equal("serviceAccount:writer@acme.iam.gserviceaccount.com", GcsGrants.ServiceAccountMember("writer@acme.iam.gserviceaccount.com"));
    }

    [Fact]
    public void Gcs_path_condition_limits_the_grant_to_object_names_under_the_path()
    {
        Assert.Equal(
            "resource.name.startsWith(\"projects/_/buckets/acme-recordings/objects/calls/\")",
            GcsGrants.PathConditionExpression("acme-recordings", "calls/"));
        Assert.Equal(
            "resource.name.startsWith(\"projects/_/buckets/b-1/objects/say \\\"hi\\\"/\")",
            GcsGrants.PathConditionExpression("b-1", "say \"hi\"/"));
    }

    [Fact]
    public void Azure_write_only_role_holds_blob_write_and_add_and_nothing_that_reads_lists_or_deletes()
    {
        Assert.Equal(
            [
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
            ],
            AzureGrants.WriteOnlyDataActions);
        Assert.DoesNotContain(AzureGrants.WriteOnlyDataActions, a => a.EndsWith("/read", StringComparison.Ordinal) || a.EndsWith("/delete", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_built_in_role_id_is_subscription_scoped()
    {
        Assert.Equal(
            "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            AzureGrants.BuiltInRoleDefinitionId("00000000-0000-0000-0000-000000000001", AzureGrants.StorageBlobDataContributorRoleGuid));
    }
}
