namespace StackPlanning.Storages;

/// <summary>
/// One concern of a storage's configuration (where it lives, its bucket, Stream's grant, its credential...):
/// the keys it owns, the clouds each applies to, how they are read and the rules between them, with their
/// messages. A protection added to the stack is one more section, and nothing else in the parser changes.
/// </summary>
internal abstract class StorageSection
{
    public abstract IReadOnlyList<StorageSetting> Settings { get; }

    /// <summary>Reads the section's keys into <paramref name="storage"/>, adding a problem for each value of the wrong shape.</summary>
    public abstract StorageConfig Read(StorageReader reader, StorageConfig storage);

    /// <summary>
    /// The rules that involve other sections' values, run once every section has read its keys; only for a
    /// storage whose cloud is known.
    /// </summary>
    public virtual void Check(StorageReader reader, StorageConfig storage)
    {
    }

    /// <summary>The section's values as the plan takes them, once every rule has seen them as written.</summary>
    public virtual StorageConfig Complete(StorageConfig storage) => storage;
}

/// <summary>
/// A storage setting and the clouds it applies to. <see cref="Instead"/> says what to do when it is given
/// to another cloud, where the generic "remove it" would mislead.
/// </summary>
internal sealed record StorageSetting(string Key, IReadOnlyList<Cloud> Clouds, IReadOnlyDictionary<Cloud, string>? Instead = null)
{
    public static readonly IReadOnlyList<Cloud> AllClouds = Enum.GetValues<Cloud>();

    /// <summary>A secret: held only as a secure value (<c>pulumi config set --secret</c>), never printed.</summary>
    public bool Secret { get; init; }

    public bool AppliesTo(Cloud cloud) => Clouds.Contains(cloud);
}
