using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// Checks storage declarations and call-type bindings before any request is sent, and reports every
/// problem at once, each naming its field and the fix. The rules are listed in README.md next to
/// this file.
/// </summary>
public static class DeclarationValidator
{
    public static ValidationResult Validate(StorageDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var problems = new List<ValidationProblem>();

        Add(problems, DeclarationFields.Name, StreamNameRules.CheckStorageName(declaration.Name));
        var storageTypeProblem = CheckStorageType(declaration.StorageType);
        Add(problems, DeclarationFields.StorageType, storageTypeProblem);
        // Type-specific rules run only against a type Stream accepts.
        var storageType = storageTypeProblem is null ? declaration.StorageType : null;
        Add(problems, DeclarationFields.Bucket, CheckBucket(declaration.Bucket, storageType));
        Add(problems, DeclarationFields.Path, PathRules.Check(declaration.Path));
        CheckSubConfigurations(declaration, storageType, problems);

        return problems.Count == 0 ? ValidationResult.Valid : new ValidationResult(problems);
    }

    public static ValidationResult Validate(CallTypeBindingDeclaration binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var problems = new List<ValidationProblem>();

        Add(problems, DeclarationFields.CallType, StreamNameRules.CheckCallTypeName(binding.CallType));
        Add(problems, DeclarationFields.ExternalStorage, CheckStorageReference(binding.ExternalStorage));

        return problems.Count == 0 ? ValidationResult.Valid : new ValidationResult(problems);
    }

