using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using LocalWorld;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// An S3 storage in the local S3 emulator: the bucket with the plan's settings in the plan's order, and in keys mode the
/// IAM user's access key. Each create's IAM actions are first put to the local AWS guardrails, which refuse them as AWS
/// would under the organization's SCPs, the deployer's boundary and its own policies, with the tags the creates send.
/// </summary>
/// <param name="awsDefaultTags">The AWS provider's default tags, which the creates send with the stack's.</param>
internal sealed class S3StandIn(S3StoragePlan plan, string suffix, IReadOnlyDictionary<string, string> awsDefaultTags) : StorageStandIn(plan, suffix)
{
    private const string NotEnforced = "accepted; not enforced locally (the S3 emulator ignores it)";

    /// <summary>The row of the bucket's Object Lock configuration.</summary>
    private const string LockRow = "object-lock";

    private const string LockName = "Object Lock, default retention";

    private string? _accessKeyId;
    private bool _tiersKept;

    /// <summary>AWS's refusal of a request of destroy's forceDestroy, which leaves the bucket with what it still holds; null until refused.</summary>
    private (string Action, CloudRefusedException Refusal)? _destroyRefused;

    protected override string KeyNotEnforcedBecause => "the S3 emulator has no KMS and keeps no default encryption";

    protected override string TiersNotEnforcedBecause => "the S3 emulator keeps no lifecycle configuration: the tiers' transitions, set on it, do not read back";

    protected override string LogsNotEnforcedBecause => "the S3 emulator writes no server access logs";

    protected override bool TiersKept => _tiersKept;

    public override string Bucket => plan.BucketName(Suffix);

    public override string Store => "s3";

    private string BucketPolicy => plan.BucketPolicy(Bucket);

    public override IReadOnlyList<PlannedResource> Preview() => plan.Resources(new ResourceNaming(Suffix));

