using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>One credential of the identity Stream signs in as, as its cloud lists it.</summary>
/// <param name="Id">The key or secret id (never the secret itself).</param>
/// <param name="CreatedAt">When it became valid: AWS <c>CreateDate</c>, GCS <c>validAfterTime</c>, Entra <c>startDateTime</c>.</param>
/// <param name="ExpiresAt">When it stops working, or null when it never does.</param>
/// <param name="Enabled">False for a key its owner deactivated (AWS <c>Status</c> Inactive, GCS <c>disabled</c>), with which no one signs in.</param>
public sealed record CredentialValidity(string Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Enabled = true);

/// <summary>
/// The credentials of the identity Stream holds a credential of, and the age its owner allows.
/// The doctor reads them with the owner's credentials: an IAM user's access keys (AWS IAM
/// <c>ListAccessKeys</c>), a GCS service account's user-managed keys (Google IAM <c>keys.list</c>), an Entra
/// application's client secrets (Graph <c>passwordCredentials</c>).
/// </summary>
public sealed record CredentialAgeFacts
{
    public required CredentialKind Kind { get; init; }

    /// <summary>Every credential the identity has: two while a rotation is under way or left half done.</summary>
    public IReadOnlyList<CredentialValidity> Credentials { get; init; } = [];

    /// <summary>The stack's <c>credentialMaxAgeDays</c>, when the operator gives it.</summary>
    public int? MaxAgeDays { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Why the credentials could not be listed (HTTP status and the cloud's message); null when they were.</summary>
    public string? ListError { get; init; }

    /// <summary>GCS marks a key that never expires with this <c>validBeforeTime</c>.</summary>
    private static readonly DateTimeOffset GcsNeverExpires = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The user-managed keys in an IAM <c>projects.serviceAccounts.keys.list</c> answer; Google's own system keys are left out.</summary>
    public static IReadOnlyList<CredentialValidity> FromGcsKeyList(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("keys", out var keys))
        {
            return [];
        }

        return
        [
            .. keys.EnumerateArray()
                .Where(k => !k.TryGetProperty("keyType", out var type) || type.GetString() == "USER_MANAGED")
                .Select(k =>
                {
                    var validBefore = k.TryGetProperty("validBeforeTime", out var before) ? before.GetDateTimeOffset() : (DateTimeOffset?)null;
                    return new CredentialValidity(
                        k.GetProperty("name").GetString()!.Split('/')[^1],
                        k.GetProperty("validAfterTime").GetDateTimeOffset(),
                        validBefore >= GcsNeverExpires ? null : validBefore,
                        Enabled: !(k.TryGetProperty("disabled", out var disabled) && disabled.ValueKind == JsonValueKind.True));
                }),
        ];
    }

    /// <summary>The client secrets in a Graph answer for an application's <c>passwordCredentials</c>.</summary>
    public static IReadOnlyList<CredentialValidity> FromGraphPasswordCredentials(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("passwordCredentials", out var passwords))
        {
            return [];
        }

        return
        [
            .. passwords.EnumerateArray().Select(p => new CredentialValidity(
                p.GetProperty("keyId").GetString()!,
                p.GetProperty("startDateTime").GetDateTimeOffset(),
                p.TryGetProperty("endDateTime", out var end) && end.ValueKind == JsonValueKind.String ? end.GetDateTimeOffset() : null)),
        ];
    }

    /// <summary>
    /// The keys in an IAM <c>ListAccessKeys</c> answer, active or not: an inactive key is still one of the user's two.
    /// A user has at most two, so the answer is never truncated.
    /// </summary>
    public static IReadOnlyList<CredentialValidity> FromIamAccessKeyList(string xml)
    {
        var document = XDocument.Parse(xml);
        return
        [
            .. document.Descendants().Where(e => e.Name.LocalName == "AccessKeyMetadata")
                .SelectMany(list => list.Elements())
                .Select(member => new CredentialValidity(
                    Child(member, "AccessKeyId"),
                    DateTimeOffset.Parse(Child(member, "CreateDate"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    ExpiresAt: null,
                    Enabled: Child(member, "Status") != "Inactive")),
        ];

        static string Child(XElement parent, string name) =>
            parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw new FormatException($"IAM listed an access key without {name}.");
    }
}
