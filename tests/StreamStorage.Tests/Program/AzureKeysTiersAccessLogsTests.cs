
namespace StreamStorage.Tests.Program;

/// <summary>An Azure storage's customer-managed key, infrastructure encryption, redundancy, tiers and access logs as the program creates them.</summary>
[Collection(PulumiDeployments.Name)]
public sealed class AzureKeysTiersAccessLogsTests
{
    private const string AccountName = "strecabs0a1b2c3d";
    private const string Group = "rg-prod-rec-abs";
    private const string Workspace = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops-logs";

    private static readonly string GroupId = $"/subscriptions/{CloudMocks.SubscriptionId}/resourceGroups/{Group}";
    private static readonly string IdentityId = $"{GroupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-prod-rec-abs-key";
    private static readonly string VaultName = ResourceNames.AzureKeyVaultName("rec-abs", CloudMocks.Suffix);
    private static readonly string KeyId = $"{GroupId}/providers/Microsoft.KeyVault/vaults/{VaultName}/keys/recordings";

    private const string GivenKeySubscription = "00000000-0000-0000-0000-0000000000cc";
    private const string GivenKeyId = $"/subscriptions/{GivenKeySubscription}/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";

    private const string Keyed = """
        { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "infrastructureEncryption": true } ] }
        """;

    [Fact]
    public async Task A_created_key_in_a_purge_protected_vault_encrypts_the_account_through_the_identity_the_stack_creates()
    {
        var deployment = await PlannedDeployment.RunAsync(Keyed, "prod");

        var identity = deployment.Mocks.Of(PulumiTypes.AzureUserAssignedIdentity, "rec-abs-key-identity");
        Assert.Equal(("id-prod-rec-abs-key", Group, "westeurope"), (identity["resourceName"], identity["resourceGroupName"], identity["location"]));

        var vault = deployment.Mocks.Of(PulumiTypes.AzureKeyVault, "rec-abs-key-vault");
        Assert.Equal((VaultName, Group, "westeurope"), (vault["vaultName"], vault["resourceGroupName"], vault["location"]));
        var vaultProperties = Object(vault["properties"]);
        Assert.Equal((true, true, true), ((bool)vaultProperties["enablePurgeProtection"], (bool)vaultProperties["enableSoftDelete"], (bool)vaultProperties["enableRbacAuthorization"]));
        Assert.Equal(CloudMocks.TenantId, vaultProperties["tenantId"]);
        Assert.Equal(("A", "standard"), (Object(vaultProperties["sku"])["family"], Object(vaultProperties["sku"])["name"]));

        var key = deployment.Mocks.Of(PulumiTypes.AzureKeyVaultKey, "rec-abs-key");
        Assert.Equal(("recordings", VaultName, Group), (key["keyName"], key["vaultName"], key["resourceGroupName"]));
        var keyProperties = Object(key["properties"]);
        Assert.Equal(("RSA", 3072d), (keyProperties["kty"], keyProperties["keySize"]));
        var rotation = Object(List(Object(keyProperties["rotationPolicy"])["lifetimeActions"]).Single());
        Assert.Equal("rotate", Object(rotation["action"])["type"]);
        Assert.Equal($"P{StackPlanner.KeyRotationDays}D", Object(rotation["trigger"])["timeAfterCreate"]);

        var keyAccess = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-key-access");
        Assert.Equal((CloudMocks.KeyIdentityPrincipalId, "ServicePrincipal"), (keyAccess["principalId"], keyAccess["principalType"]));
        Assert.Equal(AzureGrants.BuiltInRoleDefinitionId(CloudMocks.SubscriptionId, AzureGrants.KeyVaultCryptoServiceEncryptionUserRoleGuid), keyAccess["roleDefinitionId"]);
        Assert.Equal(KeyId, keyAccess["scope"]);

        var account = deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account");
        var accountIdentity = Object(account["identity"]);
        Assert.Equal("UserAssigned", accountIdentity["type"]);
        Assert.Equal([IdentityId], List(accountIdentity["userAssignedIdentities"]).Cast<string>());
        var encryption = Object(account["encryption"]);
        Assert.Equal("Microsoft.Keyvault", encryption["keySource"]);
        var keyVault = Object(encryption["keyVaultProperties"]);
        Assert.Equal(($"https://{VaultName}.vault.azure.net/", "recordings"), (keyVault["keyVaultUri"], keyVault["keyName"]));
        Assert.False(keyVault.ContainsKey("keyVersion"));
        Assert.Equal(IdentityId, Object(encryption["encryptionIdentity"])["encryptionUserAssignedIdentity"]);
        Assert.True((bool)encryption["requireInfrastructureEncryption"]);

        // Azure refuses an account whose identity cannot read its key yet.
        Assert.Equal(["rec-abs-key-access"], (await deployment.Single(PulumiTypes.AzureStorageAccount, "rec-abs-account").DependsOnAsync()).Select(r => r.GetResourceName()));
    }