    public override async Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        using var s3 = world.Stores.S3.CreateClient();
        if (Plan.CreatesBucket)
        {
            EnsureAllowed(world, PulumiTypes.S3Bucket);
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, cancellationToken).ConfigureAwait(false);
            BucketMade = true;
            report(Bucket, "created");
            LockBucket(world.Stores.S3.Locks, Bucket, LockName, report, Row(LockRow));
        }
        else if (plan.StatementToMerge is not null)
        {
            report(Bucket, "existing bucket: the owner merges the stack's statement into its policy (bucketPolicy: manual); not enforced locally");
        }

        // The key and the log bucket the program makes beside the bucket take their own actions, though the emulator makes neither.
        if (Preview().Any(r => r.Type == PulumiTypes.KmsKey))
        {
            EnsureAllowed(world, PulumiTypes.KmsKey);
        }

        if (plan.AccessLogs is { CreatesLogBucket: true })
        {
            var logBucket = S3Grants.BucketArn(plan.LogBucketName(Suffix));
            EnsureAllowed(world, PulumiTypes.S3Bucket, logBucket);
            foreach (var setting in S3StoragePlan.LogBucketSettingsOrder)
            {
                EnsureAllowed(world, PulumiTypes.Of(setting), logBucket);
            }
        }

        foreach (var setting in plan.SettingsOrder)
        {
            EnsureAllowed(world, PulumiTypes.Of(setting));
            if (setting == S3BucketSetting.Logging && plan.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket, Destination: { } logBucket })
            {
                world.Guardrails.Aws.EnsureLoggingTargetAccepted(logBucket, plan.Region);
            }

            report(Row(S3StoragePlan.SettingResourceName(setting)), await ApplyAsync(s3, setting, cancellationToken).ConfigureAwait(false));
        }

        if (plan.AuthMode == S3AuthMode.Policy)
        {
            report(Row("stream-access"), "Stream writes as its own AWS principal (the emulator's stand-in); no key is handed over");
            return Declaration() with { AwsS3 = new S3Settings { Region = plan.Region } };
        }

        EnsureAllowed(world, PulumiTypes.IamUser);
        report(plan.IamUserName(Suffix), "created; not enforced locally (the S3 emulator has no IAM)");
        EnsureAllowed(world, PulumiTypes.IamUserPolicy);
        report(Row("writer-policy"), "attached; not enforced locally (the S3 emulator has no IAM)");
        EnsureAllowed(world, PulumiTypes.IamAccessKey);
        return NewCredential(world, report);
    }

    /// <summary>The IAM actions creating a resource of <paramref name="type"/> (Object Lock's too, for a locked bucket), as AWS authorizes them.</summary>
    /// <exception cref="CloudRefusedException">The local AWS guardrails refuse one.</exception>
    /// <param name="bucketArn">The bucket a bucket's resource is of: the recordings' unless told.</param>
    private void EnsureAllowed(RehearsalWorld world, string type, string? bucketArn = null)
    {
        var (actions, on) = PreflightTargets.AwsActions[type];
        var taken = type == PulumiTypes.S3Bucket && plan.LocksBucket && bucketArn is null ? [.. actions, .. PreflightTargets.ObjectLockActions] : actions;
        var (api, arn) = on switch
        {
            AwsResourceKind.User => ("iam.amazonaws.com", $"arn:aws:iam::{AwsGuardrailServer.Account}:user/{plan.IamUserName(Suffix)}"),
            AwsResourceKind.Key => ("kms.amazonaws.com", "*"),
            _ => ("s3.amazonaws.com", bucketArn ?? S3Grants.BucketArn(Bucket)),
        };
        var requestTags = PreflightTargets.AwsRequestTags(plan, awsDefaultTags);
        foreach (var action in taken)
        {
            world.Guardrails.Aws.EnsureAllowed(api, action, arn, plan.Region, PreflightTargets.AwsTaggingActions.Contains(action) ? requestTags.Keys : []);
        }
    }

    protected override async Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        await PrepareExistingS3BucketAsync(world, Bucket, report, cancellationToken).ConfigureAwait(false);
        if (world.Guardrails.Aws.DescribedBucket(Bucket) is { } described)
        {
            // The guardrails file says what the owner's bucket is: its default retention, or none.
            if (described.DefaultRetention is { } retention)
            {
                var own = new RetentionLock(retention.Days, retention.Irreversible ? RetentionLockMode.Compliance : RetentionLockMode.Governance);
                LockBucket(world.Stores.S3.Locks, Bucket, own, "the owner's Object Lock, as the guardrails file describes it", report, Row(LockRow));
            }
            else
            {
                report(Row(LockRow), $"none, as the guardrails file describes {Bucket} (in {described.Region})");
            }

            return;
        }

        LockBucket(world.Stores.S3.Locks, Bucket, "the owner's Object Lock, as the stack expects", report, Row(LockRow));
    }

    public override Task<string?> DeleteAsOwnerAsync(RehearsalWorld world, string key, CancellationToken cancellationToken) =>
        DeleteS3ObjectAsync(world, Bucket, key, cancellationToken);

    /// <summary>
    /// Deletes the version of <paramref name="key"/> the owner finds (without the version id, S3 would only add a delete marker,
    /// which Object Lock allows); returns S3's refusal, <c>403 AccessDenied</c>, or null once deleted.
    /// </summary>
    internal static async Task<string?> DeleteS3ObjectAsync(RehearsalWorld world, string bucket, string key, CancellationToken cancellationToken)
    {
        using var s3 = world.Stores.S3.CreateClient();
        var version = (await s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false)).VersionId;
        try
        {
            await s3.DeleteObjectAsync(
                new DeleteObjectRequest { BucketName = bucket, Key = key, VersionId = string.IsNullOrEmpty(version) ? null : version }, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "AccessDenied")
        {
            return $"{(int)e.StatusCode} {e.ErrorCode}";
        }
    }

    protected override string? Credential => _accessKeyId;

    protected override Task<bool?> RevokeCredentialAsync(RehearsalWorld world, string credential, Action<string, string> report, CancellationToken cancellationToken)
    {
        report(Row("writer-key"), $"deleted the previous key {credential}; the S3 emulator checks no keys, so it cannot show the refusal");
        return Task.FromResult<bool?>(null);
    }

    /// <summary>Creates <paramref name="bucket"/> with an object of the owner's, as an existing bucket has.</summary>
    internal static async Task PrepareExistingS3BucketAsync(RehearsalWorld world, string bucket, Action<string, string> report, CancellationToken cancellationToken)
    {
        using var s3 = world.Stores.S3.CreateClient();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = OwnersObjectKey, ContentBody = "The owner's, before the stack." }, cancellationToken).ConfigureAwait(false);
        report(bucket, $"pre-existing, holding {OwnersObjectKey}");
    }

    /// <summary>Whether an existing bucket still holds the owner's object.</summary>
    internal static async Task<bool> HoldsOwnersObjectAsync(RehearsalWorld world, string bucket, CancellationToken cancellationToken)
    {
        return (await world.Stores.S3.ListKeysAsync(bucket, cancellationToken).ConfigureAwait(false)).Contains(OwnersObjectKey);
    }

    protected override StorageDeclaration NewCredential(RehearsalWorld world, Action<string, string> report)
    {
        _accessKeyId = "AKIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        report(Row("writer-key"), $"created {_accessKeyId}");
        return Declaration() with { AwsS3 = new S3Settings { Region = plan.Region, ApiKey = _accessKeyId, Secret = new SecretString(secret) } };
    }

    public override async Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken)
    {
        using var s3 = world.Stores.S3.CreateClient();
        try
        {
            await s3.GetObjectMetadataAsync(Bucket, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public override async Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        if (_accessKeyId is not null)
        {
            report(Row("writer-key"), $"deleted {_accessKeyId}");
            report(plan.IamUserName(Suffix), "deleted");
            _accessKeyId = null;
        }

        using var s3 = world.Stores.S3.CreateClient();
        if (!await ExistsAsync(s3, cancellationToken).ConfigureAwait(false))
        {
            // An interrupted up may stop before the bucket exists.
            return;
        }

        if (BucketKept)
        {
            await RemoveSettingsOfKeptBucketAsync(s3, report, cancellationToken).ConfigureAwait(false);
            report(Bucket, $"left, with its objects ({KeptBecause})");
            return;
        }

        // As the provider's forceDestroy: delete the bucket; where it is not empty, list every version and delete each
        // (bypassing a governance lock; a compliance one is refused when planning), then delete the bucket again. Each
        // request is first put to the local AWS guardrails, as S3 asks IAM before it looks at the bucket's contents.
        var bucketArn = S3Grants.BucketArn(Bucket);
        EnsureAllowedOnDestroy(world, PreflightTargets.DeleteBucket, bucketArn, report);
        var keys = await world.Stores.S3.ListKeysAsync(Bucket, cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            EnsureAllowedOnDestroy(world, PreflightTargets.ListBucketVersions, bucketArn, report);
        }

        foreach (var key in keys)
        {
            EnsureAllowedOnDestroy(world, PreflightTargets.DeleteObjectVersion, $"{bucketArn}/{key}", report);
            if (plan.BypassesGovernanceOnDestroy)
            {
                EnsureAllowedOnDestroy(world, PreflightTargets.GovernanceBypassAction, $"{bucketArn}/{key}", report);
            }

            await s3.DeleteObjectAsync(
                new DeleteObjectRequest { BucketName = Bucket, Key = key, BypassGovernanceRetention = plan.BypassesGovernanceOnDestroy ? true : null }, cancellationToken).ConfigureAwait(false);
        }

        await s3.DeleteBucketAsync(Bucket, cancellationToken).ConfigureAwait(false);
        report(Bucket, "deleted with its objects (dataProtection: forceDestroy)");
    }

    /// <summary>A request of destroy's forceDestroy, put to the local AWS guardrails first, as S3 asks IAM.</summary>
    /// <exception cref="CloudRefusedException">The local AWS guardrails refuse it: destroy stops, the bucket stays with what it still holds.</exception>
    private void EnsureAllowedOnDestroy(RehearsalWorld world, string action, string arn, Action<string, string> report)
    {
        try
        {
            world.Guardrails.Aws.EnsureAllowed("s3.amazonaws.com", action, arn, plan.Region, sentTags: []);
        }
        catch (CloudRefusedException e)
        {
            _destroyRefused = (action, e);
            report(Bucket, $"not deleted: {e.Message}");
            throw;
        }
    }

    /// <summary>
    /// What destroy takes off a bucket it keeps, last applied first (<see cref="S3StoragePlan.KeepsSettingOnDelete"/>): the
    /// bucket policy that grants Stream's account, and versioning, which the provider suspends as it deletes the setting.
    /// </summary>
    private async Task RemoveSettingsOfKeptBucketAsync(IAmazonS3 s3, Action<string, string> report, CancellationToken cancellationToken)
    {
        foreach (var setting in plan.SettingsOrder.Reverse().Where(s => !plan.KeepsSettingOnDelete(s)))
        {
            var row = Row(S3StoragePlan.SettingResourceName(setting));
            switch (setting)
            {
                case S3BucketSetting.BucketPolicy:
                    // Not sent: the emulator kept no policy, and reads DELETE ?policy as a delete of the bucket.
                    report(row, "deleted from the kept bucket: Stream's grant goes with the stack; not enforced locally (the S3 emulator keeps no bucket policies)");
                    break;
                case S3BucketSetting.Versioning:
                    await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
                    {
                        BucketName = Bucket,
                        VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Suspended },
                    }, cancellationToken).ConfigureAwait(false);
                    report(row, "suspended on the kept bucket");
                    break;
                default:
                    throw new InvalidOperationException($"{plan.StreamName}: a kept bucket keeps its {row}.");
            }
        }
    }

    public override async Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken)
    {
        var leftovers = new List<string>();
        using var s3 = world.Stores.S3.CreateClient();
        if (!BucketKept && await ExistsAsync(s3, cancellationToken).ConfigureAwait(false))
        {
            if (_destroyRefused is not var (action, refusal))
            {
                leftovers.Add($"S3 bucket {Bucket}");
            }
            else
            {
                var held = (await world.Stores.S3.ListKeysAsync(Bucket, cancellationToken).ConfigureAwait(false)).Count > 0
                    ? $"with its recordings{(plan.LocksBucket ? " under the governance lock" : "")}"
                    : "empty";
                leftovers.Add($"S3 bucket {Bucket}, {held}: destroy could not {(action == PreflightTargets.DeleteBucket ? "delete" : "empty")} it ({refusal.Status} {refusal.Code})");
            }
        }

        if (!Plan.CreatesBucket && BucketThere && !await HoldsOwnersObjectAsync(world, Bucket, cancellationToken).ConfigureAwait(false))
        {
            leftovers.Add($"existing S3 bucket {Bucket} lost the owner's {OwnersObjectKey}");
        }

        if (_accessKeyId is not null)
        {
            leftovers.Add($"S3 access key {_accessKeyId}");
        }

        return leftovers;
    }

    /// <summary>A rule's filter in the shape the plan gives S3 (<see cref="LifecycleRule.S3Filter"/>), as the program sets it.</summary>
    private LifecycleFilterPredicate Predicate(StackPlanning.LifecycleRule rule)
    {
        var prefixed = plan.PrefixedOnceDrawn(rule);
        var operands = new List<LifecycleFilterPredicate>();
        if (prefixed)
        {
            operands.Add(new LifecyclePrefixPredicate { Prefix = rule.Prefix });
        }

        if (rule.MinObjectBytes is { } min)
        {
            operands.Add(new LifecycleObjectSizeGreaterThanPredicate { ObjectSizeGreaterThan = min });
        }

        if (rule.MaxObjectBytes is { } max)
        {
            operands.Add(new LifecycleObjectSizeLessThanPredicate { ObjectSizeLessThan = max });
        }

        return rule.S3Filter(prefixed) switch
        {
            S3FilterShape.Prefix => new LifecyclePrefixPredicate { Prefix = rule.Prefix },
            S3FilterShape.Size => operands[0],
            _ => new LifecycleAndOperator { Operands = operands },
        };
    }

    private async Task<bool> ExistsAsync(IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var buckets = await s3.ListBucketsAsync(cancellationToken).ConfigureAwait(false);
        return (buckets.Buckets ?? []).Any(b => b.BucketName == Bucket);
    }

    /// <summary>
    /// Sets the plan's transitions (the tiers' rules) on the bucket and reads them back as the doctor does: only a store
    /// that keeps them counts as applying them. The other rules act after days and are not set.
    /// </summary>
    private async Task<string> ApplyTiersAsync(IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var transitions = plan.Lifecycle.Where(r => r.Action == LifecycleAction.TransitionRecordings).ToList();
        await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = Bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    .. transitions.Select(rule => new Amazon.S3.Model.LifecycleRule
                    {
                        Id = rule.Id,
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = Predicate(rule) },
                        Transitions = [new LifecycleTransition { Days = rule.Days, StorageClass = S3StorageClass.FindValue(rule.StorageClass) }],
                    }),
                ],
            },
        }, cancellationToken).ConfigureAwait(false);
        var expected = plan.Tiers.Select(t => new ExpectedTier(t.AfterDays, t.StorageClass)).ToList();
        var readBack = await new S3BucketProbe(s3).ReadKeyTiersAndLogsAsync(Bucket, plan.Path, null, expected, null, cancellationToken).ConfigureAwait(false);
        _tiersKept = KeyTiersAndLogsAnalyzer.Analyze(readBack).Count == 0;
        return _tiersKept ? $"the tiers' transitions {TiersKeptLocally}" : $"{NotEnforcedLocally} ({TiersNotEnforcedBecause})";
    }

    private async Task<string> ApplyAsync(IAmazonS3 s3, S3BucketSetting setting, CancellationToken cancellationToken)
    {
        try
        {
            switch (setting)
            {
                case S3BucketSetting.PublicAccessBlock:
                    await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
                    {
                        BucketName = Bucket,
                        PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = true, BlockPublicPolicy = true, IgnorePublicAcls = true, RestrictPublicBuckets = true },
                    }, cancellationToken).ConfigureAwait(false);
                    return NotEnforced;
                case S3BucketSetting.BucketPolicy:
                    await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = Bucket, Policy = BucketPolicy }, cancellationToken).ConfigureAwait(false);
                    return NotEnforced;
                case S3BucketSetting.OwnershipControls:
                    await s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
                    {
                        BucketName = Bucket,
                        OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerEnforced }] },
                    }, cancellationToken).ConfigureAwait(false);
                    return NotEnforced;
                case S3BucketSetting.Encryption:
                    await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
                    {
                        BucketName = Bucket,
                        ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                        {
                            ServerSideEncryptionRules =
                            [
                                new ServerSideEncryptionRule
                                {
                                    ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                                    {
                                        ServerSideEncryptionAlgorithm = new ServerSideEncryptionMethod(plan.Encryption.Algorithm),
                                        ServerSideEncryptionKeyManagementServiceKeyId = plan.Encryption.KmsKeyArn,
                                    },
                                    BucketKeyEnabled = plan.Encryption.BucketKeyEnabled,
                                },
                            ],
                        },
                    }, cancellationToken).ConfigureAwait(false);
                    return NotEnforced;
                case S3BucketSetting.Versioning:
                    await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
                    {
                        BucketName = Bucket,
                        VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
                    }, cancellationToken).ConfigureAwait(false);
                    return NotEnforced;
                case S3BucketSetting.ObjectLock:
                    // The emulator has no Object Lock; the rehearsal's lock layer, set when the bucket was made, refuses as S3 would.
                    return Locked(LockName);
                case S3BucketSetting.Logging:
                    return "not applied locally (the S3 emulator writes no access logs)";
                case S3BucketSetting.Lifecycle when plan.Tiers.Count > 0:
                    return await ApplyTiersAsync(s3, cancellationToken).ConfigureAwait(false);
                default:
                    // Rules that act after days show nothing in a rehearsal that lasts seconds.
                    return "not applied locally (its rules act after days)";
            }
        }
        catch (AmazonS3Exception e)
        {
            return $"not supported by the local S3 emulator ({e.ErrorCode ?? e.StatusCode.ToString()})";
        }
    }
}
