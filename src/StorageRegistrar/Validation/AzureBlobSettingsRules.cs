using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// The <c>azureBlob</c> block: the storage account and the service principal (app registration)
/// that Stream signs in as. All four values are required by Stream.
/// </summary>
internal static class AzureBlobSettingsRules
{
    public static void Check(AzureBlobSettings settings, List<ValidationProblem> problems)
    {
        if (BucketNameRules.CheckAzureAccountName(settings.AccountName) is { } accountProblem)
        {
            problems.Add(new(DeclarationFields.AzureBlobAccountName, accountProblem));
        }

        if (CheckGuid(settings.ClientId, "the app registration's Application (client) ID") is { } clientIdProblem)
        {
            problems.Add(new(DeclarationFields.AzureBlobClientId, clientIdProblem));
        }

        if (CheckClientSecret(settings.ClientSecret) is { } secretProblem)
        {
            problems.Add(new(DeclarationFields.AzureBlobClientSecret, secretProblem));
        }

        if (CheckGuid(settings.TenantId, "the Directory (tenant) ID") is { } tenantProblem)
        {
            problems.Add(new(DeclarationFields.AzureBlobTenantId, tenantProblem));
        }
    }

    private static string? CheckGuid(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"is required: set {what}, a GUID such as \"00000000-0000-0000-0000-000000000000\".";
        }

        return Guid.TryParseExact(value, "D", out _)
            ? null
            : $"is not a GUID: set {what} in the form \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\".";
    }

    private static string? CheckClientSecret(SecretString? secret)
    {
        if (secret is null || secret.Length == 0)
        {
            return "is required: set the value of a client secret of the app registration (Certificates & secrets).";
        }

        var value = secret.Reveal();
        if (Guid.TryParseExact(value, "D", out _))
        {
            // The portal shows a secret's ID (a GUID) next to its value; the ID is a common wrong paste.
            return "looks like the client secret's ID (a GUID), not its value: copy the Value column when the secret is created.";
        }

        return value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? "contains spaces or control characters: paste the client secret's value exactly."
            : null;
    }
}
