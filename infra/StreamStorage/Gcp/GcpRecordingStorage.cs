using StorageRegistrar.Grants;
using Gcs = Pulumi.Gcp.Storage;
using ServiceAccounts = Pulumi.Gcp.ServiceAccount;

namespace StreamStorage.Gcp;

public sealed class GcpRecordingStorageArgs : RecordingStorageArgs<GcsStoragePlan>
{
    /// <summary>
    /// The key-creation exception another storage of the stack owns on this storage's project
    /// (<see cref="GcsStoragePlan.KeyWaitsForExceptionOf"/>): the key is made after it.
    /// </summary>
    public IReadOnlyList<Resource> KeyWaitsFor { get; init; } = [];
}

/// <summary>
/// A GCS bucket with uniform access and public access prevention enforced (or an existing one, left
/// as it is), a service account that may only create objects in it, and that account's key
/// registered with Stream, which a new <see cref="StoragePlan.CredentialRotation"/> replaces.
/// A customer-managed key, storage tiers, access logs and soft delete are their own pieces (<see cref="GcsCustomerKey"/>,
/// <see cref="GcsLifecycle"/>, <see cref="GcsAccessLogs"/>, <see cref="GcsSoftDelete"/>).
/// </summary>
public sealed class GcpRecordingStorage : RecordingStorage<GcsStoragePlan>
{
    public GcpRecordingStorage(string name, GcpRecordingStorageArgs args, ComponentResourceOptions? options = null)
        : base(PulumiTypes.GcpComponent, name, args, options, (parent, storage, plan, drawn) => CreateResources(parent, storage, plan, drawn, args.KeyWaitsFor))
    {
    }

    /// <param name="drawn">The plan with its unguessable folder in the path: what names the path reads from it.</param>
    /// <param name="keyWaitsFor">Another storage's key-creation exception on the project, which the key waits for.</param>
    private static CloudStorage CreateResources(Resource parent, string name, GcsStoragePlan plan, Output<GcsStoragePlan> drawn, IReadOnlyList<Resource> keyWaitsFor)
    {
        var suffix = CreateSuffix(parent, name);
        var customerKey = GcsCustomerKey.Create(parent, name, plan, suffix);
        var usageLogs = GcsAccessLogs.UsageLogs(parent, name, plan, suffix);

        // GCS checks a bucket's key and log bucket when it takes them: the grants come first.
        Resource[] grantsFirst = [.. new[] { customerKey?.Grant, usageLogs?.Grant }.OfType<Resource>()];

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
                RetentionPolicy = GcsRetentionLock.Policy(plan),
                SoftDeletePolicy = GcsSoftDelete.Policy(plan),
                LifecycleRules = GcsLifecycle.Rules(plan, drawn),
                Encryption = customerKey?.Encryption,
                Logging = usageLogs?.Logging,
                ForceDestroy = plan.Data.ForceDestroy,
                Labels = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data, grantsFirst))
            : null;
        var bucketName = bucket?.Name ?? Output.Create(plan.ExistingBucket!);
        GcsAccessLogs.TurnOnAuditLogs(parent, name, plan);

        var writer = new ServiceAccounts.Account($"{name}-writer", new ServiceAccounts.AccountArgs
        {
            AccountId = suffix.Hex.Apply(hex => plan.ServiceAccountId(hex)),
            DisplayName = plan.ServiceAccountDisplayName,
            Project = InputValues.Optional(plan.Project),
        }, ChildOptions.Of(parent));

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
                    Expression = Output.Tuple(bucketName, drawn).Apply(t => t.Item2.RoleCondition(t.Item1)),
                }
                : null,
        }, ChildOptions.Of(parent));
        // Keepers are set only with a rotation value: keys of stacks that never rotate keep the inputs they were created with.
        var keyArgs = new ServiceAccounts.KeyArgs { ServiceAccountId = writer.Name };
        if (plan.CredentialKeepers.Count > 0)
        {
            keyArgs.Keepers = new Dictionary<string, string>(plan.CredentialKeepers);
        }

        // Where the organization forbids keys, the key waits for the project's exception: this storage's, or another's.
        var exception = GcsKeyCreationException.Policies(parent, plan, writer.Project);
        var keyOptions = ChildOptions.Credential(parent);
        keyOptions.DependsOn = [.. exception, .. keyWaitsFor];
        var key = new ServiceAccounts.Key($"{name}-writer-key", keyArgs, keyOptions);

        return new CloudStorage
        {
            BucketName = bucketName,
            ConsoleUrl = Output.Tuple(bucketName, bucket?.Project ?? writer.Project, drawn).Apply(b => b.Item3.ConsoleUrl(b.Item1, b.Item2)),
            GcsCredentials = key.PrivateKey.Apply(ServiceAccountKeyFile.FromPrivateKeyData),
            StreamIdentity = writer.Email,
            RegistrationWaitsFor = [access, key],
            KeyCreationException = exception,
            CreatedKeyId = customerKey?.CreatedKeyId,
            CreatedLogDestination = usageLogs?.CreatedLogBucket,
        };
    }
}
