using System.Text.Json;
using StorageRegistrar.Grants;
using static StackPlanning.Tests.PlannedStorages;

namespace StackPlanning.Tests;

/// <summary>
/// The resources the program registers per storage, as the plan lists them: the components' types, logical names
/// and order, the cloud names from the drawn suffix, and the grant documents the plan decides.
/// </summary>
public sealed class ResourceListingTests
{
    [Fact]
    public void S3_policy_mode_lists_the_bucket_its_settings_in_order_with_the_bucket_policy_and_no_iam_user()
    {
        var plan = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/" }""", "prod");

        var resources = plan.Resources(Drawn);

        Assert.Equal(
            [
                (PulumiTypes.AwsComponent, "rec-s3"),
                (PulumiTypes.RandomId, "rec-s3-suffix"),
                (PulumiTypes.S3Bucket, "rec-s3-bucket"),
                ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "rec-s3-public-access-block"),
                ("aws:s3/bucketPolicy:BucketPolicy", "rec-s3-policy"),
                ("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "rec-s3-ownership"),
                ("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "rec-s3-encryption"),
                ("aws:s3/bucketVersioning:BucketVersioning", "rec-s3-versioning"),
                ("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "rec-s3-lifecycle"),
                (PulumiTypes.ExternalStorage, "rec-s3"),
            ],
            resources.Select(r => (r.Type, r.Name)));
        Assert.Equal("prod-rec-s3-9f8e7d6c", Named(resources, "rec-s3-bucket").CloudName);
        var policy = Assert.IsType<JsonGrantDocument>(Named(resources, "rec-s3-policy").Document);
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("prod-rec-s3-9f8e7d6c", "calls/"), policy.Json);
        Assert.Single(resources, r => r.Document is not null);
        Assert.Equal("rec-s3", resources[^1].CloudName);
        Assert.Contains("no credential", resources[^1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_keys_mode_adds_the_iam_user_its_policy_and_the_access_key_which_a_rotation_replaces()
    {
        const string key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var plan = PlanOne<S3StoragePlan>($$"""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "a/", "kmsKeyArn": "{{key}}", "credentialRotation": "2026-06", "versioning": false }
            """);

        var resources = plan.Resources(Drawn);

        Assert.DoesNotContain(resources, r => r.Type == "aws:s3/bucketVersioning:BucketVersioning");
        Assert.Equal(
            [(PulumiTypes.IamUser, "rec-s3-writer"), (PulumiTypes.IamUserPolicy, "rec-s3-writer-policy"), (PulumiTypes.IamAccessKey, "rec-s3-writer-key"), (PulumiTypes.ExternalStorage, "rec-s3")],
            resources.TakeLast(4).Select(r => (r.Type, r.Name)));
        Assert.Equal(plan.IamUserName(Suffix), Named(resources, "rec-s3-writer").CloudName);
        var userPolicy = Assert.IsType<JsonGrantDocument>(Named(resources, "rec-s3-writer-policy").Document);
        Assert.Equal(S3Grants.WriterUserPolicy("dev-rec-s3-9f8e7d6c", "a/", key), userPolicy.Json);
        // The summary names every action the document grants.
        using var granted = System.Text.Json.JsonDocument.Parse(userPolicy.Json);
        var actions = granted.RootElement.GetProperty("Statement").EnumerateArray().SelectMany(statement => statement.GetProperty("Action").EnumerateArray()).Select(a => a.GetString()!).ToList();
        Assert.Equal(["s3:PutObject", "s3:AbortMultipartUpload", "kms:GenerateDataKey", "kms:Decrypt"], actions);
        Assert.All(actions, action => Assert.Contains(action, Named(resources, "rec-s3-writer-policy").Summary, StringComparison.Ordinal));
        Assert.Equal(S3Grants.TlsOnlyBucketPolicy("dev-rec-s3-9f8e7d6c"), Assert.IsType<JsonGrantDocument>(Named(resources, "rec-s3-policy").Document).Json);
        Assert.Contains($"aws:kms with {key}", Named(resources, "rec-s3-encryption").Summary, StringComparison.Ordinal);
        Assert.Contains("credentialRotation changes (now '2026-06')", Named(resources, "rec-s3-writer-key").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_s3_bucket_is_neither_listed_nor_set_only_the_grant_and_registration_are()
    {
        var policyMode = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-archive", "bucketPolicy": "manual", "path": "stream/" }""");
        var keysMode = PlanOne<S3StoragePlan>("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-archive", "authMode": "keys", "path": "stream/" }""");

        // Policy mode: the owner merges Stream's statement; the stack draws no suffix, since it names nothing.
        Assert.Equal([PulumiTypes.AwsComponent, PulumiTypes.ExternalStorage], policyMode.Resources(Drawn).Select(r => r.Type));
        Assert.Contains("s3 bucket acme-archive in eu-west-1, path 'stream/'", policyMode.Resources(Drawn)[^1].Summary, StringComparison.Ordinal);
        Assert.Equal(
            [PulumiTypes.AwsComponent, PulumiTypes.RandomId, PulumiTypes.IamUser, PulumiTypes.IamUserPolicy, PulumiTypes.IamAccessKey, PulumiTypes.ExternalStorage],
            keysMode.Resources(Drawn).Select(r => r.Type));
        var userPolicy = Assert.IsType<JsonGrantDocument>(Named(keysMode.Resources(Drawn), "rec-s3-writer-policy").Document);
        Assert.Equal(S3Grants.WriterUserPolicy("acme-archive", "stream/"), userPolicy.Json);
        Assert.Equal("acme-archive", ResourceListing.BucketName(keysMode, Drawn));
    }

    [Fact]
    public void Gcs_lists_the_bucket_the_service_account_its_conditioned_member_and_its_key()
    {
        var plan = PlanOne<GcsStoragePlan>("""{ "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "credentialRotation": "r1" }""");

        var resources = plan.Resources(Drawn);

        Assert.Equal(
            [
                (PulumiTypes.GcpComponent, "rec-gcs"),
                (PulumiTypes.RandomId, "rec-gcs-suffix"),
                (PulumiTypes.GcsBucket, "rec-gcs-bucket"),
                (PulumiTypes.GcpServiceAccount, "rec-gcs-writer"),
                (PulumiTypes.GcsBucketIamMember, "rec-gcs-writer-access"),
                (PulumiTypes.GcpServiceAccountKey, "rec-gcs-writer-key"),
                (PulumiTypes.ExternalStorage, "rec-gcs"),
            ],
            resources.Select(r => (r.Type, r.Name)));
        Assert.Equal("dev-rec-gcs-9f8e7d6c", Named(resources, "rec-gcs-bucket").CloudName);
        // The storage's own project wins over the provider's default.
        Assert.Equal("stream-rec-gcs-9f8e7d6c@acme-video.iam.gserviceaccount.com", Named(resources, "rec-gcs-writer").CloudName);
        var member = Named(resources, "rec-gcs-writer-access");
        Assert.Contains($"{GcsGrants.ObjectCreatorRole} on bucket dev-rec-gcs-9f8e7d6c for serviceAccount:stream-rec-gcs-9f8e7d6c@acme-video.iam.gserviceaccount.com", member.Summary, StringComparison.Ordinal);
        Assert.Equal(
            new IamConditionDocument(GcsGrants.PathConditionTitle, GcsGrants.PathConditionExpression("dev-rec-gcs-9f8e7d6c", "calls/")),
            member.Document);
        Assert.Contains("(now 'r1')", Named(resources, "rec-gcs-writer-key").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gcs_storage_at_the_root_of_an_existing_bucket_gets_an_unconditioned_member_and_no_bucket()
    {
        var plan = PlanOne<GcsStoragePlan>("""{ "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-archive" }""");

        var resources = plan.Resources(new ResourceNaming(Suffix));

        Assert.DoesNotContain(resources, r => r.Type == PulumiTypes.GcsBucket);
        var member = Named(resources, "rec-gcs-writer-access");
        Assert.Null(member.Document);
        Assert.Contains("no condition: the whole bucket is the storage", member.Summary, StringComparison.Ordinal);
        // Neither the storage nor the stack names a project: the provider's default, which the plan cannot know.
        Assert.Equal($"stream-rec-gcs-9f8e7d6c@{ResourceNaming.ProjectPlaceholder}.iam.gserviceaccount.com", Named(resources, "rec-gcs-writer").CloudName);
    }

    [Fact]
    public void Azure_lists_group_account_container_application_secret_write_only_role_and_its_assignment_on_the_container()
    {
        var plan = PlanOne<AzureStoragePlan>("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/" }""");

        var resources = plan.Resources(Drawn);

        Assert.Equal(
            [
                (PulumiTypes.AzureComponent, "rec-abs"),
                (PulumiTypes.RandomId, "rec-abs-suffix"),
                (PulumiTypes.AzureResourceGroup, "rec-abs-group"),
                (PulumiTypes.AzureStorageAccount, "rec-abs-account"),
                (PulumiTypes.AzureBlobServiceProperties, "rec-abs-blob-service"),
                (PulumiTypes.AzureBlobContainer, "rec-abs-container"),
                (PulumiTypes.EntraApplication, "rec-abs-app"),
                (PulumiTypes.EntraServicePrincipal, "rec-abs-principal"),
                (PulumiTypes.EntraApplicationPassword, "rec-abs-secret"),
                (PulumiTypes.AzureRoleDefinition, "rec-abs-writer-role"),
                (PulumiTypes.AzureRoleAssignment, "rec-abs-writer-access"),
                (PulumiTypes.ExternalStorage, "rec-abs"),
            ],
            resources.Select(r => (r.Type, r.Name)));
        Assert.Equal("rg-dev-rec-abs", Named(resources, "rec-abs-group").CloudName);
        Assert.Equal("strecabs9f8e7d6c", Named(resources, "rec-abs-account").CloudName);
        Assert.Equal("strecabs9f8e7d6c/recordings", Named(resources, "rec-abs-container").CloudName);
        var role = Named(resources, "rec-abs-writer-role");
        Assert.Equal(plan.WriteOnlyRoleName("strecabs9f8e7d6c"), role.CloudName);
        using var permissions = JsonDocument.Parse(Assert.IsType<JsonGrantDocument>(role.Document).Json);
        Assert.Equal(AzureGrants.WriteOnlyDataActions, permissions.RootElement.GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()));
        Assert.EndsWith("scope: container strecabs9f8e7d6c/recordings, conditioned to the path", Named(resources, "rec-abs-writer-access").Summary, StringComparison.Ordinal);
        Assert.IsType<RoleAssignmentConditionDocument>(Named(resources, "rec-abs-writer-access").Document);
    }

    [Fact]
    public void An_existing_azure_container_with_the_built_in_role_gets_no_account_no_group_and_no_role_definition()
    {
        var plan = PlanOne<AzureStoragePlan>("""
            { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "azureRole": "blobDataContributor" }
            """);

        var resources = plan.Resources(Drawn);

        Assert.Equal(
            [
                PulumiTypes.AzureComponent,
                PulumiTypes.EntraApplication,
                PulumiTypes.EntraServicePrincipal,
                PulumiTypes.EntraApplicationPassword,
                PulumiTypes.AzureRoleAssignment,
                PulumiTypes.ExternalStorage,
            ],
            resources.Select(r => r.Type));
        Assert.Equal(
            "Storage Blob Data Contributor (built-in) for the application's service principal, scope: container acmevideo/calls, no condition: the whole container is the storage",
            Named(resources, "rec-abs-writer-access").Summary);
        Assert.Equal("calls", ResourceListing.BucketName(plan, Drawn));
    }

    [Fact]
    public void An_s3_compatible_store_is_only_registered_and_its_keys_appear_nowhere()
    {
        var plan = PlanOne<S3CompatibleStoragePlan>("""
            { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
              "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" }
            """);

        var resources = plan.Resources(Drawn);

        Assert.Equal([(PulumiTypes.S3CompatibleComponent, "rec-r2"), (PulumiTypes.ExternalStorage, "rec-r2")], resources.Select(r => (r.Type, r.Name)));
        Assert.Contains("s3 bucket calls at https://acct.r2.cloudflarestorage.com (region auto)", resources[^1].Summary, StringComparison.Ordinal);
        Assert.Contains("the store's access key, given as secret configuration", resources[^1].Summary, StringComparison.Ordinal);
        var printed = string.Join("\n", resources.Select(r => r.ToString()));
        Assert.DoesNotContain("0123456789abcdef0123", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("r2-secret-value", printed, StringComparison.Ordinal);
        Assert.Null(ResourceListing.Location(plan));
    }

    [Fact]
    public void The_suffix_placeholder_is_cut_where_a_drawn_suffix_is_so_names_differ_only_in_it()
    {
        const string longName = "recordings-of-the-customer-support-team-in-europe";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "{{longName}}", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" },
            { "name": "{{longName}}-abs", "cloud": "abs", "location": "westeurope" }
            """));

        Assert.Equal(ResourceNames.SuffixBytes * 2, ResourceNaming.SuffixPlaceholder.Length);
        foreach (var storage in plan.Storages)
        {
            var drawn = storage.Resources(new ResourceNaming(Suffix)).Select(r => r.CloudName);
            var unresolved = storage.Resources(ResourceNaming.Unresolved(gcpDefaultProject: null)).Select(r => r.CloudName?.Replace(ResourceNaming.SuffixPlaceholder, Suffix, StringComparison.Ordinal));
            Assert.Equal(drawn, unresolved);
        }
    }

    [Fact]
    public void A_retention_lock_is_listed_where_each_cloud_keeps_it()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [
                { "name": "a", "cloud": "s3", "region": "eu-west-1", "immutability": { "days": 2555, "mode": "compliance" } },
                { "name": "b", "cloud": "gcs", "location": "EU", "immutability": { "days": 30, "mode": "governance" } },
                { "name": "c", "cloud": "abs", "location": "westeurope", "immutability": { "days": 2555, "mode": "compliance" } } ] }
            """, "prod"));
        var s3 = plan.Storages[0].Resources(Drawn);
        var gcs = plan.Storages[1].Resources(Drawn);
        var azure = plan.Storages[2].Resources(Drawn);

        Assert.Equal(["a-versioning", "a-object-lock", "a-lifecycle"], s3.Select(r => r.Name).SkipWhile(n => n != "a-versioning").Take(3));
        var objectLock = Named(s3, "a-object-lock");
        Assert.Equal("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", objectLock.Type);
        Assert.StartsWith("default retention of 2555 days, compliance mode (nobody can lift it)", objectLock.Summary, StringComparison.Ordinal);
        Assert.EndsWith("stays on the kept bucket on destroy", objectLock.Summary, StringComparison.Ordinal);
        Assert.Contains("Object Lock on", Named(s3, "a-bucket").Summary, StringComparison.Ordinal);
        Assert.Contains("versioning off, retention policy of 30 days, unlocked", Named(gcs, "b-bucket").Summary, StringComparison.Ordinal);
        Assert.Equal([(PulumiTypes.AzureStorageAccount, "c-account"), (PulumiTypes.AzureBlobServiceProperties, "c-blob-service"), (PulumiTypes.AzureBlobContainer, "c-container")],
            azure.Select(r => (r.Type, r.Name)).SkipWhile(r => r.Type != PulumiTypes.AzureStorageAccount).Take(3));
        Assert.Contains("version-level immutability of 2555 days, policy locked for good", Named(azure, "c-account").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_lock_or_on_an_existing_bucket_no_lock_is_listed()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [
                { "name": "a", "cloud": "s3", "region": "eu-west-1" },
                { "name": "b", "cloud": "abs", "location": "westeurope" },
                { "name": "c", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-archive", "authMode": "keys", "immutability": { "days": 30, "mode": "governance" } },
                { "name": "d", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "immutability": { "days": 30, "mode": "governance" } } ] }
            """));

        var resources = plan.Storages.SelectMany(s => s.Resources(Drawn)).ToList();

        Assert.DoesNotContain(resources, r => r.Type is "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        // The created account's blob service is there for its soft delete alone, without versioning.
        Assert.Equal("blob soft delete: a deleted or overwritten blob restorable for 7 days", Assert.Single(resources, r => r.Type == PulumiTypes.AzureBlobServiceProperties).Summary);
        Assert.DoesNotContain(resources, r => r.Summary.Contains("Object Lock", StringComparison.Ordinal) || r.Summary.Contains("immutability", StringComparison.Ordinal));
    }

    [Fact]
    public void A_binding_is_a_call_type_binding_named_by_its_call_type()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" } ], "bindings": { "default": "rec-s3", "audio_room": "stream-s3" } }
            """));

        var bindings = plan.Bindings.Select(ResourceListing.Binding).ToList();

        Assert.Equal([(PulumiTypes.CallTypeBinding, "default"), (PulumiTypes.CallTypeBinding, "audio_room")], bindings.Select(b => (b.Type, b.Name)));
        Assert.StartsWith("records to rec-s3,", bindings[0].Summary, StringComparison.Ordinal);
        Assert.StartsWith("records to Stream's own storage (stream-s3)", bindings[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_a_stack_every_resource_has_its_own_type_and_name()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [
                { "name": "a", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" },
                { "name": "b", "cloud": "gcs", "location": "EU", "path": "p/" },
                { "name": "c", "cloud": "abs", "location": "westeurope" } ],
              "bindings": { "default": "a", "livestream": "b", "audio_room": "c" } }
            """));

        var resources = plan.Storages.SelectMany(s => s.Resources(Drawn)).Concat(plan.Bindings.Select(ResourceListing.Binding)).ToList();

        Assert.Equal(resources.Count, resources.Select(r => (r.Type, r.Name)).Distinct().Count());
    }
}
