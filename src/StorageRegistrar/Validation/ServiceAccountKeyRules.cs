using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// The Google service-account JSON key that Stream signs in with. Only its shape is checked; nothing
/// from its contents (nor the parser's own messages, which quote the text) ever appears in a problem.
/// </summary>
internal static partial class ServiceAccountKeyRules
{
    private const string ServiceAccountType = "service_account";

    /// <summary>Types of Google credential files that are commonly passed by mistake; anything else is not named.</summary>
    private static readonly HashSet<string> KnownCredentialTypes =
        ["authorized_user", "external_account", "impersonated_service_account", "external_account_authorized_user"];

    public static string? Check(SecretString credentials)
    {
        var json = credentials.Reveal();
        if (string.IsNullOrWhiteSpace(json))
        {
            return "is empty: set it to the whole service-account JSON key file's contents.";
        }

        if (!json.TrimStart().StartsWith('{'))
        {
            return json.TrimEnd().EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? "looks like a file name: pass the contents of the service-account JSON key file, not its path."
                : "is not a JSON object: pass the whole service-account JSON key file's contents.";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): pass the service-account JSON key file's contents unchanged.";
        }

        using (document)
        {
            return CheckKey(document.RootElement);
        }
    }

    private static string? CheckKey(JsonElement key)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            return "is not a JSON object: pass the whole service-account JSON key file's contents.";
        }

        var type = StringProperty(key, "type");
        if (type != ServiceAccountType)
        {
            return type is null
                ? $"has no \"type\" field: pass a service-account key, whose \"type\" is \"{ServiceAccountType}\" (IAM > Service accounts > Keys > Add key > JSON)."
                : $"has \"type\" \"{(KnownCredentialTypes.Contains(type) ? type : "other")}\", not \"{ServiceAccountType}\": Stream needs a service-account key (IAM > Service accounts > Keys > Add key > JSON).";
        }

        var clientEmail = StringProperty(key, "client_email");
        if (clientEmail is null || !Email().IsMatch(clientEmail))
        {
            return "has no valid \"client_email\": pass the service-account key file unchanged; it names the account the key belongs to.";
        }

        if (CheckPrivateKey(StringProperty(key, "private_key")) is { } privateKeyProblem)
        {
            return privateKeyProblem;
        }

        if (key.TryGetProperty("token_uri", out var tokenUri)
            && (tokenUri.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(tokenUri.GetString(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            return "has a \"token_uri\" that is not an absolute URL: use \"https://oauth2.googleapis.com/token\" as in keys Google issues.";
        }

        return null;
    }

    private static string? CheckPrivateKey(string? privateKey)
    {
        if (privateKey is null || !privateKey.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return "has no PEM \"private_key\" (\"-----BEGIN PRIVATE KEY-----...\"): download a new JSON key for the service account and pass it unchanged.";
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(privateKey);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "has a \"private_key\" that is not a readable RSA key (it may have been cut or re-wrapped): download a new JSON key and pass it unchanged.";
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^[\x21-\x3F\x41-\x7E]+@[\x21-\x3F\x41-\x7E]+\.[\x21-\x3F\x41-\x7E]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
