using Amazon.S3;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Preflight;

/// <summary>
/// Reads each existing bucket the plan grants Stream, with the owner's credentials, through the doctor's probes: S3's
/// Object Lock configuration and location, the GCS bucket, the Azure container and its account in Resource Manager; and
/// judges its lock and location against the stack's declared ones, and a GCS bucket's uniform bucket-level access against
/// a grant limited to the path (<see cref="ExistingBucketGuardrails"/>). An existing S3 log bucket is read for what S3
/// judges a logging target by: its region and its Object Lock default retention; an existing Azure log account for its
/// location, which Azure Monitor holds to the recordings' account's.
/// </summary>
/// <param name="ownerS3">The owner's S3 client for a region (the storage's declared one).</param>
/// <param name="ownerGcs">Makes the owner's GCS client, on the first GCS bucket.</param>
/// <param name="azure">Reads the container and its account in Resource Manager.</param>
public sealed class ExistingBucketChecker(
    Func<string, IAmazonS3> ownerS3, Func<CancellationToken, Task<StorageClient>> ownerGcs, AzureResourceProbe azure) : IGuardrailChecker
{
    public bool Checks(PreflightTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return (target.ExistingBucketRules is not null && target is AwsPreflightTarget or GcpPreflightTarget or AzurePreflightTarget)
            || (target.ExistingLogBucket is not null && target is AwsPreflightTarget)
            || (target.ExistingLogAccount is not null && target is AzurePreflightTarget);
    }

    public async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var gcs = new Lazy<Task<StorageClient>>(() => ownerGcs(cancellationToken));
        try
        {
            var checks = await Task.WhenAll(targets.Select(async target =>
            {
                var checks = new List<GuardrailCheck>();
                if (target.ExistingBucketRules is { } rules)
                {
                    var (lockAndLocation, uniformAccess) = await ReadAsync(target, rules, gcs, cancellationToken).ConfigureAwait(false);
                    checks.AddRange(ExistingBucketGuardrails.Judge(lockAndLocation, uniformAccess));
                }

                if (target.ExistingLogBucket is { } logBucket)
                {
                    checks.Add(ExistingBucketGuardrails.Judge(await ReadLogBucketAsync(logBucket, cancellationToken).ConfigureAwait(false)));
                }

                if (target.ExistingLogAccount is { } logAccount)
                {
                    checks.Add(ExistingBucketGuardrails.Judge(await ReadLogAccountAsync(logAccount, cancellationToken).ConfigureAwait(false)));
                }

                return (IReadOnlyList<GuardrailCheck>)checks;
            })).ConfigureAwait(false);
            return checks;
        }
        finally
        {
            if (gcs.IsValueCreated && gcs.Value.IsCompletedSuccessfully)
            {
                gcs.Value.Result.Dispose();
            }
        }
    }

    /// <summary>
    /// The log bucket's region, then its Object Lock configuration through a client of that region (S3 answers a bucket's
    /// configuration in its own region).
    /// </summary>
    private async Task<S3LogBucketFacts> ReadLogBucketAsync(ExistingLogBucket logBucket, CancellationToken cancellationToken)
    {
        var facts = new S3LogBucketFacts(logBucket.Bucket, logBucket.SourceRegion);
        try
        {
            using var s3 = ownerS3(logBucket.SourceRegion);
            var (region, regionError) = await new S3BucketProbe(s3).ReadLocationAsync(logBucket.Bucket, cancellationToken).ConfigureAwait(false);
            facts = facts with { Region = region, RegionError = regionError };
            using var there = region is null || region == logBucket.SourceRegion ? null : ownerS3(region);
            var (retention, retentionError) = await new S3BucketProbe(there ?? s3).ReadLockAsync(logBucket.Bucket, cancellationToken).ConfigureAwait(false);
            return facts with { DefaultRetention = retention, RetentionError = retentionError };
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // A sign-in the SDK cannot find, or a transport failure: what was not read yet is no answer.
            var reason = $"the read failed: {e.Message}";
            return facts with { RegionError = facts.Region is null ? facts.RegionError ?? reason : null, RetentionError = reason };
        }
    }

    /// <summary>The log account's location, and the recordings' account's where the stack does not create it.</summary>
    private async Task<AzureLogAccountFacts> ReadLogAccountAsync(ExistingLogAccount logAccount, CancellationToken cancellationToken)
    {
        var (location, error) = await azure.ReadAccountLocationAsync(logAccount.AccountId, cancellationToken).ConfigureAwait(false);
        var facts = new AzureLogAccountFacts(logAccount.AccountId) { Location = location, LocationError = error };
        if (logAccount.Location is { } planned)
        {
            return facts with { RecordingsLocation = planned };
        }

        if (logAccount.RecordingsAccountId is not { } recordingsAccount)
        {
            return facts with { RecordingsLocationError = "the stack names no subscription (azure-native:subscriptionId or ARM_SUBSCRIPTION_ID), so the account cannot be found in Resource Manager" };
        }

        var (recordingsLocation, recordingsError) = await azure.ReadAccountLocationAsync(recordingsAccount, cancellationToken).ConfigureAwait(false);
        return facts with { RecordingsLocation = recordingsLocation, RecordingsLocationError = recordingsError };
    }

    private async Task<(LockAndResidencyFacts LockAndLocation, UniformAccessFacts? UniformAccess)> ReadAsync(
        PreflightTarget target, ExistingBucketRules rules, Lazy<Task<StorageClient>> gcs, CancellationToken cancellationToken)
    {
        var unread = LockAndResidencyFacts.Declared(target.Cloud, rules.Bucket, rules.Lock, rules.AllowedLocations);
        try
        {
            switch (target)
            {
                case AwsPreflightTarget aws:
                    using (var s3 = ownerS3(aws.Region))
                    {
                        return (await new S3BucketProbe(s3).GatherLockAndLocationAsync(rules.Bucket, rules.Lock, rules.AllowedLocations, cancellationToken).ConfigureAwait(false), null);
                    }

                case GcpPreflightTarget:
                    return await new GcsBucketProbe(await gcs.Value.ConfigureAwait(false))
                        .GatherExistingBucketAsync(rules.Bucket, rules.Lock, rules.AllowedLocations, rules.ConditionalGrant, cancellationToken).ConfigureAwait(false);

                default:
                    if (rules.ContainerId is not { } containerId)
                    {
                        const string noSubscription = "the stack names no subscription (azure-native:subscriptionId or ARM_SUBSCRIPTION_ID), so the container cannot be found in Resource Manager";
                        return (unread.NotExamined(noSubscription), null);
                    }

                    return (await azure.GatherLockAndLocationAsync(containerId, rules.Lock, rules.AllowedLocations, cancellationToken).ConfigureAwait(false), null);
            }
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // A sign-in the SDK cannot find, or a transport failure: whatever stopped the read, it is no answer.
            var reason = $"the read failed: {e.Message}";
            return (unread.NotExamined(reason), rules.ConditionalGrant ? new UniformAccessFacts { Bucket = rules.Bucket, Error = reason } : null);
        }
    }
}
