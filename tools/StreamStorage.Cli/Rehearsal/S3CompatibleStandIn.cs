using LocalWorld;
using StackPlanning;
using StorageRegistrar.Declarations;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// An S3-compatible store's bucket, played by the local S3 emulator: the stack creates nothing, registers the
/// bucket with <c>s3_custom_endpoint_url</c>, and leaves it as it was on destroy. The stack's keys are secrets
/// the rehearsal does not read; the local emulator's own keys stand in for them.
/// </summary>
internal sealed class S3CompatibleStandIn(S3CompatibleStoragePlan plan, string suffix) : StorageStandIn(plan, suffix)
{
    private const string StoreOwnsIt = "the stack sets nothing at an S3-compatible store";

    public override string Bucket => plan.Bucket;

    protected override string KeyNotEnforcedBecause => StoreOwnsIt;

    protected override string TiersNotEnforcedBecause => StoreOwnsIt;

    protected override string LogsNotEnforcedBecause => StoreOwnsIt;

    public override string Store => "s3compatible";

    public override string Cloud => "s3compatible";

    /// <summary>The local S3 emulator plays every S3-compatible store, so its buckets are S3's.</summary>
    public override string LocalBucket => $"s3 {Bucket}";

    public override IReadOnlyList<PlannedResource> Preview() => plan.Resources(new ResourceNaming(Suffix));

    protected override Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken) =>
        S3StandIn.PrepareExistingS3BucketAsync(world, Bucket, report, cancellationToken);

    public override Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var endpoint = world.Stores.S3.ServiceUrl.ToString().TrimEnd('/');
        report(Row("store"), $"{plan.Endpoint} is played by the local S3 emulator at {endpoint}, with its own keys in place of the stack's secret ones");
        return Task.FromResult(Declaration() with
        {
            AwsS3 = new S3Settings
            {
                Region = plan.Region,
                ApiKey = S3Server.DefaultAccessKey,
                Secret = new SecretString(S3Server.DefaultSecretKey),
                CustomEndpointUrl = endpoint,
            },
        });
    }

    public override Task<string?> DeleteAsOwnerAsync(RehearsalWorld world, string key, CancellationToken cancellationToken) =>
        S3StandIn.DeleteS3ObjectAsync(world, Bucket, key, cancellationToken);

    public override async Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken) =>
        (await world.Stores.S3.ListKeysAsync(Bucket, cancellationToken).ConfigureAwait(false)).Contains(key);

    public override Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        report(Bucket, $"left, with its objects ({KeptBecause})");
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken) =>
        !BucketThere || await S3StandIn.HoldsOwnersObjectAsync(world, Bucket, cancellationToken).ConfigureAwait(false)
            ? []
            : [$"existing bucket {Bucket} lost the owner's {OwnersObjectKey}"];
}
