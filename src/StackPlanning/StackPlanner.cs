using System.Globalization;
using StorageRegistrar.Declarations;
using StorageRegistrar;

namespace StackPlanning;

/// <summary>
/// Decides what a stack creates: per storage the cloud resources, their names, grants, lifecycle
/// rules, ordering and delete protection, and which call types point where.
/// </summary>
public static class StackPlanner
{
    /// <summary>The tag (GCS label) that names the Stream storage a resource belongs to.</summary>
    public const string StorageTag = "stream-storage";

    public const int AbortIncompleteMultipartUploadDays = 7;

    /// <summary>Stream's check writes <c>stream-&lt;uuid&gt;.md</c> on every run and never deletes it.</summary>
    public const string CheckFilePrefix = "stream-";

    public const string CheckFileSuffix = ".md";

    public const int CheckFileDays = 1;

    /// <summary>
    /// S3 lifecycle filters cannot match a suffix, so check files are told from recordings that happen
    /// to start with "stream-" by their size: a check file is a few hundred bytes.
    /// </summary>
    public const int CheckFileMaxBytes = 4096;

    /// <summary>How often a key the stack creates rotates: yearly, KMS's default period and within every cloud's range.</summary>
    public const int KeyRotationDays = 365;

    private static readonly S3BucketSetting[] S3SettingsInOrder =
    [
        S3BucketSetting.PublicAccessBlock,
        S3BucketSetting.BucketPolicy,
        S3BucketSetting.OwnershipControls,
        S3BucketSetting.Encryption,
        S3BucketSetting.Versioning,
        S3BucketSetting.ObjectLock,
        S3BucketSetting.Lifecycle,
        S3BucketSetting.Logging,
    ];

    /// <exception cref="StackConfigException">When the configuration is invalid.</exception>
    public static StackPlan Plan(StackConfigInput input) => Plan(StackConfigParser.Parse(input));

    public static StackPlan Plan(StackConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var storages = config.Storages
            .Select(s => PlanStorage(config, s) with { AllowedLocations = config.AllowedLocations, StackCheckDeadlineSeconds = config.CheckDeadlineSeconds })
            .ToList();
        WaitForProjectKeyExceptions(storages);
        var byName = storages.ToDictionary(s => s.StreamName, StringComparer.Ordinal);
        var bindings = config.Bindings
            .Select(b => new BindingPlan(b.CallType, b.Storage, b.Storage == StorageTypes.StreamDefaultStorage ? null : byName[b.Storage]))
            .ToList();
        return new StackPlan(config.StackName, config.Production, storages, bindings)
        {
            Warnings = Warnings(config),
            AllowedLocations = config.AllowedLocations,
            Preflight = config.Preflight,
        };
    }

    /// <summary>
    /// A GCS storage in a project where another storage of the stack owns the key-creation exception (one per project)
    /// creates its key after that exception too; a project left to the provider's default is one project (validation
    /// refuses it beside a named one around an exception, as it may be that one).
    /// </summary>
    private static void WaitForProjectKeyExceptions(List<StoragePlan> storages)
    {
        var owners = storages.OfType<GcsStoragePlan>().Where(g => g.KeyCreationException).ToList();
        for (var index = 0; index < storages.Count; index++)
        {
            if (storages[index] is GcsStoragePlan { KeyCreationException: false } gcs
                && owners.FirstOrDefault(owner => owner.Project == gcs.Project) is { } owner)
            {
                storages[index] = gcs with { KeyWaitsForExceptionOf = owner.StreamName };
            }
        }
    }

