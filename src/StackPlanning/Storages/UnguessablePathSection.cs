using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// <c>unguessablePath</c>: the stack draws a random folder under the path (a <c>RandomId</c> the program creates), and
/// Stream's registration, its grant and the lifecycle rules name it. Another Stream app must learn the folder before it can
/// make Stream write there, which is what policy mode's grant to Stream's whole account otherwise allows.
/// </summary>
internal sealed class UnguessablePathSection : StorageSection
{
    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.UnguessablePath, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = $"the stack creates nothing at an S3-compatible store, so it draws no folder there: put a folder of your own choosing in {Keys.Path} and remove it.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) =>
        storage with { UnguessablePath = reader.ReadBool(Keys.UnguessablePath) ?? false };

    /// <summary>A statement the owner merges by hand is printed by the plan, before pulumi up draws the folder it would name.</summary>
    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage is { UnguessablePath: true, Cloud: Cloud.S3, AuthMode: S3AuthMode.Policy, ExistingBucket: not null })
        {
            reader.Problem(Keys.UnguessablePath, $"cannot be used with {Keys.ExistingBucket} in authMode \"policy\": the bucket's owner merges Stream's statement by hand, and it would name a folder drawn only by pulumi up. Write a random folder into {Keys.Path} yourself (e.g. \"recordings/<32 random hex digits>/\"), or set authMode: keys.");
        }
    }
}
