using Pulumi;
using StreamStorage.Sdk;

namespace StreamStorage.Tests.Program;

[Collection(PulumiDeployments.Name)]
public sealed class AzureRecordingStorageTests
{
    private const string Config = """
        { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "clientSecretRotation": "2026-11" } ] }
        """;

    private static string ContainerId(string group) =>
        $"/subscriptions/{CloudMocks.SubscriptionId}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/strecabs0a1b2c3d/blobServices/default/containers/recordings";

    [Fact]
    public async Task The_account_and_container_allow_no_public_or_shared_key_access_but_keep_the_public_endpoint_for_Stream()
    {
        var deployment = await PlannedDeployment.RunAsync(Config, "prod");

        var group = deployment.Mocks.Of(PulumiTypes.AzureResourceGroup, "rec-abs-group");
        Assert.Equal(("rg-prod-rec-abs", "westeurope"), (group["resourceGroupName"], group["location"]));
        var account = deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account");
        Assert.Equal("strecabs0a1b2c3d", account["accountName"]);
        Assert.Equal("rg-prod-rec-abs", account["resourceGroupName"]);
        Assert.Equal("TLS1_2", account["minimumTlsVersion"]);
        Assert.True((bool)account["enableHttpsTrafficOnly"]);
        Assert.False((bool)account["allowBlobPublicAccess"]);
        Assert.False((bool)account["allowSharedKeyAccess"]);
        Assert.Equal("Enabled", account["publicNetworkAccess"]);
        var container = deployment.Mocks.Of(PulumiTypes.AzureBlobContainer, "rec-abs-container");
        Assert.Equal(("recordings", "None"), (container["containerName"], container["publicAccess"]));

        foreach (var holding in new[] { (PulumiTypes.AzureResourceGroup, "rec-abs-group"), (PulumiTypes.AzureStorageAccount, "rec-abs-account"), (PulumiTypes.AzureBlobContainer, "rec-abs-container") })
        {
            var options = deployment.Single(holding.Item1, holding.Item2).Options;
            Assert.Equal((true, true), (options.Protect, options.RetainOnDelete));
        }
    }

    [Fact]
    public async Task The_service_principal_gets_the_write_only_role_on_the_container_only()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        var role = deployment.Mocks.Of(PulumiTypes.AzureRoleDefinition, "rec-abs-writer-role");
        var permission = (ImmutableDictionary<string, object>)((ImmutableArray<object>)role["permissions"]).Single();
        Assert.Equal(AzureGrants.WriteOnlyDataActions, ((ImmutableArray<object>)permission["dataActions"]).Cast<string>());
        Assert.False(permission.TryGetValue("actions", out var actions) && ((ImmutableArray<object>)actions).Length > 0);
        Assert.Equal("Stream recording writer (strecabs0a1b2c3d)", role["roleName"]);
        var groupId = $"/subscriptions/{CloudMocks.SubscriptionId}/resourceGroups/rg-dev-rec-abs";
        Assert.Equal(groupId, role["scope"]);
        Assert.Equal([groupId], (ImmutableArray<object>)role["assignableScopes"]);

