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

    /// <summary>A suffix of the right shape for checking names before the real one exists.</summary>
    public const string SampleSuffix = "0a1b2c3d";

    /// <summary>The container inside a storage's own (dedicated) Azure storage account.</summary>
    public const string AzureContainerName = "recordings";

    private const int BucketNameMaxLength = 63;
    private const int IamUserNameMaxLength = 64;
    private const int GcpServiceAccountIdMaxLength = 30;
    private const int AzureAccountNameMaxLength = 24;
    private const int AzureResourceGroupNameMaxLength = 90;

    /// <summary>S3 and GCS: <c>&lt;stack&gt;-&lt;storage&gt;-&lt;suffix&gt;</c> in lowercase letters, digits and single hyphens.</summary>
    public static string BucketName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"{stackName}-{storageName}"), suffix, BucketNameMaxLength);

    /// <summary>IAM user names allow letters, digits and <c>+=,.@_-</c> up to 64 characters.</summary>
    public static string IamUserName(string stackName, string storageName, string suffix) =>
        WithSuffix(Hyphenated($"stream-{stackName}-{storageName}"), suffix, IamUserNameMaxLength);

    /// <summary>GCP service account ids: 6–30 characters, a lowercase letter first, then letters, digits and hyphens.</summary>
    public static string GcpServiceAccountId(string storageName, string suffix) =>
        WithSuffix(Hyphenated($"stream-{storageName}"), suffix, GcpServiceAccountIdMaxLength);

    /// <summary>Azure storage accounts: 3–24 lowercase letters and digits, globally unique.</summary>
    public static string AzureAccountName(string storageName, string suffix)
    {
        var letters = new string([.. storageName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        var room = AzureAccountNameMaxLength - "st".Length - suffix.Length;
        return $"st{letters[..Math.Min(room, letters.Length)]}{suffix}";
    }

    /// <summary>A resource group created for a storage when none is named; scoped to the subscription, so no suffix.</summary>
    public static string AzureResourceGroupName(string stackName, string storageName)
    {
        var name = $"rg-{stackName}-{storageName}";
        return name[..Math.Min(name.Length, AzureResourceGroupNameMaxLength)].TrimEnd('.');
    }

    /// <summary>Custom role names are unique within the tenant: the account name makes them so.</summary>
    public static string AzureWriteOnlyRoleName(string accountName) => $"Stream recording writer ({accountName})";

    public static string AzureApplicationName(string stackName, string storageName) => $"Stream recordings {stackName}/{storageName}";

    public static string GcpServiceAccountDisplayName(string stackName, string storageName) => $"Stream recordings {stackName}/{storageName}";

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

    private static string WithSuffix(string stem, string suffix, int maxLength)
    {
        var room = maxLength - suffix.Length - 1;
        return $"{stem[..Math.Min(room, stem.Length)].TrimEnd('-')}-{suffix}";
    }
}
