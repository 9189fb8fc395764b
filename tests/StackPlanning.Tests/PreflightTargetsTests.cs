using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StackPlanning.Tests;

/// <summary>
/// What preflight asks of each cloud, from the plan's resources: per GCS storage its project, per ABS storage its
/// subscription and group, what it creates there and every permission or action once with the resource that needs it;
/// a GCS project must be known before anything is read.
/// </summary>
public sealed class PreflightTargetsTests
{
    [Fact]
    public void A_gcs_storage_that_creates_its_bucket_needs_each_permission_of_its_resources_once_in_their_order()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var target = Assert.IsType<GcpPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: "acme-default")));

        Assert.Equal(("rec-gcs", "gcs", "acme-video"), (target.StorageName, target.Cloud, target.Project));
        Assert.True(target.CreatesBucket);
        Assert.Equal("EU", target.BucketLocation);
        Assert.Equal(30L * 86400, target.RetentionSeconds);
        Assert.True(target.CreatesServiceAccount);
        Assert.True(target.CreatesServiceAccountKey);
        Assert.Equal(
            [
                ("storage.buckets.create", "rec-gcs-bucket"),
                ("storage.buckets.get", "rec-gcs-bucket"),
                ("storage.buckets.update", "rec-gcs-bucket"),
                ("iam.serviceAccounts.create", "rec-gcs-writer"),
                ("iam.serviceAccounts.get", "rec-gcs-writer"),
                ("storage.buckets.getIamPolicy", "rec-gcs-writer-access"),
                ("storage.buckets.setIamPolicy", "rec-gcs-writer-access"),
                ("iam.serviceAccountKeys.create", "rec-gcs-writer-key"),
                ("iam.serviceAccountKeys.get", "rec-gcs-writer-key"),
            ],
            target.Permissions.Select(p => (p.Permission, p.Resource)));
        Assert.DoesNotContain(target.Permissions, p => p.OnExistingBucket);
    }

    [Fact]
    public void An_existing_bucket_is_held_to_the_declared_lock_and_locations_and_a_created_one_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "allowedLocations": ["eu-west-1", "westeurope", "EU"], "storages": [
              { "name": "adopted-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "stream/", "immutability": { "days": 2555, "mode": "governance" } },
              { "name": "adopted-gcs", "cloud": "gcs", "existingBucket": "acme-archive", "path": "stream/" },
              { "name": "adopted-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "path": "stream/" },
              { "name": "created", "cloud": "gcs", "location": "EU", "path": "calls/", "immutability": { "days": 30, "mode": "governance" } } ] }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: "acme-default", azureSubscriptionId: "sub-1");

        var s3 = targets[0].ExistingBucketRules!;
        Assert.Equal(("acme-calls", new StorageRegistrar.Diagnostics.ExpectedLock(2555, StorageRegistrar.Diagnostics.LockMode.Governance)), (s3.Bucket, s3.Lock));
        Assert.Equal(["eu-west-1", "westeurope", "EU"], s3.AllowedLocations);
        Assert.Equal(("acme-archive", null), (targets[1].ExistingBucketRules!.Bucket, targets[1].ExistingBucketRules!.Lock));
        Assert.Equal(
            ("acmevideo/calls", "/subscriptions/sub-1/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo/blobServices/default/containers/calls"),
            (targets[2].ExistingBucketRules!.Bucket, targets[2].ExistingBucketRules!.ContainerId));
        Assert.Null(targets[3].ExistingBucketRules);
        Assert.Null(PreflightTargets.Of(plan, "acme-default")[2].ExistingBucketRules!.ContainerId);
    }

    [Fact]
    public void An_existing_log_bucket_is_read_against_the_recordings_region_on_s3_and_for_its_project_on_gcs()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "logged", "cloud": "s3", "region": "eu-central-1", "path": "calls/", "accessLogs": "acme-access-logs" },
            { "name": "own-logs", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "accessLogs": "create" },
            { "name": "gcs-logged", "cloud": "gcs", "location": "EU", "path": "calls/", "accessLogs": "acme-usage-logs" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: "acme-default");

        Assert.Equal(new ExistingLogBucket("acme-access-logs", "eu-central-1"), targets[0].ExistingLogBucket);
        Assert.Null(targets[0].ExistingBucketRules);
        Assert.Null(targets[1].ExistingLogBucket);
        Assert.Null(targets[2].ExistingLogBucket);
        var gcs = (GcpPreflightTarget)targets[2];
        Assert.Equal(("acme-usage-logs", false, true), (gcs.ExistingLogBucketName, gcs.CreatesLogBucket, gcs.GrantsUsageLogsWriter));
    }

    [Fact]
    public void An_existing_azure_log_account_is_read_against_the_created_accounts_location_or_the_existing_accounts()
    {
        const string logAccount = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs-rg/providers/Microsoft.Storage/storageAccounts/acmelogs";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "created", "cloud": "abs", "location": "westeurope", "path": "calls/", "accessLogs": "{{logAccount}}" },
            { "name": "adopted", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "path": "stream/", "accessLogs": "{{logAccount}}" },
            { "name": "own-logs", "cloud": "abs", "location": "westeurope", "path": "calls/", "accessLogs": "create" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1");

        Assert.Equal(new ExistingLogAccount(logAccount, "westeurope", RecordingsAccountId: null), targets[0].ExistingLogAccount);
        Assert.Equal(new ExistingLogAccount(logAccount, null, "/subscriptions/sub-1/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo"), targets[1].ExistingLogAccount);
        Assert.Null(targets[2].ExistingLogAccount);
        Assert.Null(PreflightTargets.Of(plan, gcpDefaultProject: null)[1].ExistingLogAccount!.RecordingsAccountId);
    }

    [Fact]
    public void The_access_logs_destination_is_asked_for_what_azure_monitors_linked_check_takes_there()
    {
        const string logAccount = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs-rg/providers/Microsoft.Storage/storageAccounts/acmelogs";
        const string workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs-rg/providers/Microsoft.OperationalInsights/workspaces/acme-audit";
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "to-account", "cloud": "abs", "location": "westeurope", "path": "calls/", "accessLogs": "{{logAccount}}" },
            { "name": "to-workspace", "cloud": "abs", "location": "westeurope", "path": "calls/", "accessLogs": "{{workspace}}" },
            { "name": "own-logs", "cloud": "abs", "location": "westeurope", "path": "calls/", "accessLogs": "create" },
            { "name": "no-logs", "cloud": "abs", "location": "westeurope", "path": "calls/" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1").Cast<AzurePreflightTarget>().ToList();

        Assert.Equal(
            [
                new AzureLogDestination(logAccount, "Microsoft.Storage/storageAccounts/listKeys/action", "to-account-access-logs"),
                new AzureLogDestination(workspace, "Microsoft.OperationalInsights/workspaces/sharedKeys/action", "to-workspace-access-logs"),
                null,
                null,
            ],
            targets.Select(t => t.LogDestination));
        // A log account the stack creates is in its group, where the deployer's permissions are read.
        Assert.Contains(new AzureActionNeed("Microsoft.Storage/storageAccounts/listKeys/action", "own-logs-access-logs"), targets[2].Actions);
        Assert.DoesNotContain(targets[0].Actions, a => a.Action.EndsWith("/listKeys/action", StringComparison.Ordinal));
    }

    [Fact]
    public void An_existing_gcs_bucket_granted_under_a_path_condition_is_read_for_uniform_access_and_one_granted_whole_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "under-path", "cloud": "gcs", "existingBucket": "acme-archive", "path": "stream/" },
            { "name": "drawn-folder", "cloud": "gcs", "existingBucket": "acme-media", "path": "", "unguessablePath": true },
            { "name": "whole-bucket", "cloud": "gcs", "existingBucket": "acme-exports", "path": "" },
            { "name": "created", "cloud": "gcs", "location": "EU", "path": "calls/" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: "acme-default");

        // No lock and no allowedLocations: the grant's IAM condition alone is a reason to read the bucket.
        Assert.Equal(("acme-archive", true, null, null), (targets[0].ExistingBucketRules!.Bucket, targets[0].ExistingBucketRules!.ConditionalGrant, targets[0].ExistingBucketRules!.Lock, targets[0].ExistingBucketRules!.AllowedLocations));
        Assert.True(targets[1].ExistingBucketRules!.ConditionalGrant);
        Assert.Null(targets[2].ExistingBucketRules);
        Assert.Null(targets[3].ExistingBucketRules);
    }

    [Fact]
    public void An_existing_bucket_is_neither_placed_nor_locked_and_its_grant_may_rest_on_the_bucket()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "adopted", "cloud": "gcs", "existingBucket": "acme-archive", "path": "stream/", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var target = Assert.IsType<GcpPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: "acme-default")));

        Assert.Equal("acme-default", target.Project);
        Assert.Equal(("acme-archive", false, null, null), (target.ExistingBucket, target.CreatesBucket, target.BucketLocation, target.RetentionSeconds));
        Assert.DoesNotContain(target.Permissions, p => p.Permission == "storage.buckets.create");
        Assert.Equal(
            ["storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy"],
            target.Permissions.Where(p => p.OnExistingBucket).Select(p => p.Permission));
    }

    [Fact]
    public void A_created_key_and_audit_logs_need_their_permissions_in_the_project_and_grants_on_others_keys_or_log_buckets_are_tested_there()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "created", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "create", "accessLogs": "auditLogs" },
            { "name": "given", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "accessLogs": "acme-logs" },
            { "name": "plain", "cloud": "gcs", "project": "acme-archive", "location": "EU" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<GcpPreflightTarget>().ToList();

        Assert.Equal(["acme-video", "acme-keys", null], targets.Select(t => t.KeyProject));
        Assert.Equal(["europe", null, null], targets.Select(t => t.KeyRingLocation));
        Assert.Equal(
            [
                ("cloudkms.keyRings.create", "created-key-ring"),
                ("cloudkms.keyRings.get", "created-key-ring"),
                ("cloudkms.cryptoKeys.create", "created-key"),
                ("cloudkms.cryptoKeys.get", "created-key"),
                ("cloudkms.cryptoKeys.update", "created-key"),
                ("cloudkms.cryptoKeys.getIamPolicy", "created-key-user"),
                ("cloudkms.cryptoKeys.setIamPolicy", "created-key-user"),
            ],
            targets[0].Permissions.Where(p => p.Permission.StartsWith("cloudkms.", StringComparison.Ordinal)).Select(p => (p.Permission, p.Resource)));
        Assert.Contains(targets[0].Permissions, p => (p.Permission, p.Resource) == ("resourcemanager.projects.setIamPolicy", "created-audit-logs"));
        Assert.DoesNotContain(targets[1].Permissions, p => p.Permission.StartsWith("cloudkms.", StringComparison.Ordinal) || p.Resource == "given-log-writer");
        Assert.Equal(
            [
                ("given-key-user", GcpGrantTarget.CryptoKey, "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "cloudkms.cryptoKeys.getIamPolicy cloudkms.cryptoKeys.setIamPolicy"),
                ("given-log-writer", GcpGrantTarget.Bucket, "acme-logs", "storage.buckets.getIamPolicy storage.buckets.setIamPolicy"),
            ],
            targets[1].ForeignGrants.Select(g => (g.Resource, g.On, g.Name, string.Join(' ', g.Permissions))));
        Assert.Empty(targets[0].ForeignGrants);
    }

    [Fact]
    public void What_a_gcs_storage_makes_in_its_project_is_named_by_the_resource_types_custom_constraints_judge_and_grants_elsewhere_are_not()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "created", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "create", "accessLogs": "auditLogs" },
            { "name": "given", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "accessLogs": "acme-logs" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<GcpPreflightTarget>().ToList();

        // The key ring is no type custom constraints reach; the grants are changes to allow policies.
        Assert.Equal(
            [
                ("cloudkms.googleapis.com/CryptoKey", "created-key"),
                ("cloudkms.googleapis.com/CryptoKeyVersion", "created-key"),
                ("iam.googleapis.com/AllowPolicy", "created-key-user"),
                ("storage.googleapis.com/Bucket", "created-bucket"),
                ("iam.googleapis.com/AllowPolicy", "created-audit-logs"),
                ("iam.googleapis.com/ServiceAccount", "created-writer"),
                ("iam.googleapis.com/AllowPolicy", "created-writer-access"),
                ("iam.googleapis.com/ServiceAccountKey", "created-writer-key"),
            ],
            targets[0].ConstrainedResources.Select(r => (r.ResourceType, r.Resource)));
        // The grants on the owner's key and log bucket are made in another project, whose custom constraints preflight does not read.
        Assert.DoesNotContain(targets[1].ConstrainedResources, r => r.Resource is "given-key-user" or "given-log-writer");
    }

    [Fact]
    public void Every_gcp_type_the_program_makes_says_which_custom_constraint_type_if_any_judges_it()
    {
        Assert.Equal(
            PreflightTargets.GcpPermissions.Keys.Order(StringComparer.Ordinal),
            PreflightTargets.GcpConstrainedTypes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_customer_managed_key_needs_the_right_to_read_the_projects_cloud_storage_service_agent_that_its_grant_names()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "created", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "create" },
            { "name": "given", "cloud": "gcs", "project": "acme-video", "location": "EU", "encryptionKey": "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec" },
            { "name": "plain", "cloud": "gcs", "project": "acme-archive", "location": "EU" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<GcpPreflightTarget>().ToList();

        // Asked on the storage's project even for an existing key elsewhere: the service agent is the bucket's project's.
        Assert.Equal(
            [[new GcpPermissionNeed("resourcemanager.projects.get", "created-key-user")], [new GcpPermissionNeed("resourcemanager.projects.get", "given-key-user")], []],
            targets.Select(t => t.Permissions.Where(p => p.Permission == "resourcemanager.projects.get").ToList()));
    }

    [Fact]
    public void An_s3_storage_in_keys_mode_with_a_lock_needs_each_action_of_its_creates_and_read_backs_once_on_its_bucket_or_user_with_the_suffix_as_a_wildcard()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "calls/", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var target = Assert.IsType<AwsPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));

        Assert.Equal(("rec-s3", "s3", "eu-west-1", true), (target.StorageName, target.Cloud, target.Region, target.CreatesBucket));
        const string bucket = "arn:aws:s3:::dev-rec-s3-*";
        const string user = "arn:aws:iam::{account}:user/stream-dev-rec-s3-*";
        Assert.Equal(
            [
                ("s3:CreateBucket", "rec-s3-bucket", bucket),
                ("s3:PutBucketTagging", "rec-s3-bucket", bucket),
                ("s3:ListBucket", "rec-s3-bucket", bucket),
                ("s3:GetBucketPolicy", "rec-s3-bucket", bucket),
                ("s3:GetBucketAcl", "rec-s3-bucket", bucket),
                ("s3:GetBucketCORS", "rec-s3-bucket", bucket),
                ("s3:GetBucketWebsite", "rec-s3-bucket", bucket),
                ("s3:GetBucketVersioning", "rec-s3-bucket", bucket),
                ("s3:GetAccelerateConfiguration", "rec-s3-bucket", bucket),
                ("s3:GetBucketRequestPayment", "rec-s3-bucket", bucket),
                ("s3:GetBucketLogging", "rec-s3-bucket", bucket),
                ("s3:GetLifecycleConfiguration", "rec-s3-bucket", bucket),
                ("s3:GetReplicationConfiguration", "rec-s3-bucket", bucket),
                ("s3:GetEncryptionConfiguration", "rec-s3-bucket", bucket),
                ("s3:GetBucketObjectLockConfiguration", "rec-s3-bucket", bucket),
                ("s3:GetBucketTagging", "rec-s3-bucket", bucket),
                ("s3:PutBucketObjectLockConfiguration", "rec-s3-bucket", bucket),
                ("s3:PutBucketVersioning", "rec-s3-bucket", bucket),
                ("s3:PutBucketPublicAccessBlock", "rec-s3-public-access-block", bucket),
                ("s3:GetBucketPublicAccessBlock", "rec-s3-public-access-block", bucket),
                ("s3:PutBucketPolicy", "rec-s3-policy", bucket),
                ("s3:PutBucketOwnershipControls", "rec-s3-ownership", bucket),
                ("s3:GetBucketOwnershipControls", "rec-s3-ownership", bucket),
                ("s3:PutEncryptionConfiguration", "rec-s3-encryption", bucket),
                ("s3:PutLifecycleConfiguration", "rec-s3-lifecycle", bucket),
                ("iam:CreateUser", "rec-s3-writer", user),
                ("iam:TagUser", "rec-s3-writer", user),
                ("iam:GetUser", "rec-s3-writer", user),
                ("iam:PutUserPolicy", "rec-s3-writer-policy", user),
                ("iam:GetUserPolicy", "rec-s3-writer-policy", user),
                ("iam:CreateAccessKey", "rec-s3-writer-key", user),
                ("iam:ListAccessKeys", "rec-s3-writer-key", user),
            ],
            target.Actions.Select(a => (a.Action, a.Resource, a.ResourceArn)));
    }

    [Fact]
    public void The_log_bucket_an_s3_storage_creates_is_asked_for_on_its_own_arn_without_the_locks_actions()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "accessLogs": "create", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var target = Assert.IsType<AwsPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));

        const string logBucket = "arn:aws:s3:::dev-rec-s3-logs-*";
        var onLogBucket = target.Actions.Where(a => a.ResourceArn == logBucket).ToList();
        Assert.Contains(("s3:CreateBucket", "rec-s3-log-bucket"), onLogBucket.Select(a => (a.Action, a.Resource)));
        Assert.Contains(("s3:PutBucketPolicy", "rec-s3-log-bucket-policy"), onLogBucket.Select(a => (a.Action, a.Resource)));
        Assert.DoesNotContain(onLogBucket, a => a.Action == "s3:PutBucketObjectLockConfiguration");
        // The recordings' bucket is still asked for the same actions on its own ARN.
        Assert.Contains(target.Actions, a => (a.Action, a.ResourceArn) == ("s3:PutBucketPolicy", "arn:aws:s3:::dev-rec-s3-*"));
        Assert.Contains(target.Actions, a => (a.Action, a.ResourceArn) == ("s3:PutBucketObjectLockConfiguration", "arn:aws:s3:::dev-rec-s3-*"));
    }

    [Fact]
    public void A_bucket_destroy_deletes_needs_its_delete_and_its_versions_listed_and_deleted_past_a_governance_lock_and_one_it_keeps_needs_none()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            {
              "production": false,
              "storages": [
                { "name": "deleted", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy", "immutability": { "days": 1, "mode": "governance" } },
                { "name": "kept", "cloud": "s3", "region": "eu-west-1", "dataProtection": "retain", "immutability": { "days": 1, "mode": "governance" } },
                { "name": "unlocked", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy" }
              ]
            }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<AwsPreflightTarget>().ToList();

        Assert.Equal(
            [
                ("s3:DeleteBucket", "deleted-bucket", "arn:aws:s3:::dev-deleted-*"),
                ("s3:ListBucketVersions", "deleted-bucket", "arn:aws:s3:::dev-deleted-*"),
                ("s3:DeleteObjectVersion", "deleted-bucket", "arn:aws:s3:::dev-deleted-*/*"),
                ("s3:BypassGovernanceRetention", "deleted-bucket", "arn:aws:s3:::dev-deleted-*/*"),
            ],
            targets[0].Actions.Where(a => a.OnDestroy).Select(a => (a.Action, a.Resource, a.ResourceArn)));
        Assert.DoesNotContain(targets[1].Actions, a => a.OnDestroy);
        Assert.Equal(
            [
                ("s3:DeleteBucket", "unlocked-bucket", "arn:aws:s3:::dev-unlocked-*"),
                ("s3:ListBucketVersions", "unlocked-bucket", "arn:aws:s3:::dev-unlocked-*"),
                ("s3:DeleteObjectVersion", "unlocked-bucket", "arn:aws:s3:::dev-unlocked-*/*"),
            ],
            targets[2].Actions.Where(a => a.OnDestroy).Select(a => (a.Action, a.Resource, a.ResourceArn)));
        // The creates take none of them.
        Assert.All(targets.SelectMany(t => t.Actions).Where(a => !a.OnDestroy), a => Assert.DoesNotContain(a.Action, new[] { "s3:ListBucketVersions", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:BypassGovernanceRetention" }));
    }

    [Theory]
    [InlineData("forceDestroy", true)]
    [InlineData("retain", false)]
    public void The_log_bucket_an_s3_storage_creates_is_deleted_on_destroy_as_the_recordings_bucket_is(string dataProtection, bool deleted)
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson($$"""
            { "production": false, "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "accessLogs": "create", "dataProtection": "{{dataProtection}}" } ] }
            """));

        var target = Assert.IsType<AwsPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));

        Assert.Equal(
            deleted ? [("s3:DeleteBucket", "arn:aws:s3:::dev-rec-s3-logs-*"), ("s3:ListBucketVersions", "arn:aws:s3:::dev-rec-s3-logs-*"), ("s3:DeleteObjectVersion", "arn:aws:s3:::dev-rec-s3-logs-*/*")] : [],
            target.Actions.Where(a => a.OnDestroy && a.Resource == "rec-s3-log-bucket").Select(a => (a.Action, a.ResourceArn)));
    }

    [Fact]
    public void An_existing_s3_bucket_in_policy_mode_takes_no_action_and_one_in_keys_mode_only_the_users()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "adopted", "cloud": "s3", "region": "eu-central-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "stream/" },
            { "name": "keyed", "cloud": "s3", "region": "cn-north-1", "authMode": "keys", "existingBucket": "acme-keyed", "path": "stream/" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<AwsPreflightTarget>().ToList();

        Assert.All(targets, t => Assert.False(t.CreatesBucket));
        Assert.Empty(targets[0].Actions);
        Assert.Equal(
            ["iam:CreateUser", "iam:TagUser", "iam:GetUser", "iam:PutUserPolicy", "iam:GetUserPolicy", "iam:CreateAccessKey", "iam:ListAccessKeys"],
            targets[1].Actions.Select(a => a.Action));
        Assert.All(targets[1].Actions, a => Assert.Equal("arn:aws-cn:iam::{account}:user/stream-dev-keyed-*", a.ResourceArn));
    }

    [Fact]
    public void An_abs_storage_that_creates_its_group_needs_each_action_of_its_resources_once_in_their_order_at_the_stacks_subscription()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/" }
            """));

        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1")));

        Assert.Equal(("rec-abs", "abs", "sub-1", "westeurope"), (target.StorageName, target.Cloud, target.SubscriptionId, target.Location));
        Assert.True(target.CreatesResourceGroup);
        Assert.True(target.CreatesAccount);
        Assert.True(target.CreatesRoleDefinition);
        Assert.Equal($"/subscriptions/sub-1/resourceGroups/{target.ResourceGroupName}", target.ResourceGroupId);
        Assert.Equal("/subscriptions/sub-1", target.DeploymentScope);
        Assert.Equal(
            [
                ("Microsoft.Resources/subscriptions/resourceGroups/write", "rec-abs-group"),
                ("Microsoft.Resources/subscriptions/resourceGroups/read", "rec-abs-group"),
                ("Microsoft.Storage/storageAccounts/write", "rec-abs-account"),
                ("Microsoft.Storage/storageAccounts/read", "rec-abs-account"),
                ("Microsoft.Storage/storageAccounts/blobServices/write", "rec-abs-blob-service"),
                ("Microsoft.Storage/storageAccounts/blobServices/read", "rec-abs-blob-service"),
                ("Microsoft.Storage/storageAccounts/blobServices/containers/write", "rec-abs-container"),
                ("Microsoft.Storage/storageAccounts/blobServices/containers/read", "rec-abs-container"),
                ("Microsoft.Authorization/roleDefinitions/write", "rec-abs-writer-role"),
                ("Microsoft.Authorization/roleDefinitions/read", "rec-abs-writer-role"),
                ("Microsoft.Authorization/roleAssignments/write", "rec-abs-writer-access"),
                ("Microsoft.Authorization/roleAssignments/read", "rec-abs-writer-access"),
            ],
            target.Actions.Select(a => (a.Action, a.Resource)));
        Assert.DoesNotContain(target.Actions, a => a.OnExistingAccount);
    }

    [Fact]
    public void An_abs_storage_with_a_created_key_tiers_and_access_logs_needs_the_actions_of_its_identity_vault_key_policy_and_diagnostic_setting()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "redundancy": "GRS", "encryptionKey": "create",
              "tiers": [ { "afterDays": 30, "class": "cold" } ], "accessLogs": "create" }
            """));

        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1")));

        var actions = target.Actions.Select(a => (a.Action, a.Resource)).ToList();
        Assert.Contains(("Microsoft.ManagedIdentity/userAssignedIdentities/assign/action", "rec-abs-key-identity"), actions);
        Assert.Contains(("Microsoft.KeyVault/vaults/write", "rec-abs-key-vault"), actions);
        Assert.Contains(("Microsoft.KeyVault/vaults/keys/write", "rec-abs-key"), actions);
        Assert.Contains(("Microsoft.Authorization/roleAssignments/write", "rec-abs-key-access"), actions);
        Assert.Contains(("Microsoft.Storage/storageAccounts/managementPolicies/write", "rec-abs-lifecycle"), actions);
        Assert.Contains(("Microsoft.Insights/diagnosticSettings/write", "rec-abs-access-logs"), actions);
        Assert.Null(target.KeySubscriptionId);
    }

    [Theory]
    [InlineData("", 180)]
    [InlineData(", \"clientSecretDays\": 30", 30)]
    public void An_abs_storage_asks_for_a_client_secret_of_its_clientSecretDays_which_entras_policy_is_held_against(string setting, int days)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope"{{setting}} }
            """));

        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1")));

        Assert.Equal(days, target.ClientSecretDays);
        // The program reads the same lifetime, in Entra's relative form.
        Assert.Equal($"{days * 24}h", Assert.IsType<AzureStoragePlan>(Assert.Single(plan.Storages)).ClientSecretLifetime);
    }

    [Fact]
    public void The_grant_on_an_owners_azure_key_is_left_to_pulumi_up_as_it_rests_on_the_keys_vault_not_on_the_group()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope",
              "encryptionKey": "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings" }
            """));

        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null, azureSubscriptionId: "sub-1")));

        Assert.Contains(target.Actions, a => a.Resource == "rec-abs-key-identity");
        Assert.DoesNotContain(target.Actions, a => a.Resource is "rec-abs-key-access" or "rec-abs-key-vault" or "rec-abs-key");
        Assert.Contains(("Microsoft.Authorization/roleAssignments/write", "rec-abs-writer-access"), target.Actions.Select(a => (a.Action, a.Resource)));
        // Its vault is read in the subscription the stack deploys into: preflight holds the two against each other.
        Assert.Equal("00000000-0000-0000-0000-000000000002", target.KeySubscriptionId);
    }

    [Fact]
    public void An_abs_storage_in_an_existing_container_asks_only_for_the_role_assignment_which_may_rest_on_the_account()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "azureRole": "blobDataContributor" }
            """));

        var target = Assert.IsType<AzurePreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));

        Assert.Null(target.SubscriptionId);
        Assert.Null(target.DeploymentScope);
        Assert.False(target.CreatesResourceGroup);
        Assert.False(target.CreatesAccount);
        Assert.False(target.CreatesRoleDefinition);
        Assert.Equal(
            [("Microsoft.Authorization/roleAssignments/write", true), ("Microsoft.Authorization/roleAssignments/read", true)],
            target.Actions.Select(a => (a.Action, a.OnExistingAccount)));
    }

    [Fact]
    public void Every_storage_that_creates_something_is_a_target_in_the_plans_order_and_a_store_where_nothing_is_created_is_none()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "a-s3", "cloud": "s3", "region": "eu-west-1" },
            { "name": "b-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
              "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" },
            { "name": "c-gcs", "cloud": "gcs", "location": "europe-west1" },
            { "name": "d-abs", "cloud": "abs", "location": "westeurope" }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: "acme-default");

        Assert.Equal([("a-s3", "s3"), ("c-gcs", "gcs"), ("d-abs", "abs")], targets.Select(t => (t.StorageName, t.Cloud)));
        Assert.Equal([typeof(AwsPreflightTarget), typeof(GcpPreflightTarget), typeof(AzurePreflightTarget)], targets.Select(t => t.GetType()));
    }

    [Fact]
    public void A_gcs_storage_without_a_project_in_a_stack_without_gcp_project_is_refused_before_any_read()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "placed", "cloud": "gcs", "project": "acme-video", "location": "EU" },
            { "name": "unplaced", "cloud": "gcs", "location": "EU" }
            """));

        var refusal = Assert.Throws<StackConfigException>(() => PreflightTargets.Of(plan, gcpDefaultProject: null));

        var problem = Assert.Single(refusal.Problems);
        Assert.Equal("storages[1].project", problem.Field);
        Assert.Equal(
            "is not set and the stack has no gcp:project (nor GOOGLE_PROJECT in the environment): set one of them (`pulumi config set gcp:project PROJECT_ID`), so that preflight reads that project's guardrails.",
            problem.Message);
    }

    [Fact]
    public void Every_resource_a_retention_lock_adds_has_its_actions_on_every_cloud()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "immutability": { "days": 30, "mode": "governance" } },
            { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "immutability": { "days": 30, "mode": "governance" } },
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null);

        Assert.Contains(Assert.IsType<AwsPreflightTarget>(targets[0]).Actions, a => a.Action == "s3:PutBucketObjectLockConfiguration");
        Assert.IsType<GcpPreflightTarget>(targets[1]);
        Assert.IsType<AzurePreflightTarget>(targets[2]);
    }

    [Fact]
    public void An_azure_account_the_stack_creates_is_asked_about_with_its_lock_locked_for_compliance_and_an_existing_container_with_none()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-compliance", "cloud": "abs", "location": "westeurope", "immutability": { "days": 365, "mode": "compliance" } },
            { "name": "rec-governance", "cloud": "abs", "location": "westeurope", "immutability": { "days": 30, "mode": "governance" } },
            { "name": "rec-open", "cloud": "abs", "location": "westeurope" },
            { "name": "rec-adopted", "cloud": "abs", "existingBucket": "recordings", "existingAccount": "acmerecordings", "resourceGroup": "rg-media", "immutability": { "days": 30, "mode": "governance" } }
            """));

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<AzurePreflightTarget>().ToList();

        Assert.Equal(
            [new AccountImmutability(365, Locked: true), new AccountImmutability(30, Locked: false), null, null],
            targets.Select(t => t.Immutability));
    }

    [Fact]
    public void A_created_kms_key_is_made_on_every_resource_and_then_asked_for_as_any_key_of_the_account_in_its_region_without_a_policy_change()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-s3", "cloud": "s3", "region": "eu-central-1", "encryptionKey": "create" }
            """));

        var target = Assert.IsType<AwsPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));
        var keyNeeds = target.Actions.Where(a => a.Action.StartsWith("kms:", StringComparison.Ordinal)).ToList();

        Assert.Equal(("kms:CreateKey", "*"), (keyNeeds[0].Action, keyNeeds[0].ResourceArn));
        Assert.All(keyNeeds.Skip(1), need => Assert.Equal($"arn:aws:kms:eu-central-1:{AwsPreflightTarget.AccountPlaceholder}:key/*", need.ResourceArn));
        Assert.Equal(
            ["kms:TagResource", "kms:EnableKeyRotation", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
            keyNeeds.Skip(1).Select(need => need.Action));
    }

    [Fact]
    public void An_azure_storage_names_what_it_creates_for_azure_policy_with_its_suffix_standing_as_zeros_until_drawn()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "create", "accessLogs": "create" },
            { "name": "rec-adopted", "cloud": "abs", "existingBucket": "recordings", "existingAccount": "acmerecordings", "resourceGroup": "rg-media", "azureRole": "blobDataContributor" }
            """));
        var created = (AzureStoragePlan)plan.Storages[0];

        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<AzurePreflightTarget>().ToList();

        Assert.Equal(created.AccountName("00000000"), targets[0].AccountName);
        Assert.Equal(created.LogAccountName("00000000"), targets[0].LogAccountName);
        Assert.Equal(created.KeyIdentityName, targets[0].KeyIdentityName);
        Assert.Equal(created.KeyVaultName("00000000"), targets[0].KeyVaultName);
        Assert.Equal(created.WriteOnlyRoleName(created.AccountName("00000000")), targets[0].RoleName);
        Assert.All([targets[1].AccountName, targets[1].LogAccountName, targets[1].KeyIdentityName, targets[1].KeyVaultName, targets[1].RoleName], Assert.Null);
        // Once drawn (the local world's), the suffix the names end in is the drawn one.
        var drawn = Assert.IsType<AzurePreflightTarget>(PreflightTargets.For(created, gcpDefaultProject: null, azureSubscriptionId: null, drawnSuffix: "0a1b2c3d"));
        Assert.Equal((created.AccountName("0a1b2c3d"), created.KeyVaultName("0a1b2c3d")), (drawn.AccountName, drawn.KeyVaultName));
    }
}
