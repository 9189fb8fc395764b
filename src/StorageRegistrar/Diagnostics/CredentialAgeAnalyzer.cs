using System.Globalization;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Warns before the credential Stream holds reaches its expiry or the age its owner allows it, and
/// names the stack setting that rotates it. Stream holds the newest credential once a rotation has
/// passed its check; older ones are leftovers of a rotation that stopped half way. A key its owner
/// deactivated signs no one in, so the newest of the others is taken for Stream's.
/// </summary>
public static class CredentialAgeAnalyzer
{
    /// <summary>How many days ahead of an expiry or age limit the doctor warns.</summary>
    public const int WarningDays = 14;

    /// <summary>How a credential the stack made is replaced: the stack's own rotation, which also hands Stream the new one.</summary>
    internal const string RotateFix =
        "Set credentialRotation of the storage in the stack to a new value (today's date, say) and run pulumi up: the new credential is created, Stream's storage is updated with it and checked, then the old one is deleted.";

    public static IReadOnlyList<Finding> Analyze(CredentialAgeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.ListError is { } error)
        {
            return [new Finding(FindingCodes.CredentialAgeUnreadable, FindingSeverity.Warning,
                $"The {Describe(facts.Kind)}s could not be listed ({error}), so their age and expiry were not checked.",
                UnreadableFix(facts.Kind))];
        }

        if (facts.Credentials.Count == 0)
        {
            // Never a pass: an identity without a credential signs no one in.
            return [new Finding(FindingCodes.CredentialNone, FindingSeverity.Problem,
                $"The identity has no {Describe(facts.Kind)}: the one Stream holds was deleted, so Stream can no longer sign in with it, or the identity named is not Stream's.",
                $"Name the identity the stack made for Stream (the stack output doctorArguments gives it), or: {RotateFix}")];
        }

        var findings = new List<Finding>();
        if (facts.Credentials.Where(c => c.Enabled).MaxBy(c => c.CreatedAt) is not { } current)
        {
            return [new Finding(FindingCodes.CredentialDisabled, FindingSeverity.Problem,
                $"Every {Describe(facts.Kind)} of the identity is deactivated ({string.Join(", ", facts.Credentials.Select(c => $"'{c.Id}'"))}): Stream can no longer sign in with the one it holds.",
                $"Reactivate the key Stream holds ({ReactivateHow(facts.Kind)}), or: {RotateFix}")];
        }

        var what = $"The {Describe(facts.Kind)} '{current.Id}'";
        if (current.ExpiresAt is { } expiresAt)
        {
            var daysLeft = (expiresAt - facts.Now).TotalDays;
            if (daysLeft <= 0)
            {
                findings.Add(new Finding(FindingCodes.CredentialExpired, FindingSeverity.Problem,
                    $"{what} expired on {Day(expiresAt)}: Stream can no longer sign in with it.", RotateFix + ExpiryHint(facts.Kind)));
            }
            else if (daysLeft <= WarningDays)
            {
                findings.Add(new Finding(FindingCodes.CredentialExpiring, FindingSeverity.Warning,
                    $"{what} expires on {Day(expiresAt)}, in {DayCount.Of((long)Math.Ceiling(daysLeft))}: Stream's uploads fail from then on.", RotateFix + ExpiryHint(facts.Kind)));
            }
        }

        if (facts.MaxAgeDays is { } maxAge)
        {
            var limit = current.CreatedAt.AddDays(maxAge);
            var daysLeft = (limit - facts.Now).TotalDays;
            if (daysLeft <= WarningDays)
            {
                findings.Add(new Finding(FindingCodes.CredentialMaxAge, FindingSeverity.Warning,
                    daysLeft <= 0
                        ? $"{what} was created on {Day(current.CreatedAt)} and is older than the {maxAge} days credentialMaxAgeDays allows."
                        : $"{what} was created on {Day(current.CreatedAt)} and reaches the {maxAge} days credentialMaxAgeDays allows on {Day(limit)}.",
                    RotateFix));
            }
        }

        if (facts.Credentials.Count > 1)
        {
            findings.Add(new Finding(FindingCodes.CredentialLeftover, FindingSeverity.Note,
                $"The identity has {facts.Credentials.Count} {Describe(facts.Kind)}s: a rotation is under way, or one stopped before it deleted the old credential.",
                "Run pulumi up again to finish the rotation: Pulumi first deletes the credential a failed update left pending deletion, then updates Stream's storage with the new one and checks it; run stream-storage check on the storage after it."));
        }

        return findings;
    }

    private static string UnreadableFix(CredentialKind kind) => kind switch
    {
        CredentialKind.AzureClientSecret => "Run the doctor signed in (az login) as someone who may read the application in Entra ID.",
        CredentialKind.AwsAccessKey => "Run the doctor with AWS credentials allowed iam:ListAccessKeys on the IAM user (--iam-user names it).",
        _ => "Run the doctor with an identity holding iam.serviceAccountKeys.list on the service account.",
    };

    private static string ReactivateHow(CredentialKind kind) => kind == CredentialKind.AwsAccessKey
        ? "aws iam update-access-key --user-name USER --access-key-id KEY_ID --status Active"
        : "gcloud iam service-accounts keys enable KEY_ID --iam-account SERVICE_ACCOUNT";

    private static string ExpiryHint(CredentialKind kind) => kind == CredentialKind.AzureClientSecret
        ? " Raise clientSecretDays if secrets should live longer (at most 730)."
        : "";

    private static string Describe(CredentialKind kind) => kind switch
    {
        CredentialKind.AwsAccessKey => "IAM access key",
        CredentialKind.GcsServiceAccountKey => "service account key",
        CredentialKind.AzureClientSecret => "client secret",
        _ => "credential",
    };

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
