namespace StorageRegistrar.Diagnostics;

/// <summary>The stable identifiers of every finding the doctor can report.</summary>
public static class FindingCodes
{
    /// <summary>Stream's check succeeded, but the owner could not find or delete the check file where the storage says.</summary>
    public const string CheckFileUnverified = "owner.check-file-unverified";

    /// <summary>The credential Stream holds expires within <see cref="CredentialAgeAnalyzer.WarningDays"/> days.</summary>
    public const string CredentialExpiring = "credential.expiring";
    public const string CredentialExpired = "credential.expired";

    /// <summary>The credential reaches the stack's <c>credentialMaxAgeDays</c> within <see cref="CredentialAgeAnalyzer.WarningDays"/> days, or is past it.</summary>
    public const string CredentialMaxAge = "credential.max-age";
    public const string CredentialLeftover = "credential.leftover";
    public const string CredentialAgeUnreadable = "credential.age-unreadable";

    /// <summary>The storage has no path: Stream writes at the bucket's root, among whatever else the bucket holds.</summary>
    public const string StorageBucketRoot = "storage.bucket-root";

    public const string S3BucketMissing = "s3.bucket-missing";
    public const string S3BucketUnreadable = "s3.bucket-unreadable";
    public const string S3RegionMismatch = "s3.region-mismatch";
    public const string S3Region = "s3.region";
    public const string S3PolicyMissing = "s3.policy-missing";
    public const string S3PolicyPrincipalMissing = "s3.policy-principal-missing";
    public const string S3PolicyActionMissing = "s3.policy-action-missing";
    public const string S3PolicyPathMismatch = "s3.policy-path-mismatch";
    public const string S3PolicyConditional = "s3.policy-conditional";
    public const string S3PolicyDenies = "s3.policy-denies";
    public const string S3PolicyInvalid = "s3.policy-invalid";
    public const string S3ObjectOwnership = "s3.object-ownership";
    public const string S3KmsEncryption = "s3.kms-encryption";
    public const string S3FactUnreadable = "s3.fact-unreadable";

    /// <summary>The bucket is at an S3-compatible store, where AWS's bucket settings do not apply and were not read.</summary>
    public const string S3CompatibleStore = "s3.compatible-store";

    public const string GcsBucketMissing = "gcs.bucket-missing";
    public const string GcsBucketUnreadable = "gcs.bucket-unreadable";
    public const string GcsBindingMissing = "gcs.binding-missing";
    public const string GcsBindingConditional = "gcs.binding-conditional";
    public const string GcsBindingPathMismatch = "gcs.binding-path-mismatch";
    public const string GcsKeyCreationForbidden = "gcs.key-creation-forbidden";
    public const string GcsFactUnreadable = "gcs.fact-unreadable";

    public const string AzureLoginFailed = "azure.login-failed";
    public const string AzureSecretExpired = "azure.secret-expired";
    public const string AzureSecretInvalid = "azure.secret-invalid";
    public const string AzureAppNotFound = "azure.app-not-found";
    public const string AzureTenantNotFound = "azure.tenant-not-found";
    public const string AzureAccountUnreachable = "azure.account-unreachable";
    public const string AzureContainerMissing = "azure.container-missing";
    public const string AzureRoleMissing = "azure.role-missing";
    public const string AzureNetworkBlocked = "azure.network-blocked";
    public const string AzureWriteFailed = "azure.write-failed";
}
