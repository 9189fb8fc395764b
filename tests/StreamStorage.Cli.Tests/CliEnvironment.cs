using Amazon.S3;
using Azure.Identity;
using Azure.Storage.Blobs;
using LocalWorld;
using Spectre.Console.Testing;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Stream;
using StorageRegistrar.Verification;
using StreamStorage.Cli;

[assembly: AssemblyFixture(typeof(StreamStorage.Cli.Tests.CliEnvironment))]

// Every test resets and uses the one emulated Stream app, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace StreamStorage.Cli.Tests;

/// <summary>
/// The Stream emulator writing into real local object stores, shared by every test; each test starts
/// from <see cref="ResetAsync"/> because the tests share one Stream app.
/// </summary>
public sealed class CliEnvironment : StreamWorldLifetime, IAsyncLifetime
{
    public const string TenantId = "3e1d2c4b-0000-4000-8000-000000000001";
    public const string ClientId = "6f1c2c4e-1f7b-4d39-9a53-0d2a4f1b6e11";
    public const string ClientSecret = "stream-writer-client-secret-value";

    protected override void OnStarted() => Stores.Entra.RegisterServicePrincipal(TenantId, ClientId, ClientSecret);

    public Task ResetAsync() => Emulator.Control.ResetAsync(TestContext.Current.CancellationToken);

    public StreamClient CreateStreamClient(string? apiSecret = null) =>
        new(new StreamClientOptions { ApiKey = Emulator.ApiKey, ApiSecret = new SecretString(apiSecret ?? Emulator.ApiSecret), BaseUrl = Emulator.BaseUrl });

    /// <summary>Registers <paramref name="name"/>: <paramref name="bucket"/> under <c>video/</c>, in the local S3 server's region.</summary>
    public Task RegisterS3Async(string bucket, string name = "acme-s3") => RegisterAsync(new()
    {
        Name = name,
        StorageType = "s3",
        Bucket = bucket,
        Path = "video/",
        AwsS3 = new S3Request { S3Region = S3Server.Region },
    });

    /// <summary>Registers <c>acme-gcs</c>: <paramref name="bucket"/> under <c>calls/</c>, written with a service-account key the local token endpoint knows.</summary>
    public Task RegisterGcsAsync(string bucket) => RegisterAsync(new()
    {
        Name = "acme-gcs",
        StorageType = "gcs",
        Bucket = bucket,
        Path = "calls/",
        GcsCredentials = new SecretString(Stores.GoogleTokens.CreateServiceAccountKeyJson(GcsServer.ProjectId, $"stream-writer@{GcsServer.ProjectId}.iam.gserviceaccount.com")),
    });

    /// <summary>Registers <paramref name="name"/>: <paramref name="container"/> under <paramref name="path"/>, written by the known service principal.</summary>
    public Task RegisterAzureAsync(string container, string clientSecret = ClientSecret, string path = "calls/", string name = "acme-abs") => RegisterAsync(new()
    {
        Name = name,
        StorageType = "abs",
        Bucket = container,
        Path = path,
        AzureBlob = ServicePrincipal() with { AbsClientSecret = new SecretString(clientSecret) },
    });

