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

    /// <summary>Every key of the identity Stream signs in as is deactivated (AWS Inactive, GCS disabled).</summary>
    public const string CredentialDisabled = "credential.disabled";

    /// <summary>The identity Stream signs in as has no key or secret at all: the one Stream holds was deleted, or another identity was named.</summary>
    public const string CredentialNone = "credential.none";
    public const string CredentialAgeUnreadable = "credential.age-unreadable";

    /// <summary>An argument of the doctor's declares something of a storage Stream does not list (deleted at Stream, or a mistyped name).</summary>
    public const string ArgumentsStorageUnlisted = "arguments.storage-unlisted";

    /// <summary>
    /// The doctor was not told whose Stream's grant is or where it lies (S3 keys mode without the IAM user, GCS without the
    /// service account, Azure without the container's id or the application's client id), so how wide it is, and the
    /// age of what Stream holds, were not examined. A note naming the argument, which the stack's doctorArguments carry; a
    /// warning where what the doctor was told asked for that judgment (Azure with the container's id, without a client id).
    /// </summary>
    public const string GrantUnexamined = "grant.unexamined";

    /// <summary>The bucket has no retention lock, though the stack declares one (<c>immutability</c>).</summary>
    public const string LockMissing = "lock.missing";

    /// <summary>The bucket's lock keeps recordings for fewer days than declared, or S3 governance mode where compliance is declared.</summary>
    public const string LockWeaker = "lock.weaker";

    /// <summary>A GCS or Azure retention policy that is not locked where compliance is declared: it can still be shortened or removed.</summary>
    public const string LockNotLocked = "lock.not-locked";

    /// <summary>The bucket's lock could not be read, so the declared one was not examined.</summary>
    public const string LockUnreadable = "lock.unreadable";

    /// <summary>The bucket is outside the stack's <c>allowedLocations</c>.</summary>
    public const string ResidencyOutside = "residency.outside";

    /// <summary>The bucket's location could not be read, so <c>allowedLocations</c> was not examined.</summary>
    public const string ResidencyUnreadable = "residency.unreadable";

    /// <summary>The bucket's new objects are encrypted with the cloud's own keys, though the stack declares a customer-managed key (<c>encryptionKey</c>).</summary>
    public const string EncryptionKeyMissing = "encryption.key-missing";

    /// <summary>The bucket encrypts with another customer-managed key than the one the stack names.</summary>
    public const string EncryptionKeyOther = "encryption.key-other";

    /// <summary>The bucket's key is disabled or pending deletion: the cloud cannot encrypt with it, so uploads fail.</summary>
    public const string EncryptionKeyUnusable = "encryption.key-unusable";

    /// <summary>S3: SSE-KMS without a Bucket Key: every object is a KMS request, and the key policy's condition on the bucket's ARN does not match.</summary>
    public const string EncryptionBucketKeyOff = "encryption.bucket-key-off";

    /// <summary>The bucket's encryption or its key's state could not be read, so the declared key was not examined.</summary>
    public const string EncryptionUnreadable = "encryption.unreadable";

    /// <summary>No lifecycle rule moves recordings under the path to a tier the stack declares (<c>tiers</c>).</summary>
    public const string TiersMissing = "tiers.missing";

    /// <summary>A rule moves recordings to a declared tier at another age than declared.</summary>
    public const string TiersOtherAge = "tiers.other-age";

    /// <summary>The bucket's lifecycle could not be read, so the declared tiers were not examined.</summary>
    public const string TiersUnreadable = "tiers.unreadable";

    /// <summary>The bucket's access logs are off, though the stack declares them (<c>accessLogs</c>).</summary>
    public const string AccessLogsOff = "access-logs.off";

    /// <summary>The bucket's access logs go somewhere else than the destination the stack names.</summary>
    public const string AccessLogsElsewhere = "access-logs.elsewhere";

    /// <summary>GCS <c>auditLogs</c>: the audit configs exempt principals from the Data Access logs, so their reads or writes are not recorded.</summary>
    public const string AccessLogsExempted = "access-logs.exempted";

    /// <summary>The bucket's logging could not be read (or is not read by the doctor), so the declared access logs were not examined.</summary>
    public const string AccessLogsUnreadable = "access-logs.unreadable";

    /// <summary>The bucket (Azure: the account's blob service) has soft delete off, though the stack sets it (<c>softDeleteDays</c>).</summary>
    public const string SoftDeleteOff = "soft-delete.off";

    /// <summary>The bucket keeps deleted objects restorable for fewer days than the stack sets.</summary>
    public const string SoftDeleteShorter = "soft-delete.shorter";

    /// <summary>The bucket keeps deleted objects restorable, though the stack turns soft delete off (<c>softDeleteDays: 0</c>): a note of the cost.</summary>
    public const string SoftDeleteNotOff = "soft-delete.not-off";

    /// <summary>The bucket's soft delete could not be read, so the declared one was not examined.</summary>
    public const string SoftDeleteUnreadable = "soft-delete.unreadable";

    /// <summary>The storage has no path: Stream writes at the bucket's root, among whatever else the bucket holds.</summary>
    public const string StorageBucketRoot = "storage.bucket-root";

    /// <summary>The cloud did not answer the doctor's reads of the storage (DNS, proxy, firewall, timeout): none of its side was examined.</summary>
    public const string StorageUnreachable = "storage.unreachable";

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

    /// <summary>
    /// Policy mode: an Allow statement lets Stream's account put or act on keys outside the path, or do more than s3:PutObject:
    /// any Stream app can make Stream use it.
    /// </summary>
    public const string S3GrantWider = "s3.grant-wider";

    /// <summary>
    /// Keys mode: an Allow statement of the writer user's own policies (inline or attached), under a condition or not, lets it
    /// put or act on keys outside the path or in other buckets, do more than s3:PutObject and s3:AbortMultipartUpload, or act
    /// outside S3: whoever holds its access key, Stream too, can.
    /// </summary>
    public const string S3UserGrantWider = "s3.user-grant-wider";

    /// <summary>Keys mode: a read of the writer user's policies was refused or failed, or a document was not a policy, so what it grants was not examined.</summary>
    public const string S3UserPolicyUnreadable = "s3.user-policy-unreadable";

    /// <summary>Keys mode: the writer user is in IAM groups, whose policies the doctor does not read, so what they grant it was not examined.</summary>
    public const string S3UserGroupsUnexamined = "s3.user-groups-unexamined";

    /// <summary>
    /// Policy mode grants Stream's AWS account with no external ID: any Stream app that learns the bucket and path can
    /// make Stream write into it.
    /// </summary>
    public const string S3PolicyTrustsEveryStreamApp = "s3.policy-trusts-every-stream-app";

    /// <summary>
    /// Stream's check was refused access though the bucket grants Stream's account what it needs: what refuses it lies
    /// where the owner's account cannot read (an RCP or SCP-style data perimeter of the organization).
    /// </summary>
    public const string S3RefusedOutsideThePolicy = "s3.refused-outside-the-policy";

    /// <summary>The bucket is at an S3-compatible store, where AWS's bucket settings do not apply and were not read.</summary>
    public const string S3CompatibleStore = "s3.compatible-store";

    public const string GcsBucketMissing = "gcs.bucket-missing";
    public const string GcsBucketUnreadable = "gcs.bucket-unreadable";
    public const string GcsBindingMissing = "gcs.binding-missing";
    public const string GcsBindingConditional = "gcs.binding-conditional";
    public const string GcsBindingPathMismatch = "gcs.binding-path-mismatch";

    /// <summary>
    /// A binding of Stream's service account reaches beyond objectCreator under the path: no condition or one on a prefix the
    /// path does not start with, while the storage has a path, or a role beyond creating objects.
    /// </summary>
    public const string GcsGrantWider = "gcs.grant-wider";

    /// <summary>The bucket lacks uniform bucket-level access, so Cloud Storage refuses the IAM condition that keeps Stream's grant to its path.</summary>
    public const string GcsUniformAccessOff = "gcs.uniform-access-off";
    public const string GcsFactUnreadable = "gcs.fact-unreadable";

    public const string AzureLoginFailed = "azure.login-failed";
    public const string AzureSecretExpired = "azure.secret-expired";
    public const string AzureSecretInvalid = "azure.secret-invalid";
    public const string AzureAppNotFound = "azure.app-not-found";
    public const string AzureTenantNotFound = "azure.tenant-not-found";
    public const string AzureAccountUnreachable = "azure.account-unreachable";
    public const string AzureContainerMissing = "azure.container-missing";
    public const string AzureRoleMissing = "azure.role-missing";

    /// <summary>Stream's role assignment carries no condition, though the storage has a path: the role reaches the whole container.</summary>
    public const string AzureRoleConditionMissing = "azure.role-condition-missing";

    /// <summary>A condition (or another assignment to Stream's principal) lets a data action reach blobs outside the path.</summary>
    public const string AzureRoleConditionWider = "azure.role-condition-wider";

    /// <summary>
    /// A role of Stream's principal on the container or above grants more than the stack's own (blob write and add): a data
    /// action its condition lets through anywhere, the path included (read, delete, move...), or a Resource Manager action.
    /// </summary>
    public const string AzureGrantWider = "azure.grant-wider";

    /// <summary>The assignment's condition is outside the part of the condition language the doctor reads, so it was not judged.</summary>
    public const string AzureRoleConditionUnjudged = "azure.role-condition-unjudged";

    /// <summary>Resource Manager lists no role assignment of Stream's principal, its own or its groups', on the container or above: likely another principal named, so not examined.</summary>
    public const string AzureRoleUnseen = "azure.role-unseen";

    /// <summary>Stream's role assignments, or the definition of a role among them, could not be read from Azure Resource Manager, so what they grant was not examined.</summary>
    public const string AzureRoleUnreadable = "azure.role-unreadable";
    public const string AzureNetworkBlocked = "azure.network-blocked";

    /// <summary>The doctor's probe blob could not be deleted with the owner's credentials (an immutability policy, or no role that deletes).</summary>
    public const string AzureProbeLeft = "azure.probe-left";
    public const string AzureWriteFailed = "azure.write-failed";

    /// <summary>The container id the doctor was given names another container than the storage's, so Resource Manager was not read for it.</summary>
    public const string AzureContainerOther = "azure.container-other";

    /// <summary>The write probe was not run: the principal it signs in as is not the storage's own.</summary>
    public const string AzureProbeSkipped = "azure.probe-skipped";
}
