using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Login errors are ClientSecretCredential messages as Entra ID words them; write errors are Blob service error codes.</summary>
public sealed class AzureContainerAnalyzerTests
{
    private static AzureContainerFacts Facts() => new() { AccountName = "acmerecordings", Container = "recordings", Path = "video/" };

    [Theory]
    [InlineData("ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys for app '6f1c2c4e-1f7b-4d39-9a53-0d2a4f1b6e11' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds. Trace ID: 0b6a1e2c-4d3f-4e1a-9c55-2f7b8d9e1a00 Correlation ID: 7c1e9f2a-3b4d-4c5e-8f6a-1b2c3d4e5f60 Timestamp: 2026-11-02 08:14:55Z", FindingCodes.AzureSecretExpired)]
    [InlineData("ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '6f1c2c4e-1f7b-4d39-9a53-0d2a4f1b6e11'.", FindingCodes.AzureSecretInvalid)]
    [InlineData("ClientSecretCredential authentication failed: AADSTS700016: Application with identifier '6f1c2c4e-1f7b-4d39-9a53-0d2a4f1b6e11' was not found in the directory 'Acme'.", FindingCodes.AzureAppNotFound)]
    [InlineData("ClientSecretCredential authentication failed: AADSTS90002: Tenant '3e1d2c4b-0000-4000-8000-000000000000' not found.", FindingCodes.AzureTenantNotFound)]
    [InlineData("ClientSecretCredential authentication failed: Service request failed.\nStatus: 401 (Unauthorized)", FindingCodes.AzureLoginFailed)]
    public void Login_errors_map_to_their_cause(string loginError, string code)
    {
        var finding = Assert.Single(AzureContainerAnalyzer.Analyze(Facts() with { LoginError = loginError }));

        Assert.Equal(code, finding.Code);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.DoesNotContain("Trace ID", finding.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AADSTS7000222: The provided client secret keys for app 'x' are expired.")]
    [InlineData("AADSTS7000215: Invalid client secret provided.")]
    public void An_expired_or_invalid_secret_is_fixed_by_the_stacks_rotation_which_hands_stream_the_new_one(string loginError)
    {
        var finding = Assert.Single(AzureContainerAnalyzer.Analyze(Facts() with { LoginError = loginError }));

        Assert.StartsWith("Set credentialRotation of the storage in the stack to a new value", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "AuthorizationPermissionMismatch", FindingCodes.AzureRoleMissing)]
    [InlineData(403, "AuthorizationFailure", FindingCodes.AzureNetworkBlocked)]
    [InlineData(404, "ContainerNotFound", FindingCodes.AzureContainerMissing)]
    [InlineData(401, "InvalidAuthenticationInfo", FindingCodes.AzureLoginFailed)]
    [InlineData(409, "BlobImmutableDueToPolicy", FindingCodes.AzureWriteFailed)]
    public void Write_errors_map_to_their_cause(int status, string errorCode, string code) =>
        Assert.Equal(code, Assert.Single(AzureContainerAnalyzer.Analyze(Facts() with { WriteStatus = status, WriteErrorCode = errorCode })).Code);

    [Fact]
    public void A_missing_role_names_the_least_actions_and_the_delay()
    {
        var finding = Assert.Single(AzureContainerAnalyzer.Analyze(Facts() with { WriteStatus = 403, WriteErrorCode = "AuthorizationPermissionMismatch" }));

        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("30 minutes", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_account_is_a_problem() =>
        Assert.Equal(FindingCodes.AzureAccountUnreachable, Assert.Single(AzureContainerAnalyzer.Analyze(Facts() with { AccountUnreachable = true })).Code);

    [Fact]
    public void A_successful_write_has_no_finding() =>
        Assert.Empty(AzureContainerAnalyzer.Analyze(Facts()));
}
