using System.Text;
using System.Text.Json;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;
using StorageRegistrar.Validation;
using static StackPlanning.Tests.PlannedStorages;

namespace StackPlanning.Tests;

public sealed class StackPlannerTests
{
    [Fact]
    public void S3_policy_mode_grants_Stream_account_put_object_on_the_path_in_the_bucket_policy()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" }""", "prod");

        var bucket = plan.BucketName(Suffix);
        Assert.Equal("prod-rec-s3-9f8e7d6c", bucket);
        Assert.Equal("s3", plan.StorageType);
        Assert.Equal(S3Grants.StreamWriterBucketPolicy(bucket, "calls/"), plan.BucketPolicy(bucket));
        using var policy = JsonDocument.Parse(plan.BucketPolicy(bucket));
        var grant = policy.RootElement.GetProperty("Statement")[2];
        Assert.Equal("arn:aws:iam::185583345998:root", grant.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("s3:PutObject", grant.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:s3:::prod-rec-s3-9f8e7d6c/calls/*", grant.GetProperty("Resource").GetString());
        Assert.Equal(new S3Encryption("AES256", null, false), plan.Encryption);
    }

    [Fact]
    public void S3_settings_are_applied_one_at_a_time_public_access_block_before_policy_before_ownership()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" }""");

        Assert.Equal(
            [
                S3BucketSetting.PublicAccessBlock,
                S3BucketSetting.BucketPolicy,
                S3BucketSetting.OwnershipControls,
                S3BucketSetting.Encryption,
                S3BucketSetting.Versioning,
                S3BucketSetting.Lifecycle,
            ],
            plan.SettingsOrder);
    }

    [Fact]
    public void S3_keys_mode_puts_the_grant_on_the_iam_user_and_leaves_the_bucket_policy_tls_only()
    {
        const string key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var plan = PlanOne<S3StoragePlan>($$"""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "a/b/", "kmsKeyArn": "{{key}}" }
            """);

        var bucket = plan.BucketName(Suffix);
        Assert.Equal(S3AuthMode.Keys, plan.AuthMode);
        Assert.Equal(S3Grants.TlsOnlyBucketPolicy(bucket), plan.BucketPolicy(bucket));
        Assert.Equal(S3Grants.WriterUserPolicy(bucket, "a/b/", key), plan.UserPolicy(bucket));
        Assert.Contains("\"arn:aws:s3:::dev-rec-s3-9f8e7d6c/a/b/*\"", plan.UserPolicy(bucket), StringComparison.Ordinal);
        Assert.Equal("stream-dev-rec-s3-9f8e7d6c", plan.IamUserName(Suffix));
        Assert.Equal(new S3Encryption("aws:kms", key, true), plan.Encryption);
    }

    [Fact]
    public void Lifecycle_aborts_failed_uploads_expires_check_files_old_versions_and_recordings_after_retention()
    {
        var plan = PlanOne<S3StoragePlan>("""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "retentionDays": 365, "noncurrentVersionDays": 14 }
            """);

        Assert.Equal(
            [
                new("abort-incomplete-multipart-uploads", LifecycleAction.AbortIncompleteMultipartUpload, 7),
                new("expire-check-files", LifecycleAction.ExpireCheckFiles, 1, "calls/stream-", ".md", 4096),
                new("expire-noncurrent-versions", LifecycleAction.ExpireNoncurrentVersions, 14),
                new LifecycleRule("expire-recordings", LifecycleAction.ExpireRecordings, 365, "calls/"),
            ],
            plan.Lifecycle);
    }

    [Fact]
    public void Without_versioning_there_is_no_versioning_setting_and_no_noncurrent_rule()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "versioning": false }""");

        Assert.DoesNotContain(S3BucketSetting.Versioning, plan.SettingsOrder);
        Assert.DoesNotContain(plan.Lifecycle, r => r.Action == LifecycleAction.ExpireNoncurrentVersions);
    }

    [Fact]
    public void Gcs_plan_names_the_bucket_and_service_account_and_grants_object_creator_on_the_bucket()
    {
        var plan = PlanOne<GcsStoragePlan>("""{ "name": "rec_gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "v/" }""");

        Assert.Equal("gcs", plan.StorageType);
        Assert.Equal("dev-rec-gcs-9f8e7d6c", plan.BucketName(Suffix));
        Assert.Equal("stream-rec-gcs-9f8e7d6c", plan.ServiceAccountId(Suffix));
        Assert.Equal("Stream recordings dev/rec_gcs", plan.ServiceAccountDisplayName);
        Assert.Equal("roles/storage.objectCreator", plan.BucketRole);
        Assert.True(plan.ScopesRoleToPath);
        Assert.Equal("resource.name.startsWith(\"projects/_/buckets/dev-rec-gcs-9f8e7d6c/objects/v/\")", plan.RoleCondition(plan.BucketName(Suffix)));
        Assert.Equal(("acme-video", "EU", true), (plan.Project, plan.Location, plan.Versioning));
        Assert.Contains(new LifecycleRule("expire-check-files", LifecycleAction.ExpireCheckFiles, 1, "v/stream-", ".md", 4096), plan.Lifecycle);
        Assert.Equal("rec_gcs", plan.Tags["stream-storage"]);
    }

    [Fact]
    public void A_gcs_storage_at_the_bucket_root_is_granted_on_the_whole_bucket()
    {
        Assert.False(PlanOne<GcsStoragePlan>("""{ "name": "r", "cloud": "gcs", "location": "EU" }""").ScopesRoleToPath);
    }

    [Theory]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" }""", CredentialKind.AwsAccessKey, true)]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""", CredentialKind.None, false)]
    [InlineData("""{ "name": "rec", "cloud": "gcs", "location": "EU" }""", CredentialKind.GcsServiceAccountKey, true)]
    [InlineData("""{ "name": "rec", "cloud": "abs", "location": "westeurope" }""", CredentialKind.AzureClientSecret, true)]
    [InlineData("""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value-0123456789abcdef" }""", CredentialKind.StoreAccessKey, false)]
    public void Only_a_credential_the_stack_issues_is_one_it_rotates(string storage, CredentialKind credential, bool issued)
    {
        var plan = Assert.Single(StackPlanner.Plan(StackInputs.WithStorages(storage, "dev")).Storages);

        Assert.Equal((credential, issued), (plan.Credential, plan.IssuesCredential));
    }

    [Fact]
    public void Azure_plan_creates_a_resource_group_account_container_and_a_write_only_role_by_default()
    {
        var plan = PlanOne<AzureStoragePlan>("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope" }""");

        Assert.Equal("abs", plan.StorageType);
        Assert.Equal(("rg-dev-rec-abs", true), (plan.ResourceGroupName, plan.CreateResourceGroup));
        Assert.Equal("strecabs9f8e7d6c", plan.AccountName(Suffix));
        Assert.Equal("recordings", plan.ContainerName);
        Assert.Equal(AzureRole.WriteOnly, plan.Role);
        Assert.Equal(AzureGrants.WriteOnlyDataActions, plan.WriteOnlyDataActions);
        Assert.Equal("Stream recording writer (strecabs9f8e7d6c)", plan.WriteOnlyRoleName("strecabs9f8e7d6c"));
        Assert.Equal("Stream recordings dev/rec-abs", plan.ApplicationName);
        Assert.Equal("4320h", plan.ClientSecretLifetime);
        Assert.Empty(plan.CredentialKeepers);
        Assert.Equal(CredentialKind.AzureClientSecret, plan.Credential);
        Assert.False(plan.ScopesRoleToPath);
        Assert.Equal((null, null), (plan.RoleCondition, plan.RoleConditionVersion));
    }

    [Theory]
    [InlineData("writeOnly", nameof(AzureGrants.WriteOnlyDataActions))]
    [InlineData("blobDataContributor", nameof(AzureGrants.BlobDataContributorDataActions))]
    public void An_azure_storage_with_a_path_conditions_every_data_action_of_its_role_on_the_path(string role, string actions)
    {
        var plan = PlanOne<AzureStoragePlan>($$"""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "azureRole": "{{role}}" }""");
        var roleActions = actions == nameof(AzureGrants.WriteOnlyDataActions) ? AzureGrants.WriteOnlyDataActions : AzureGrants.BlobDataContributorDataActions;

        Assert.True(plan.ScopesRoleToPath);
        Assert.Equal(roleActions, plan.RoleDataActions);
        Assert.Equal(AzureGrants.PathCondition("calls/", roleActions), plan.RoleCondition);
        Assert.Equal("2.0", plan.RoleConditionVersion);
    }

    [Fact]
    public void The_built_in_contributor_role_is_planned_with_a_warning_that_its_container_actions_pass_the_path()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "built-in", "cloud": "abs", "location": "westeurope", "path": "calls/", "azureRole": "blobDataContributor" },
            { "name": "own-role", "cloud": "abs", "location": "westeurope", "path": "calls/" }
            """));

        var warning = Assert.Single(plan.Warnings);
        Assert.Equal("storages[0].azureRole", warning.Field);
        Assert.Contains("containers/delete", warning.Message, StringComparison.Ordinal);
        Assert.Contains("could change or delete the whole container", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Use \"writeOnly\"", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_plan_uses_an_existing_resource_group_the_built_in_role_and_rotates_on_demand()
    {
        var plan = PlanOne<AzureStoragePlan>("""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "video-rg",
              "azureRole": "blobDataContributor", "clientSecretDays": 30, "clientSecretRotation": "2026-11" }
            """);

        Assert.Equal(("video-rg", false), (plan.ResourceGroupName, plan.CreateResourceGroup));
        Assert.Equal(AzureRole.BlobDataContributor, plan.Role);
        Assert.Equal(
            "/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            AzureStoragePlan.BlobDataContributorRoleDefinitionId("sub-1"));
        Assert.Equal("720h", plan.ClientSecretLifetime);
        Assert.Equal(new Dictionary<string, string> { ["rotation"] = "2026-11" }, plan.CredentialKeepers);
    }

    [Fact]
    public void Production_retains_and_protects_data_and_an_ephemeral_stack_may_force_destroy()
    {
        var production = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""");
        var ephemeral = StackPlanner.Plan(StackInputs.FromJson("""
            { "production": false, "storages": [
              { "name": "kept", "cloud": "gcs", "location": "EU" },
              { "name": "scratch", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy" } ] }
            """));

        Assert.Equal(new DataResourcePolicy(ForceDestroy: false, RetainOnDelete: true, Protect: true), production.Data);
        Assert.Equal(new DataResourcePolicy(ForceDestroy: false, RetainOnDelete: true, Protect: false), ephemeral.Storages[0].Data);
        Assert.Equal(new DataResourcePolicy(ForceDestroy: true, RetainOnDelete: false, Protect: false), ephemeral.Storages[1].Data);
    }

    [Fact]
    public void A_kept_bucket_keeps_its_hardening_but_not_the_policy_that_grants_Stream_nor_versioning()
    {
        var policyMode = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""");
        var keysMode = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" }""");
        var scratch = StackPlanner.Plan(StackInputs.FromJson("""
            { "production": false, "storages": [ { "name": "scratch", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy" } ] }
            """)).Storages.OfType<S3StoragePlan>().Single();

        Assert.Equal(
            [S3BucketSetting.PublicAccessBlock, S3BucketSetting.OwnershipControls, S3BucketSetting.Encryption, S3BucketSetting.Lifecycle],
            policyMode.SettingsOrder.Where(policyMode.KeepsSettingOnDelete));
        Assert.Equal(
            [S3BucketSetting.PublicAccessBlock, S3BucketSetting.BucketPolicy, S3BucketSetting.OwnershipControls, S3BucketSetting.Encryption, S3BucketSetting.Lifecycle],
            keysMode.SettingsOrder.Where(keysMode.KeepsSettingOnDelete));
        Assert.DoesNotContain(scratch.SettingsOrder, scratch.KeepsSettingOnDelete);
    }

    [Fact]
    public void Registration_waits_for_grants_as_long_as_each_cloud_takes_to_propagate_them()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "a", "cloud": "s3", "region": "eu-west-1" },
            { "name": "g", "cloud": "gcs", "location": "EU" },
            { "name": "z", "cloud": "abs", "location": "westeurope", "resourceGroup": "video-rg" }
            """));

        Assert.Equal([120, 600, 1800], plan.Storages.Select(s => s.CheckDeadlineSeconds));
        Assert.Equal("/subscriptions/sub-1/resourceGroups/video-rg", ((AzureStoragePlan)plan.Storages[2]).ResourceGroupId("sub-1"));
    }

    [Fact]
    public void Bindings_point_at_their_storage_plans_or_back_at_Streams_own_storage()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" } ],
              "bindings": { "default": "rec-s3", "livestream": "stream-s3" } }
            """));

        Assert.Equal(2, plan.Bindings.Count);
        Assert.Same(plan.Storages[0], plan.Bindings[0].Storage);
        Assert.Equal(("default", "rec-s3"), (plan.Bindings[0].CallType, plan.Bindings[0].StorageName));
        Assert.Equal(("livestream", "stream-s3"), (plan.Bindings[1].CallType, plan.Bindings[1].StorageName));
        Assert.Null(plan.Bindings[1].Storage);
    }

    [Fact]
    public void Every_storage_is_tagged_with_the_stack_tags_and_its_own_name()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" } ], "tags": { "team": "video" } }
            """));

        Assert.Equal(new Dictionary<string, string> { ["team"] = "video", ["stream-storage"] = "rec-s3" }, plan.Storages[0].Tags);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("gcs")]
    public void Planned_bucket_names_fit_the_cloud_rules_even_for_the_longest_names(string cloud)
    {
        var stack = "Feature_Branch." + new string('x', 60);
        // The longest name each cloud takes: Stream's 64 characters, or the 63 a GCS label value holds.
        var name = "r" + new string('_', 20) + new string('9', cloud == "gcs" ? 42 : 43);
        var location = cloud == "s3" ? "\"region\": \"eu-west-1\"" : "\"location\": \"EU\"";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""{ "name": "{{name}}", "cloud": "{{cloud}}", {{location}} }""", stack));

        var bucket = plan.Storages[0] switch
        {
            S3StoragePlan s3 => s3.BucketName(Suffix),
            GcsStoragePlan gcs => gcs.BucketName(Suffix),
            _ => throw new InvalidOperationException(),
        };
        var declaration = new StorageDeclaration { Name = name, StorageType = cloud, Bucket = bucket, Path = "" };
        Assert.DoesNotContain(DeclarationValidator.Validate(declaration).Problems, p => p.Field == DeclarationFields.Bucket);
        Assert.Equal(63, bucket.Length);
        Assert.EndsWith("-" + Suffix, bucket, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_and_account_names_stay_within_their_limits()
    {
        var longName = "a" + new string('-', 10) + new string('b', 53);

        Assert.Equal(64, ResourceNames.IamUserName("production", longName, Suffix).Length);
        var serviceAccount = ResourceNames.GcpServiceAccountId(longName, Suffix);
        Assert.Matches("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", serviceAccount);
        Assert.Equal("stream-a-bbbbbbbbbbbb-9f8e7d6c", serviceAccount);
        var account = ResourceNames.AzureAccountName(longName, Suffix);
        Assert.Matches("^[a-z0-9]{3,24}$", account);
        Assert.Equal("stabbbbbbbbbbbbb9f8e7d6c", account);
        Assert.Equal("st19f8e7d6c", ResourceNames.AzureAccountName("1", Suffix));
    }

    [Theory]
    [InlineData(null, null, true, S3FilterShape.Prefix)]
    [InlineData(null, null, false, S3FilterShape.Prefix)]
    [InlineData(4096, null, false, S3FilterShape.Size)]
    [InlineData(null, 4096, false, S3FilterShape.Size)]
    [InlineData(4096, null, true, S3FilterShape.And)]
    [InlineData(4096, 65536, false, S3FilterShape.And)]
    public void S3_combines_a_rules_predicates_only_where_there_are_two(int? minBytes, int? maxBytes, bool prefixed, S3FilterShape shape)
    {
        var rule = new LifecycleRule("r", LifecycleAction.TransitionRecordings, 30, prefixed ? "calls/" : "", MaxObjectBytes: maxBytes, StorageClass: "GLACIER", MinObjectBytes: minBytes);

        Assert.Equal(shape, rule.S3Filter(prefixed));
    }

    [Fact]
    public void Display_and_identity_names_built_of_a_long_stack_and_storage_name_stay_within_their_clouds_limits()
    {
        var stack = new string('s', 100);
        var storage = new string('r', 64);

        Assert.Equal(100, ResourceNames.GcpServiceAccountDisplayName(stack, storage).Length);
        Assert.Equal(120, ResourceNames.AzureApplicationName(stack, storage).Length);
        var identity = ResourceNames.AzureKeyIdentityName(stack, storage);
        Assert.Equal(128, identity.Length);
        Assert.EndsWith("-key", identity, StringComparison.Ordinal);
        // Short names are what they always were.
        Assert.Equal("Stream recordings dev/rec", ResourceNames.GcpServiceAccountDisplayName("dev", "rec"));
        Assert.Equal("id-dev-rec-key", ResourceNames.AzureKeyIdentityName("dev", "rec"));
    }

    [Fact]
    public void Console_urls_open_the_bucket_at_the_path()
    {
        Assert.Equal(
            "https://s3.console.aws.amazon.com/s3/buckets/b-1?region=eu-west-1&prefix=calls%2Fvideo%2F",
            PlanOne<S3StoragePlan>("""{ "name": "r", "cloud": "s3", "region": "eu-west-1", "path": "calls/video/" }""").ConsoleUrl("b-1"));
        Assert.Equal(
            "https://s3.console.aws.amazon.com/s3/buckets/b-1?region=eu-west-1",
            PlanOne<S3StoragePlan>("""{ "name": "r", "cloud": "s3", "region": "eu-west-1" }""").ConsoleUrl("b-1"));
        Assert.Equal(
            "https://console.cloud.google.com/storage/browser/b-1/calls/?project=acme-video",
            PlanOne<GcsStoragePlan>("""{ "name": "r", "cloud": "gcs", "location": "EU", "path": "calls/" }""").ConsoleUrl("b-1", "acme-video"));
        Assert.Equal(
            "https://portal.azure.com/#resource/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a/containersList",
            PlanOne<AzureStoragePlan>("""{ "name": "r", "cloud": "abs", "location": "westeurope" }""")
                .ConsoleUrl("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a"));
    }

    [Fact]
    public void A_gcs_key_is_decoded_from_base64_to_the_json_key_file_stream_wants()
    {
        const string keyFile = """{"type":"service_account","client_email":"w@p.iam.gserviceaccount.com"}""";

        Assert.Equal(keyFile, ServiceAccountKeyFile.FromPrivateKeyData(Convert.ToBase64String(Encoding.UTF8.GetBytes(keyFile))));
    }

    [Fact]
    public void An_invalid_configuration_is_never_planned()
    {
        Assert.Throws<StackConfigException>(() => StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec", "cloud": "s3" }""")));
    }
}
