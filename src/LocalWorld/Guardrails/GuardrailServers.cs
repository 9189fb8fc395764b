using Amazon.Runtime;
using StackPlanning.Guardrails;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;

namespace LocalWorld;

/// <summary>
/// The organization of a guardrails file, standing in for the three clouds' control planes on loopback: each answers
/// preflight's reads in its API's shapes and refuses the creates the file forbids, as its cloud would. Preflight's
/// own checkers read them through <see cref="CreateCheckers"/>, signed in as the owner the servers know.
/// </summary>
public sealed class GuardrailServers : IAsyncDisposable
{
    /// <summary>The Azure subscription of a stack that names none (<c>azure-native:subscriptionId</c>).</summary>
    public const string LocalSubscriptionId = "00000000-0000-4000-8000-0000000000aa";

    private readonly HttpClient _reads;

    private GuardrailServers(GoogleGuardrailServer google, AwsGuardrailServer aws, AzureGuardrailServer azure, PreflightReadOptions readOptions)
    {
        Google = google;
        Aws = aws;
        Azure = azure;
        _reads = PreflightHttp.Create(readOptions);
    }

    public GoogleGuardrailServer Google { get; }

    public AwsGuardrailServer Aws { get; }

    public AzureGuardrailServer Azure { get; }

    /// <summary>Every request the three servers answered: preflight's reads.</summary>
    public int RequestCount => Google.Requests.Count + Aws.Requests.Count + Azure.Requests.Count;

    /// <param name="azureSubscriptionId">The subscription the file's Azure policies are assigned in.</param>
    /// <param name="readOptions">How preflight's reads of these servers are retried; null: as against the clouds.</param>
    public static Task<GuardrailServers> StartAsync(GuardrailsFile guardrails, string azureSubscriptionId, CancellationToken cancellationToken, PreflightReadOptions? readOptions = null)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        return StartAsync(guardrails.Gcp, guardrails.Aws, guardrails.Azure, azureSubscriptionId, readOptions, cancellationToken);
    }

    /// <summary>Servers with no guardrails file, granting nothing until a test grants it through <see cref="Google"/>, <see cref="Aws"/> or <see cref="Azure"/>.</summary>
    /// <param name="readOptions">How preflight's reads of these servers are retried; null: as against the clouds.</param>
    public static Task<GuardrailServers> StartScriptedAsync(CancellationToken cancellationToken, PreflightReadOptions? readOptions = null) =>
        StartAsync(gcp: null, awsGuardrails: null, azureGuardrails: null, azureSubscriptionId: null, readOptions, cancellationToken);

    private static async Task<GuardrailServers> StartAsync(
        GcpGuardrailSettings? gcp, AwsGuardrailSettings? awsGuardrails, AzureGuardrailSettings? azureGuardrails, string? azureSubscriptionId, PreflightReadOptions? readOptions, CancellationToken cancellationToken)
    {
        var google = await GoogleGuardrailServer.StartAsync(cancellationToken, gcp).ConfigureAwait(false);
        AwsGuardrailServer? aws = null;
        try
        {
            aws = await AwsGuardrailServer.StartAsync(cancellationToken, awsGuardrails).ConfigureAwait(false);
            var azure = await AzureGuardrailServer.StartAsync(cancellationToken, azureGuardrails, azureSubscriptionId).ConfigureAwait(false);
            return new GuardrailServers(google, aws, azure, readOptions ?? new PreflightReadOptions());
        }
        catch
        {
            await google.DisposeAsync().ConfigureAwait(false);
            if (aws is not null)
            {
                await aws.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Preflight's checkers (the same as <c>stream-storage preflight</c>'s), pointed at these servers and signed in as the owner they know.</summary>
    public IReadOnlyList<IGuardrailChecker> CreateCheckers() => PreflightCheckers.Create(_reads, new PreflightCheckerOptions
    {
        OwnerToken = OwnerTokenAsync,
        AwsCredentials = () => new BasicAWSCredentials(AwsGuardrailServer.AccessKeyId, AwsGuardrailServer.SecretAccessKey),
        GoogleEndpoint = Google.Endpoint,
        AwsEndpoint = Aws.Endpoint,
        AzureEndpoint = Azure.Endpoint,
    });

    /// <summary>The owner's token each server accepts, by the scope the checkers ask for.</summary>
    private Task<string> OwnerTokenAsync(string scope, CancellationToken cancellationToken) => Task.FromResult(scope switch
    {
        CredentialAgeProbe.GraphScope => Azure.GraphToken,
        AzureResourceProbe.ArmScope => AzureGuardrailServer.ArmToken,
        _ => GoogleGuardrailServer.Token,
    });

    public async ValueTask DisposeAsync()
    {
        _reads.Dispose();
        await Google.DisposeAsync().ConfigureAwait(false);
        await Aws.DisposeAsync().ConfigureAwait(false);
        await Azure.DisposeAsync().ConfigureAwait(false);
    }
}
