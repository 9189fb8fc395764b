using StorageRegistrar.Diagnostics;

namespace StackPlanning.Tests;

/// <summary>The stack output a drift check hands to <c>stream-storage doctor --all</c>.</summary>
public sealed class DoctorArgumentsTests
{
    private static readonly StackPlan Plan = StackPlanner.Plan(StackInputs.WithStorages("""
        { "name": "rec-keys", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialMaxAgeDays": 90 },
        { "name": "rec-policy", "cloud": "s3", "region": "us-east-2" },
        { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "credentialMaxAgeDays": 180 },
        { "name": "rec-abs", "cloud": "abs", "location": "westeurope" },
        { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
          "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" }
        """));

    private static StoragePlan Storage(string name) => Plan.Storages.Single(s => s.StreamName == name);

    [Fact]
    public void Each_cloud_names_what_stream_does_not_return_for_that_storage_alone()
    {
        Assert.Equal(
            "--region rec-keys=eu-west-1 --iam-user rec-keys=stream-dev-rec-keys-9f8e7d6c --bucket-created rec-keys=true --max-age-days rec-keys=90",
            DoctorArguments.For(Storage("rec-keys"), "stream-dev-rec-keys-9f8e7d6c", azureAccount: null));
        Assert.Equal("--region rec-policy=us-east-2 --bucket-created rec-policy=true", DoctorArguments.For(Storage("rec-policy"), identity: null, azureAccount: null));
        Assert.Equal(
            "--service-account rec-gcs=stream-rec-gcs-9f8e7d6c@acme.iam.gserviceaccount.com --bucket-created rec-gcs=true --max-age-days rec-gcs=180",
            DoctorArguments.For(Storage("rec-gcs"), "stream-rec-gcs-9f8e7d6c@acme.iam.gserviceaccount.com", azureAccount: null));
        Assert.Equal(
            "--account rec-abs=strecabs9f8e7d6c --client-id rec-abs=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910 --bucket-created rec-abs=true --soft-delete-days rec-abs=7",
            DoctorArguments.For(Storage("rec-abs"), "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910", "strecabs9f8e7d6c"));
        Assert.Equal(
            "--endpoint rec-r2=https://acct.r2.cloudflarestorage.com --region rec-r2=auto",
            DoctorArguments.For(Storage("rec-r2"), identity: null, azureAccount: null));
    }

