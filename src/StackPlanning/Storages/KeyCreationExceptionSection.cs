using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// <c>keyCreationException: true</c>: where the organization forbids service-account keys, a GCS storage's stack owns
/// the policies on its project that lift the key constraints there, and nowhere else; the key waits for them.
/// </summary>
internal sealed class KeyCreationExceptionSection : StorageSection
{
    private const string NoGcpKey = "it lifts GCP's constraints on service-account keys, and this storage creates no service-account key: remove it.";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.KeyCreationException, [Cloud.Gcs], new Dictionary<Cloud, string>
        {
            [Cloud.S3] = $"{NoGcpKey} An SCP that denies iam:CreateAccessKey is lifted at the organization, or avoided with authMode: policy.",
            [Cloud.Abs] = NoGcpKey,
            [Cloud.S3Compatible] = NoGcpKey,
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) =>
        storage with { KeyCreationException = reader.ReadBool(Keys.KeyCreationException) ?? false };

    /// <summary>
    /// The exception is the project's: one storage per project owns its policies, which then hold for every key there.
    /// Projects are told apart by the value a storage names (every GCS storage creates a key), which is sound once the
    /// provider's default project, unknown here, is never set beside a named one: it may be that very project.
    /// </summary>
    public static void CheckAcrossStorages(IReadOnlyList<(int Index, StorageConfig Storage)> storages, List<ValidationProblem> problems)
    {
        var gcs = storages.Where(s => s.Storage.Cloud == Cloud.Gcs).ToList();
        var owners = gcs.Where(s => s.Storage.KeyCreationException).ToList();
        foreach (var (index, storage) in gcs)
        {
            // Two owners of mixed forms are one pair: refused once, on the later.
            var mixedForms = owners.Where(owner => owner.Index != index
                && ProjectForms.Differ(owner.Storage, storage)
                && (!storage.KeyCreationException || owner.Index < index));
            if (mixedForms.FirstOrDefault() is (var ownerIndex, { } owner))
            {
                problems.Add(ProjectForms.Mixed(index, storage, ownerIndex, owner, $"sets {Keys.KeyCreationException}", "whether they share the exception"));
            }
        }

        foreach (var (index, storage) in owners)
        {
            var first = owners.First(other => other.Storage.Project == storage.Project);
            if (first.Index != index)
            {
                problems.Add(new(
                    $"{ConfigKeys.Storages}[{index}].{Keys.KeyCreationException}",
                    $"is set by {ConfigKeys.Storages}[{first.Index}] for the same project already, and a project has one policy per constraint: remove it here."));
            }
        }
    }
}
