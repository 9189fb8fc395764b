using System.Security.Cryptography;
using System.Text.Json;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using TestSupport;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// The Stream API emulator writing into real local object stores, started once for every test in
/// <see cref="StreamEmulatorCollection"/>. Tests in the collection run one at a time and call
/// <see cref="ResetAsync"/> first, so request counts belong to the test that reads them.
/// </summary>
public sealed class StreamEmulatorFixture : StreamWorldLifetime, IAsyncLifetime
{
    /// <summary>Every log line of every client and registrar the tests create.</summary>
    public RecordingLoggerProvider Logs { get; } = new();

    /// <summary>Every secret handed to the emulator or put in a declaration, for the leak scan.</summary>
    public List<string> Secrets { get; } = [];

    protected override void OnStarted() => Secrets.Add(Emulator.ApiSecret);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Logs.Dispose();
    }

    public Task ResetAsync() => Emulator.Control.ResetAsync(TestContext.Current.CancellationToken);

    public Task<IReadOnlyList<StreamEmulatorRequest>> RequestsAsync() => Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken);

    public StreamClient CreateClient(Action<StreamClientOptions>? configure = null)
    {
        var options = new StreamClientOptions
        {
            ApiKey = Emulator.ApiKey,
            ApiSecret = new SecretString(Emulator.ApiSecret),
            BaseUrl = Emulator.BaseUrl,
            LoggerFactory = Logs.CreateFactory(),
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        configure?.Invoke(options);
        return new StreamClient(options);
    }

    public ExternalStorageRegistrar CreateRegistrar(StreamClient client, Action<RegistrarOptions>? configure = null)
    {
        var options = new RegistrarOptions { LoggerFactory = Logs.CreateFactory() };
        options.CheckBackoff.InitialDelay = TimeSpan.FromMilliseconds(50);
        options.ConsistencyBackoff.InitialDelay = TimeSpan.FromMilliseconds(50);
        configure?.Invoke(options);
        return new ExternalStorageRegistrar(client, options);
    }

    /// <summary>An S3 storage in keys mode on the local S3 server, with its bucket created.</summary>
    public async Task<StorageDeclaration> S3StorageAsync(string name, string? path = "recordings/")
    {
        var bucket = "bkt-" + Suffix();
        await Stores.S3.CreateBucketAsync(bucket, TestContext.Current.CancellationToken);
        var secret = RandomString(40);
        Secrets.Add(secret);
        return new StorageDeclaration
        {
            Name = name,
            StorageType = StorageTypes.S3,
            Bucket = bucket,
            Path = path,
            AwsS3 = new S3Settings
            {
                Region = "us-east-1",
                ApiKey = "AKIA" + RandomString(16).ToUpperInvariant(),
                Secret = new SecretString(secret),
                CustomEndpointUrl = Stores.S3.ServiceUrl.ToString(),
            },
        };
    }

    /// <summary>A GCS storage whose service-account key signs in at the local Google token endpoint.</summary>
    public StorageDeclaration GcsStorage(string name)
    {
        var key = Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, $"stream-writer-{Suffix()}@{GcsServer.ProjectId}.iam.gserviceaccount.com");
        Secrets.Add(key);
        return new StorageDeclaration
        {
            Name = name,
            StorageType = StorageTypes.Gcs,
            Bucket = "gcs-" + Suffix(),
            Path = "calls/",
            GcsCredentials = new SecretString(key),
        };
    }

    /// <summary>An Azure Blob storage whose service principal signs in at the local Entra endpoint.</summary>
    public async Task<StorageDeclaration> AzureStorageAsync(string name)
    {
        var container = "ctr-" + Suffix();
        await Stores.Azurite.CreateContainerAsync(container, TestContext.Current.CancellationToken);
        var tenant = Guid.NewGuid().ToString();
        var clientId = Guid.NewGuid().ToString();
        var clientSecret = RandomString(40);
        Secrets.Add(clientSecret);
        Stores.Entra.RegisterServicePrincipal(tenant, clientId, clientSecret);
        return new StorageDeclaration
        {
            Name = name,
            StorageType = StorageTypes.Abs,
            Bucket = container,
            Path = "",
            AzureBlob = new AzureBlobSettings
            {
                AccountName = Stores.Azurite.AccountName,
                ClientId = clientId,
                ClientSecret = new SecretString(clientSecret),
                TenantId = tenant,
            },
        };
    }

    public static string Suffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>A secret as a leak would show it: whole, and for a service-account key also each line of its private key on its own.</summary>
    public static IEnumerable<string> SecretMaterial(string secret)
    {
        yield return secret;
        if (secret.TrimStart().StartsWith('{'))
        {
            using var key = JsonDocument.Parse(secret);
            var pem = key.RootElement.GetProperty("private_key").GetString()!;
            foreach (var line in pem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// Every check answered with the cloud's refusal as Stream passes it back, quoting <paramref name="credential"/> whole in
    /// Stream's message and <paramref name="quotedAlone"/> (a line of a key file, say) in its exception_fields.
    /// </summary>
    public static StreamEmulatorFault CheckRefusalQuoting(string credential, string quotedAlone) =>
        StreamEmulatorFault.ErrorBody(400, JsonSerializer.Serialize(new
        {
            code = 4,
            message = $"CheckExternalStorage failed with error: \"failed to write check file: credentials {credential} were refused\"",
            StatusCode = 400,
            duration = "0ms",
            more_info = "",
            details = Array.Empty<int>(),
            exception_fields = new { credentials = $"{quotedAlone} was refused" },
        })) with { Operation = "CheckExternalStorage" };

    private static string RandomString(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}

[CollectionDefinition(Name)]
public sealed class StreamEmulatorCollection : ICollectionFixture<StreamEmulatorFixture>
{
    public const string Name = "Stream emulator with object stores";
}
