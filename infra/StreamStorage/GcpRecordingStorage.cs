using Pulumi;
using Pulumi.Random;
using StackPlanning;
using StorageRegistrar.Grants;
using StreamStorage.Sdk;
using Gcs = Pulumi.Gcp.Storage;
using ServiceAccounts = Pulumi.Gcp.ServiceAccount;

namespace StreamStorage;

public sealed class GcpRecordingStorageArgs : ResourceArgs
{
    /// <summary>Every decision about the storage; the component only turns it into resources.</summary>
    public GcsStoragePlan Plan { get; set; } = null!;
}

/// <summary>
/// A GCS bucket with uniform access and public access prevention enforced (or an existing one, left
/// as it is), a service account that may only create objects in it, and that account's key
/// registered with Stream, which a new <see cref="StoragePlan.CredentialRotation"/> replaces.
/// </summary>
public sealed class GcpRecordingStorage : ComponentResource, IRecordingStorage
{
    public GcpRecordingStorage(string name, GcpRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base("recording-storage:index:GcpRecordingStorage", name, args, options)
    {
        var plan = args.Plan;
        var suffix = new RandomId($"{name}-suffix", new RandomIdArgs { ByteLength = ResourceNames.SuffixBytes }, ChildOptions.Of(this));

        // An existing bucket is only named: the stack neither creates, changes nor deletes it.
        var bucket = plan.CreatesBucket
            ? new Gcs.Bucket($"{name}-bucket", new Gcs.BucketArgs
            {
                Name = suffix.Hex.Apply(hex => plan.BucketName(hex)),
                Project = InputValues.Optional(plan.Project),
                Location = plan.Location!,
                UniformBucketLevelAccess = true,
                PublicAccessPrevention = "enforced",
                Versioning = new Gcs.Inputs.BucketVersioningArgs { Enabled = plan.Versioning },
                LifecycleRules = plan.Lifecycle.Select(ToGcsRule).ToList(),
                ForceDestroy = plan.Data.ForceDestroy,
                Labels = InputValues.Tags(plan),
            }, ChildOptions.Holding(this, plan.Data))
            : null;
        var bucketName = bucket?.Name ?? Output.Create(plan.ExistingBucket!);

        var writer = new ServiceAccounts.Account($"{name}-writer", new ServiceAccounts.AccountArgs
        {
            AccountId = suffix.Hex.Apply(hex => plan.ServiceAccountId(hex)),
            DisplayName = plan.ServiceAccountDisplayName,
            Project = InputValues.Optional(plan.Project),
        }, ChildOptions.Of(this));

        // Adding a member is additive: an existing bucket's other bindings stay as they are.
        var access = new Gcs.BucketIAMMember($"{name}-writer-access", new Gcs.BucketIAMMemberArgs
        {
            Bucket = bucketName,
            Role = plan.BucketRole,
            Member = writer.Email.Apply(GcsGrants.ServiceAccountMember),
            Condition = plan.ScopesRoleToPath
                ? (Input<Gcs.Inputs.BucketIAMMemberConditionArgs>)new Gcs.Inputs.BucketIAMMemberConditionArgs
                {
                    Title = plan.RoleConditionTitle,
                    Expression = bucketName.Apply(b => plan.RoleCondition(b)),
                }
                : null,
        }, ChildOptions.Of(this));
        // Keepers are set only with a rotation value: keys of stacks that never rotate keep the inputs they were created with.
        var keyArgs = new ServiceAccounts.KeyArgs { ServiceAccountId = writer.Name };
        if (plan.CredentialKeepers.Count > 0)
        {
            keyArgs.Keepers = new Dictionary<string, string>(plan.CredentialKeepers);
        }

        var key = new ServiceAccounts.Key($"{name}-writer-key", keyArgs, ChildOptions.Credential(this));

        Registration = new ExternalStorage(name, new ExternalStorageArgs
        {
            Name = plan.StreamName,
            StorageType = plan.StorageType,
            Bucket = bucketName,
            Path = plan.Path,
            GcsCredentials = key.PrivateKey.Apply(ServiceAccountKeyFile.FromPrivateKeyData),
            CheckDeadlineSeconds = plan.CheckDeadlineSeconds,
        }, ChildOptions.Of(this, access, key));

        BucketName = bucketName;
        ConsoleUrl = Output.Tuple(bucketName, bucket?.Project ?? writer.Project).Apply(b => plan.ConsoleUrl(b.Item1, b.Item2));
        StreamStorageName = Registration.Name;
        StreamIdentity = writer.Email;
        DoctorArguments = writer.Email.Apply(email => StackPlanning.DoctorArguments.For(plan, email, azureAccount: null));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["streamIdentity"] = StreamIdentity,
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

    public Output<string> StreamIdentity { get; }

    public Output<string> DoctorArguments { get; }

    public ExternalStorage Registration { get; }

    private static Gcs.Inputs.BucketLifecycleRuleArgs ToGcsRule(LifecycleRule rule)
    {
        var condition = new Gcs.Inputs.BucketLifecycleRuleConditionArgs();
        var action = "Delete";
        switch (rule.Action)
        {
            case LifecycleAction.AbortIncompleteMultipartUpload:
                action = "AbortIncompleteMultipartUpload";
                condition.Age = rule.Days;
                break;
            case LifecycleAction.ExpireNoncurrentVersions:
                condition.DaysSinceNoncurrentTime = rule.Days;
                condition.WithState = "ARCHIVED";
                break;
            case LifecycleAction.ExpireCheckFiles or LifecycleAction.ExpireRecordings:
                condition.Age = rule.Days;
                break;
        }

        if (rule.Prefix.Length > 0)
        {
            condition.MatchesPrefixes.Add(rule.Prefix);
        }

        if (rule.Suffix is not null)
        {
            condition.MatchesSuffixes.Add(rule.Suffix);
        }

        return new Gcs.Inputs.BucketLifecycleRuleArgs
        {
            Action = new Gcs.Inputs.BucketLifecycleRuleActionArgs { Type = action },
            Condition = condition,
        };
    }
}
