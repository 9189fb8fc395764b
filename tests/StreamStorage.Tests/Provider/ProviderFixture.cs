using System.Collections.Concurrent;
using System.Security.Cryptography;
using Pulumi.Experimental.Provider;
using Pulumi.Experimental;
using StorageRegistrar.Verification;
using StreamStorage.Provider;
using TestSupport;

namespace StreamStorage.Tests.Provider;

/// <summary>
/// The Stream emulator writing into the local object stores, started once for the provider tests.
/// Tests run one at a time and reset the emulator first, so its request log belongs to the test.
/// </summary>
public sealed class ProviderFixture : StreamWorldLifetime, IAsyncLifetime
{
    /// <summary>
    /// A provider configured the way the engine does it, aimed at the emulator. No STREAM_* variable
    /// reaches it, and the owner's check-file reads go to the local S3 server.
    /// </summary>
    public async Task<StreamStorageProvider> ConfiguredProviderAsync(RecordingEngine engine)
    {
        var verifier = new CheckFileVerifier(new CheckFileVerifierOptions { S3ClientFactory = _ => Stores.S3.CreateClient() });
        var provider = new StreamStorageProvider(engine, _ => null, verifier);
        await provider.Configure(EmulatorConfiguration(), TestContext.Current.CancellationToken);
        return provider;
    }

    /// <summary>What the engine sends to Configure: the emulator's key, secret and URL, the deadline as stack config gives it (a string).</summary>
    public ConfigureRequest EmulatorConfiguration() => new(
        ImmutableDictionary<string, string>.Empty,
        ProviderProperties.Map(
            ("apiKey", new PropertyValue(Emulator.ApiKey)),
            ("apiSecret", new PropertyValue(Emulator.ApiSecret).WithSecret(true)),
            ("baseUrl", new PropertyValue(Emulator.BaseUrl.ToString())),
            ("checkDeadlineSeconds", new PropertyValue("30"))),
        acceptSecrets: true,
        acceptResources: true,
        sendsOldInputs: true,
        sendsOldInputsToDelete: true);

    /// <summary>Inputs of an S3 storage in keys mode on the local S3 server, its bucket created unless told otherwise.</summary>
    public async Task<S3StorageInputs> S3StorageAsync(string name, bool createBucket = true)
    {
        var bucket = "bkt-" + Suffix();
        if (createBucket)
        {
            await Stores.S3.CreateBucketAsync(bucket, TestContext.Current.CancellationToken);
        }

        var secret = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 40);
        return new S3StorageInputs(name, bucket, secret, Stores.S3.ServiceUrl.ToString());
    }

    public static string Suffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}

[CollectionDefinition(Name)]
public sealed class ProviderCollection : ICollectionFixture<ProviderFixture>
{
    public const string Name = "streamstorage provider against the Stream emulator";
}

/// <summary>An S3 storage's resource inputs; <see cref="Secret"/> is kept to scan outputs and logs for it.</summary>
public sealed record S3StorageInputs(string Name, string Bucket, string Secret, string EndpointUrl)
{
    public ImmutableDictionary<string, PropertyValue> ToProperties(string path = "recordings/") => ProviderProperties.Map(
        ("name", new PropertyValue(Name)),
        ("storageType", new PropertyValue("s3")),
        ("bucket", new PropertyValue(Bucket)),
        ("path", new PropertyValue(path)),
        ("awsS3", new PropertyValue(ProviderProperties.Map(
            ("region", new PropertyValue("us-east-1")),
            ("apiKey", new PropertyValue("AKIAEXAMPLEPROVIDER1")),
            ("secret", new PropertyValue(Secret)),
            ("customEndpointUrl", new PropertyValue(EndpointUrl))))));

    // The secret must not reach test output through record printing.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Bucket = ").Append(Bucket).Append(", Secret = [secret]");
        return true;
    }
}

/// <summary>The engine side of the provider: keeps every log message the provider sends.</summary>
public sealed class RecordingEngine : IEngine
{
    private readonly ConcurrentQueue<LogRequest> _logs = new();

    public IReadOnlyList<LogRequest> Logs => [.. _logs];

    public Task LogAsync(LogRequest message)
    {
        _logs.Enqueue(message);
        return Task.CompletedTask;
    }

    public Task RequirePulumiVersionAsync(string pulumiVersionRange) => Task.CompletedTask;
}

/// <summary>Builds property maps and URNs the way the engine sends them.</summary>
public static class ProviderProperties
{
    public static ImmutableDictionary<string, PropertyValue> Map(params (string Key, PropertyValue Value)[] entries) =>
        entries.ToImmutableDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static global::Pulumi.Urn StorageUrn(string name) => new($"urn:pulumi:test::streamstorage-tests::streamstorage:index:ExternalStorage::{name}");

    public static global::Pulumi.Urn BindingUrn(string name) => new($"urn:pulumi:test::streamstorage-tests::streamstorage:index:CallTypeBinding::{name}");

    /// <summary>Every string in a property tree, secrets included, to prove which ones are marked secret.</summary>
    public static IEnumerable<(string Path, PropertyValue Value)> Leaves(IReadOnlyDictionary<string, PropertyValue> properties, string prefix = "")
    {
        foreach (var (key, value) in properties)
        {
            if (value.TryGetMap(out var nested))
            {
                foreach (var leaf in Leaves(nested, prefix + key + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (prefix + key, value);
            }
        }
    }
}