    [Fact]
    public async Task A_given_key_is_granted_on_its_resource_id_and_named_by_its_vaults_uri_from_resource_manager_without_a_version()
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "{{GivenKeyId}}" } ] }
            """, "prod");

        Assert.Empty(deployment.OfType(PulumiTypes.AzureKeyVault));
        Assert.Empty(deployment.OfType(PulumiTypes.AzureKeyVaultKey));
        var identity = deployment.Mocks.Of(PulumiTypes.AzureUserAssignedIdentity, "rec-abs-key-identity");
        Assert.Equal(("id-prod-rec-abs-key", Group), (identity["resourceName"], identity["resourceGroupName"]));

        var keyAccess = deployment.Mocks.Of(PulumiTypes.AzureRoleAssignment, "rec-abs-key-access");
        Assert.Equal((CloudMocks.KeyIdentityPrincipalId, "ServicePrincipal"), (keyAccess["principalId"], keyAccess["principalType"]));
        Assert.Equal(GivenKeyId, keyAccess["scope"]);
        Assert.Equal(AzureGrants.BuiltInRoleDefinitionId(GivenKeySubscription, AzureGrants.KeyVaultCryptoServiceEncryptionUserRoleGuid), keyAccess["roleDefinitionId"]);

        var vaultRead = deployment.Mocks.Invokes["azure-native:keyvault:getVault"];
        Assert.Equal(("acme-keys-rg", "acme-keys"), (vaultRead["resourceGroupName"], vaultRead["vaultName"]));
        var encryption = Object(deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account")["encryption"]);
        Assert.Equal("Microsoft.Keyvault", encryption["keySource"]);
        var keyVault = Object(encryption["keyVaultProperties"]);
        Assert.Equal((CloudMocks.VaultUri("acme-keys"), "recordings"), (keyVault["keyVaultUri"], keyVault["keyName"]));
        Assert.False(keyVault.ContainsKey("keyVersion"));
        Assert.Equal(IdentityId, Object(encryption["encryptionIdentity"])["encryptionUserAssignedIdentity"]);
        Assert.Equal(["rec-abs-key-access"], (await deployment.Single(PulumiTypes.AzureStorageAccount, "rec-abs-account").DependsOnAsync()).Select(r => r.GetResourceName()));
    }

    [Theory]
    [InlineData("prod", $$"""{ "production": true, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "{{GivenKeyId}}" } ] }""", true, true)]
    [InlineData("dev", $$"""{ "production": false, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "{{GivenKeyId}}", "dataProtection": "forceDestroy" } ] }""", false, false)]
    public async Task The_identity_and_its_grant_on_a_given_key_are_kept_on_destroy_as_a_created_keys_are(string stack, string config, bool retained, bool protectedToo)
    {
        var deployment = await PlannedDeployment.RunAsync(config, stack);

        foreach (var (type, name) in new[] { (PulumiTypes.AzureUserAssignedIdentity, "rec-abs-key-identity"), (PulumiTypes.AzureRoleAssignment, "rec-abs-key-access") })
        {
            var options = deployment.Single(type, name).Options;
            Assert.Equal((retained, protectedToo), (options.RetainOnDelete ?? false, options.Protect ?? false));
        }
    }

    [Theory]
    [InlineData("prod", """{ "production": true, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create" } ] }""", true, true)]
    [InlineData("dev", """{ "production": false, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "dataProtection": "forceDestroy" } ] }""", false, false)]
    public async Task The_key_and_what_reads_it_are_kept_on_destroy_with_the_account_unless_the_stack_is_ephemeral(string stack, string config, bool retained, bool protectedToo)
    {
        var deployment = await PlannedDeployment.RunAsync(config, stack);

        foreach (var (type, name) in new[]
        {
            (PulumiTypes.AzureUserAssignedIdentity, "rec-abs-key-identity"), (PulumiTypes.AzureKeyVault, "rec-abs-key-vault"),
            (PulumiTypes.AzureKeyVaultKey, "rec-abs-key"), (PulumiTypes.AzureRoleAssignment, "rec-abs-key-access"),
        })
        {
            var options = deployment.Single(type, name).Options;
            Assert.Equal((retained, protectedToo), (options.RetainOnDelete ?? false, options.Protect ?? false));
        }
    }

    [Fact]
    public async Task Infrastructure_encryption_alone_keeps_microsoft_managed_keys_and_a_plain_account_states_no_encryption()
    {
        var infrastructure = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "infrastructureEncryption": true } ] }
            """);
        var plain = await PlannedDeployment.RunAsync("""{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope" } ] }""");

        var encryption = Object(infrastructure.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account")["encryption"]);
        Assert.Equal(("Microsoft.Storage", true), (encryption["keySource"], (bool)encryption["requireInfrastructureEncryption"]));
        Assert.False(infrastructure.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account").ContainsKey("identity"));
        Assert.Empty(infrastructure.OfType(PulumiTypes.AzureKeyVault));
        Assert.Empty(infrastructure.OfType(PulumiTypes.AzureUserAssignedIdentity));
        var account = plain.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account");
        Assert.False(account.ContainsKey("encryption") || account.ContainsKey("identity"));
    }

    [Theory]
    [InlineData("LRS", "Standard_LRS")]
    [InlineData("ZRS", "Standard_ZRS")]
    [InlineData("GRS", "Standard_GRS")]
    [InlineData("GZRS", "Standard_GZRS")]
    public async Task The_accounts_sku_follows_the_redundancy(string redundancy, string sku)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "redundancy": "{{redundancy}}" } ] }
            """);

        Assert.Equal(sku, Object(deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-account")["sku"])["name"]);
    }

    [Theory]
    [InlineData("calls/", "recordings/calls/")]
    [InlineData("", "recordings/")]
    public async Task Tiers_are_the_accounts_management_policy_for_block_blobs_under_the_container_and_path(string path, string prefix)
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "{{path}}",
                              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 365, "class": "archive" } ] } ] }
            """);

        var policy = deployment.Mocks.Of(PulumiTypes.AzureManagementPolicy, "rec-abs-lifecycle");
        Assert.Equal(("default", "strecabs0a1b2c3d", "rg-dev-rec-abs"), (policy["managementPolicyName"], policy["accountName"], policy["resourceGroupName"]));
        var rules = List(Object(policy["policy"])["rules"]).Select(Object).ToList();
        Assert.Equal(["tier-1-cool", "tier-2-cold", "tier-3-archive"], rules.Select(r => (string)r["name"]));
        Assert.All(rules, rule =>
        {
            Assert.Equal(("Lifecycle", true), (rule["type"], (bool)rule["enabled"]));
            var filters = Object(Object(rule["definition"])["filters"]);
            Assert.Equal([prefix], List(filters["prefixMatch"]).Cast<string>());
            Assert.Equal(["blockBlob"], List(filters["blobTypes"]).Cast<string>());
        });
        var moves = rules.Select(rule => Object(Object(Object(rule["definition"])["actions"])["baseBlob"]).Single())
            .Select(move => (move.Key, (double)Object(move.Value)["daysAfterModificationGreaterThan"]));
        Assert.Equal([("tierToCool", 30d), ("tierToCold", 90d), ("tierToArchive", 365d)], moves);
    }

    [Fact]
    public async Task Without_tiers_the_account_gets_no_management_policy()
    {
        var deployment = await PlannedDeployment.RunAsync("""{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope" } ] }""");

        Assert.Empty(deployment.OfType(PulumiTypes.AzureManagementPolicy));
    }

    [Fact]
    public async Task Access_logs_go_from_the_blob_service_to_a_log_account_created_beside_it_and_kept_on_destroy()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "accessLogs": "create" } ] }
            """, "prod");

        var logAccount = deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-log-account");
        Assert.Equal((ResourceNames.AzureLogAccountName("rec-abs", CloudMocks.Suffix), Group, "westeurope"), (logAccount["accountName"], logAccount["resourceGroupName"], logAccount["location"]));
        Assert.Equal(("StorageV2", "Standard_LRS", "TLS1_2"), (logAccount["kind"], Object(logAccount["sku"])["name"], logAccount["minimumTlsVersion"]));
        Assert.Equal((true, false), ((bool)logAccount["enableHttpsTrafficOnly"], (bool)logAccount["allowBlobPublicAccess"]));
        var options = deployment.Single(PulumiTypes.AzureStorageAccount, "rec-abs-log-account").Options;
        Assert.Equal((true, true), (options.RetainOnDelete, options.Protect));

        var setting = deployment.Mocks.Of(PulumiTypes.AzureDiagnosticSetting, "rec-abs-access-logs");
        Assert.Equal($"{GroupId}/providers/Microsoft.Storage/storageAccounts/{AccountName}/blobServices/default", setting["resourceUri"]);
        Assert.Equal(
            $"{GroupId}/providers/Microsoft.Storage/storageAccounts/{ResourceNames.AzureLogAccountName("rec-abs", CloudMocks.Suffix)}",
            setting["storageAccountId"]);
        Assert.False(setting.ContainsKey("workspaceId"));
        var logs = List(setting["logs"]).Select(Object).ToList();
        Assert.Equal(["StorageRead", "StorageWrite", "StorageDelete"], logs.Select(l => (string)l["category"]));
        Assert.All(logs, log => Assert.True((bool)log["enabled"]));

        var ephemeral = await PlannedDeployment.RunAsync("""
            { "production": false, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "accessLogs": "create", "dataProtection": "forceDestroy" } ] }
            """);
        var deleted = ephemeral.Single(PulumiTypes.AzureStorageAccount, "rec-abs-log-account").Options;
        Assert.Equal((false, false), (deleted.RetainOnDelete, deleted.Protect));
    }

    [Fact]
    public async Task Access_logs_to_a_workspace_create_no_log_account()
    {
        var deployment = await PlannedDeployment.RunAsync($$"""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "accessLogs": "{{Workspace}}" } ] }
            """);

        var setting = deployment.Mocks.Of(PulumiTypes.AzureDiagnosticSetting, "rec-abs-access-logs");
        Assert.Equal(Workspace, setting["workspaceId"]);
        Assert.False(setting.ContainsKey("storageAccountId"));
        Assert.Equal(["rec-abs-account"], deployment.OfType(PulumiTypes.AzureStorageAccount).Select(c => c.Name));
    }

    [Fact]
    public async Task An_existing_containers_logs_go_to_a_log_account_created_in_its_accounts_region()
    {
        var deployment = await PlannedDeployment.RunAsync("""
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "accessLogs": "create" } ] }
            """);

        var logAccount = deployment.Mocks.Of(PulumiTypes.AzureStorageAccount, "rec-abs-log-account");
        Assert.Equal((CloudMocks.ExistingAccountLocation, "video-rg"), (logAccount["location"], logAccount["resourceGroupName"]));
        Assert.True(deployment.Single(PulumiTypes.AzureStorageAccount, "rec-abs-log-account").Options.RetainOnDelete);
        Assert.Equal(
            $"/subscriptions/{CloudMocks.SubscriptionId}/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo/blobServices/default",
            deployment.Mocks.Of(PulumiTypes.AzureDiagnosticSetting, "rec-abs-access-logs")["resourceUri"]);
    }

    private static ImmutableDictionary<string, object> Object(object value) => (ImmutableDictionary<string, object>)value;

    private static ImmutableArray<object> List(object value) => (ImmutableArray<object>)value;
}
