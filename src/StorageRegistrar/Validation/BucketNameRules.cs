using System.Text.RegularExpressions;

namespace StorageRegistrar.Validation;

/// <summary>
/// Each cloud's published naming rules for buckets, containers and storage accounts. Checking them
/// here turns a late, vague failure of Stream's check (or of the cloud's create call) into an error
/// that names the rule.
/// </summary>
internal static partial class BucketNameRules
{
    private static readonly string[] S3ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];

    private static readonly string[] S3ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>Google refuses "google" and close misspellings of it anywhere in a bucket name.</summary>
    private static readonly string[] GoogleLookalikes = ["google", "g00gle", "g0ogle", "go0gle"];

    /// <summary>Amazon S3 general-purpose bucket naming rules.</summary>
    public static string? CheckS3Bucket(string bucket)
    {
        if (CheckLengthAndCharacters(bucket, "S3 bucket", S3Bucket(), "lowercase letters, digits, '.' and '-'") is { } problem)
        {
            return problem;
        }

        if (bucket.Contains("..", StringComparison.Ordinal))
        {
            return "contains two adjacent periods: S3 bucket names cannot contain \"..\".";
        }

        if (IpAddressForm().IsMatch(bucket))
        {
            return "is formatted as an IP address, which S3 does not allow: choose a name such as \"acme-recordings\".";
        }

        if (S3ReservedPrefixes.FirstOrDefault(p => bucket.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"starts with \"{prefix}\", a prefix S3 reserves: choose a name without it.";
        }

        if (S3ReservedSuffixes.FirstOrDefault(s => bucket.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
        {
            return $"ends with \"{suffix}\", a suffix S3 reserves: choose a name without it.";
        }

        return null;
    }

    /// <summary>Google Cloud Storage bucket naming rules.</summary>
    public static string? CheckGcsBucket(string bucket)
    {
        if (!GcsBucket().IsMatch(bucket))
        {
            return "is not a valid GCS bucket name: use only lowercase letters, digits, '-', '_' and '.', starting and ending with a letter or digit.";
        }

        var hasDots = bucket.Contains('.', StringComparison.Ordinal);
        if (bucket.Length < 3 || bucket.Length > (hasDots ? 222 : 63))
        {
            return $"is {bucket.Length} characters long: GCS bucket names have 3 to 63 characters (up to 222 when they contain dots).";
        }

        if (hasDots && bucket.Split('.').FirstOrDefault(c => c.Length is 0 or > 63) is { } component)
        {
            return component.Length == 0
                ? "contains an empty dot-separated part: GCS bucket names cannot contain \"..\"."
                : $"has a dot-separated part of {component.Length} characters: each part of a GCS bucket name has at most 63.";
        }

        if (IpAddressForm().IsMatch(bucket))
        {
            return "is formatted as an IP address, which GCS does not allow: choose a name such as \"acme-recordings\".";
        }

        if (bucket.StartsWith("goog", StringComparison.Ordinal))
        {
            return "starts with \"goog\", which GCS reserves: choose a name without that prefix.";
        }

        if (GoogleLookalikes.FirstOrDefault(g => bucket.Contains(g, StringComparison.Ordinal)) is { } lookalike)
        {
            return $"contains \"{lookalike}\", which GCS does not allow in bucket names: choose a name without it.";
        }

        return null;
    }

    /// <summary>Azure Blob container naming rules.</summary>
    public static string? CheckAzureContainer(string container)
    {
        if (CheckLengthAndCharacters(container, "Azure container", AzureContainer(), "lowercase letters, digits and '-'") is { } problem)
        {
            return problem;
        }

        if (container.Contains("--", StringComparison.Ordinal))
        {
            return "contains consecutive hyphens, which Azure container names cannot: use a single '-'.";
        }

        return null;
    }

    /// <summary>Azure storage account naming rules.</summary>
    public static string? CheckAzureAccountName(string? accountName)
    {
        if (string.IsNullOrEmpty(accountName))
        {
            return "is required: set the storage account name, e.g. \"acmerecordings\".";
        }

        if (!AzureAccountName().IsMatch(accountName))
        {
            return $"must be 3 to 24 lowercase letters and digits (this one has {accountName.Length} characters): use the account name exactly as in the Azure portal, e.g. \"acmerecordings\".";
        }

        return null;
    }

    /// <summary>
    /// The rules S3 buckets and Azure containers share: 3 to 63 characters, all matching <paramref name="pattern"/>,
    /// which allows <paramref name="characters"/> and starts and ends with a letter or digit.
    /// </summary>
    private static string? CheckLengthAndCharacters(string name, string kind, Regex pattern, string characters)
    {
        if (name.Length is < 3 or > 63)
        {
            return $"is {name.Length} characters long: {kind} names have 3 to 63 characters.";
        }

        return pattern.IsMatch(name) ? null : $"is not a valid {kind} name: use only {characters}, starting and ending with a letter or digit.";
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex S3Bucket();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsBucket();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex AzureContainer();

    [GeneratedRegex(@"^[a-z0-9]{3,24}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AzureAccountName();

    [GeneratedRegex(@"^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IpAddressForm();
}
