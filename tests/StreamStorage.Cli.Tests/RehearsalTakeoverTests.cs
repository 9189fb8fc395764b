using StorageRegistrar.Declarations;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StreamStorage.Cli.Rehearsal;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// The rehearsal registers through the provider's lifecycle, so a storage name Stream already has with
/// another bucket stops it just as it stops <c>pulumi up</c>, and its destroy leaves that storage alone.
/// </summary>
public sealed class RehearsalTakeoverTests : IDisposable
{
    private const string StorageName = "recordings-s3";
    private const string TheirBucket = "someone-elses-recordings";
    private const string TheirCallType = "their_calls";

    private readonly StackFolder _project = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task A_storage_name_Stream_has_with_another_bucket_fails_the_up_and_destroy_leaves_that_storage_and_its_call_type()
    {
        await using var rehearsal = StackRehearsal.Prepare(WriteStack(), new RehearsalSettings(Faults: false, CheckDeadline: TimeSpan.FromSeconds(30), FailingCheck: null));
        await rehearsal.StartWorldAsync(new Progress<string>(), Ct);
        using var stream = StreamClientOf(rehearsal);
        await stream.CreateExternalStorageAsync(
            new CreateExternalStorageRequest { Name = StorageName, StorageType = StorageTypes.S3, Bucket = TheirBucket, Path = "", AwsS3 = new S3Request { S3Region = "us-east-1" } },
            Ct);
        await stream.CreateCallTypeAsync(new CreateCallTypeRequest { Name = TheirCallType, ExternalStorage = StorageName }, Ct);

        var failure = await Assert.ThrowsAsync<RehearsalFailedException>(() => rehearsal.UpAsync((_, _) => { }, Ct));
        await rehearsal.DestroyAsync((_, _) => { }, Ct);

        Assert.Contains($"bucket '{TheirBucket}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"pulumi import streamstorage:index:ExternalStorage <resource-name> {StorageName}", failure.Message, StringComparison.Ordinal);
        var theirs = (await stream.ListExternalStoragesAsync(Ct)).ExternalStorages[StorageName];
        Assert.Equal((StorageTypes.S3, TheirBucket, ""), (theirs.Type, theirs.Bucket, theirs.Path));
        Assert.Equal(StorageName, (await stream.GetCallTypeAsync(TheirCallType, Ct)).ExternalStorage);
    }

    /// <summary>One S3 storage bound to the default call type, in a project folder of its own.</summary>
    private string WriteStack() => _project.WriteStack("takeover", $"""
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: {StorageName}
                  cloud: s3
                  region: us-east-1
                  path: calls/
                  dataProtection: forceDestroy
              recording-storage:bindings:
                default: {StorageName}
            """);

    private static StreamClient StreamClientOf(StackRehearsal rehearsal)
    {
        var world = rehearsal.WorldVariables().ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return new StreamClient(new StreamClientOptions
        {
            ApiKey = world[StreamClientOptions.ApiKeyVariable],
            ApiSecret = new SecretString(world[StreamClientOptions.ApiSecretVariable]),
            BaseUrl = new Uri(world[StreamClientOptions.BaseUrlVariable]),
        });
    }
}
