using StorageRegistrar.Grants;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// How Stream is granted its writes: on S3 its AWS account in the bucket policy or an IAM user's key, and who
/// writes that policy; on Azure which role its service principal gets. GCS has one grant (objectCreator).
/// </summary>
internal sealed class GrantSection : StorageSection
{
    private static readonly IReadOnlyDictionary<string, S3AuthMode> AuthModes = new Dictionary<string, S3AuthMode>(StringComparer.Ordinal)
    {
        ["policy"] = S3AuthMode.Policy,
        ["keys"] = S3AuthMode.Keys,
    };

    private static readonly IReadOnlyDictionary<string, S3BucketPolicyMode> BucketPolicyModes = new Dictionary<string, S3BucketPolicyMode>(StringComparer.Ordinal)
    {
        ["managed"] = S3BucketPolicyMode.Managed,
        ["manual"] = S3BucketPolicyMode.Manual,
    };

    private static readonly IReadOnlyDictionary<string, AzureRole> AzureRoles = new Dictionary<string, AzureRole>(StringComparer.Ordinal)
    {
        [AzureStreamRole.WriteOnly.Value] = AzureRole.WriteOnly,
        [AzureStreamRole.BlobDataContributor.Value] = AzureRole.BlobDataContributor,
    };

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.AuthMode, [Cloud.S3]),
        new(Keys.BucketPolicy, [Cloud.S3]),
        new(Keys.AcceptsEveryStreamApp, [Cloud.S3]),
        new(Keys.AzureRole, [Cloud.Abs]),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        AuthMode = reader.ReadEnum(Keys.AuthMode, AuthModes) ?? S3AuthMode.Policy,
        BucketPolicy = reader.ReadEnum(Keys.BucketPolicy, BucketPolicyModes) ?? S3BucketPolicyMode.Managed,
        AcceptsEveryStreamApp = reader.ReadBool(Keys.AcceptsEveryStreamApp) ?? false,
        AzureRole = reader.ReadEnum(Keys.AzureRole, AzureRoles) ?? AzureRole.WriteOnly,
    };

    /// <summary>
    /// Policy mode's statement names the path, as Azure's role condition does; an existing bucket's one policy belongs
    /// to its owner.
    /// </summary>
    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.Cloud == Cloud.Abs && AzureGrants.PathProblem(storage.Path) is { } conditionProblem)
        {
            reader.Problem(ConfigKeys.Storage.Path, conditionProblem);
        }

        if (storage.Cloud != Cloud.S3)
        {
            return;
        }

        if (S3Grants.WidensGrant(storage.Path))
        {
            reader.Problem(ConfigKeys.Storage.Path, "contains '*', '?' or '${', which IAM policies read as wildcards or variables: the grant would reach beyond the path. Remove them.");
        }

        if (storage.AuthMode == S3AuthMode.Keys)
        {
            // IAM takes a policy of characters up to U+00FF only, and the AWS provider sends the user's policy unescaped.
            if (storage.Path.EnumerateRunes().FirstOrDefault(r => r.Value > 0xFF) is { Value: > 0 } beyondLatin1)
            {
                reader.Problem(ConfigKeys.Storage.Path, $"contains U+{beyondLatin1.Value:X4}, and IAM takes only characters up to U+00FF in a policy: the IAM user's grant on the path could not be written. Use a path of such characters.");
            }

            if (reader.Has(Keys.BucketPolicy))
            {
                reader.Problem(Keys.BucketPolicy, "applies only to authMode \"policy\", where Stream's grant is a bucket policy statement; in keys mode it is the IAM user's own policy. Remove it.");
            }

            if (reader.Has(Keys.AcceptsEveryStreamApp))
            {
                reader.Problem(Keys.AcceptsEveryStreamApp, "applies only to authMode \"policy\", whose grant trusts every Stream app; in keys mode Stream writes with the stack's own key, which only your app holds. Remove it.");
            }
        }
        else if (storage.ExistingBucket is not null && storage.BucketPolicy == S3BucketPolicyMode.Managed)
        {
            reader.Problem(Keys.ExistingBucket, $"in authMode \"policy\" needs {Keys.BucketPolicy}: manual: an S3 bucket has one policy, and writing the stack's would drop the statements its owner put there. Set {Keys.BucketPolicy}: manual and merge the statement of the stack output bucketPolicyStatements into the bucket's policy, or set authMode: keys.");
        }
        else if (storage.ExistingBucket is null && storage.BucketPolicy == S3BucketPolicyMode.Manual)
        {
            reader.Problem(Keys.BucketPolicy, $"\"manual\" applies only to an {Keys.ExistingBucket}: the stack writes the whole policy of a bucket it creates. Remove it.");
        }
    }
}