    private static List<PlanWarning> Warnings(StackConfig config)
    {
        var warnings = new List<PlanWarning>();
        if (config.UnseenEnvironments.Count > 0)
        {
            warnings.Add(new(
                "environment",
                $"imports Pulumi ESC environments ({string.Join(", ", config.UnseenEnvironments)}), whose configuration pulumi up adds to the stack's and this plan cannot see: where they set the program's or the providers' keys, pulumi up differs from this plan. `pulumi env get <environment>` shows what they set; set the program's keys under config: to have them planned."));
        }

        for (var index = 0; index < config.Storages.Count; index++)
        {
            var storage = config.Storages[index];
            var at = $"{ConfigKeys.Storages}[{index}]";
            if (storage.ExistingBucket is { } bucket && storage.Path.Length == 0 && storage.Cloud != Cloud.S3Compatible)
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.Path}",
                    $"is empty, so Stream is granted the whole of the existing bucket \"{bucket}\" and a recording may overwrite any of its owner's objects of the same name: set a path of Stream's own, e.g. \"stream-recordings/\"."));
            }

            if (storage.Immutability is { Mode: ImmutabilityMode.Compliance } locked && storage.ExistingBucket is null)
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.Immutability}.{ConfigKeys.Storage.Lock.Mode}",
                    $"\"compliance\" cannot be undone: nobody, the account's owner included, can delete a recording before it is {DayCount.Of(locked.Days)} old, shorten the lock or remove it{(storage.Cloud == Cloud.Gcs ? " (the bucket's retention policy is locked for good)" : "")}, and the bucket cannot be deleted before then. Use \"governance\" until the rule is final."
                    + (storage.Cloud == Cloud.Abs ? " Azure creates an account's immutability policy unlocked and locks it only on a later update: create the storage with \"governance\", then set \"compliance\" and run pulumi up again." : "")));
            }

            if (config.AllowedLocations is not null && storage.Cloud == Cloud.S3Compatible)
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.Endpoint}",
                    $"is an S3-compatible store, whose signing region says nothing of where it keeps data, so {ConfigKeys.AllowedLocations} cannot be checked for it: confirm the store's location with its owner."));
            }

            if (config.AllowedLocations is not null && storage is { Cloud: Cloud.Abs, ExistingBucket: null, Redundancy: AzureRedundancy.Grs or AzureRedundancy.Gzrs })
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.Redundancy}",
                    $"{Storages.PlacementSection.RedundancyName(storage.Redundancy)} keeps a copy in the paired region of \"{storage.Location}\", which {ConfigKeys.AllowedLocations} does not check: confirm the pair is allowed, or use LRS or ZRS."));
            }

            if (storage is { Cloud: Cloud.S3, AuthMode: S3AuthMode.Policy, EncryptionKey: not null })
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.EncryptionKey}",
                    "is used in policy mode, where Stream writes with its own AWS account: KMS lets it use the key only if that account's own IAM policy allows kms:GenerateDataKey on it too, which the key policy cannot grant and nothing on this side can read. If Stream's check fails with a KMS AccessDenied, set authMode: keys (the stack grants its IAM user the key) or remove encryptionKey (SSE-S3)."));
            }

            if (storage is { Cloud: Cloud.Gcs, ExistingBucket: { } audited, AccessLogs.Target: AccessLogTarget.ProjectAuditLogs })
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.AccessLogs}",
                    $"turns on the Data Access audit logs of {(storage.Project is { } project ? $"project \"{project}\"" : "the gcp provider's default project")}, which log \"{audited}\" only if it is that project's bucket: Cloud Storage writes a bucket's audit logs into its own project. Set {ConfigKeys.Storage.Project} to the bucket's project."));
            }

            if (storage is { Cloud: Cloud.Abs, AzureRole: AzureRole.BlobDataContributor })
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.AzureRole}",
                    "\"blobDataContributor\" is Azure's built-in Storage Blob Data Contributor, which also holds Resource Manager actions on the container (containers/write, containers/delete, generateUserDelegationKey) that the assignment's condition, written on blob data actions, does not hold to the path: Stream's service principal could change or delete the whole container. Use \"writeOnly\" (the stack's own role: blob write and add only) unless custom roles are refused here."));
            }

            if (storage.KeyCreationException)
            {
                warnings.Add(new(
                    $"{at}.{ConfigKeys.Storage.KeyCreationException}",
                    $"lifts the service-account key constraints on the storage's project: the key waits for the project's policies, but a new organization policy can take up to {GcsStoragePlan.OrgPolicyPropagationMinutes} minutes to take effect, so the first pulumi up may still fail at the key; run it again after that."));
            }

            if (TierReachingCheckFiles(storage) is { } warning)
            {
                warnings.Add(new($"{at}.{ConfigKeys.Storage.Tiers}", warning));
            }
        }

        return warnings;
    }

    /// <summary>
    /// Tiers keep check files out where the cloud filters by size (S3). On GCS a check file is deleted before any tier
    /// would move it (a lifecycle Delete wins over SetStorageClass) unless a lock keeps it; Azure's policies cannot tell
    /// check files apart at all, and only a lock keeps one (the owner's verification deletes it otherwise).
    /// </summary>
    private static string? TierReachingCheckFiles(StorageConfig storage)
    {
        if (storage is not { Tiers: [var first, ..], Immutability: { } locked, Cloud: Cloud.Gcs or Cloud.Abs })
        {
            return null;
        }

        var cloud = storage.Cloud == Cloud.Gcs ? "GCS" : "Azure";
        const string What = "they move with recordings (a few hundred bytes each; the class's minimum storage duration is charged for them)";
        return storage.Cloud == Cloud.Gcs
            ? first.AfterDays <= locked.Days
                ? $"reach Stream's check files: the {locked.Days}-day lock keeps each until it is deleted on day {locked.Days + 1}, and {cloud}'s lifecycle cannot tell them from recordings by size, so {What}. Start the first tier after day {locked.Days} to keep them out."
                : null
            : $"reach Stream's check files: the {locked.Days}-day lock keeps the owner's verification from deleting them, and {cloud}'s lifecycle cannot tell them from recordings, so {What}. Remove the tiers if that matters.";
    }

    private static StoragePlan PlanStorage(StackConfig config, StorageConfig storage)
    {
        var tags = new Dictionary<string, string>(config.Tags, StringComparer.Ordinal) { [StorageTag] = storage.Name };
        var data = storage.DataProtection == DataProtection.ForceDestroy
            ? new DataResourcePolicy(ForceDestroy: true, RetainOnDelete: false, Protect: false)
            : new DataResourcePolicy(ForceDestroy: false, RetainOnDelete: true, Protect: config.Production);
        var encryptionKey = KeyPlan(storage);
        var accessLogs = storage.AccessLogs is { } logs
            ? new AccessLogsPlan(logs.Target, logs.Destination, LogsIntoBucket(storage.Cloud, logs.Target) ? $"{config.StackName}/{storage.Name}/" : "")
            : null;

        var basics = new StoragePlanBasics(config.StackName, storage.Name, storage.Path, data, tags, storage.ExistingBucket);
        StoragePlan plan = storage.Cloud switch
        {
            Cloud.S3 => new S3StoragePlan
            {
                Basics = basics,
                CredentialMaxAgeDays = storage.CredentialMaxAgeDays,
                Region = storage.Region!,
                AuthMode = storage.AuthMode,
                AcceptsEveryStreamApp = storage.AcceptsEveryStreamApp,
                // Bucket Keys on: one KMS request per bucket key rather than per object, and the key policy's encryption context is the bucket's ARN.
                Encryption = encryptionKey is null
                    ? new S3Encryption("AES256", KmsKeyArn: null, BucketKeyEnabled: false)
                    : new S3Encryption("aws:kms", encryptionKey.ExistingKeyId, BucketKeyEnabled: true),
                Lifecycle = LifecycleRules(storage),
                SettingsOrder = storage.ExistingBucket is null
                    ? [.. S3SettingsInOrder.Where(s => s switch
                    {
                        S3BucketSetting.Versioning => storage.Versioning,
                        S3BucketSetting.ObjectLock => storage.Immutability is not null,
                        S3BucketSetting.Logging => accessLogs is not null,
                        _ => true,
                    })]
                    : [],
            },
            Cloud.Gcs => new GcsStoragePlan
            {
                Basics = basics,
                CredentialMaxAgeDays = storage.CredentialMaxAgeDays,
                Project = storage.Project,
                Location = storage.Location,
                Versioning = storage.Versioning,
                KeyCreationException = storage.KeyCreationException,
                SoftDeleteDays = storage.SoftDeleteDays,
                Lifecycle = LifecycleRules(storage),
            },
            Cloud.Abs => new AzureStoragePlan
            {
                Basics = basics,
                ExistingAccount = storage.ExistingAccount,
                SoftDeleteDays = storage.ExistingBucket is null ? storage.SoftDeleteDays ?? AzureStoragePlan.DefaultSoftDeleteDays : null,
                Redundancy = storage.Redundancy,
                InfrastructureEncryption = storage.InfrastructureEncryption,
                Lifecycle = [.. TierRules(storage)],
                Location = storage.Location,
                ResourceGroupName = storage.ResourceGroup ?? ResourceNames.AzureResourceGroupName(config.StackName, storage.Name),
                CreateResourceGroup = storage.ResourceGroup is null,
                Role = storage.AzureRole,
                ClientSecretDays = storage.ClientSecretDays,
            },
            Cloud.S3Compatible => new S3CompatibleStoragePlan
            {
                Basics = basics,
                Endpoint = storage.Endpoint!,
                Region = storage.Region!,
                AccessKeyId = storage.AccessKeyId!,
                SecretAccessKey = storage.SecretAccessKey!,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage.Cloud, "unknown cloud"),
        };

        // The stack only registers an S3-compatible store with Stream: it draws no folder there and creates no credential, lock, key, tier or log.
        return storage.Cloud == Cloud.S3Compatible
            ? plan
            : plan with
            {
                UnguessablePath = storage.UnguessablePath,
                CredentialRotation = storage.CredentialRotation,
                Immutability = storage.Immutability,
                EncryptionKey = encryptionKey,
                Tiers = storage.Tiers ?? [],
                AccessLogs = accessLogs,
            };
    }

    /// <summary>
    /// Failed multipart uploads and Stream's check files are cleaned up everywhere in the bucket's
    /// writable prefix; old versions and (when a retention is set) recordings expire.
    /// </summary>
    private static List<LifecycleRule> LifecycleRules(StorageConfig storage)
    {
        if (storage.ExistingBucket is not null)
        {
            // An existing bucket's lifecycle belongs to its owner.
            return [];
        }

        var rules = new List<LifecycleRule>
        {
            new("abort-incomplete-multipart-uploads", LifecycleAction.AbortIncompleteMultipartUpload, AbortIncompleteMultipartUploadDays),
            // Under a retention lock the cloud refuses to delete a check file before the lock ends: expire it the day after.
            new("expire-check-files", LifecycleAction.ExpireCheckFiles, storage.Immutability is { } locked ? locked.Days + 1 : CheckFileDays, storage.Path + CheckFilePrefix, CheckFileSuffix, CheckFileMaxBytes),
        };
        if (storage.Versioning)
        {
            rules.Add(new("expire-noncurrent-versions", LifecycleAction.ExpireNoncurrentVersions, storage.NoncurrentVersionDays));
        }

        rules.AddRange(TierRules(storage));
        if (storage.RetentionDays is { } days)
        {
            rules.Add(new("expire-recordings", LifecycleAction.ExpireRecordings, days, storage.Path));
        }

        return rules;
    }

    /// <summary>
    /// One transition per tier, for the recordings under the path. On S3 check files are kept out by size, as
    /// expire-check-files finds them; GCS and Azure filter by name prefix only (see <see cref="TierReachingCheckFiles"/>).
    /// </summary>
    private static IEnumerable<LifecycleRule> TierRules(StorageConfig storage) =>
        (storage.Tiers ?? []).Select((tier, index) => new LifecycleRule(
            string.Create(CultureInfo.InvariantCulture, $"tier-{index + 1}-{tier.StorageClass.ToLowerInvariant().Replace('_', '-')}"),
            LifecycleAction.TransitionRecordings,
            tier.AfterDays,
            storage.Path,
            StorageClass: tier.StorageClass,
            MinObjectBytes: storage.Cloud == Cloud.S3 ? CheckFileMaxBytes : null));

    /// <summary>The customer-managed key, where it is (or will be), and a created key's rotation.</summary>
    private static CustomerKeyPlan? KeyPlan(StorageConfig storage) => storage.Key switch
    {
        null => null,
        { ExistingKeyId: null } => new CustomerKeyPlan
        {
            Location = storage.Cloud == Cloud.Gcs ? GcsStoragePlan.KeyLocationFor(storage.Location!) : storage.Cloud == Cloud.S3 ? storage.Region : storage.Location,
            RotationDays = KeyRotationDays,
        },
        { ExistingKeyId: { } keyId } => new CustomerKeyPlan
        {
            ExistingKeyId = keyId,
            Location = storage.Cloud switch
            {
                Cloud.S3 => keyId.Split(':')[3],
                Cloud.Gcs => keyId.Split('/')[3],
                _ => null,
            },
        },
    };

    /// <summary>S3 server access logs and GCS usage logs are objects in a log bucket, under a prefix per storage.</summary>
    private static bool LogsIntoBucket(Cloud cloud, AccessLogTarget target) =>
        cloud is Cloud.S3 or Cloud.Gcs && target is AccessLogTarget.CreatedLogBucket or AccessLogTarget.ExistingLogBucket;
}
