using Amazon.S3;
using Amazon.S3.Model;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads the facts <see cref="S3BucketAnalyzer"/> needs with the owner's S3 client (the AWS default
/// credential chain unless the caller builds the client otherwise). Only reads: it changes nothing.
/// </summary>
public sealed class S3BucketProbe(IAmazonS3 client)
{
    // The error codes with which S3 says "this bucket has no such setting", as opposed to "you may not read it".
    private const string NoPolicy = "NoSuchBucketPolicy";
    private const string NoOwnershipControls = "OwnershipControlsNotFoundError";
    private const string NoEncryption = "ServerSideEncryptionConfigurationNotFoundError";
    private const string NoObjectLock = "ObjectLockConfigurationNotFoundError";

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

    /// <summary>
    /// The bucket's region (when <paramref name="allowedLocations"/> is given) and its lock (when <paramref name="expectedLock"/>
    /// is), for <see cref="LockAndResidencyAnalyzer"/>; a read that is refused leaves its error, never a value.
    /// </summary>
    public async Task<LockAndResidencyFacts> GatherLockAndLocationAsync(
        string bucket, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations, CancellationToken cancellationToken = default)
    {
        var facts = new LockAndResidencyFacts { StorageType = StorageTypes.S3, Bucket = bucket, ExpectedLock = expectedLock, AllowedLocations = allowedLocations };
        if (allowedLocations is not null)
        {
            try
            {
                facts = facts with { Location = await ReadRegionAsync(bucket, cancellationToken).ConfigureAwait(false) };
            }
            catch (AmazonS3Exception e)
            {
                facts = facts with { LocationError = ErrorCode(e) };
            }
        }

        if (expectedLock is not null)
        {
            var (bucketLock, lockError) = await ReadLockAsync(bucket, cancellationToken).ConfigureAwait(false);
            facts = facts with { Lock = bucketLock, LockError = lockError };
        }

        return facts;
    }

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