    /// <summary>Registers <paramref name="storage"/>, <c>acme-s3</c>, <c>acme-gcs</c> or <c>acme-abs</c>, on <paramref name="bucket"/>.</summary>
    public Task RegisterNamedAsync(string storage, string bucket) => storage switch
    {
        "acme-s3" => RegisterS3Async(bucket),
        "acme-gcs" => RegisterGcsAsync(bucket),
        "acme-abs" => RegisterAzureAsync(bucket),
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "Only acme-s3, acme-gcs and acme-abs are registered by name."),
    };

    /// <summary>
    /// A reset Stream app with <paramref name="storage"/> (see <see cref="RegisterNamedAsync"/>) registered on a new bucket
    /// that does not exist, and Stream's requests cleared: for a command that must stop before any check.
    /// </summary>
    public async Task ResetWithUncheckedStorageAsync(string storage)
    {
        await ResetAsync();
        await RegisterNamedAsync(storage, UniqueNames.For("rec"));
        await Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A reset Stream app with <paramref name="name"/> registered on a new S3 bucket that exists; returns the bucket.</summary>
    public async Task<string> ResetWithS3BucketAsync(string name = "acme-s3")
    {
        await ResetAsync();
        var bucket = UniqueNames.For("rec");
        await Stores.S3.CreateBucketAsync(bucket, TestContext.Current.CancellationToken);
        await RegisterS3Async(bucket, name);
        return bucket;
    }

    /// <summary>A reset Stream app with <paramref name="name"/> registered on a new Azure container that exists; returns the container.</summary>
    public async Task<string> ResetWithAzureContainerAsync(string clientSecret = ClientSecret, string path = "calls/", string name = "acme-abs")
    {
        await ResetAsync();
        var container = UniqueNames.For("rec");
        await Stores.Azurite.CreateContainerAsync(container, TestContext.Current.CancellationToken);
        await RegisterAzureAsync(container, clientSecret, path, name);
        return container;
    }

    /// <summary>Stream was asked for no storage check since its requests were last cleared.</summary>
    public async Task AssertNoCheckWasRequestedAsync()
    {
        var requests = await Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/check", StringComparison.Ordinal));
    }

    /// <summary>
    /// <paramref name="run"/> stopped as invalid input saying <paramref name="said"/>, and Stream was asked for no storage check
    /// since its requests were last cleared.
    /// </summary>
    public async Task AssertRefusedBeforeAnyCheckAsync(CliRun run, string said)
    {
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(said, run.Error, StringComparison.Ordinal);
        await AssertNoCheckWasRequestedAsync();
    }

    /// <summary>The Azure request of a storage whose service principal the local Entra endpoint knows.</summary>
    public static AzureRequest ServicePrincipal() => new()
    {
        AbsAccountName = AzuriteServer.DefaultAccountName,
        AbsTenantId = TenantId,
        AbsClientId = ClientId,
        AbsClientSecret = new SecretString(ClientSecret),
    };

    private async Task RegisterAsync(CreateExternalStorageRequest request)
    {
        using var client = CreateStreamClient();
        await client.CreateExternalStorageAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Runs one command line in process, with every client pointed at the local servers. The doctor's
    /// Azure login uses <paramref name="azureClientSecret"/>, as <c>STREAM_AZURE_CLIENT_SECRET</c> would in production.
    /// </summary>
    /// <param name="credentialAgeProbe">Lists the credentials' ages for the doctor; none are listed without it.</param>
    /// <param name="servicePrincipalGiven">False: no STREAM_AZURE_* variables, so asking for the principal's client stops the command, as it would, and no client id is known but --client-id.</param>
    /// <param name="azureResourceProbe">Reads Azure Resource Manager for the doctor; nothing is read there without it.</param>
    /// <param name="preflightCheckers">Preflight's checkers; none without it, so that every storage is reported not examined.</param>
    public async Task<CliRun> RunAsync(
        string[] args,
        string? apiSecret = null,
        string azureClientSecret = ClientSecret,
        string? awsRegion = S3Server.Region,
        Func<CredentialAgeProbe>? credentialAgeProbe = null,
        Func<string?, IamUserPolicyProbe>? iamUserPolicyProbe = null,
        bool servicePrincipalGiven = true,
        Func<AzureResourceProbe>? azureResourceProbe = null,
        Func<IReadOnlyList<IGuardrailChecker>>? preflightCheckers = null,
        Func<IAmazonS3>? ownerS3Client = null)
    {
        var output = new TestConsole().Width(400);
        var error = new TestConsole().Width(400);
        var blob = Stores.Azurite.BlobServiceUri;
        var services = new CliServices
        {
            CreateStreamClient = () => CreateStreamClient(apiSecret),
            // Short deadlines keep failing checks quick; the backoff itself is the registrar's.
            CreateRegistrarOptions = () =>
            {
                var options = new RegistrarOptions();
                foreach (var type in StorageTypes.All)
                {
                    options.CheckDeadlines[type] = TimeSpan.FromSeconds(3);
                }

                options.CheckBackoff.InitialDelay = TimeSpan.FromMilliseconds(50);
                options.CheckBackoff.MaxDelay = TimeSpan.FromMilliseconds(200);
                return options;
            },
            CreateVerifierOptions = () => new CheckFileVerifierOptions
            {
                S3ClientFactory = _ => Stores.S3.CreateClient(),
                GcsClientFactory = _ => Stores.Gcs.CreateOwnerClient(),
                BlobServiceClientFactory = _ => Stores.Azurite.CreateOwnerClient(),
            },
            // Every client below carries the local stores' own credentials; the SDK chains are tried in ProcessTests.
            RequireOwnerCredentials = (_, _, _) => Task.CompletedTask,
            CreateS3Client = (_, _) => ownerS3Client?.Invoke() ?? Stores.S3.CreateClient(),
            // As AWS_REGION would.
            DefaultS3Region = awsRegion,
            CreateGcsClient = Stores.Gcs.CreateOwnerClient,
            CreateAzureClients = (account, container) => !servicePrincipalGiven
                ? throw new ArgumentException("The doctor signs in as the service principal registered with Stream: set STREAM_AZURE_TENANT_ID, STREAM_AZURE_CLIENT_ID, STREAM_AZURE_CLIENT_SECRET.")
                : new AzureContainerClients(
                    new BlobContainerClient(
                        new Uri($"{blob.Scheme}://{blob.Authority}/{account}/{container}"),
                        new ClientSecretCredential(TenantId, ClientId, azureClientSecret, Stores.Entra.CreateCredentialOptions()),
                        Stores.Azurite.CreateClientOptions()),
                    Stores.Azurite.CreateOwnerClient().GetBlobContainerClient(container)),
            CreateCredentialAgeProbe = credentialAgeProbe,
            CreateIamUserPolicyProbe = iamUserPolicyProbe,
            CreateAzureResourceProbe = azureResourceProbe,
            CreatePreflightCheckers = preflightCheckers ?? (() => []),
            ServicePrincipalClientId = servicePrincipalGiven ? ClientId : null,
        };

        var exitCode = await CliApplication.RunAsync(args, services, output, error, interactive: false, TestContext.Current.CancellationToken);
        var run = new CliRun(exitCode, output.Output, error.Output);
        // Whatever the command, the Stream secret and the Azure client secret never reach the screen.
        Assert.DoesNotContain(Emulator.ApiSecret, run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, run.Output + run.Error, StringComparison.Ordinal);
        return run;
    }
}

public sealed record CliRun(int ExitCode, string Output, string Error);
