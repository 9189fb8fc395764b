using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Preflight;

/// <summary>
/// Where preflight's checkers read and as whom. The defaults are the owner's credential chains, the same the clouds'
/// Pulumi providers sign in with: the AWS SDK's default chain, Google application default credentials and
/// <c>DefaultAzureCredential</c>, against the clouds' own endpoints.
/// </summary>
public sealed class PreflightCheckerOptions
{
    /// <summary>The owner's bearer token for a scope (Google's, Microsoft Graph's, Resource Manager's).</summary>
    public Func<string, CancellationToken, Task<string>> OwnerToken { get; init; } = OwnerCredentials.TokenAsync;

    /// <summary>The owner's AWS credentials, resolved at each signing.</summary>
    public Func<AWSCredentials> AwsCredentials { get; init; } = () => OwnerCredentials.ResolveAwsProfile(null);

    /// <summary>The root the Org Policy and Resource Manager APIs answer under; null: Google's own.</summary>
    public Uri? GoogleEndpoint { get; init; }

    /// <summary>The root STS, IAM, Organizations and S3 Control answer under; null: AWS's own, per partition and region.</summary>
    public Uri? AwsEndpoint { get; init; }

    /// <summary>The root Microsoft Graph, Resource Manager and Policy Insights answer under; null: Azure's own.</summary>
    public Uri? AzureEndpoint { get; init; }

    /// <summary>The clock AWS requests are signed with, and Entra's app management restrictions are dated by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Preflight's checker per cloud, made in one place for every caller (<c>stream-storage preflight</c> and the Pulumi
/// program): fresh per run, so that reads are cached per run.
/// </summary>
public static class PreflightCheckers
{
    /// <summary>Reads through <paramref name="http"/>, which should retry as <see cref="PreflightHttp.Create"/> does.</summary>
    public static IReadOnlyList<IGuardrailChecker> Create(HttpClient http, PreflightCheckerOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var token = options.OwnerToken;
        var aws = new AwsRest(http, options.AwsCredentials, options.TimeProvider);
        async Task<StorageClient> OwnerGcs(CancellationToken cancellationToken) => options.GoogleEndpoint is { } endpoint
            ? new StorageClientBuilder
            {
                BaseUri = new Uri(endpoint, "storage/v1/").ToString(),
                Credential = GoogleCredential.FromAccessToken(await token(CredentialAgeProbe.GoogleScope, cancellationToken).ConfigureAwait(false)),
            }.Build()
            : OwnerCredentials.CreateGcsClient();
        AzureResourceProbe AzureAccounts() => options.AzureEndpoint is { } arm ? new AzureResourceProbe(http, token) { ArmEndpoint = arm } : new AzureResourceProbe(http, token);

        return
        [
            new GcpGuardrailChecker(
                new OrgPolicyClient(http, token) { Endpoint = options.GoogleEndpoint ?? OrgPolicyClient.DefaultEndpoint },
                new ResourceManagerClient(http, token) { Endpoint = options.GoogleEndpoint ?? ResourceManagerClient.DefaultEndpoint },
                OwnerGcs,
                new CloudKmsClient(http, token) { Endpoint = options.GoogleEndpoint ?? CloudKmsClient.DefaultEndpoint }),
            new AwsGuardrailChecker(
                new CallerIdentityClient(aws) { Endpoint = options.AwsEndpoint },
                new IamRoleClient(aws) { Endpoint = options.AwsEndpoint },
                new OrganizationClient(aws) { Endpoint = options.AwsEndpoint },
                new PolicySimulatorClient(aws) { Endpoint = options.AwsEndpoint },
                new AccountPublicAccessBlockClient(aws) { Endpoint = options.AwsEndpoint }),
            new AzureGuardrailChecker(
                new EntraAppRegistrationClient(http, token) { Endpoint = options.AzureEndpoint ?? EntraAppRegistrationClient.DefaultEndpoint },
                new ArmPermissionsClient(http, token) { Endpoint = options.AzureEndpoint ?? ArmPermissionsClient.DefaultEndpoint },
                new PolicyRestrictionsClient(http, token) { Endpoint = options.AzureEndpoint ?? PolicyRestrictionsClient.DefaultEndpoint },
                AzureAccounts())
            {
                TimeProvider = options.TimeProvider,
            },
            new ExistingBucketChecker(
                region => new AmazonS3Client(options.AwsCredentials(), options.AwsEndpoint is { } endpoint
                    ? new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = region }
                    : new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }),
                OwnerGcs,
                AzureAccounts()),
        ];
    }
}
