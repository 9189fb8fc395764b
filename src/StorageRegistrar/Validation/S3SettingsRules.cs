using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// The <c>awsS3</c> block. Without keys Stream writes through a bucket policy (policy mode); with an
/// access key id and secret it signs as that IAM user (keys mode); a custom endpoint points it at an
/// S3-compatible store and only works with keys.
/// </summary>
internal static partial class S3SettingsRules
{
    public static void Check(S3Settings settings, List<ValidationProblem> problems)
    {
        var customEndpoint = settings.CustomEndpointUrl is not null;

        if (CheckRegion(settings.Region, customEndpoint) is { } regionProblem)
        {
            problems.Add(new(DeclarationFields.AwsS3Region, regionProblem));
        }

        var hasKey = settings.ApiKey is not null;
        var hasSecret = settings.Secret is not null;

        if (hasKey && CheckAccessKeyId(settings.ApiKey!, customEndpoint) is { } keyProblem)
        {
            problems.Add(new(DeclarationFields.AwsS3ApiKey, keyProblem));
        }

        if (hasSecret && CheckSecret(settings.Secret!, customEndpoint) is { } secretProblem)
        {
            problems.Add(new(DeclarationFields.AwsS3Secret, secretProblem));
        }

        if (hasKey && !hasSecret)
        {
            problems.Add(new(DeclarationFields.AwsS3Secret, "is required when awsS3.apiKey is set: add the secret access key that belongs to that key id, or remove awsS3.apiKey to use policy mode."));
        }

        if (hasSecret && !hasKey)
        {
            problems.Add(new(DeclarationFields.AwsS3ApiKey, "is required when awsS3.secret is set: add the access key id that the secret belongs to, or remove awsS3.secret to use policy mode."));
        }

        if (customEndpoint)
        {
            var endpointProblem = EndpointRules.Check(settings.CustomEndpointUrl!)
                ?? (hasKey && hasSecret ? null : "works only with keys: set awsS3.apiKey and awsS3.secret to the store's access key, or remove the custom endpoint to use AWS.");
            if (endpointProblem is not null)
            {
                problems.Add(new(DeclarationFields.AwsS3CustomEndpointUrl, endpointProblem));
            }
        }
    }

    internal static string? CheckRegion(string? region, bool customEndpoint)
    {
        if (string.IsNullOrEmpty(region))
        {
            return "is required: set the bucket's AWS region, e.g. \"us-east-1\".";
        }

        if (customEndpoint)
        {
            // S3-compatible stores name their regions freely ("auto" for R2, "us-east-1" for MinIO).
            return CompatibleRegion().IsMatch(region)
                ? null
                : "must be the region name the S3-compatible store expects: lowercase letters, digits and '-', e.g. \"auto\" or \"us-east-1\".";
        }

        return CheckAwsRegion(region);
    }

    /// <summary>Returns what is wrong with an AWS region code and how to fix it, or null when it is one.</summary>
    internal static string? CheckAwsRegion(string region)
    {
        if (AwsRegion().IsMatch(region))
        {
            return null;
        }

        return AvailabilityZone().IsMatch(region)
            ? "is an availability zone, not a region: drop the trailing letter, e.g. \"us-east-1\" instead of \"us-east-1a\"."
            : "is not an AWS region code: use the bucket's region in lowercase, e.g. \"us-east-1\" or \"eu-north-1\".";
    }

    private static string? CheckAccessKeyId(string apiKey, bool customEndpoint)
    {
        if (apiKey.Length == 0)
        {
            return "is empty: set the IAM user's access key id, or remove awsS3.apiKey to use policy mode.";
        }

        if (customEndpoint)
        {
            return CheckCompatibleKey(apiKey, "access key id");
        }

        if (apiKey.StartsWith("ASIA", StringComparison.Ordinal))
        {
            return "is a temporary (session) access key id, which Stream cannot use because it takes no session token: create a long-term access key (starting with AKIA) for an IAM user.";
        }

        return AwsAccessKeyId().IsMatch(apiKey)
            ? null
            : "is not an AWS access key id: it is 20 uppercase letters and digits starting with \"AKIA\"; paste the IAM user's access key id, not the secret.";
    }

    private static string? CheckSecret(SecretString secret, bool customEndpoint)
    {
        var value = secret.Reveal();
        if (value.Length == 0)
        {
            return "is empty: set the secret access key, or remove awsS3.secret and awsS3.apiKey to use policy mode.";
        }

        if (customEndpoint)
        {
            return CheckCompatibleKey(value, "secret key");
        }

        return AwsSecretAccessKey().IsMatch(value)
            ? null
            : "is not an AWS secret access key (40 characters of letters, digits, '/' and '+'): paste the secret shown when the access key was created.";
    }

    /// <summary>An S3-compatible store has its own key formats; only spaces and control characters are certainly wrong.</summary>
    private static string? CheckCompatibleKey(string value, string what) =>
        value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? $"contains spaces or control characters: paste the store's {what} exactly."
            : null;

    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]{2,4})?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9][0-9]?\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegion();

    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-[1-9][0-9]?[a-z]\z", RegexOptions.CultureInvariant)]
    private static partial Regex AvailabilityZone();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex CompatibleRegion();

    [GeneratedRegex(@"^AKIA[A-Z0-9]{16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"^[A-Za-z0-9/+]{40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsSecretAccessKey();
}
