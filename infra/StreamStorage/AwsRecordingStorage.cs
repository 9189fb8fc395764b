using Pulumi;
using StackPlanning;
using StorageRegistrar.Declarations;
using StreamStorage.Sdk.Inputs;
using Iam = Pulumi.Aws.Iam;
using S3 = Pulumi.Aws.S3;

namespace StreamStorage;

public sealed class AwsRecordingStorageArgs : ResourceArgs
{
    /// <summary>Every decision about the storage; the component only turns it into resources.</summary>
    public S3StoragePlan Plan { get; set; } = null!;
}

/// <summary>
/// A hardened S3 bucket (or an existing one, left as it is) that Stream may write recordings into
/// under its path, registered with Stream: through the bucket policy (policy mode) or a dedicated
/// IAM user's key (keys mode), which a new <see cref="StoragePlan.CredentialRotation"/> replaces.
/// </summary>
public sealed class AwsRecordingStorage : RecordingStorage
{
    public AwsRecordingStorage(string name, AwsRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base("recording-storage:index:AwsRecordingStorage", name, args.Plan, args, options, parent => CreateResources(parent, name, args.Plan))
    {
    }

    private static CloudStorage CreateResources(Resource parent, string name, S3StoragePlan plan)
    {
        var suffix = plan.CreatesBucket || plan.Credential == CredentialKind.AwsAccessKey ? CreateSuffix(parent, name) : null;

        // An existing bucket is only named: the stack neither creates, changes nor deletes it.
        var bucket = plan.CreatesBucket
            ? new S3.Bucket($"{name}-bucket", new S3.BucketArgs
            {
                BucketName = suffix!.Hex.Apply(hex => plan.BucketName(hex)),
                Region = plan.Region,
                ForceDestroy = plan.Data.ForceDestroy,
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data))
            : null;
        var bucketName = bucket?.BucketName ?? Output.Create(plan.ExistingBucket!);

        // Each setting waits for the one before: S3 refuses concurrent changes to one bucket.
        var grants = new List<Resource>();
        Resource? previous = bucket;
        foreach (var setting in plan.SettingsOrder)
        {
            var settingOptions = ChildOptions.Of(parent, previous!);
            settingOptions.RetainOnDelete = plan.KeepsSettingOnDelete(setting);
            previous = CreateSetting($"{name}-{S3StoragePlan.SettingResourceName(setting)}", setting, plan, bucket!, settingOptions);
        }

        if (previous is not null)
        {
            grants.Add(previous);
        }

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
                Policy = bucketName.Apply(b => plan.UserPolicy(b)),
            }, ChildOptions.Of(parent));
            var accessKey = new Iam.AccessKey(
                $"{name}-writer-key", new Iam.AccessKeyArgs { User = user.Name }, ChildOptions.Credential(parent, plan.CredentialRotation));
            grants.Add(userPolicy);
            grants.Add(accessKey);
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
            ConsoleUrl = bucketName.Apply(b => plan.ConsoleUrl(b)),
            AwsS3 = streamAccess,
            StreamIdentity = streamIdentity,
            RegistrationWaitsFor = grants,
        };
    }

    private static CustomResource CreateSetting(
        string name, S3BucketSetting setting, S3StoragePlan plan, S3.Bucket bucket, CustomResourceOptions options) => setting switch
    {
        S3BucketSetting.PublicAccessBlock => new S3.BucketPublicAccessBlock(name, new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, options),
        S3BucketSetting.BucketPolicy => new S3.BucketPolicy(name, new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Policy = bucket.BucketName.Apply(b => plan.BucketPolicy(b)),
        }, options),
        S3BucketSetting.OwnershipControls => new S3.BucketOwnershipControls(name, new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options),
        S3BucketSetting.Encryption => new S3.BucketServerSideEncryptionConfiguration(name, new S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rules =
            {
                new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = plan.Encryption.Algorithm,
                        KmsMasterKeyId = InputValues.Optional(plan.Encryption.KmsKeyArn),
                    },
                    BucketKeyEnabled = plan.Encryption.BucketKeyEnabled,
                },
            },
        }, options),
        S3BucketSetting.Versioning => new S3.BucketVersioning(name, new S3.BucketVersioningArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            VersioningConfiguration = new S3.Inputs.BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, options),
        S3BucketSetting.Lifecycle => new S3.BucketLifecycleConfiguration(name, new S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Region = plan.Region,
            Rules = plan.Lifecycle.Select(ToS3Rule).ToList(),
        }, options),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    private static S3.Inputs.BucketLifecycleConfigurationRuleArgs ToS3Rule(LifecycleRule rule)
    {
        var args = new S3.Inputs.BucketLifecycleConfigurationRuleArgs
        {
            Id = rule.Id,
            Status = "Enabled",
            Filter = rule.MaxObjectBytes is { } maxBytes
                ? new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs
                {
                    And = new S3.Inputs.BucketLifecycleConfigurationRuleFilterAndArgs { Prefix = rule.Prefix, ObjectSizeLessThan = maxBytes },
                }
                : new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = rule.Prefix },
        };
        switch (rule.Action)
        {
            case LifecycleAction.AbortIncompleteMultipartUpload:
                args.AbortIncompleteMultipartUpload = new S3.Inputs.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs { DaysAfterInitiation = rule.Days };
                break;
            case LifecycleAction.ExpireNoncurrentVersions:
                args.NoncurrentVersionExpiration = new S3.Inputs.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs { NoncurrentDays = rule.Days };
                break;
            case LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings:
                args.Expiration = new S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs { Days = rule.Days };
                break;
        }

        return args;
    }
}