    [Fact]
    public void The_stacks_arguments_join_every_storages_and_carry_no_secret()
    {
        var stack = DoctorArguments.Combine(
        [
            DoctorArguments.For(Storage("rec-policy"), identity: null, azureAccount: null),
            DoctorArguments.For(Storage("rec-r2"), identity: null, azureAccount: null),
        ]);

        Assert.Equal("--region rec-policy=us-east-2 --bucket-created rec-policy=true --endpoint rec-r2=https://acct.r2.cloudflarestorage.com --region rec-r2=auto", stack);
        Assert.DoesNotContain("r2-secret-value", stack, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", stack, StringComparison.Ordinal);
    }

    [Fact]
    public void The_declared_lock_the_residency_rule_and_the_azure_container_id_reach_the_doctor()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "allowedLocations": ["eu-west-1", "westeurope"], "storages": [
              { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "authMode": "keys", "immutability": { "days": 2555, "mode": "compliance" } },
              { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "immutability": { "days": 30, "mode": "governance" } },
              { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
                "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" } ] }
            """));

        Assert.Equal(
            "--region rec-s3=eu-west-1 --immutability rec-s3=2555:compliance --allowed-locations rec-s3=eu-west-1,westeurope",
            DoctorArguments.For(plan.Storages[0], identity: null, azureAccount: null));
        Assert.Equal(
            "--account rec-abs=strecabs9f8e7d6c --client-id rec-abs=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910"
            + " --container-id rec-abs=/subscriptions/sub-1/resourceGroups/rg-dev-rec-abs/providers/Microsoft.Storage/storageAccounts/strecabs9f8e7d6c/blobServices/default/containers/recordings"
            + " --bucket-created rec-abs=true --immutability rec-abs=30:governance --allowed-locations rec-abs=eu-west-1,westeurope --soft-delete-days rec-abs=7",
            DoctorArguments.For(plan.Storages[1], "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910", "strecabs9f8e7d6c", azureSubscriptionId: "sub-1"));
        Assert.DoesNotContain(DoctorArguments.AllowedLocations, DoctorArguments.For(plan.Storages[2], identity: null, azureAccount: null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_declared_key_tiers_and_access_logs_reach_the_doctor_in_the_clouds_names()
    {
        const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const string Workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/acme-logs";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "{{KeyArn}}", "authMode": "keys",
              "tiers": [{ "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" }], "accessLogs": "acme-access-logs" },
            { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "encryptionKey": "create", "tiers": [{ "afterDays": 60, "class": "COLDLINE" }], "accessLogs": "auditLogs" },
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "accessLogs": "{{Workspace}}" },
            { "name": "rec-plain", "cloud": "s3", "region": "eu-west-1", "accessLogs": "create" }
            """));

        Assert.EndsWith(
            $" --encryption-key rec-s3={KeyArn} --tiers rec-s3=30:STANDARD_IA,180:DEEP_ARCHIVE --access-logs rec-s3=acme-access-logs",
            DoctorArguments.For(plan.Storages[0], "stream-dev-rec-s3-9f8e7d6c", azureAccount: null), StringComparison.Ordinal);
        Assert.EndsWith(
            " --encryption-key rec-gcs=create --tiers rec-gcs=60:COLDLINE --access-logs rec-gcs=auditLogs",
            DoctorArguments.For(plan.Storages[1], identity: null, azureAccount: null), StringComparison.Ordinal);
        Assert.EndsWith(
            $" --encryption-key rec-abs=create --access-logs rec-abs={Workspace} --soft-delete-days rec-abs=7",
            DoctorArguments.For(plan.Storages[2], identity: null, "strecabs9f8e7d6c"), StringComparison.Ordinal);
        var plain = DoctorArguments.For(plan.Storages[3], identity: null, azureAccount: null);
        Assert.EndsWith(" --access-logs rec-plain=create", plain, StringComparison.Ordinal);
        // Once pulumi up made the log bucket, the doctor holds the logging to it by name.
        Assert.EndsWith(
            " --access-logs rec-plain=create:dev-rec-plain-logs-9f8e7d6c",
            DoctorArguments.For(plan.Storages[3], identity: null, azureAccount: null, createdLogDestination: "dev-rec-plain-logs-9f8e7d6c"), StringComparison.Ordinal);
        // A created destination says nothing of one the stack names.
        Assert.EndsWith(
            " --access-logs rec-s3=acme-access-logs",
            DoctorArguments.For(plan.Storages[0], "stream-dev-rec-s3-9f8e7d6c", azureAccount: null, createdLogDestination: "elsewhere"), StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorArguments.EncryptionKey, plain, StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorArguments.Tiers, plain, StringComparison.Ordinal);
    }

    [Fact]
    public void The_soft_delete_the_stack_sets_reaches_the_doctor_off_included_and_nothing_where_it_sets_none()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "softDeleteDays": 30 },
            { "name": "rec-gcs-off", "cloud": "gcs", "location": "EU", "softDeleteDays": 0 },
            { "name": "rec-gcs-default", "cloud": "gcs", "location": "EU" },
            { "name": "rec-abs-off", "cloud": "abs", "location": "westeurope", "softDeleteDays": 0 },
            { "name": "rec-abs-existing", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg" }
            """));
        string ArgumentsOf(string name) => DoctorArguments.For(plan.Storages.Single(s => s.StreamName == name), identity: null, azureAccount: "acmevideo");

        Assert.EndsWith(" --soft-delete-days rec-gcs=30", ArgumentsOf("rec-gcs"), StringComparison.Ordinal);
        Assert.EndsWith(" --soft-delete-days rec-gcs-off=0", ArgumentsOf("rec-gcs-off"), StringComparison.Ordinal);
        Assert.EndsWith(" --soft-delete-days rec-abs-off=0", ArgumentsOf("rec-abs-off"), StringComparison.Ordinal);
        // Cloud Storage's default (or a tag's) and an existing account's own setting are not the stack's.
        Assert.DoesNotContain(DoctorArguments.SoftDeleteDays, ArgumentsOf("rec-gcs-default"), StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorArguments.SoftDeleteDays, ArgumentsOf("rec-abs-existing"), StringComparison.Ordinal);
    }

    /// <summary>Only a role other than the stack's own is told: a stack on writeOnly gives the doctor the arguments it always gave.</summary>
    [Fact]
    public void The_declared_azure_role_reaches_the_doctor_in_the_stacks_words_where_it_is_not_write_only()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-contributor", "cloud": "abs", "location": "westeurope", "path": "calls/", "azureRole": "blobDataContributor" },
            { "name": "rec-write-only", "cloud": "abs", "location": "westeurope", "azureRole": "writeOnly" }
            """));
        string ArgumentsOf(string name) =>
            DoctorArguments.For(plan.Storages.Single(s => s.StreamName == name), "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910", "strecabs9f8e7d6c", azureSubscriptionId: "sub-1");

        Assert.Equal(
            "--account rec-contributor=strecabs9f8e7d6c --client-id rec-contributor=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910"
            + " --container-id rec-contributor=/subscriptions/sub-1/resourceGroups/rg-dev-rec-contributor/providers/Microsoft.Storage/storageAccounts/strecabs9f8e7d6c/blobServices/default/containers/recordings"
            + " --azure-role rec-contributor=blobDataContributor --bucket-created rec-contributor=true --soft-delete-days rec-contributor=7",
            ArgumentsOf("rec-contributor"));
        Assert.DoesNotContain(DoctorArguments.AzureRole, ArgumentsOf("rec-write-only"), StringComparison.Ordinal);
        Assert.Same(StorageRegistrar.Grants.AzureStreamRole.BlobDataContributor, StorageRegistrar.Grants.AzureStreamRole.Parse("blobDataContributor"));
    }

    [Fact]
    public void A_key_the_stack_created_reaches_the_doctor_by_its_id_once_known_and_as_create_before()
    {
        const string CreatedArn = "arn:aws:kms:eu-west-1:111122223333:key/9f8e7d6c-0000-4000-8000-000000000001";
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "create" }""")).Storages[0];

        Assert.Contains($"--encryption-key rec={CreatedArn}", DoctorArguments.For(plan, identity: null, azureAccount: null, createdKeyId: CreatedArn), StringComparison.Ordinal);
        Assert.Contains("--encryption-key rec=create", DoctorArguments.For(plan, identity: null, azureAccount: null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_azure_key_reaches_the_doctor_as_its_resource_id_which_matches_the_accounts_vault_and_name()
    {
        const string Key = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""{ "name": "rec", "cloud": "abs", "location": "westeurope", "encryptionKey": "{{Key}}" }""")).Storages[0];
        var arguments = DoctorArguments.For(plan, identity: null, "strecabs9f8e7d6c").Split(' ');
        var declared = ExpectedKey.Parse(arguments[Array.IndexOf(arguments, DoctorArguments.EncryptionKey) + 1]["rec=".Length..]);
        var account = new KeyTiersAndLogsFacts { StorageType = "abs", Bucket = "strecabs9f8e7d6c/recordings", Path = "", ExpectedKey = declared };

        Assert.Equal(Key, declared.KeyId);
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(account with { KeyId = "https://acme-keys.vault.azure.net/keys/recordings" }));
        Assert.Equal(
            [FindingCodes.EncryptionKeyOther],
            KeyTiersAndLogsAnalyzer.Analyze(account with { KeyId = "https://acme-keys.vault.azure.net/keys/other" }).Select(f => f.Code));
    }

    [Fact]
    public void The_doctors_forms_read_back_what_the_plan_declared()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec", "cloud": "abs", "location": "westeurope", "tiers": [{ "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "Archive" }], "accessLogs": "create" }
            """)).Storages[0];
        var arguments = DoctorArguments.For(plan, identity: null, "strecabs9f8e7d6c").Split(' ');
        string ValueOf(string option) => arguments[Array.IndexOf(arguments, option) + 1]["rec=".Length..];

        Assert.Equal(
            plan.Tiers.Select(t => (t.AfterDays, t.StorageClass)),
            StorageRegistrar.Diagnostics.ExpectedTier.ParseList(ValueOf(DoctorArguments.Tiers)).Select(t => (t.AfterDays, t.StorageClass)));
        Assert.True(new StorageRegistrar.Diagnostics.ExpectedAccessLogs(ValueOf(DoctorArguments.AccessLogs)).Created);
    }

    [Fact]
    public void An_azure_storage_without_its_account_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => DoctorArguments.For(Storage("rec-abs"), "client", azureAccount: null));
    }
}
