using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Azure.Core;
using Azure.Identity;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Verification;

/// <summary>
/// The owner's credentials from each SDK's default chain, resolved before the first request, so that finding
/// none is one <see cref="OwnerCredentialsMissingException"/> saying where the SDK looked and how to provide
/// them rather than the SDK's own report from inside a request.
/// </summary>
public static partial class OwnerCredentials
{
    private const string AwsProfileVariable = "AWS_PROFILE";
    private const string GoogleCredentialsVariable = "GOOGLE_APPLICATION_CREDENTIALS";

    /// <summary>
    /// Throws <see cref="OwnerCredentialsMissingException"/> when the default chain for <paramref name="storageType"/>
    /// has nothing. Azure's <c>DefaultAzureCredential</c> only knows once it has a token, so for Azure Blob storages
    /// one is asked for: a sign-in that is found but gets no token is as useless for the check file.
    /// </summary>
    /// <param name="awsProfile">S3: the shared-config profile to use instead of the chain's choice; null: the chain's.</param>
    public static async Task RequireAsync(string storageType, string? awsProfile = null, CancellationToken cancellationToken = default)
    {
        switch (storageType)
        {
            case StorageTypes.S3:
                await FetchAwsAsync(ResolveAwsProfile(awsProfile), awsProfile).ConfigureAwait(false);
                break;
            case StorageTypes.Gcs:
                await RequireGoogleAsync(() => GoogleCredential.GetApplicationDefaultAsync(cancellationToken)).ConfigureAwait(false);
                break;
            case StorageTypes.Abs:
                await RequireAzureAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The AWS SDK's default chain, for the profile <paramref name="config"/> names if any.</summary>
    public static AWSCredentials ResolveAws(IClientConfig? config = null)
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
        }
        catch (AmazonClientException e)
        {
            throw new OwnerCredentialsMissingException(StorageTypes.S3, AwsMissing(e, config?.Profile?.Name), e);
        }
    }

    /// <summary>The credentials of a shared-config profile, or the default chain's when <paramref name="profile"/> is null.</summary>
    public static AWSCredentials ResolveAwsProfile(string? profile) =>
        // Any client's configuration carries the profile to the resolver; S3's is at hand.
        ResolveAws(profile is null ? null : new AmazonS3Config { Profile = new Profile(profile) });

    /// <summary>
    /// One for the process: the credential caches its tokens, so parallel reads neither run <c>az account get-access-token</c>
    /// nor ask Entra once each.
    /// </summary>
    private static readonly Lazy<DefaultAzureCredential> AzureOwner = new(() => new DefaultAzureCredential());