        var assignment = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-writer-access");
        Assert.Equal("principal-object-id", assignment["principalId"]);
        Assert.Equal("ServicePrincipal", assignment["principalType"]);
        Assert.Equal($"/subscriptions/{CloudMocks.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555", assignment["roleDefinitionId"]);
        Assert.Equal(ContainerId("rg-dev-rec-abs"), assignment["scope"]);
    }

    [Fact]
    public async Task The_built_in_contributor_role_can_be_chosen_in_an_existing_resource_group()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "video-rg", "azureRole": "blobDataContributor" } ] }
            """);

        Assert.Empty(deployment.OfType(PulumiTypes.AzureResourceGroup));
        Assert.Empty(deployment.OfType(PulumiTypes.AzureRoleDefinition));
        Assert.Equal("video-rg", deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account")["resourceGroupName"]);
        var assignment = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-writer-access");
        Assert.Equal(
            AzureGrants.BuiltInRoleDefinitionId(CloudMocks.SubscriptionId, AzureGrants.StorageBlobDataContributorRoleGuid),
            assignment["roleDefinitionId"]);
        Assert.Equal(ContainerId("video-rg"), assignment["scope"]);
    }

    [Fact]
    public async Task Stream_gets_the_principal_and_an_expiring_rotatable_secret_as_a_secret_after_the_role_assignment()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        var password = deployment.Mocks.Of(PulumiTypes.EntraApplicationPassword, "rec-abs-secret");
        Assert.Equal("/applications/app-object-id", password["applicationId"]);
        Assert.Equal("4320h", password["endDateRelative"]);
        Assert.Equal("2026-11", ((ImmutableDictionary<string, object>)password["rotateWhenChanged"])["rotation"]);
        Assert.Equal("app-client-id", deployment.Mocks.Of(PulumiTypes.EntraServicePrincipal, "rec-abs-principal")["clientId"]);

        var registration = deployment.Mocks.Of(PulumiTypes.ExternalStorage, "rec-abs");
        Assert.Equal(("abs", "recordings", "calls/"), (registration["storageType"], registration["bucket"], registration["path"]));
        var blob = (ImmutableDictionary<string, object>)registration["azureBlob"];
        Assert.Equal(
            ("strecabs0a1b2c3d", "app-client-id", CloudMocks.ClientSecret, CloudMocks.TenantId),
            (blob["accountName"], blob["clientId"], blob["clientSecret"], blob["tenantId"]));
        var args = (ExternalStorageArgs)deployment.Single(PulumiTypes.ExternalStorage, "rec-abs").Args;
        var azure = await Pulumi.Utilities.OutputUtilities.GetValueAsync(args.AzureBlob!.ToOutput());
        Assert.True(await Output.IsSecretAsync(azure.ClientSecret!.ToOutput()));
        var after = (await deployment.Single(PulumiTypes.ExternalStorage, "rec-abs").DependsOnAsync()).Select(r => r.GetResourceName());
        // The blob service's soft delete is in place before Stream's check writes the first blob.
        Assert.Equal(["rec-abs-blob-service", "rec-abs-secret", "rec-abs-writer-access"], after.Order());
    }

    [Fact]
    public async Task The_principal_azuread_deploys_as_owns_streams_application_and_service_principal_so_application_readwrite_ownedby_may_manage_them()
    {
        var deployment = await PlannedDeployment.RunAsync(Config);

        Assert.Equal([CloudMocks.EntraDeployerObjectId], (ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.EntraApplication, "rec-abs-app")["owners"]);
        Assert.Equal([CloudMocks.EntraDeployerObjectId], (ImmutableArray<object>)deployment.Mocks.Of(PulumiTypes.EntraServicePrincipal, "rec-abs-principal")["owners"]);
    }

    [Theory]
    [InlineData("compliance", "Locked")]
    [InlineData("governance", "Unlocked")]
    public async Task A_locked_account_gets_version_level_immutability_and_blob_versioning_before_registration(string mode, string state)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "immutability": { "days": 2555, "mode": "{{mode}}" } } ] }
            """, "prod");

        var immutability = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account")["immutableStorageWithVersioning"];
        Assert.True((bool)immutability["enabled"]);
        var policy = (ImmutableDictionary<string, object>)immutability["immutabilityPolicy"];
        Assert.Equal((2555d, state), (policy["immutabilityPeriodSinceCreationInDays"], policy["state"]));
        var blobService = deployment.Mocks.Of(PulumiTypes.AzureBlobServiceProperties, "rec-abs-blob-service");
        Assert.Equal(("strecabs0a1b2c3d", "rg-prod-rec-abs", "default", true), (blobService["accountName"], blobService["resourceGroupName"], blobService["blobServicesName"], blobService["isVersioningEnabled"]));
        Assert.Contains("rec-abs-blob-service", (await deployment.Single(PulumiTypes.ExternalStorage, "rec-abs").DependsOnAsync()).Select(r => r.GetResourceName()));
    }

    [Fact]
    public async Task Without_a_lock_or_on_an_existing_container_the_stack_sets_no_immutability()
    {
        var unlocked = await PlannedDeployment.RunAsync(Config);
        var existing = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg",
                              "immutability": { "days": 30, "mode": "governance" } } ] }
            """);

        Assert.False(unlocked.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account").ContainsKey("immutableStorageWithVersioning"));
        Assert.False(unlocked.Mocks.Of(PulumiTypes.AzureBlobServiceProperties, "rec-abs-blob-service").ContainsKey("isVersioningEnabled"));
        Assert.Empty(existing.OfType(PulumiTypes.AzureStorageAccount));
        Assert.Empty(existing.OfType(PulumiTypes.AzureBlobServiceProperties));
    }

    /// <summary>
    /// The write-only role may overwrite a blob: soft delete keeps what it held, a week unless told; 0 is sent as off, since
    /// Azure keeps a property a write leaves out and so what an earlier run set.
    /// </summary>
    [Theory]
    [InlineData("", true, 7d)]
    [InlineData(", \"softDeleteDays\": 30", true, 30d)]
    [InlineData(", \"softDeleteDays\": 0", false, null)]
    public async Task The_account_the_stack_creates_keeps_deleted_and_overwritten_blobs_for_its_soft_delete_days(string setting, bool enabled, double? days)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope"{{setting}} } ] }
            """);

        var retention = (ImmutableDictionary<string, object>)deployment.Mocks.Of(PulumiTypes.AzureBlobServiceProperties, "rec-abs-blob-service")["deleteRetentionPolicy"];
        Assert.Equal((enabled, days), ((bool)retention["enabled"], retention.TryGetValue("days", out var kept) ? (double?)kept : null));
        Assert.Contains("rec-abs-blob-service", (await deployment.Single(PulumiTypes.ExternalStorage, "rec-abs").DependsOnAsync()).Select(r => r.GetResourceName()));
    }
}
