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
/// a grant limited to the path (<see cref="ExistingBucketGuardrails"/>).
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
        return target.ExistingBucketRules is not null && target is AwsPreflightTarget or GcpPreflightTarget or AzurePreflightTarget;
    }

    public async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var gcs = new Lazy<Task<StorageClient>>(() => ownerGcs(cancellationToken));
        try
        {
            var checks = await Task.WhenAll(targets.Select(async target =>
            {
                var (lockAndLocation, uniformAccess) = await ReadAsync(target, target.ExistingBucketRules!, gcs, cancellationToken).ConfigureAwait(false);
                return ExistingBucketGuardrails.Judge(lockAndLocation, uniformAccess);
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A sign-in the SDK cannot find, or a transport failure: whatever stopped the read, it is no answer.
            var reason = $"the read failed: {e.Message}";
            return (unread.NotExamined(reason), rules.ConditionalGrant ? new UniformAccessFacts { Bucket = rules.Bucket, Error = reason } : null);
        }
    }
}
