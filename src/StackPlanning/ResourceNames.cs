using System.Text;

namespace StackPlanning;

/// <summary>
/// Cloud names for a storage's resources. Bucket, account and identity names are global (or
/// tenant-wide), so each ends in a random suffix the program draws once per storage and keeps in
/// its state; everything before the suffix is derived from the stack and storage names so that a
/// bucket says where it belongs.
/// </summary>
public static class ResourceNames
{
    /// <summary>Bytes of the random suffix; its lowercase hex form (the suffix) has twice as many characters.</summary>
    public const int SuffixBytes = 4;

    /// <summary>The random bytes of an unguessable folder (<c>unguessablePath</c>): 32 hex digits, beyond guessing.</summary>
    public const int FolderBytes = 16;

    /// <summary>A suffix of the right shape for checking names before the real one exists.</summary>
    public const string SampleSuffix = "0a1b2c3d";

    /// <summary>The container inside a storage's own (dedicated) Azure storage account.</summary>
    public const string AzureContainerName = "recordings";

    private const int BucketNameMaxLength = 63;
    private const int IamUserNameMaxLength = 64;
    private const int GcpServiceAccountIdMaxLength = 30;
    private const int AzureAccountNameMaxLength = 24;
    private const int AzureResourceGroupNameMaxLength = 90;
    private const int AzureKeyVaultNameMaxLength = 24;
    private const int GcpKeyRingNameMaxLength = 63;
    private const int AzureIdentityNameMaxLength = 128;
    private const int GcpServiceAccountDisplayNameMaxLength = 100;
    private const int EntraApplicationNameMaxLength = 120;

    /// <summary>S3 and GCS: <c>&lt;stack&gt;-&lt;storage&gt;-&lt;suffix&gt;</c> in lowercase letters, digits and single hyphens.</summary>
    public static string BucketName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"{stackName}-{storageName}"), suffix, BucketNameMaxLength);

    /// <summary>A log bucket the stack creates for a storage: <c>&lt;stack&gt;-&lt;storage&gt;-logs-&lt;suffix&gt;</c>, under the bucket rules.</summary>
    public static string LogBucketName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"{stackName}-{storageName}"), $"logs-{suffix}", BucketNameMaxLength);

    /// <summary>Cloud KMS key rings: up to 63 letters, digits, '_' and '-'; a name stays taken in its location for good.</summary>
    public static string GcpKeyRingName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"{stackName}-{storageName}"), suffix, GcpKeyRingNameMaxLength);

    /// <summary>IAM user names allow letters, digits and <c>+=,.@_-</c> up to 64 characters.</summary>
    public static string IamUserName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"stream-{stackName}-{storageName}"), suffix, IamUserNameMaxLength);

    /// <summary>GCP service account ids: 6–30 characters, a lowercase letter first, then letters, digits and hyphens.</summary>
    public static string GcpServiceAccountId(string storageName, string suffix) =>
        WithSuffix(Hyphenated($"stream-{storageName}"), suffix, GcpServiceAccountIdMaxLength);

    /// <summary>Azure storage accounts: 3–24 lowercase letters and digits, globally unique.</summary>
    public static string AzureAccountName(string storageName, string suffix) => Compact("st", storageName, suffix, AzureAccountNameMaxLength);

    /// <summary>Key Vault names: 3–24 letters, digits and hyphens, a letter first, globally unique.</summary>
    public static string AzureKeyVaultName(string storageName, string suffix) => Compact("kv", storageName, suffix, AzureKeyVaultNameMaxLength);

    /// <summary>The storage account for a storage's access logs, under the account name rules.</summary>
    public static string AzureLogAccountName(string storageName, string suffix) => Compact("stlog", storageName, suffix, AzureAccountNameMaxLength);

    /// <summary>User-assigned identities: 3–128 letters, digits, '-' and '_', unique in their resource group.</summary>
    public static string AzureKeyIdentityName(string stackName, string storageName) =>
        WithSuffix(Hyphenated($"id-{stackName}-{storageName}"), "key", AzureIdentityNameMaxLength);

    /// <summary>A resource group created for a storage when none is named; scoped to the subscription, so no suffix.</summary>
    public static string AzureResourceGroupName(string stackName, string storageName)
    {
        var name = $"rg-{stackName}-{storageName}";
        return name[..Math.Min(name.Length, AzureResourceGroupNameMaxLength)].TrimEnd('.');
    }

    /// <summary>Custom role names are unique within the tenant: the account name makes them so.</summary>
    public static string AzureWriteOnlyRoleName(string accountName) => $"Stream recording writer ({accountName})";

    /// <summary>An Entra application's display name, cut to the 120 characters Entra's portal and tools hold it to.</summary>
    public static string AzureApplicationName(string stackName, string storageName) => Cut($"Stream recordings {stackName}/{storageName}", EntraApplicationNameMaxLength);

    /// <summary>A service account's display name, cut to the 100 bytes IAM takes (stack and storage names are ASCII).</summary>
    public static string GcpServiceAccountDisplayName(string stackName, string storageName) => Cut($"Stream recordings {stackName}/{storageName}", GcpServiceAccountDisplayNameMaxLength);

    private static string Cut(string text, int maxLength) => text[..Math.Min(text.Length, maxLength)];

    /// <summary>Lowercase letters and digits joined by single hyphens; every other character separates words.</summary>
    private static string Hyphenated(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().TrimEnd('-');
    }

    /// <summary><paramref name="prefix"/>, the storage name's letters and digits (cut to fit), then the suffix: no separators.</summary>
    private static string Compact(string prefix, string storageName, string suffix, int maxLength)
    {
        var letters = new string([.. storageName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        var room = maxLength - prefix.Length - suffix.Length;
        return $"{prefix}{letters[..Math.Min(room, letters.Length)]}{suffix}";
    }

    private static string WithSuffix(string stem, string suffix, int maxLength)
    {
        var room = maxLength - suffix.Length - 1;
        return $"{stem[..Math.Min(room, stem.Length)].TrimEnd('-')}-{suffix}";
    }
}
