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

    /// <summary>The exception is the project's: one storage per project owns its policies, which then hold for every key there.</summary>
    public static void CheckAcrossStorages(IReadOnlyList<(int Index, StorageConfig Storage)> storages, List<ValidationProblem> problems)
    {
        foreach (var (index, storage) in storages.Where(s => s.Storage is { Cloud: Cloud.Gcs, KeyCreationException: true }))
        {
            var first = storages.First(other => other.Storage is { Cloud: Cloud.Gcs, KeyCreationException: true } && other.Storage.Project == storage.Project);
            if (first.Index != index)
            {
                problems.Add(new(
                    $"{ConfigKeys.Storages}[{index}].{Keys.KeyCreationException}",
                    $"is set by {ConfigKeys.Storages}[{first.Index}] for the same project already, and a project has one policy per constraint: remove it here."));
            }
        }
    }
}
