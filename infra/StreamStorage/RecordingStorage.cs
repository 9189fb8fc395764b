using Pulumi.Random;
using StreamStorage.Sdk;

namespace StreamStorage;

/// <summary>The arguments of every recording storage: its plan, of the kind its cloud's component takes.</summary>
public abstract class RecordingStorageArgs<TPlan> : ResourceArgs
    where TPlan : StoragePlan
{
    /// <summary>Every decision about the storage; the component only turns it into resources.</summary>
    public TPlan Plan { get; set; } = null!;
}

/// <summary>
/// What every recording storage does, whatever holds its bucket: its cloud's resources first (the
/// subclass of that cloud makes them), then the storage registered with Stream once Stream's access
/// is in place, and the same outputs.
/// </summary>
public abstract class RecordingStorage : ComponentResource
{
    /// <param name="createCloudResources">
    /// Makes the cloud's resources as children of the component it is given, from the storage's unguessable folder (hex;
    /// empty without <see cref="StoragePlan.UnguessablePath"/>), which <see cref="StoragePlan.WithFolder"/> places in the plan.
    /// </param>
    private protected RecordingStorage(
        string type,
        string name,
        StoragePlan plan,
        ResourceArgs args,
        ComponentResourceOptions? options,
        Func<Resource, Output<string>, CloudStorage> createCloudResources)
        : base(type, name, args, options)
    {
        // Drawn before anything that names the path: the grants, the lifecycle rules and the registration. A secret, so
        // that what names it (policies, conditions, rules, the console URL) is not printed in previews, diffs or outputs.
        var folder = plan.UnguessablePath
            ? Output.CreateSecret(new RandomId($"{name}-folder", new RandomIdArgs { ByteLength = ResourceNames.FolderBytes }, ChildOptions.Of(this)).Hex)
            : Output.Create("");
        var cloud = createCloudResources(this, folder);
        Registration = new ExternalStorage(name, new ExternalStorageArgs
        {
            Name = plan.StreamName,
            StorageType = plan.StorageType,
            Bucket = cloud.BucketName,
            Path = Drawn(plan, folder).Apply(p => p.Path),
            AwsS3 = cloud.AwsS3,
            GcsCredentials = cloud.GcsCredentials,
            AzureBlob = cloud.AzureBlob,
            CheckDeadlineSeconds = plan.CheckDeadlineSeconds,
        }, ChildOptions.Of(this, [.. cloud.RegistrationWaitsFor]));

        BucketName = cloud.BucketName;
        ConsoleUrl = cloud.ConsoleUrl;
        StreamStorageName = Registration.Name;
        StreamIdentity = cloud.StreamIdentity;
        LogBucketPolicyStatement = cloud.LogBucketPolicyStatement;
        KeyCreationException = cloud.KeyCreationException;
        DoctorArguments = Output.Tuple(
                Optional(cloud.StreamIdentity), Optional(cloud.AzureAccount), Optional(cloud.AzureSubscriptionId), Optional(cloud.CreatedKeyId), Optional(cloud.CreatedLogDestination))
            .Apply(names => StackPlanning.DoctorArguments.For(plan, names.Item1, names.Item2, names.Item3, names.Item4, names.Item5));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["consoleUrl"] = ConsoleUrl,
            ["streamStorageName"] = StreamStorageName,
            ["streamIdentity"] = StreamIdentity,
        });
    }

    /// <summary>The bucket, or for Azure the container, Stream writes into.</summary>
    [Output("bucketName")]
    public Output<string> BucketName { get; private set; }

    [Output("consoleUrl")]
    public Output<string> ConsoleUrl { get; private set; }

    /// <summary>Stream's name for the registered storage.</summary>
    [Output("streamStorageName")]
    public Output<string> StreamStorageName { get; private set; }

    /// <summary>
    /// Who Stream signs in as, for the doctor's credential-age check: the IAM user (S3 keys mode), the service
    /// account's email (GCS) or the Entra application's client id (Azure). Null when Stream holds no credential the
    /// stack issued (S3 policy mode, S3-compatible stores).
    /// </summary>
    public Output<string>? StreamIdentity { get; }

    /// <inheritdoc cref="CloudStorage.LogBucketPolicyStatement"/>
    public Output<string>? LogBucketPolicyStatement { get; }

    /// <inheritdoc cref="CloudStorage.KeyCreationException"/>
    internal IReadOnlyList<Resource> KeyCreationException { get; }

    /// <summary>What <c>stream-storage doctor</c> needs to be told about this storage (<see cref="StackPlanning.DoctorArguments"/>).</summary>
    public Output<string> DoctorArguments { get; }

    /// <summary>The storage as registered with Stream; call-type bindings come after it.</summary>
    public ExternalStorage Registration { get; }

    /// <summary>The random part of the names a storage gives what it creates (bucket, account, writer), one per storage.</summary>
    private protected static RandomId CreateSuffix(Resource parent, string name) =>
        new($"{name}-suffix", new RandomIdArgs { ByteLength = ResourceNames.SuffixBytes }, ChildOptions.Of(parent));

    /// <summary>The plan with its unguessable folder in the path, once drawn; the plan itself without one.</summary>
    private protected static Output<TPlan> Drawn<TPlan>(TPlan plan, Output<string> folder)
        where TPlan : StoragePlan =>
        folder.Apply(hex => plan.UnguessablePath ? plan.Drawn(hex) : plan);

    private static Output<string?> Optional(Output<string>? value) =>
        value?.Apply(v => (string?)v) ?? Output.Create((string?)null);
}

/// <summary>
/// A recording storage of one kind of plan: its cloud's resources are made from the plan as it is and the plan with
/// the storage's unguessable folder drawn into the path.
/// </summary>
public abstract class RecordingStorage<TPlan> : RecordingStorage
    where TPlan : StoragePlan
{
    private protected RecordingStorage(
        string type,
        string name,
        RecordingStorageArgs<TPlan> args,
        ComponentResourceOptions? options,
        CreateCloudResources createCloudResources)
        : base(type, name, args.Plan, args, options, (parent, folder) => createCloudResources(parent, name, args.Plan, Drawn(args.Plan, folder)))
    {
    }

    /// <summary>Makes the cloud's resources as children of <paramref name="parent"/>.</summary>
    /// <param name="drawn">The plan with its unguessable folder in the path: what names the path reads from it.</param>
    private protected delegate CloudStorage CreateCloudResources(Resource parent, string name, TPlan plan, Output<TPlan> drawn);
}
