using StreamStorage.Sdk.Inputs;

namespace StreamStorage.S3Compatible;

public sealed class S3CompatibleRecordingStorageArgs : RecordingStorageArgs<S3CompatibleStoragePlan>;

/// <summary>
/// A bucket at an S3-compatible store, registered with Stream at the store's endpoint with the
/// store's own key. Nothing is created at the store or in any cloud.
/// </summary>
public sealed class S3CompatibleRecordingStorage : RecordingStorage<S3CompatibleStoragePlan>
{
    public S3CompatibleRecordingStorage(string name, S3CompatibleRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base(PulumiTypes.S3CompatibleComponent, name, args, options, (_, _, plan, _) => StoreAccess(plan))
    {
    }

    /// <summary>The store's own key, issued by its owner: the stack creates nothing and has no identity to report.</summary>
    private static CloudStorage StoreAccess(S3CompatibleStoragePlan plan) => new()
    {
        BucketName = Output.Create(plan.Bucket),
        ConsoleUrl = Output.Create(plan.BucketUrl),

        // The keys come from secret configuration and leave the plan only as Pulumi secrets.
        AwsS3 = new AwsS3Args
        {
            Region = plan.Region,
            ApiKey = Output.CreateSecret(plan.AccessKeyId.Reveal()),
            Secret = Output.CreateSecret(plan.SecretAccessKey.Reveal()),
            CustomEndpointUrl = plan.Endpoint,
        },
    };
}