    /// <summary>
    /// The owner's bearer token for a REST API's scope: <c>DefaultAzureCredential</c> for Microsoft Graph, Azure Resource
    /// Manager and Key Vault, Google application default credentials for Google's cloud-platform scope. Any other scope
    /// is refused rather than given to either cloud's credentials, so that no token goes where it does not belong.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scope"/> is none of those.</exception>
    public static async Task<string> TokenAsync(string scope, CancellationToken cancellationToken)
    {
        switch (CloudOf(scope))
        {
            case StorageTypes.Abs:
                var token = await AzureOwner.Value.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
                return token.Token;
            case StorageTypes.Gcs:
                var google = (await RequireGoogleAsync(() => GoogleCredential.GetApplicationDefaultAsync(cancellationToken)).ConfigureAwait(false)).CreateScoped(scope);
                return await ((ITokenAccess)google).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, "No owner sign-in is known for this token scope.");
        }
    }

    /// <summary>Whose sign-in a token scope takes: <see cref="StorageTypes.Abs"/> (Azure), <see cref="StorageTypes.Gcs"/> (Google), or null for a scope of neither.</summary>
    public static string? CloudOf(string scope) =>
        scope is CredentialAgeProbe.GraphScope or AzureResourceProbe.ArmScope || KeyVaultKeyId.VaultScopes.Contains(scope) ? StorageTypes.Abs
        : scope == CredentialAgeProbe.GoogleScope ? StorageTypes.Gcs
        : null;

    /// <summary>A storage client signed in with Google application default credentials.</summary>
    public static StorageClient CreateGcsClient() => RequireGoogle(() => StorageClient.Create());

    /// <summary>
    /// Asks the credentials found for their keys: a profile that runs a credential_process, signs in with SSO or assumes a
    /// role is found whatever state it is in, and fails only when asked.
    /// </summary>
    private static async Task FetchAwsAsync(AWSCredentials credentials, string? configuredProfile)
    {
        try
        {
            await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or ProcessAWSCredentialException)
        {
            var profile = configuredProfile ?? Environment.GetEnvironmentVariable(AwsProfileVariable);
            var whose = profile is { Length: > 0 } ? $"The AWS profile '{UnsafeText.Escape(profile)}'" : "The AWS credentials found";
            // A credential_process's own output may hold keys, so its report is not repeated.
            var why = e is ProcessAWSCredentialException
                ? "its credential_process failed or printed no credentials (run it yourself to see why)"
                : $"{e.GetType().Name}: {UnsafeText.Escape(e.Message)}";
            throw new OwnerCredentialsMissingException(
                StorageTypes.S3,
                $"{whose} gave no keys for your own access to the bucket: {why}. Sign in again (for example 'aws sso login'), or choose another profile.",
                e);
        }
    }

    private static string AwsMissing(AmazonClientException e, string? configuredProfile)
    {
        const string files = "the shared credentials and config files (~/.aws/credentials and ~/.aws/config, or where AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point)";
        if (configuredProfile is not null)
        {
            return $"The AWS profile '{configuredProfile}' given for this storage (--aws-profile) has no usable credentials in {files}. " +
                $"Create it with 'aws configure --profile {configuredProfile}', or name an existing profile.";
        }

        if (e is ProfileNotFoundException && Environment.GetEnvironmentVariable(AwsProfileVariable) is { Length: > 0 } profile)
        {
            return $"{AwsProfileVariable} names the profile '{profile}', which is not in {files}. " +
                $"Create it with 'aws configure --profile {profile}' (or 'aws configure sso'), or set {AwsProfileVariable} to an existing profile.";
        }

        return "No AWS credentials found for your own access to the bucket. The AWS SDK looked, in this order, at: " +
            "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary keys); " +
            "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN); " +
            $"the profile {AwsProfileVariable} names (else 'default') in {files}; " +
            "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI); " +
            "the EC2 instance metadata service. " +
            $"Run 'aws configure' (or 'aws configure sso' and 'aws sso login') and set {AwsProfileVariable} to the profile's name, " +
            "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.";
    }

    private static async Task RequireAzureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await new DefaultAzureCredential().GetTokenAsync(new TokenRequestContext([AzureStorageScope]), cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException e)
        {
            // CredentialUnavailableException, the chain finding nothing, is one too.
            throw AzureMissing(e);
        }
    }

    /// <summary>
    /// What DefaultAzureCredential's failure means to the owner. Its own report names the tenant, the application and
    /// Entra's trace; the sign-in that failed and Entra's error code are what the owner acts on.
    /// </summary>
    internal static OwnerCredentialsMissingException AzureMissing(Exception e)
    {
        var report = e.ToString();
        var answer = AadstsCode().Match(report) is { Success: true } code ? $" (Entra answered {code.Value})" : "";
        var what = e switch
        {
            // Every sign-in of the chain is missing, or (a developer tool's) failed and was passed over.
            CredentialUnavailableException when answer.Length > 0 =>
                $"No Azure sign-in got a token for your own access to the container{answer}. {AzureChain} Renew the sign-in Entra refused ('az login' again).",
            CredentialUnavailableException => $"No Azure credentials found for your own access to the container. {AzureChain}",
            // A sign-in was found and failed: the chain stops there rather than trying the next.
            _ =>
                $"DefaultAzureCredential tried {(FailedAzureCredential().Match(report) is { Success: true } source ? source.Groups[1].Value : "a sign-in")} " +
                $"for your own access to the container and got no token{answer}; it stops at the first sign-in it finds. {AzureChain} " +
                "Renew that sign-in ('az login' again, or a valid AZURE_CLIENT_SECRET), or name the one to use with AZURE_TOKEN_CREDENTIALS (e.g. AzureCliCredential).",
        };
        return new OwnerCredentialsMissingException(StorageTypes.Abs, $"{what} {AzureHowTo}", e);
    }

    private const string AzureStorageScope = "https://storage.azure.com/.default";

    private const string AzureChain = "DefaultAzureCredential looked, in this order, at: " +
        "the environment variables AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH); " +
        "a workload identity (AZURE_FEDERATED_TOKEN_FILE); " +
        "a managed identity (IDENTITY_ENDPOINT, or the instance metadata service); " +
        "Visual Studio's sign-in; the Azure CLI ('az login'); Azure PowerShell ('Connect-AzAccount'); the Azure Developer CLI ('azd auth login').";

    private const string AzureHowTo =
        "Run 'az login', or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET to a principal of your own that may read and delete blobs in the container " +
        "(Stream's principal is given to the doctor as STREAM_AZURE_*, never as AZURE_*).";

    [GeneratedRegex(@"AADSTS\d+")]
    private static partial Regex AadstsCode();

    [GeneratedRegex(@"\b(\w+Credential) authentication failed")]
    private static partial Regex FailedAzureCredential();

    /// <summary>The Google SDK reports a missing or unreadable credential file alike, with InvalidOperationException.</summary>
    private static T RequireGoogle<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (InvalidOperationException e)
        {
            throw GoogleMissing(e);
        }
    }

    private static async Task<GoogleCredential> RequireGoogleAsync(Func<Task<GoogleCredential>> resolve)
    {
        try
        {
            return await resolve().ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw GoogleMissing(e);
        }
    }

    private static OwnerCredentialsMissingException GoogleMissing(InvalidOperationException e) =>
        new(StorageTypes.Gcs, GoogleMissingMessage(e), e);

    private static string GoogleMissingMessage(InvalidOperationException e)
    {
        const string howTo = $"Run 'gcloud auth application-default login', or set {GoogleCredentialsVariable} to a service-account key or credential configuration file.";
        if (e.InnerException is not null)
        {
            // A file was found but not read; which one, the variable decides. The SDK's own text may quote the file, so it stays out.
            var file = Environment.GetEnvironmentVariable(GoogleCredentialsVariable) is { Length: > 0 } path
                ? $"The file {GoogleCredentialsVariable} names ('{path}')"
                : "gcloud's application_default_credentials.json";
            return $"{file} is not a readable Google credential file. {howTo}";
        }

        return "No Google application default credentials found for your own access to the bucket. The Google SDK looked, in this order, at: " +
            $"the file {GoogleCredentialsVariable} names; " +
            "gcloud's application_default_credentials.json (in ~/.config/gcloud, or %APPDATA%\\gcloud on Windows); " +
            "the Compute Engine metadata server. " + howTo;
    }
}
