using Pulumi;
using StackPlanning;
using StreamStorage.Sdk;
using StreamStorage.Sdk.Inputs;

namespace StreamStorage;

public sealed class S3CompatibleRecordingStorageArgs : ResourceArgs
{
    /// <summary>Every decision about the storage; the component only turns it into resources.</summary>
    public S3CompatibleStoragePlan Plan { get; set; } = null!;
}

/// <summary>
/// A bucket at an S3-compatible store, registered with Stream at the store's endpoint with the
/// store's own key. Nothing is created at the store or in any cloud.
/// </summary>
public sealed class S3CompatibleRecordingStorage : ComponentResource, IRecordingStorage
{
    public S3CompatibleRecordingStorage(string name, S3CompatibleRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base("recording-storage:index:S3CompatibleRecordingStorage", name, args, options)
    {
        var plan = args.Plan;

        // The keys come from secret configuration and leave the plan only as Pulumi secrets.
        Registration = new ExternalStorage(name, new ExternalStorageArgs
        {
            Name = plan.StreamName,
            StorageType = plan.StorageType,
            Bucket = plan.Bucket,
            Path = plan.Path,
            AwsS3 = new AwsS3Args
            {
                Region = plan.Region,
                ApiKey = Output.CreateSecret(plan.AccessKeyId.Reveal()),
                Secret = Output.CreateSecret(plan.SecretAccessKey.Reveal()),
                CustomEndpointUrl = plan.Endpoint,
            },
            CheckDeadlineSeconds = plan.CheckDeadlineSeconds,
        }, ChildOptions.Of(this));

        BucketName = Output.Create(plan.Bucket);
        ConsoleUrl = Output.Create(plan.BucketUrl);
        StreamStorageName = Registration.Name;
        DoctorArguments = Output.Create(StackPlanning.DoctorArguments.For(plan, identity: null, azureAccount: null));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["consoleUrl"] = ConsoleUrl,
            ["streamStorageName"] = StreamStorageName,
        });
    }

    [Output("bucketName")]
    public Output<string> BucketName { get; private set; }

    [Output("consoleUrl")]
    public Output<string> ConsoleUrl { get; private set; }

    [Output("streamStorageName")]
    public Output<string> StreamStorageName { get; private set; }

    /// <summary>The store's own key, issued by its owner: the stack has no identity of it to report.</summary>
    public Output<string>? StreamIdentity => null;

    public Output<string> DoctorArguments { get; }

    public ExternalStorage Registration { get; }
}
