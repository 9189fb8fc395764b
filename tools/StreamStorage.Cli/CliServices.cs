using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Identity;
using Azure.Storage.Blobs;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using StorageRegistrar.Verification;

namespace StreamStorage.Cli;

/// <summary>
/// Where the commands get their clients. <see cref="FromEnvironment"/> reads the variables the official
/// SDKs read: <c>STREAM_API_KEY</c>/<c>STREAM_API_SECRET</c>/<c>STREAM_BASE_URL</c> for Stream, the AWS
/// default credential chain, Google application default credentials, and for Azure
/// <c>STREAM_AZURE_TENANT_ID</c>/<c>STREAM_AZURE_CLIENT_ID</c>/<c>STREAM_AZURE_CLIENT_SECRET</c> (the service
/// principal Stream uses) plus <c>DefaultAzureCredential</c> as the owner. The principal's variables are not the
/// SDK's <c>AZURE_*</c> ones, which <c>DefaultAzureCredential</c> reads first: the owner would sign in as Stream.
/// </summary>
internal sealed class CliServices
{
    public required Func<StreamClient> CreateStreamClient { get; init; }

    /// <summary>A fresh set of registrar options per command: the command attaches its own progress logger.</summary>
    public Func<RegistrarOptions> CreateRegistrarOptions { get; init; } = () => new RegistrarOptions();

    /// <summary>A fresh set per command: the command says which AWS profile each storage uses.</summary>
    public Func<CheckFileVerifierOptions> CreateVerifierOptions { get; init; } = () => new();

    /// <summary>The owner's S3 client for a region and a shared-config profile (null: the SDK's default region, or chain).</summary>
    public required Func<string?, string?, IAmazonS3> CreateS3Client { get; init; }

    /// <summary>The owner's KMS client for a region and profile, as <see cref="CreateS3Client"/>; null where keys' states are not read.</summary>
    public Func<string?, string?, IAmazonKeyManagementService>? CreateKmsClient { get; init; }

    public required Func<StorageClient> CreateGcsClient { get; init; }

    /// <summary>For an account and container: a client signed in as Stream's service principal, and one as the owner.</summary>
    public required Func<string, string, AzureContainerClients> CreateAzureClients { get; init; }

    /// <summary>Cancelled by a second Ctrl+C: cuts short the cleanup that the first one started.</summary>
    public CancellationToken SecondInterrupt { get; init; }

    /// <summary>
    /// Throws <see cref="OwnerCredentialsMissingException"/> when the owner's credentials for a storage type (and, for
    /// S3, the AWS profile given for the storage) are missing, before the command asks Stream for a check.
    /// </summary>
    public required Func<string, string?, CancellationToken, Task> RequireOwnerCredentials { get; init; }

    /// <summary>
    /// Lists the credentials of Stream's identity with the owner's sign-in, for the doctor's age check;
    /// null where ages are not checked.
    /// </summary>
    public Func<CredentialAgeProbe>? CreateCredentialAgeProbe { get; init; }

    /// <summary>
    /// Reads, in S3 keys mode, the policies of the IAM user whose key Stream holds, with the owner's AWS credentials for a
    /// shared-config profile (null: the default chain); null where they are not read.
    /// </summary>
    public Func<string?, IamUserPolicyProbe>? CreateIamUserPolicyProbe { get; init; }

    /// <summary>Reads a GCS bucket's project's audit configuration with the owner's sign-in; null where it is not read.</summary>
    public Func<GcpAuditLogsProbe>? CreateGcpAuditLogsProbe { get; init; }

    /// <summary>Reads the state of a GCS bucket's Cloud KMS key with the owner's sign-in; null where it is not read.</summary>
    public Func<CloudKmsKeyProbe>? CreateCloudKmsKeyProbe { get; init; }

    /// <summary>Reads an Azure storage's side in Resource Manager with the owner's sign-in; null where it is not read.</summary>
    public Func<AzureResourceProbe>? CreateAzureResourceProbe { get; init; }

    /// <summary>Preflight's checker per cloud, reading with the owner's credentials; fresh per run, so that reads are cached per run.</summary>
    public Func<IReadOnlyList<IGuardrailChecker>> CreatePreflightCheckers { get; init; } = () => [];

    /// <summary>The client id of the service principal the doctor signs in as (Azure), whose secrets' expiry it reads.</summary>
    public string? ServicePrincipalClientId { get; init; }

