using Amazon.Runtime;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Preflight;

/// <summary>
/// Where preflight reads each cloud's guardrails: the clouds' own endpoints unless set. A local world sets each cloud's
/// root to its stand-in, which answers all of that cloud's APIs.
/// </summary>
/// <param name="Google">Org Policy and Resource Manager.</param>
/// <param name="Aws">STS, IAM and S3 Control.</param>
/// <param name="Azure">Microsoft Graph, Resource Manager and Policy Insights.</param>
public sealed record PreflightEndpoints(Uri? Google = null, Uri? Aws = null, Uri? Azure = null)
{
    /// <summary>The clouds' own endpoints.</summary>
    public static PreflightEndpoints Clouds { get; } = new();
}

/// <summary>Preflight's checker per cloud, reading through one HTTP client with the owner's credentials: the one place they are put together.</summary>
public static class PreflightCheckers
{
    /// <param name="http">Sends every read (<see cref="PreflightHttp.Create"/>).</param>
    /// <param name="ownerToken">The owner's bearer token for a scope: Google's, Graph's or Resource Manager's.</param>
    /// <param name="awsCredentials">The owner's AWS credentials, which sign the AWS reads.</param>
    public static IReadOnlyList<IGuardrailChecker> Create(
        HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken, Func<AWSCredentials> awsCredentials, PreflightEndpoints endpoints, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var aws = new AwsRest(http, awsCredentials, timeProvider);
        return
        [
            new GcpGuardrailChecker(
                endpoints.Google is { } google ? new OrgPolicyClient(http, ownerToken) { Endpoint = google } : new OrgPolicyClient(http, ownerToken),
                endpoints.Google is { } manager ? new ProjectPermissionsClient(http, ownerToken) { Endpoint = manager } : new ProjectPermissionsClient(http, ownerToken)),
            new AwsGuardrailChecker(
                new CallerIdentityClient(aws) { Endpoint = endpoints.Aws },
                new PolicySimulatorClient(aws) { Endpoint = endpoints.Aws },
                new AccountPublicAccessBlockClient(aws) { Endpoint = endpoints.Aws }),
            new AzureGuardrailChecker(
                endpoints.Azure is { } graph ? new EntraAppRegistrationClient(http, ownerToken) { Endpoint = graph } : new EntraAppRegistrationClient(http, ownerToken),
                endpoints.Azure is { } arm ? new ArmPermissionsClient(http, ownerToken) { Endpoint = arm } : new ArmPermissionsClient(http, ownerToken),
                endpoints.Azure is { } insights ? new PolicyRestrictionsClient(http, ownerToken) { Endpoint = insights } : new PolicyRestrictionsClient(http, ownerToken)),
        ];
    }
}
