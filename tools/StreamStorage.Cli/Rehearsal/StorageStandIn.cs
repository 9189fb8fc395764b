using StackPlanning;
using StorageRegistrar.Declarations;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// The cloud side of one planned storage, made in the local world: what the Pulumi program's component
/// for that cloud creates, with the plan's names, settings and grant documents. What no local store can
/// enforce (IAM, bucket policies, role assignments) is still named, and said to be not enforced locally.
/// </summary>
internal abstract class StorageStandIn
{
    protected StorageStandIn(StoragePlan plan, string suffix)
    {
        Plan = plan;
        Suffix = suffix;
    }

    public StoragePlan Plan { get; }

    /// <summary>The random suffix the program draws once per storage (a RandomId of <see cref="ResourceNames.SuffixBytes"/> bytes).</summary>
    public string Suffix { get; }

    /// <summary>The bucket, or for Azure the container, Stream writes into.</summary>
    public abstract string Bucket { get; }

    /// <summary>Where recordings land, as the report names it: <c>s3</c>, <c>gcs</c> or <c>azure</c> plus the account.</summary>
    public abstract string Store { get; }

    /// <summary>The cloud name of the stack configuration (<c>s3</c>, <c>gcs</c>, <c>abs</c>).</summary>
    public string Cloud => Plan.StorageType;

    /// <summary>Whether <c>pulumi destroy</c> keeps the bucket (<c>dataProtection: retain</c>, or protected in production).</summary>
    public bool BucketKept => Plan.Data.RetainOnDelete || Plan.Data.Protect;

    /// <summary>Resource rows of this storage as <c>pulumi preview</c> would list them, with the grant documents.</summary>
    public abstract IReadOnlyList<PlannedResource> Preview();

    /// <summary>Creates the bucket, its settings and the credential Stream gets; returns the storage as the program registers it.</summary>
    public abstract Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken);

    /// <summary>Whether the object <paramref name="key"/> is in the bucket, as the owner sees it.</summary>
    public abstract Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the credential and grants, then the bucket unless it is kept.</summary>
    public abstract Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken);

    /// <summary>What of this storage is still there after <see cref="RemoveAsync"/>, besides a kept bucket.</summary>
    public abstract Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken);

    /// <summary>The storage as the program hands it to the provider, with the credential Stream gets.</summary>
    protected StorageDeclaration Declaration() => new()
    {
        Name = Plan.StreamName,
        StorageType = Plan.StorageType,
        Bucket = Bucket,
        Path = Plan.Path,
    };

    /// <summary>The row name of a resource of this storage, like the program's child resource names.</summary>
    protected string Row(string resource) => $"{Plan.StreamName}-{resource}";
}

/// <summary>One resource of a storage in the preview: its kind and name, details, and a document where it carries one.</summary>
internal sealed record PlannedResource(string Kind, string Name, string Detail, string? Document = null);
