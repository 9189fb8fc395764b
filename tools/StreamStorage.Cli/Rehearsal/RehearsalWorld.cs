using LocalWorld;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream;
using StorageRegistrar.Verification;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// Everything a stack touches, on loopback ports: the Stream API emulator writing into the S3, GCS and
/// Azure Blob emulators, with the Google and Entra token endpoints, and the clouds' guardrails as a guardrails file
/// sets them (<see cref="GuardrailServers"/>). Disposing it stops every process.
/// </summary>
internal sealed class RehearsalWorld : IAsyncDisposable
{
    /// <summary>The Entra tenant the rehearsal's applications live in.</summary>
    public const string TenantId = "00000000-0000-4000-8000-00000000cafe";

    private RehearsalWorld(ObjectStores stores, StreamEmulatorProcess stream, GuardrailServers guardrails)
    {
        Stores = stores;
        Stream = stream;
        Guardrails = guardrails;
    }

    public ObjectStores Stores { get; }

    /// <summary>The clouds' control planes as far as guardrails go: they answer preflight and refuse what the guardrails forbid.</summary>
    public GuardrailServers Guardrails { get; }

    public StreamEmulatorProcess Stream { get; }

    /// <summary>
    /// Installs the emulators on first use (reported through <paramref name="progress"/>), then starts
    /// them; azurite serves <paramref name="azureAccountNames"/>, the stack's storage accounts. The guardrail
    /// stand-ins, starting beside them (preflight reads them while the emulators start), stay their starter's to stop.
    /// </summary>
    public static async Task<RehearsalWorld> StartAsync(
        IReadOnlyCollection<string> azureAccountNames, Task<GuardrailServers> guardrails, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await EmulatorInstallation.EnsureInstalledAsync(progress, cancellationToken).ConfigureAwait(false);
        progress.Report("Starting the local Stream, S3, GCS and Azure Blob emulators…");
        var stores = await ObjectStores.StartAsync(azureAccountNames, cancellationToken).ConfigureAwait(false);
        StreamEmulatorProcess? stream = null;
        try
        {
            stream = await StreamEmulatorProcess.StartAsync(StreamEmulatorSettings.For(stores), cancellationToken).ConfigureAwait(false);
            return new RehearsalWorld(stores, stream, await guardrails.ConfigureAwait(false));
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            await stores.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public StreamClientOptions CreateStreamClientOptions() => new()
    {
        ApiKey = Stream.ApiKey,
        ApiSecret = new SecretString(Stream.ApiSecret),
        BaseUrl = Stream.BaseUrl,
    };

    /// <summary>The owner's clients of each local store, for the check file's verification.</summary>
    public CheckFileVerifierOptions VerifierOptions() => new()
    {
        S3ClientFactory = _ => Stores.S3.CreateClient(),
        GcsClientFactory = _ => Stores.Gcs.CreateOwnerClient(),
        BlobServiceClientFactory = declaration => Stores.Azurite.CreateOwnerClient(declaration.AzureBlob!.AccountName!),
    };

    /// <summary>What points the CLI and the provider at this world (for <c>--keep</c>); secrets are shown, they are the world's own.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables() =>
    [
        new(StreamClientOptions.ApiKeyVariable, Stream.ApiKey),
        new(StreamClientOptions.ApiSecretVariable, Stream.ApiSecret),
        new(StreamClientOptions.BaseUrlVariable, Stream.BaseUrl.ToString()),
        new("AWS_ENDPOINT_URL_S3", Stores.S3.ServiceUrl.ToString()),
        new("AWS_ACCESS_KEY_ID", S3Server.DefaultAccessKey),
        new("AWS_SECRET_ACCESS_KEY", S3Server.DefaultSecretKey),
        new("AWS_REGION", S3Server.Region),
        new("STORAGE_EMULATOR_HOST", Stores.Gcs.BaseUri.ToString().TrimEnd('/')),
    ];

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        await Stores.DisposeAsync().ConfigureAwait(false);
    }
}
