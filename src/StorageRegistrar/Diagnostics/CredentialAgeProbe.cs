using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using StorageRegistrar.Declarations;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Lists the credentials of the identity Stream signs in as, with the owner's credentials, for
/// <see cref="CredentialAgeAnalyzer"/>. Only reads, and reads only metadata: ids and dates.
/// </summary>
/// <param name="http">Sends the requests; its base address is not used.</param>
/// <param name="ownerToken">The owner's bearer token for the given scope (Google's cloud-platform scope or Graph's <c>.default</c>).</param>
/// <param name="timeProvider">The clock ages are measured against.</param>
public sealed class CredentialAgeProbe(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken, TimeProvider timeProvider)
{
    public const string GoogleScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>Google IAM's REST root; tests point it at a local server.</summary>
    public Uri IamEndpoint { get; init; } = new("https://iam.googleapis.com/");

    public Uri GraphEndpoint { get; init; } = new("https://graph.microsoft.com/");

    /// <summary>AWS IAM's endpoint; null: the one of the bucket region's partition. Tests point it at a local server.</summary>
    public Uri? AwsIamEndpoint { get; init; }

    /// <summary>The owner's AWS credentials for a shared-config profile (null: the default chain), which sign the IAM request.</summary>
    public Func<string?, AWSCredentials> AwsCredentials { get; init; } = OwnerCredentials.ResolveAwsProfile;

    /// <summary>A GCS service account's user-managed keys (IAM <c>keys.list</c>; the key material is never returned).</summary>
    public Task<CredentialAgeFacts> GatherGcsAsync(string serviceAccountEmail, int? maxAgeDays, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountEmail);
        var uri = new Uri(IamEndpoint, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccountEmail)}/keys?keyTypes=USER_MANAGED");
        return GatherAsync(CredentialKind.GcsServiceAccountKey, uri, BearerFor(GoogleScope), CredentialAgeFacts.FromGcsKeyList, JsonErrorMessage, maxAgeDays, cancellationToken);
    }

    /// <summary>An Entra application's client secrets (Graph <c>passwordCredentials</c>; Graph never returns their values).</summary>
    public Task<CredentialAgeFacts> GatherAzureAsync(string clientId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var uri = new Uri(GraphEndpoint, $"v1.0/applications(appId='{Uri.EscapeDataString(clientId)}')?$select=passwordCredentials");
        return GatherAsync(CredentialKind.AzureClientSecret, uri, BearerFor(GraphScope), CredentialAgeFacts.FromGraphPasswordCredentials, JsonErrorMessage, maxAgeDays: null, cancellationToken);
    }

    /// <summary>
    /// An IAM user's access keys (IAM <c>ListAccessKeys</c>, which returns ids, status and creation dates, never
    /// secrets), signed with Signature Version 4 by the AWS SDK. IAM is global within a partition; the bucket's
    /// region only tells which partition.
    /// </summary>
    /// <param name="awsProfile">The owner's shared-config profile for this storage; null: the default chain.</param>
    public Task<CredentialAgeFacts> GatherS3Async(
        string iamUserName, string? bucketRegion, int? maxAgeDays, string? awsProfile = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(iamUserName);
        var (endpoint, signingRegion) = AwsIam.For(bucketRegion);
        var uri = AwsIam.Query(AwsIamEndpoint ?? endpoint, "ListAccessKeys", ("UserName", iamUserName));
        return GatherAsync(CredentialKind.AwsAccessKey, uri, (request, ct) => SignAsync(request, signingRegion, awsProfile, ct), CredentialAgeFacts.FromIamAccessKeyList, XmlErrorMessage, maxAgeDays, cancellationToken);
    }

    private Func<HttpRequestMessage, CancellationToken, Task> BearerFor(string scope) => async (request, cancellationToken) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ownerToken(scope, cancellationToken).ConfigureAwait(false));

    private Task SignAsync(HttpRequestMessage request, RegionEndpoint signingRegion, string? awsProfile, CancellationToken cancellationToken) =>
        AwsSigning.SignAsync(request, AwsCredentials(awsProfile), signingRegion, AwsIam.SigningName, timeProvider.GetUtcNow().UtcDateTime, cancellationToken);

    private async Task<CredentialAgeFacts> GatherAsync(
        CredentialKind kind,
        Uri uri,
        Func<HttpRequestMessage, CancellationToken, Task> authorize,
        Func<string, IReadOnlyList<CredentialValidity>> read,
        Func<string, string?> errorMessage,
        int? maxAgeDays,
        CancellationToken cancellationToken)
    {
        var facts = new CredentialAgeFacts { Kind = kind, MaxAgeDays = maxAgeDays, Now = timeProvider.GetUtcNow() };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        try
        {
            await authorize(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            // Each SDK signals a missing sign-in with its own exception; the ages are only a side check.
            return facts with { ListError = $"no owner sign-in: {e.Message}" };
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return facts with { ListError = $"HTTP {(int)response.StatusCode} {errorMessage(body)}".TrimEnd() };
            }

            return facts with { Credentials = read(body) };
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or XmlException or FormatException or InvalidOperationException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, timed out, or an answer of another shape (a proxy's page): the ages are not known, the rest of the report stands.
            return facts with { ListError = $"the read failed: {e.Message}" };
        }
    }

    /// <summary>Google and Graph both answer <c>{"error": {"message": ...}}</c>; preflight's Google reads too.</summary>
    internal static string? JsonErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>IAM and STS answer <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>, S3 Control <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>; preflight's AWS reads too.</summary>
    internal static string? XmlErrorMessage(string body)
    {
        try
        {
            var error = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            return code is null ? message : $"{code}: {message}".TrimEnd(' ', ':');
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
