using StorageRegistrar.Declarations;
using StreamStorage.Sdk.Inputs;
using Iam = Pulumi.Aws.Iam;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage.Aws;

public sealed class AwsRecordingStorageArgs : RecordingStorageArgs<S3StoragePlan>;

/// <summary>
/// A hardened S3 bucket (or an existing one, left as it is) that Stream may write recordings into
/// under its path, registered with Stream: through the bucket policy (policy mode) or a dedicated
/// IAM user's key (keys mode), which a new <see cref="StoragePlan.CredentialRotation"/> replaces.
/// A customer-managed key, storage tiers and access logs are their own pieces (<see cref="S3CustomerKey"/>,
/// <see cref="S3Lifecycle"/>, <see cref="S3AccessLogs"/>).
/// </summary>
public sealed class AwsRecordingStorage : RecordingStorage<S3StoragePlan>
{
    public AwsRecordingStorage(string name, AwsRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base(PulumiTypes.AwsComponent, name, args, options, CreateResources)
    {
    }

    /// <param name="drawn">The plan with its unguessable folder in the path: what names the path reads from it.</param>
    private static CloudStorage CreateResources(Resource parent, string name, S3StoragePlan plan, Output<S3StoragePlan> drawn)
    {
        var suffix = plan.CreatesBucket || plan.Credential == CredentialKind.AwsAccessKey ? CreateSuffix(parent, name) : null;

        // An existing bucket is only named: the stack neither creates, changes nor deletes it.
        var bucket = plan.CreatesBucket
            ? new S3.Bucket($"{name}-bucket", new S3.BucketArgs
            {
                BucketName = suffix!.Hex.Apply(hex => plan.BucketName(hex)),
                Region = plan.Region,
                ObjectLockEnabled = S3ObjectLock.Enabled(plan),
                ForceDestroy = plan.Data.ForceDestroy,
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data))
            : null;
        var bucketName = bucket?.BucketName ?? Output.Create(plan.ExistingBucket!);
        var accountId = AwsAccount.Id();
        var createdKey = S3CustomerKey.Create(parent, name, plan, bucketName, accountId);
        var logs = S3AccessLogs.Target(parent, name, plan, suffix, bucketName, accountId);

        // A new bucket is hardened before Stream's check writes into it.
        List<Resource> registrationWaitsFor = bucket is null ? [] : [S3BucketSettings.CreateInOrder(parent, name, plan, drawn, bucket, createdKey?.Arn, logs)];

        AwsS3Args streamAccess;
        Output<string>? streamIdentity = null;
        if (plan.Credential == CredentialKind.AwsAccessKey)
        {
            var user = new Iam.User($"{name}-writer", new Iam.UserArgs
            {
                Name = suffix!.Hex.Apply(hex => plan.IamUserName(hex)),
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Of(parent));
            var userPolicy = new Iam.UserPolicy($"{name}-writer-policy", new Iam.UserPolicyArgs
            {
                User = user.Name,
                Policy = createdKey is null
                    ? Output.Tuple(bucketName, drawn).Apply(names => names.Item2.UserPolicy(names.Item1))
                    : Output.Tuple(bucketName, createdKey.Arn, drawn).Apply(names => names.Item3.UserPolicy(names.Item1, names.Item2)),
            }, ChildOptions.Of(parent));
            var accessKey = new Iam.AccessKey(
                $"{name}-writer-key", new Iam.AccessKeyArgs { User = user.Name }, ChildOptions.Credential(parent, plan.CredentialRotation));
            registrationWaitsFor.Add(userPolicy);
            registrationWaitsFor.Add(accessKey);
            streamAccess = new AwsS3Args { Region = plan.Region, ApiKey = accessKey.Id, Secret = accessKey.Secret };
            streamIdentity = user.Name;
        }
        else
        {
            streamAccess = new AwsS3Args { Region = plan.Region };
        }

        return new CloudStorage
        {
            BucketName = bucketName,
            ConsoleUrl = Output.Tuple(bucketName, drawn).Apply(t => t.Item2.ConsoleUrl(t.Item1)),
            AwsS3 = streamAccess,
            StreamIdentity = streamIdentity,
            RegistrationWaitsFor = registrationWaitsFor,
            CreatedKeyId = createdKey?.Arn,
            CreatedLogDestination = plan.AccessLogs is { CreatesLogBucket: true } && logs is not null ? (Output<string>)logs.Bucket : null,
            LogBucketPolicyStatement = plan.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket }
                ? Output.Tuple(bucketName, accountId.Value).Apply(names => plan.LogStatementToMerge(names.Item1, names.Item2))
                : null,
        };
    }
}