    /// <summary>The S3 region used when <c>--region</c> is not given.</summary>
    public string? DefaultS3Region { get; init; }

    public static CliServices FromEnvironment(CancellationToken secondInterrupt) => new()
    {
        SecondInterrupt = secondInterrupt,
        CreateStreamClient = () => new StreamClient(StreamClientOptions.FromEnvironment()),
        CreateS3Client = (region, profile) => new AmazonS3Client(OwnerConfig(new AmazonS3Config(), region, profile)),
        CreateKmsClient = (region, profile) => new AmazonKeyManagementServiceClient(OwnerConfig(new AmazonKeyManagementServiceConfig(), region, profile)),
        CreateGcsClient = OwnerCredentials.CreateGcsClient,
        CreateAzureClients = (account, container) =>
        {
            var containerUri = new Uri(AzureBlobSettings.BlobServiceUri(account), Uri.EscapeDataString(container));
            return new AzureContainerClients(
                new BlobContainerClient(containerUri, StreamServicePrincipal()),
                new BlobContainerClient(containerUri, new DefaultAzureCredential()));
        },
        RequireOwnerCredentials = OwnerCredentials.RequireAsync,
        CreateCredentialAgeProbe = () => new CredentialAgeProbe(OwnerHttp, OwnerCredentials.TokenAsync, TimeProvider.System),
        // Retried as preflight's reads are: a user's policies take several IAM calls, which IAM throttles. The profile is
        // resolved once for them all: an assume-role or credential_process profile would otherwise be run for each.
        CreateIamUserPolicyProbe = profile =>
        {
            var credentials = new Lazy<AWSCredentials>(() => OwnerCredentials.ResolveAwsProfile(profile));
            return new IamUserPolicyProbe(new AwsRest(PreflightReads, () => credentials.Value, TimeProvider.System));
        },
        CreateAzureResourceProbe = () => new AzureResourceProbe(OwnerHttp, OwnerCredentials.TokenAsync),
        // Both read through preflight's REST client (the ancestry, a key), which says a failure came "after retries".
        CreateGcpAuditLogsProbe = () => new GcpAuditLogsProbe(PreflightReads, OwnerCredentials.TokenAsync),
        CreateCloudKmsKeyProbe = () => new CloudKmsKeyProbe(PreflightReads, OwnerCredentials.TokenAsync),
        CreatePreflightCheckers = () => PreflightCheckers.Create(PreflightReads, new PreflightCheckerOptions()),
        ServicePrincipalClientId = Environment.GetEnvironmentVariable(ServicePrincipalClientIdVariable),
        DefaultS3Region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"),
    };

    private static readonly HttpClient OwnerHttp = new();

    /// <summary>An AWS client's settings for the bucket's region (null: the SDK's default) and a shared-config profile (null: the chain).</summary>
    private static T OwnerConfig<T>(T config, string? region, string? profile)
        where T : ClientConfig
    {
        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (profile is not null)
        {
            config.Profile = new Profile(profile);
        }

        return config;
    }

    /// <summary>Preflight's reads, retried on throttling and server errors.</summary>
    private static readonly HttpClient PreflightReads = PreflightHttp.Create(new PreflightReadOptions());

    private const string ServicePrincipalTenantIdVariable = "STREAM_AZURE_TENANT_ID";
    private const string ServicePrincipalClientIdVariable = "STREAM_AZURE_CLIENT_ID";
    private const string ServicePrincipalClientSecretVariable = "STREAM_AZURE_CLIENT_SECRET";

    /// <summary>Signs in as the service principal registered with Stream; without its variables the doctor would blame Entra.</summary>
    private static ClientSecretCredential StreamServicePrincipal()
    {
        string[] variables = [ServicePrincipalTenantIdVariable, ServicePrincipalClientIdVariable, ServicePrincipalClientSecretVariable];
        var values = variables.Select(Environment.GetEnvironmentVariable).ToArray();
        var missing = variables.Where((_, i) => string.IsNullOrEmpty(values[i])).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The doctor signs in as the service principal registered with Stream: set {string.Join(", ", missing)} (its abs_tenant_id, abs_client_id and abs_client_secret).");
        }

        return new ClientSecretCredential(values[0], values[1], values[2]);
    }
}

internal sealed record AzureContainerClients(BlobContainerClient ServicePrincipal, BlobContainerClient Owner);
