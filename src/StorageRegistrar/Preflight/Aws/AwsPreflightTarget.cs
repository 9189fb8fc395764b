using StorageRegistrar.Declarations;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>What an S3 storage's plan asks of its account: the actions creating its resources takes, on which resources.</summary>
/// <param name="Region">The bucket's region, asked as <c>aws:RequestedRegion</c>.</param>
public sealed record AwsPreflightTarget(string StorageName, string Region) : PreflightTarget(StorageName, StorageTypes.S3)
{
    /// <summary>Stands for the caller's account in <see cref="AwsActionNeed.ResourceArn"/>: the plan does not know it, STS does.</summary>
    public const string AccountPlaceholder = "{account}";

    /// <summary>Whether the stack creates the bucket (and writes its policy, which Block Public Access could refuse).</summary>
    public required bool CreatesBucket { get; init; }

    /// <summary>
    /// Every action creating the plan's resources takes, once each, with the resource that needs it; then those destroy
    /// takes that a deployer allowed the creates may still be refused (<see cref="AwsActionNeed.OnDestroy"/>).
    /// </summary>
    public required IReadOnlyList<AwsActionNeed> Actions { get; init; }

    /// <summary>
    /// The tags the creates that take them send (the stack's, over the provider's default tags), which a policy reads as
    /// <c>aws:RequestTag/NAME</c> and <c>aws:TagKeys</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequestTags { get; init; } = new Dictionary<string, string>();
}

/// <param name="Action">The IAM action, <c>s3:CreateBucket</c>.</param>
/// <param name="Resource">The logical name of the resource that needs it (<c>rec-s3-bucket</c>).</param>
/// <param name="ResourceArn">
/// The resource the action is asked on; the random suffix of a name is a wildcard (<c>arn:aws:s3:::prod-rec-s3-*</c>), so
/// that a policy naming the stack's prefix matches as the real name would.
/// </param>
public sealed record AwsActionNeed(string Action, string Resource, string ResourceArn)
{
    /// <summary>
    /// Taken by <c>pulumi destroy</c> rather than <c>pulumi up</c>: emptying a governance-locked bucket, past the lock, so
    /// that forceDestroy can delete it.
    /// </summary>
    public bool OnDestroy { get; init; }

    /// <summary>The request carries the tags of what it creates (<see cref="AwsPreflightTarget.RequestTags"/>).</summary>
    public bool CarriesRequestTags { get; init; }
}