    /// <summary>
    /// Returns what is wrong with an AWS region code (e.g. an availability zone given instead) and how
    /// to fix it, or null when it is one. Stack configuration holds regions to the same rule.
    /// </summary>
    public static string? CheckAwsRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return S3SettingsRules.CheckAwsRegion(region);
    }

    /// <summary>
    /// Returns what is wrong with an S3 bucket's region, or null when it is one: an AWS region code, or with a custom
    /// endpoint the region name the S3-compatible store expects ("auto" for R2).
    /// </summary>
    public static string? CheckS3Region(string region, bool customEndpoint)
    {
        ArgumentNullException.ThrowIfNull(region);
        return S3SettingsRules.CheckRegion(region, customEndpoint);
    }

    /// <summary>
    /// Returns what is wrong with an S3-compatible store's endpoint (Stream sends the store's keys to it),
    /// or null when it may be registered. Stack configuration holds endpoints to the same rule.
    /// </summary>
    public static string? CheckCustomEndpointUrl(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return EndpointRules.Check(endpoint);
    }

    /// <summary>
    /// Returns what is wrong with the name of a storage Stream lists, or null when it can be read: only an empty name or
    /// one with a character unsafe to print, not one the stack could not create.
    /// </summary>
    public static string? CheckExistingStorageName(string? name) => StreamNameRules.CheckExistingStorageName(name);

    /// <summary>Returns what is wrong with an Azure storage account name, or null when it is one.</summary>
    public static string? CheckAzureAccountName(string accountName)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        return BucketNameRules.CheckAzureAccountName(accountName);
    }

    /// <summary>
    /// Returns what is wrong with a bucket name under the naming rules of <paramref name="storageType"/>'s cloud (Azure: a
    /// container name), or null when it is one. Stack configuration holds the buckets it names, log buckets included, to them.
    /// </summary>
    public static string? CheckBucketName(string bucket, string storageType)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return CheckBucket(bucket, storageType);
    }

    /// <summary>Returns what is wrong with a storage type and how to fix it, or null when Stream accepts it.</summary>
    internal static string? CheckStorageType(string? storageType)
    {
        if (string.IsNullOrEmpty(storageType))
        {
            return "is required: set it to \"s3\", \"gcs\" or \"abs\".";
        }

        if (StorageTypes.All.Contains(storageType, StringComparer.Ordinal))
        {
            return null;
        }

        var lowercase = storageType.ToLowerInvariant();
        return StorageTypes.All.Contains(lowercase, StringComparer.Ordinal)
            ? $"is case-sensitive: write \"{lowercase}\" in lowercase."
            : "is not a storage type Stream accepts: use \"s3\" (Amazon S3 or S3-compatible), \"gcs\" (Google Cloud Storage) or \"abs\" (Azure Blob Storage).";
    }

    private static string? CheckBucket(string? bucket, string? storageType)
    {
        if (string.IsNullOrEmpty(bucket))
        {
            return storageType == StorageTypes.Abs
                ? "is required: set the Azure Blob container name."
                : "is required: set the bucket name.";
        }

        return storageType switch
        {
            StorageTypes.S3 => BucketNameRules.CheckS3Bucket(bucket),
            StorageTypes.Gcs => BucketNameRules.CheckGcsBucket(bucket),
            StorageTypes.Abs => BucketNameRules.CheckAzureContainer(bucket),
            _ => null,
        };
    }

    /// <summary>
    /// Exactly the block matching the storage type must be present. When the type itself is unusable,
    /// every block given is still checked so that one run shows all there is to fix.
    /// </summary>
    private static void CheckSubConfigurations(StorageDeclaration declaration, string? storageType, List<ValidationProblem> problems)
    {
        CheckBlock(
            storageType, StorageTypes.S3, declaration.AwsS3, DeclarationFields.AwsS3, problems,
            "is required for storageType \"s3\": add it with at least awsS3.region.",
            settings => S3SettingsRules.Check(settings, problems));
        CheckBlock(
            storageType, StorageTypes.Gcs, declaration.GcsCredentials, DeclarationFields.GcsCredentials, problems,
            "is required for storageType \"gcs\": set it to the whole service-account JSON key file's contents.",
            credentials => Add(problems, DeclarationFields.GcsCredentials, ServiceAccountKeyRules.Check(credentials)));
        CheckBlock(
            storageType, StorageTypes.Abs, declaration.AzureBlob, DeclarationFields.AzureBlob, problems,
            "is required for storageType \"abs\": add accountName, clientId, clientSecret and tenantId.",
            settings => AzureBlobSettingsRules.Check(settings, problems));
    }

    private static void CheckBlock<T>(
        string? storageType,
        string blockType,
        T? block,
        string field,
        List<ValidationProblem> problems,
        string missingMessage,
        Action<T> checkContents)
        where T : class
    {
        var matches = storageType == blockType;
        if (block is null)
        {
            if (matches)
            {
                problems.Add(new(field, missingMessage));
            }

            return;
        }

        if (storageType is not null && !matches)
        {
            problems.Add(new(field, $"belongs to storageType \"{blockType}\", not \"{storageType}\": remove it, or set storageType to \"{blockType}\"."));
            return;
        }

        checkContents(block);
    }

    private static string? CheckStorageReference(string? externalStorage)
    {
        if (externalStorage == StorageTypes.StreamDefaultStorage)
        {
            return null;
        }

        if (string.Equals(externalStorage, StorageTypes.StreamDefaultStorage, StringComparison.OrdinalIgnoreCase))
        {
            return $"refers to Stream's own storage, which is spelled exactly \"{StorageTypes.StreamDefaultStorage}\" in lowercase.";
        }

        if (string.IsNullOrEmpty(externalStorage))
        {
            return $"is required: set the name of a registered external storage, or \"{StorageTypes.StreamDefaultStorage}\" for Stream's own storage.";
        }

        return StreamNameRules.CheckStorageName(externalStorage) is null
            ? null
            : $"is not a valid storage name: use the name of a registered external storage (lowercase letters, digits, '-' and '_', at most {StreamNameRules.MaxLength} characters) or \"{StorageTypes.StreamDefaultStorage}\".";
    }

    private static void Add(List<ValidationProblem> problems, string field, string? message)
    {
        if (message is not null)
        {
            problems.Add(new(field, message));
        }
    }
}
