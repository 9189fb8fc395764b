using StorageRegistrar.Declarations;

namespace StorageRegistrar.Verification;

/// <summary>Where a check file is looked for, and the wording of every failure about it.</summary>
internal sealed record CheckFileLocation(string StorageType, string Bucket, string Path, string ObjectKey)
{
    private string Cloud => StorageType switch
    {
        StorageTypes.S3 => "S3",
        StorageTypes.Gcs => "Google Cloud Storage",
        _ => "Azure Blob Storage",
    };

    private string Container => $"{(StorageType == StorageTypes.Abs ? "container" : "bucket")} '{Bucket}'";

    public CheckFileLocation At(string objectKey) => this with { ObjectKey = objectKey };

    public CheckFileVerificationException BucketNotFound(string? code, int? status, Exception inner) => new(
        CheckFileVerificationFailure.BucketNotFound,
        $"The {Cloud} {Container} does not exist for the owner's credentials{Reason(code, status)}: check the declaration's bucket and the account or project the credentials belong to.",
        this, code, status, inner);

    public CheckFileVerificationException AccessDenied(string? code, int? status, Exception inner) => new(
        CheckFileVerificationFailure.AccessDenied,
        $"{Cloud} refused the owner's request for '{ObjectKey}' in {Container}{Reason(code, status)}: use owner credentials that may read, list and delete objects there.",
        this, code, status, inner);

    public CheckFileVerificationException ServiceError(string? code, int? status, Exception inner) => new(
        CheckFileVerificationFailure.ServiceError,
        $"{Cloud} failed the owner's request for '{ObjectKey}' in {Container}{Reason(code, status)}: retry, and check the store's endpoint and health if it persists.",
        this, code, status, inner);

    /// <summary>With <see cref="OwnerCredentialsMissingException"/> inside, its message already says where the SDK looked and what to do.</summary>
    public CheckFileVerificationException CredentialsUnavailable(string? code, Exception inner) => new(
        CheckFileVerificationFailure.OwnerCredentialsUnavailable,
        inner is OwnerCredentialsMissingException missing ? missing.Message : $"No usable {Cloud} credentials for the owner{Reason(code, null)}: {CredentialHint}",
        this, code, null, inner);

    public CheckFileVerificationException FileNotFound() => new(
        CheckFileVerificationFailure.FileNotFound,
        $"The check file '{ObjectKey}' is not in {Cloud} {Container}: run Stream's check again, and make sure the storage registered with Stream uses this bucket and path.",
        this);

    public CheckFileVerificationException FileOutsidePath(string foundKey) => new(
        CheckFileVerificationFailure.FileOutsidePath,
        $"The check file is at '{foundKey}' in {Cloud} {Container}, outside the declared path '{Path}': make the declaration's path match the storage registered with Stream.",
        At(foundKey));

    public CheckFileVerificationException NotDeleted() => new(
        CheckFileVerificationFailure.NotDeleted,
        $"The check file '{ObjectKey}' in {Cloud} {Container} is still there after it was deleted: check the bucket's retention, object lock or soft-delete settings.",
        this);

    private string CredentialHint => StorageType switch
    {
        StorageTypes.S3 => "configure the AWS default credential chain (environment, AWS_PROFILE, SSO, instance role) or set CheckFileVerifierOptions.S3ClientFactory.",
        StorageTypes.Gcs => "run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS, or set CheckFileVerifierOptions.GcsClientFactory.",
        _ => "sign in with `az login` or set the AZURE_* environment variables, or set CheckFileVerifierOptions.BlobServiceClientFactory.",
    };

    private static string Reason(string? code, int? status) => (code, status) switch
    {
        (null, null) => "",
        (not null, null) => $" ({code})",
        (null, not null) => $" (HTTP {status})",
        _ => $" ({code}, HTTP {status})",
    };
}
