using System.Text.RegularExpressions;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>Finds why Stream's service principal cannot write blobs into a container.</summary>
public static partial class AzureContainerAnalyzer
{
    private static readonly string WriteRoleText =
        $"a role holding {string.Join(" and ", AzureGrants.WriteOnlyDataActions)} (or Storage Blob Data Contributor)";

    public static IReadOnlyList<Finding> Analyze(AzureContainerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.LoginError is { } loginError)
        {
            return [LoginFailure(AadstsCode().Match(loginError) is { Success: true } m ? m.Value : null)];
        }

        if (facts.AccountUnreachable)
        {
            return [new Finding(FindingCodes.AzureAccountUnreachable, FindingSeverity.Problem,
                $"Storage account '{facts.AccountName}' did not answer: it does not exist, or its name is misspelt.",
                "Register the storage with the right abs_account_name: in the stack, the account the storage creates, or its existingAccount.")];
        }

        if (facts.WriteStatus is not { } status)
        {
            return facts.ProbeLeft is { } left ? [ProbeLeft(facts, left)] : [];
        }

        var target = $"'{facts.Container}/{facts.Path}' in account '{facts.AccountName}'";
        return [(status, facts.WriteErrorCode) switch
        {
            (404, "ContainerNotFound") => new Finding(FindingCodes.AzureContainerMissing, FindingSeverity.Problem,
                $"Container '{facts.Container}' does not exist in account '{facts.AccountName}'.",
                "Create the container (pulumi up creates it), or register the storage with the name of an existing container as its bucket."),
            (403, "AuthorizationPermissionMismatch") => new Finding(FindingCodes.AzureRoleMissing, FindingSeverity.Problem,
                $"The service principal logged in but may not write blobs to {target}: it holds no role on the container that allows it.",
                $"Assign it {WriteRoleText} on the container scope with principalType ServicePrincipal (pulumi up does it). New role assignments can take up to 30 minutes to apply."),
            (403, "AuthorizationFailure") => new Finding(FindingCodes.AzureNetworkBlocked, FindingSeverity.Problem,
                $"Account '{facts.AccountName}' refused the request before checking roles: its network rules (public network access off, or a default-deny firewall) block callers outside your network, Stream included.",
                "Allow public network access to the storage account (Stream uploads from its own network); keep HTTPS only, TLS 1.2 and no anonymous blob access."),
            (401, _) => new Finding(FindingCodes.AzureLoginFailed, FindingSeverity.Problem,
                $"Account '{facts.AccountName}' rejected the service principal's token ({facts.WriteErrorCode ?? "HTTP 401"}): the tenant may not be the account's.",
                "Register the storage with the tenant id (abs_tenant_id) of the directory that owns the storage account."),
            _ => new Finding(FindingCodes.AzureWriteFailed, FindingSeverity.Problem,
                $"Writing a probe blob to {target} failed with HTTP {status} {facts.WriteErrorCode}.",
                "Look up the error code in the Azure Blob Storage error codes and fix the account or container accordingly."),
        }];
    }

    private static Finding ProbeLeft(AzureContainerFacts facts, (string Blob, int Status, string? ErrorCode) left) =>
        new(FindingCodes.AzureProbeLeft, FindingSeverity.Warning,
            $"The service principal wrote the doctor's probe blob '{left.Blob}' in container '{facts.Container}', and your credentials could not delete it (HTTP {left.Status} {left.ErrorCode}).",
            left.ErrorCode == "BlobImmutableDueToPolicy"
                ? "The container's immutability policy keeps it as it keeps recordings: delete it once the policy lets you."
                : "Delete it with an identity holding Storage Blob Data Contributor on the container, and run the doctor with such credentials.");

    private static Finding LoginFailure(string? code) => code switch
    {
        "AADSTS7000222" => new Finding(FindingCodes.AzureSecretExpired, FindingSeverity.Problem,
            "The service principal's client secret has expired (AADSTS7000222), so Stream can no longer log in.",
            CredentialAgeAnalyzer.RotateFix),
        "AADSTS7000215" => new Finding(FindingCodes.AzureSecretInvalid, FindingSeverity.Problem,
            "The client secret is not valid for this service principal (AADSTS7000215): it was mistyped, or the secret id was given instead of its value.",
            CredentialAgeAnalyzer.RotateFix + " A storage registered by hand takes the secret's value, not its id."),
        "AADSTS700016" => new Finding(FindingCodes.AzureAppNotFound, FindingSeverity.Problem,
            "No application with this client id exists in the tenant (AADSTS700016): it was deleted, or the client id or tenant id is wrong.",
            "Register the storage with the application (client) id of an app registered in the same tenant as abs_tenant_id."),
        "AADSTS90002" or "AADSTS900023" => new Finding(FindingCodes.AzureTenantNotFound, FindingSeverity.Problem,
            $"The tenant does not exist or is misspelt ({code}).",
            "Register the storage with the directory (tenant) id of the tenant that owns the service principal."),
        _ => new Finding(FindingCodes.AzureLoginFailed, FindingSeverity.Problem,
            $"The service principal could not log in to Entra ID{(code is null ? "" : $" ({code})")}.",
            "Check abs_tenant_id, abs_client_id and abs_client_secret of the storage against the app registration."),
    };

    [GeneratedRegex(@"AADSTS[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsCode();
}
