using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads the facts <see cref="S3BucketAnalyzer"/> needs with the owner's S3 client (the AWS default
/// credential chain unless the caller builds the client otherwise). Only reads: it changes nothing.
/// </summary>
/// <param name="kms">The owner's KMS client in the bucket's region, for the state of the bucket's key; null leaves it unread.</param>
public sealed class S3BucketProbe(IAmazonS3 client, IAmazonKeyManagementService? kms = null)
{
    // The error codes with which S3 says "this bucket has no such setting", as opposed to "you may not read it".
    private const string NoPolicy = "NoSuchBucketPolicy";
    private const string NoOwnershipControls = "OwnershipControlsNotFoundError";
    private const string NoEncryption = "ServerSideEncryptionConfigurationNotFoundError";
    private const string NoObjectLock = "ObjectLockConfigurationNotFoundError";
    private const string NoLifecycle = "NoSuchLifecycleConfiguration";

    /// <summary>S3 counts a year of retention as 365 days.</summary>
    private const int DaysPerRetentionYear = 365;

    /// <summary>
    /// The bucket's Object Lock default retention, or null when it has none (Object Lock off, or on without a default
    /// retention, which leaves new objects unlocked); the error code instead when it could not be read.
    /// </summary>
    public async Task<(BucketLock? Lock, string? Error)> ReadLockAsync(string bucket, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await client.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            var configuration = response.ObjectLockConfiguration;
            if (configuration?.ObjectLockEnabled != ObjectLockEnabled.Enabled || configuration.Rule?.DefaultRetention is not { } retention)
            {
                return (null, null);
            }

            var days = retention.Days ?? retention.Years * DaysPerRetentionYear ?? 0;
            return (new BucketLock(days, retention.Mode == ObjectLockRetentionMode.Compliance), null);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == NoObjectLock)
        {
            return (null, null);
        }
        catch (AmazonS3Exception e)
        {
            return (null, ErrorCode(e));
        }
    }

    /// <summary>The bucket's region (GetBucketLocation); the error code instead when it could not be read.</summary>
    public async Task<(string? Region, string? Error)> ReadLocationAsync(string bucket, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await ReadRegionAsync(bucket, cancellationToken).ConfigureAwait(false), null);
        }
        catch (AmazonS3Exception e)
        {
            return (null, ErrorCode(e));
        }
    }

    /// <summary>
    /// The bucket's region (when <paramref name="allowedLocations"/> is given) and its lock (when <paramref name="expectedLock"/>
    /// is), for <see cref="LockAndResidencyAnalyzer"/>; a read that is refused leaves its error, never a value.
    /// </summary>
    public async Task<LockAndResidencyFacts> GatherLockAndLocationAsync(
        string bucket, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, CancellationToken cancellationToken = default)
    {
        var facts = LockAndResidencyFacts.Declared(StorageTypes.S3, bucket, expectedLock, allowedLocations);
        if (allowedLocations is not null)
        {
            var (region, error) = await ReadLocationAsync(bucket, cancellationToken).ConfigureAwait(false);
            facts = facts with { Location = region, LocationError = error };
        }

        return await WithLockAsync(facts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The lock (when <paramref name="expectedLock"/> is given) and the region of a bucket <see cref="GatherAsync"/> has found,
    /// for <see cref="LockAndResidencyAnalyzer"/>: its region is already known, only the lock is read.
    /// </summary>
    public async Task<LockAndResidencyFacts> GatherLockAndLocationAsync(
        S3BucketFacts bucketFacts, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucketFacts);
        var facts = LockAndResidencyFacts.Declared(StorageTypes.S3, bucketFacts.Bucket, expectedLock, allowedLocations) with { Location = bucketFacts.Region };
        return await WithLockAsync(facts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LockAndResidencyFacts> WithLockAsync(LockAndResidencyFacts facts, CancellationToken cancellationToken)
    {
        if (facts.ExpectedLock is null)
        {
            return facts;
        }

        var (bucketLock, lockError) = await ReadLockAsync(facts.Bucket, cancellationToken).ConfigureAwait(false);
        return facts with { Lock = bucketLock, LockError = lockError };
    }

    /// <summary>
    /// The bucket's default encryption and its key's state in KMS, its lifecycle transitions and its server access logging,
    /// each read only when the stack declares it.
    /// </summary>
    public async Task<KeyTiersAndLogsFacts> ReadKeyTiersAndLogsAsync(
        string bucket, string path, ExpectedKey? expectedKey, IReadOnlyList<ExpectedTier>? expectedTiers, ExpectedAccessLogs? expectedAccessLogs, CancellationToken cancellationToken = default)
    {
        var facts = KeyTiersAndLogsFacts.Declared(StorageTypes.S3, bucket, path, expectedKey, expectedTiers, expectedAccessLogs);
        if (expectedKey is not null)
        {
            facts = await ReadEncryptionAsync(facts, cancellationToken).ConfigureAwait(false);
        }

        if (expectedTiers is { Count: > 0 })
        {
            facts = await ReadTransitionsAsync(facts, cancellationToken).ConfigureAwait(false);
        }

        if (expectedAccessLogs is not null)
        {
            try
            {
                var logging = (await client.GetBucketLoggingAsync(new GetBucketLoggingRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).BucketLoggingConfig;
                facts = facts with { LogDestinations = string.IsNullOrEmpty(logging?.TargetBucketName) ? [] : [logging.TargetBucketName] };
            }
            catch (AmazonS3Exception e)
            {
                facts = facts with { AccessLogsError = ErrorCode(e) };
            }
        }

        return facts;
    }

    private async Task<KeyTiersAndLogsFacts> ReadEncryptionAsync(KeyTiersAndLogsFacts facts, CancellationToken cancellationToken)
    {
        ServerSideEncryptionRule? rule;
        try
        {
            var response = await client.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = facts.Bucket }, cancellationToken).ConfigureAwait(false);
            rule = response.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules?.FirstOrDefault();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == NoEncryption)
        {
            rule = null;
        }
        catch (AmazonS3Exception e)
        {
            return facts with { EncryptionError = ErrorCode(e) };
        }

        var byDefault = rule?.ServerSideEncryptionByDefault;
        var keyId = byDefault?.ServerSideEncryptionAlgorithm?.Value?.StartsWith(S3BucketAnalyzer.KmsAlgorithmPrefix, StringComparison.Ordinal) == true
            ? byDefault.ServerSideEncryptionKeyManagementServiceKeyId
            : null;
        if (string.IsNullOrEmpty(keyId) || keyId.EndsWith(S3BucketAnalyzer.AwsManagedKeyAlias, StringComparison.Ordinal))
        {
            return facts;
        }

        // S3 Bucket Keys do not apply to dual-layer encryption (aws:kms:dsse), which S3 then reports without one.
        var dualLayer = byDefault!.ServerSideEncryptionAlgorithm.Value == DualLayerKmsAlgorithm;
        facts = facts with { KeyId = keyId, BucketKeyEnabled = dualLayer ? null : rule!.BucketKeyEnabled ?? false };
        if (kms is null)
        {
            return facts with { KeyStateError = "KMS is not read here" };
        }

        try
        {
            var metadata = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata;
            // An alias may lead to an AWS-managed key, which cannot be the customer's.
            return metadata.KeyManager == KeyManagerType.AWS
                ? facts with { KeyId = null, BucketKeyEnabled = null }
                : facts with { KeyArn = metadata.Arn, KeyState = metadata.KeyState?.Value };
        }
        catch (AmazonKeyManagementServiceException e)
        {
            return facts with { KeyStateError = string.IsNullOrEmpty(e.ErrorCode) ? $"HTTP {(int)e.StatusCode}" : e.ErrorCode };
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // A transport failure or an answer of another shape: the key's state is not known, and the rest of the report stands.
            return facts with { KeyStateError = $"the read failed: {e.Message}" };
        }
    }

    private const string DualLayerKmsAlgorithm = "aws:kms:dsse";

    private async Task<KeyTiersAndLogsFacts> ReadTransitionsAsync(KeyTiersAndLogsFacts facts, CancellationToken cancellationToken)
    {
        try
        {
            var rules = (await client.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = facts.Bucket }, cancellationToken).ConfigureAwait(false))
                .Configuration?.Rules ?? [];
            return facts with
            {
                Transitions =
                [
                    .. rules.Where(r => r.Status == LifecycleRuleStatus.Enabled && !ForTaggedObjects(r)).SelectMany(r => (r.Transitions ?? [])
                        .Where(t => t.Days is not null && t.StorageClass is not null)
                        .Select(t => new TierTransition(t.Days!.Value, t.StorageClass.Value, RulePrefix(r)))),
                ],
            };
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == NoLifecycle)
        {
            return facts;
        }
        catch (AmazonS3Exception e)
        {
            return facts with { TransitionsError = ErrorCode(e) };
        }
    }

    /// <summary>
    /// A rule's prefix: in its filter's predicate, alone or in an And (as the SDK reads a filter; its Prefix property is
    /// then empty), or the rule-level prefix that rules made before filters carry.
    /// </summary>
    private static string RulePrefix(LifecycleRule rule) => rule.Filter?.LifecycleFilterPredicate switch
    {
        LifecyclePrefixPredicate prefix => prefix.Prefix ?? "",
        LifecycleAndOperator and => and.Operands?.OfType<LifecyclePrefixPredicate>().FirstOrDefault()?.Prefix ?? "",
#pragma warning disable CS0618 // S3 still returns the rule-level prefix for such rules; reading it is not setting it.
        _ => rule.Filter?.And?.Prefix ?? NonEmpty(rule.Filter?.Prefix) ?? rule.Prefix ?? "",
#pragma warning restore CS0618
    };

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A rule whose filter names a tag, alone or in an And: it moves tagged objects only, and Stream's uploads carry none.</summary>
    private static bool ForTaggedObjects(LifecycleRule rule) => rule.Filter?.LifecycleFilterPredicate switch
    {
        LifecycleTagPredicate => true,
        LifecycleAndOperator and => and.Operands?.OfType<LifecycleTagPredicate>().Any() == true,
        _ => false,
    };

    public async Task<S3BucketFacts> GatherAsync(
        string bucket, string path, S3AccessMode accessMode, string? declaredRegion, CancellationToken cancellationToken = default)
    {
        var facts = new S3BucketFacts { Bucket = bucket, Path = path, AccessMode = accessMode, DeclaredRegion = declaredRegion };
        string region;
        try
        {
            region = await ReadRegionAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            return facts with { LookupErrorCode = ErrorCode(e) };
        }

        var unreadable = new Dictionary<string, string>();
        var policy = await ReadAsync(S3BucketSettings.Policy, NoPolicy, unreadable, async () =>
            (await client.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).Policy).ConfigureAwait(false);
        var ownership = await ReadAsync(S3BucketSettings.Ownership, NoOwnershipControls, unreadable, async () =>
        {
            var response = await client.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            return response.OwnershipControls?.Rules?.FirstOrDefault()?.ObjectOwnership?.Value;
        }).ConfigureAwait(false);
        var encryption = await ReadAsync(S3BucketSettings.Encryption, NoEncryption, unreadable, async () =>
        {
            var response = await client.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            return response.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules?.FirstOrDefault()?.ServerSideEncryptionByDefault;
        }).ConfigureAwait(false);

        return facts with
        {
            Region = region,
            PolicyJson = string.IsNullOrEmpty(policy) ? null : policy,
            ObjectOwnership = ownership,
            EncryptionAlgorithm = encryption?.ServerSideEncryptionAlgorithm?.Value,
            KmsKeyId = string.IsNullOrEmpty(encryption?.ServerSideEncryptionKeyManagementServiceKeyId) ? null : encryption.ServerSideEncryptionKeyManagementServiceKeyId,
            Unreadable = unreadable,
        };
    }

    private async Task<string> ReadRegionAsync(string bucket, CancellationToken cancellationToken)
    {
        var location = await client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        return S3Regions.FromLocationConstraint(location.Location?.Value);
    }

    private static async Task<T?> ReadAsync<T>(string setting, string absentCode, Dictionary<string, string> unreadable, Func<Task<T?>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == absentCode)
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            unreadable[setting] = ErrorCode(e);
            return null;
        }
    }

    /// <summary>HEAD-style answers carry no body, hence no code: fall back to the HTTP status.</summary>
    private static string ErrorCode(AmazonS3Exception e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? $"HTTP {(int)e.StatusCode}" : e.ErrorCode;
}
