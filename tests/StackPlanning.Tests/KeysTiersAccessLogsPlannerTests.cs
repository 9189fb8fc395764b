using System.Text.Json;
using StorageRegistrar.Grants;
using static StackPlanning.Tests.PlannedStorages;

namespace StackPlanning.Tests;

/// <summary>
/// What the plan decides for customer-managed keys, tiers and access logs: the decision per storage, the grant documents
/// (key policies, log bucket policies, IAM members), the lifecycle rules and the resources the program registers for them.
/// </summary>
public sealed class KeysTiersAccessLogsPlannerTests
{
    private const string Account = "111122223333";
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public void A_created_s3_key_in_policy_mode_lets_streams_account_use_it_only_through_s3_for_this_bucket()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "create" }""");

        Assert.Equal(new CustomerKeyPlan { Location = "eu-west-1", RotationDays = 365 }, plan.EncryptionKey);
        Assert.Equal(new S3Encryption("aws:kms", null, BucketKeyEnabled: true), plan.Encryption);
        var statements = Statements(plan.KeyPolicy("dev-rec-9f8e7d6c", Account));
        Assert.Equal(["AccountAdministersKey", "StreamRecordingEncryption"], statements.Select(s => s.GetProperty("Sid").GetString()));
        Assert.Equal($"arn:aws:iam::{Account}:root", statements[0].GetProperty("Principal").GetProperty("AWS").GetString());
        var stream = statements[1];
        Assert.Equal(S3Grants.StreamPrincipalArn, stream.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(["kms:GenerateDataKey", "kms:Decrypt"], stream.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("*", stream.GetProperty("Resource").GetString());
        var condition = stream.GetProperty("Condition").GetProperty("StringEquals");
        Assert.Equal("s3.eu-west-1.amazonaws.com", condition.GetProperty("kms:ViaService").GetString());
        Assert.Equal("arn:aws:s3:::dev-rec-9f8e7d6c", condition.GetProperty("kms:EncryptionContext:aws:s3:arn").GetString());
        Assert.Null(plan.KeyStatementToMerge("dev-rec-9f8e7d6c"));
    }

    [Theory]
    [InlineData("policy", true)]
    [InlineData("keys", false)]
    public void A_key_in_policy_mode_is_planned_with_a_warning_that_streams_own_account_must_allow_it_too(string authMode, bool warned)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "{{authMode}}", "encryptionKey": "create" }"""));

        var warnings = plan.Warnings.Where(w => w.Field == "storages[0].encryptionKey").ToList();
        Assert.Equal(warned, warnings.Count == 1);
        Assert.All(warnings, w => Assert.Contains("that account's own IAM policy allows kms:GenerateDataKey", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_created_s3_key_in_keys_mode_is_used_through_the_writers_policy_and_grants_streams_account_nothing()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "create" }""");

        Assert.Equal(["AccountAdministersKey"], Statements(plan.KeyPolicy("b", Account)).Select(s => s.GetProperty("Sid").GetString()));
        Assert.Equal(S3Grants.WriterUserPolicy("b", "", "arn:aws:kms:eu-west-1:111122223333:key/created"), plan.UserPolicy("b", "arn:aws:kms:eu-west-1:111122223333:key/created"));
        var resources = plan.Resources(Drawn);
        var key = Named(resources, "rec-key");
        Assert.Equal(PulumiTypes.KmsKey, key.Type);
        Assert.Contains("kept on destroy with the recordings it encrypts, protected", key.Summary, StringComparison.Ordinal);
        Assert.Contains("{rec-key.arn}", Assert.IsType<JsonGrantDocument>(Named(resources, "rec-writer-policy").Document).Json, StringComparison.Ordinal);
        Assert.True(resources.ToList().IndexOf(key) < resources.ToList().IndexOf(Named(resources, "rec-encryption")));
    }

    [Fact]
    public void An_existing_s3_key_in_policy_mode_stays_its_owners_who_merges_streams_statement()
    {
        var plan = PlanOne<S3StoragePlan>($$"""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "{{KeyArn}}" }""");

        Assert.Equal(new CustomerKeyPlan { ExistingKeyId = KeyArn, Location = "eu-west-1" }, plan.EncryptionKey);
        Assert.Equal(new S3Encryption("aws:kms", KeyArn, BucketKeyEnabled: true), plan.Encryption);
        Assert.Equal(S3Grants.StreamKeyStatement("dev-rec-9f8e7d6c", "eu-west-1", "rec"), plan.KeyStatementToMerge("dev-rec-9f8e7d6c"));
        using var statement = JsonDocument.Parse(plan.KeyStatementToMerge("dev-rec-9f8e7d6c")!);
        // Named for its storage: another storage's on the same key merges beside it.
        Assert.Equal("StreamRecordingEncryptionRec", statement.RootElement.GetProperty("Sid").GetString());
        Assert.DoesNotContain(plan.Resources(Drawn), r => r.Type == PulumiTypes.KmsKey);
    }

    [Fact]
    public void Kms_key_arn_plans_as_its_new_spelling_does()
    {
        var former = PlanOne<S3StoragePlan>($$"""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "kmsKeyArn": "{{KeyArn}}" }""");
        var renamed = PlanOne<S3StoragePlan>($$"""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "{{KeyArn}}" }""");

        Assert.Equal(renamed.EncryptionKey, former.EncryptionKey);
        Assert.Equal(renamed.Encryption, former.Encryption);
        Assert.Equal(renamed.UserPolicy("b"), former.UserPolicy("b"));
    }

    [Fact]
    public void A_created_gcs_key_lives_in_the_buckets_kms_location_and_the_storage_agent_may_use_it_before_the_bucket_does()
    {
        var plan = PlanOne<GcsStoragePlan>("""{ "name": "rec", "cloud": "gcs", "location": "EU", "project": "acme-video", "encryptionKey": "create" }""");

        Assert.Equal(new CustomerKeyPlan { Location = "europe", RotationDays = 365 }, plan.EncryptionKey);
        Assert.Equal("31536000s", plan.KeyRotationPeriod);
        Assert.Equal("roles/cloudkms.cryptoKeyEncrypterDecrypter", plan.KeyRole);
        Assert.Equal("serviceAccount:service-123456789@gs-project-accounts.iam.gserviceaccount.com", GcsStoragePlan.KeyUserMember("123456789"));
        var resources = plan.Resources(Drawn);
        Assert.Equal(
            [(PulumiTypes.GcpKeyRing, "rec-key-ring"), (PulumiTypes.GcpCryptoKey, "rec-key"), (PulumiTypes.GcpCryptoKeyIamMember, "rec-key-user"), (PulumiTypes.GcsBucket, "rec-bucket")],
            resources.Skip(2).Take(4).Select(r => (r.Type, r.Name)));
        Assert.Equal("dev-rec-9f8e7d6c", Named(resources, "rec-key-ring").CloudName);
        Assert.Contains("Cloud KMS location europe", Named(resources, "rec-key-ring").Summary, StringComparison.Ordinal);
        Assert.Contains("default key recordings", Named(resources, "rec-bucket").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_gcs_key_is_granted_to_the_storage_agent_and_not_created()
    {
        const string key = "projects/acme-keys/locations/us/keyRings/rec/cryptoKeys/rec";
        var plan = PlanOne<GcsStoragePlan>($$"""{ "name": "rec", "cloud": "gcs", "location": "US", "encryptionKey": "{{key}}" }""");

        Assert.Equal(new CustomerKeyPlan { ExistingKeyId = key, Location = "us" }, plan.EncryptionKey);
        var resources = plan.Resources(Drawn);
        Assert.DoesNotContain(resources, r => r.Type is PulumiTypes.GcpKeyRing or PulumiTypes.GcpCryptoKey);
        Assert.Contains($"on {key} for serviceAccount:service-{{gcp:projectNumber}}@gs-project-accounts.iam.gserviceaccount.com", Named(resources, "rec-key-user").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_created_azure_key_lives_in_a_purge_protected_vault_read_by_an_identity_the_stack_creates()
    {
        var plan = PlanOne<AzureStoragePlan>("""{ "name": "rec", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "infrastructureEncryption": true }""");

        Assert.Equal(new CustomerKeyPlan { Location = "westeurope", RotationDays = 365 }, plan.EncryptionKey);
        Assert.True(plan.InfrastructureEncryption);
        Assert.Equal("Standard_LRS", plan.AccountSku);
        Assert.Equal(
            "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6",
            plan.KeyRoleDefinitionId("sub"));
        var resources = plan.Resources(Drawn);
        Assert.Equal(
            [PulumiTypes.AzureUserAssignedIdentity, PulumiTypes.AzureKeyVault, PulumiTypes.AzureKeyVaultKey, PulumiTypes.AzureRoleAssignment, PulumiTypes.AzureStorageAccount],
            resources.SkipWhile(r => r.Type != PulumiTypes.AzureUserAssignedIdentity).Take(5).Select(r => r.Type));
        Assert.Equal("kvrec9f8e7d6c", Named(resources, "rec-key-vault").CloudName);
        Assert.Contains("purge protection", Named(resources, "rec-key-vault").Summary, StringComparison.Ordinal);
        Assert.Contains("Key Vault Crypto Service Encryption User", Named(resources, "rec-key-access").Summary, StringComparison.Ordinal);
        Assert.Contains("encrypted with key recordings (no version: its newest) through the key identity, infrastructure encryption on", Named(resources, "rec-account").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_azure_key_is_granted_on_its_resource_id_to_an_identity_the_stack_creates_without_a_vault_or_key()
    {
        const string key = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";
        var plan = PlanOne<AzureStoragePlan>($$"""{ "name": "rec", "cloud": "abs", "location": "westeurope", "encryptionKey": "{{key}}" }""");

        Assert.Equal(new CustomerKeyPlan { ExistingKeyId = key }, plan.EncryptionKey);
        Assert.Equal(new KeyVaultKeyId("00000000-0000-0000-0000-000000000002", "acme-keys-rg", "acme-keys", "recordings"), plan.GivenKey);
        Assert.Equal(key, plan.GivenKey!.ResourceId);
        Assert.Null(plan.KeyRotationAfterCreate);
        Assert.Equal(
            "/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6",
            plan.KeyRoleDefinitionId("deployment-subscription"));
        var resources = plan.Resources(Drawn);
        Assert.Equal(
            [PulumiTypes.AzureUserAssignedIdentity, PulumiTypes.AzureRoleAssignment, PulumiTypes.AzureStorageAccount],
            resources.SkipWhile(r => r.Type != PulumiTypes.AzureUserAssignedIdentity).Take(3).Select(r => r.Type));
        Assert.DoesNotContain(resources, r => r.Type is PulumiTypes.AzureKeyVault or PulumiTypes.AzureKeyVaultKey);
        Assert.Contains("scope: key recordings in the owner's vault acme-keys (resource group acme-keys-rg)", Named(resources, "rec-key-access").Summary, StringComparison.Ordinal);
        Assert.Contains("kept on destroy with the account that reads its key through it", Named(resources, "rec-key-access").Summary, StringComparison.Ordinal);
        Assert.Contains("kept on destroy", Named(resources, "rec-key-identity").Summary, StringComparison.Ordinal);
        Assert.Contains("encrypted with key recordings (no version: its newest) through the key identity", Named(resources, "rec-account").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void No_key_means_the_clouds_own_encryption_and_no_key_resources()
    {
        var s3 = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1" }""");
        var abs = PlanOne<AzureStoragePlan>("""{ "name": "rec", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS" }""");

        Assert.Null(s3.EncryptionKey);
        Assert.Equal(new S3Encryption("AES256", null, false), s3.Encryption);
        Assert.Null(abs.EncryptionKey);
        Assert.Equal("Standard_ZRS", abs.AccountSku);
        Assert.DoesNotContain(abs.Resources(Drawn), r => r.Type is PulumiTypes.AzureKeyVault or PulumiTypes.AzureUserAssignedIdentity);
    }

    [Fact]
    public void S3_tiers_are_transitions_of_the_recordings_under_the_path_that_leave_check_files_out_by_size()
    {
        var plan = PlanOne<S3StoragePlan>("""
            { "name": "rec", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "retentionDays": 400,
              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 180, "class": "archive" } ] }
            """);

        Assert.Equal([new Tier(30, "STANDARD_IA"), new Tier(90, "GLACIER_IR"), new Tier(180, "DEEP_ARCHIVE")], plan.Tiers);
        Assert.Equal(
            [
                new("tier-1-standard-ia", LifecycleAction.TransitionRecordings, 30, "calls/", StorageClass: "STANDARD_IA", MinObjectBytes: StackPlanner.CheckFileMaxBytes),
                new("tier-2-glacier-ir", LifecycleAction.TransitionRecordings, 90, "calls/", StorageClass: "GLACIER_IR", MinObjectBytes: StackPlanner.CheckFileMaxBytes),
                new("tier-3-deep-archive", LifecycleAction.TransitionRecordings, 180, "calls/", StorageClass: "DEEP_ARCHIVE", MinObjectBytes: StackPlanner.CheckFileMaxBytes),
                new LifecycleRule("expire-recordings", LifecycleAction.ExpireRecordings, 400, "calls/"),
            ],
            plan.Lifecycle.Where(r => r.Action is LifecycleAction.TransitionRecordings or LifecycleAction.ExpireRecordings));
        var checkFiles = plan.Lifecycle.Single(r => r.Action == LifecycleAction.ExpireCheckFiles);
        Assert.All(plan.Lifecycle.Where(r => r.Action == LifecycleAction.TransitionRecordings), r => Assert.True(r.MinObjectBytes >= checkFiles.MaxObjectBytes));
        Assert.Contains("tier-3-deep-archive after 180 d", Named(plan.Resources(Drawn), "rec-lifecycle").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_cloud_maps_the_words_to_its_own_classes_and_takes_its_own_class_names()
    {
        const string Tiers = """[ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 365, "class": "archive" } ]""";
        var gcs = PlanOne<GcsStoragePlan>($$"""{ "name": "rec", "cloud": "gcs", "location": "EU", "tiers": {{Tiers}} }""");
        var abs = PlanOne<AzureStoragePlan>($$"""{ "name": "rec", "cloud": "abs", "location": "westeurope", "path": "calls/", "tiers": {{Tiers}} }""");
        var own = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "tiers": [ { "afterDays": 30, "class": "INTELLIGENT_TIERING" }, { "afterDays": 60, "class": "GLACIER" } ] }""");

        Assert.Equal(["NEARLINE", "COLDLINE", "ARCHIVE"], gcs.Tiers.Select(t => t.StorageClass));
        Assert.All(gcs.Lifecycle.Where(r => r.Action == LifecycleAction.TransitionRecordings), r => Assert.Null(r.MinObjectBytes));
        Assert.Equal(["Cool", "Cold", "Archive"], abs.Tiers.Select(t => t.StorageClass));
        Assert.Equal([(30, "Cool", "calls/"), (90, "Cold", "calls/"), (365, "Archive", "calls/")], abs.Lifecycle.Select(r => (r.Days, r.StorageClass!, r.Prefix)));
        Assert.Contains("block blobs under recordings/calls/", Assert.Single(abs.Resources(Drawn), r => r.Type == PulumiTypes.AzureManagementPolicy).Summary, StringComparison.Ordinal);
        Assert.Equal(["INTELLIGENT_TIERING", "GLACIER"], own.Tiers.Select(t => t.StorageClass));
    }

    [Fact]
    public void A_lock_that_keeps_check_files_past_the_first_tier_is_a_warning_where_the_cloud_cannot_filter_them()
    {
        const string Tiers = """[ { "afterDays": 30, "class": "cold" } ]""";
        var plan = StackPlanner.Plan(StackInputs.FromJson($$"""
            { "storages": [
                { "name": "gcs-locked", "cloud": "gcs", "location": "EU", "immutability": { "days": 365, "mode": "governance" }, "tiers": {{Tiers}} },
                { "name": "gcs-short", "cloud": "gcs", "location": "EU", "immutability": { "days": 7, "mode": "governance" }, "tiers": {{Tiers}} },
                { "name": "gcs-open", "cloud": "gcs", "location": "EU", "tiers": {{Tiers}} },
                { "name": "s3-locked", "cloud": "s3", "region": "eu-west-1", "immutability": { "days": 365, "mode": "governance" }, "tiers": [ { "afterDays": 30, "class": "cold" } ] },
                { "name": "abs-locked", "cloud": "abs", "location": "westeurope", "immutability": { "days": 7, "mode": "governance" }, "tiers": {{Tiers}} }
            ] }
            """));

        Assert.Equal(["storages[0].tiers", "storages[4].tiers"], plan.Warnings.Select(w => w.Field));
        Assert.StartsWith("reach Stream's check files: the 365-day lock keeps each until it is deleted on day 366", plan.Warnings[0].Message, StringComparison.Ordinal);
        Assert.EndsWith("Start the first tier after day 365 to keep them out.", plan.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("Azure's lifecycle cannot tell them from recordings", plan.Warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_access_logs_go_to_a_hardened_log_bucket_only_the_logging_service_writes_for_this_bucket_and_account()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "accessLogs": "create" }""");

        Assert.Equal(new AccessLogsPlan(AccessLogTarget.CreatedLogBucket, null, "dev/rec/"), plan.AccessLogs);
        Assert.Equal(S3BucketSetting.Logging, plan.SettingsOrder[^1]);
        Assert.Equal("dev-rec-logs-9f8e7d6c", plan.LogBucketName(Suffix));
        var statements = Statements(plan.LogBucketPolicy("dev-rec-logs-9f8e7d6c", "dev-rec-9f8e7d6c", Account));
        Assert.Equal(["DenyInsecureTransport", "DenyOutdatedTls", "S3ServerAccessLogsWrite"], statements.Select(s => s.GetProperty("Sid").GetString()));
        var write = statements[2];
        Assert.Equal("logging.s3.amazonaws.com", write.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("s3:PutObject", write.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:s3:::dev-rec-logs-9f8e7d6c/dev/rec/*", write.GetProperty("Resource").GetString());
        Assert.Equal("arn:aws:s3:::dev-rec-9f8e7d6c", write.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").GetString());
        Assert.Equal(Account, write.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString());

        var resources = plan.Resources(Drawn);
        Assert.Equal(
            ["rec-log-bucket", "rec-log-bucket-public-access-block", "rec-log-bucket-policy", "rec-log-bucket-ownership", "rec-log-bucket-encryption"],
            resources.SkipWhile(r => r.Name != "rec-log-bucket").Take(5).Select(r => r.Name));
        Assert.Contains("kept on destroy, protected", Named(resources, "rec-log-bucket").Summary, StringComparison.Ordinal);
        Assert.Equal(PulumiTypes.Of(S3BucketSetting.Logging), Named(resources, "rec-logging").Type);
        Assert.Contains("server access logs to dev-rec-logs-9f8e7d6c/dev/rec/", Named(resources, "rec-logging").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ephemeral_stack_with_force_destroy_deletes_its_log_bucket_and_its_key_with_the_recordings()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "production": false, "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy", "accessLogs": "create", "encryptionKey": "create" } ] }
            """));

        var resources = Assert.Single(plan.Storages).Resources(Drawn);
        Assert.Contains("deleted with its logs on destroy", Named(resources, "rec-log-bucket").Summary, StringComparison.Ordinal);
        Assert.Contains("scheduled for deletion on destroy", Named(resources, "rec-key").Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", "create", "retain", true, true)]
    [InlineData("create", "create", "forceDestroy", false, false)]
    [InlineData("projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "acme-logs", "forceDestroy", true, true)]
    [InlineData("projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "create", "forceDestroy", true, false)]
    public void Gcs_grants_stay_on_destroy_with_a_kept_bucket_and_always_on_a_key_or_log_bucket_the_stack_does_not_own(
        string encryptionKey, string accessLogs, string dataProtection, bool keyGrantKept, bool logWriterKept)
    {
        var plan = Assert.IsType<GcsStoragePlan>(Assert.Single(StackPlanner.Plan(StackInputs.FromJson($$"""
            { "production": false, "storages": [ { "name": "rec", "cloud": "gcs", "location": "EU", "project": "acme-video", "dataProtection": "{{dataProtection}}",
              "encryptionKey": "{{encryptionKey}}", "accessLogs": "{{accessLogs}}" } ] }
            """)).Storages));

        Assert.Equal((keyGrantKept, logWriterKept), (plan.KeepsKeyGrantOnDelete, plan.KeepsLogWriterOnDelete));
    }

    [Fact]
    public void An_existing_s3_log_bucket_gets_the_logging_services_statement_to_merge_and_no_bucket_of_the_stacks()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "accessLogs": "acme-logs" }""");

        Assert.Equal(new AccessLogsPlan(AccessLogTarget.ExistingLogBucket, "acme-logs", "dev/rec/"), plan.AccessLogs);
        Assert.Equal(S3Grants.AccessLogWriterStatement("acme-logs", "dev/rec/", "b", Account, "rec"), plan.LogStatementToMerge("b", Account));
        Assert.DoesNotContain(plan.Resources(Drawn), r => r.Name.StartsWith("rec-log-bucket", StringComparison.Ordinal));
        Assert.Contains("acme-logs/dev/rec/ (its owner merges", Named(plan.Resources(Drawn), "rec-logging").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Gcs_access_logs_are_the_projects_audit_logs_or_usage_logs_written_by_cloud_storage_analytics()
    {
        var audit = PlanOne<GcsStoragePlan>("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "project": "acme-video", "accessLogs": "auditLogs" }""");
        var usage = PlanOne<GcsStoragePlan>("""{ "name": "rec", "cloud": "gcs", "location": "EU", "accessLogs": "create" }""");

        Assert.Equal(new AccessLogsPlan(AccessLogTarget.ProjectAuditLogs, null, ""), audit.AccessLogs);
        Assert.Equal(["DATA_READ", "DATA_WRITE"], audit.AuditLogTypes);
        Assert.Equal("storage.googleapis.com", audit.AuditedService);
        var auditConfig = Assert.Single(audit.Resources(Drawn), r => r.Type == PulumiTypes.GcpAuditConfig);
        Assert.Contains("in project acme-video", auditConfig.Summary, StringComparison.Ordinal);
        // The provider's audit config is authoritative for its service: what the project had for Cloud Storage goes.
        Assert.Contains("it replaces the project's audit config for storage.googleapis.com (its other log types and exempted members too)", auditConfig.Summary, StringComparison.Ordinal);

        var resources = usage.Resources(Drawn);
        Assert.Equal("dev-rec-logs-9f8e7d6c", Named(resources, "rec-log-bucket").CloudName);
        Assert.Contains("EU (the bucket's)", Named(resources, "rec-log-bucket").Summary, StringComparison.Ordinal);
        Assert.Contains("roles/storage.objectCreator on bucket dev-rec-logs-9f8e7d6c for group:cloud-storage-analytics@google.com", Named(resources, "rec-log-writer").Summary, StringComparison.Ordinal);
        Assert.Contains("usage logs to dev-rec-logs-9f8e7d6c/dev/rec/", Named(resources, "rec-bucket").Summary, StringComparison.Ordinal);
        Assert.True(resources.ToList().IndexOf(Named(resources, "rec-log-bucket")) < resources.ToList().IndexOf(Named(resources, "rec-bucket")));
    }

    [Fact]
    public void Audit_logs_for_an_existing_gcs_bucket_warn_that_they_log_it_only_in_its_own_project()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "project": "acme-video", "accessLogs": "auditLogs" }
            """));

        var warning = Assert.Single(plan.Warnings);
        Assert.Equal("storages[0].accessLogs", warning.Field);
        Assert.Contains("project \"acme-video\", which log \"acme-calls\" only if it is that project's bucket", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_access_logs_are_a_diagnostic_setting_on_the_blob_service_to_a_workspace_or_a_log_account()
    {
        const string workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/acme-logs";
        var toWorkspace = PlanOne<AzureStoragePlan>($$"""{ "name": "rec", "cloud": "abs", "location": "westeurope", "accessLogs": "{{workspace}}" }""");
        var created = PlanOne<AzureStoragePlan>("""{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmerec", "resourceGroup": "media", "accessLogs": "create" }""");

        Assert.Equal(new AccessLogsPlan(AccessLogTarget.LogAnalyticsWorkspace, workspace, ""), toWorkspace.AccessLogs);
        Assert.Equal(["StorageRead", "StorageWrite", "StorageDelete"], AzureStoragePlan.AccessLogCategories);
        Assert.Contains($"StorageRead, StorageWrite, StorageDelete of strec9f8e7d6c's blob service to Log Analytics workspace {workspace}", Named(toWorkspace.Resources(Drawn), "rec-access-logs").Summary, StringComparison.Ordinal);

        var resources = created.Resources(Drawn);
        Assert.Equal(
            [PulumiTypes.AzureComponent, PulumiTypes.RandomId, PulumiTypes.AzureStorageAccount, PulumiTypes.AzureDiagnosticSetting],
            resources.Where(r => r.Type is not (PulumiTypes.EntraApplication or PulumiTypes.EntraServicePrincipal or PulumiTypes.EntraApplicationPassword or PulumiTypes.AzureRoleDefinition or PulumiTypes.AzureRoleAssignment or PulumiTypes.ExternalStorage)).Select(r => r.Type));
        Assert.Equal("stlogrec9f8e7d6c", Named(resources, "rec-log-account").CloudName);
        Assert.Contains("to storage account stlogrec9f8e7d6c", Named(resources, "rec-access-logs").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_geo_redundant_account_under_a_residency_rule_is_a_warning_and_a_local_one_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "allowedLocations": ["westeurope"], "storages": [
                { "name": "geo", "cloud": "abs", "location": "westeurope", "redundancy": "GRS" },
                { "name": "zones", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS" } ] }
            """));

        var warning = Assert.Single(plan.Warnings);
        Assert.Equal("storages[0].redundancy", warning.Field);
        Assert.StartsWith("GRS keeps a copy in the paired region of \"westeurope\", which allowedLocations does not check", warning.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> Statements(string policy)
    {
        using var document = JsonDocument.Parse(policy);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.Clone())];
    }
}
