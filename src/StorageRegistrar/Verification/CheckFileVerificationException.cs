namespace StorageRegistrar.Verification;

/// <summary>
/// A check file that could not be confirmed or removed. Carries the store's own reason
/// (<see cref="ErrorCode"/>, e.g. <c>NoSuchBucket</c>, <c>AccessDenied</c>, <c>ContainerNotFound</c>)
/// and HTTP <see cref="Status"/>; the message never contains credentials or the URL's query.
/// </summary>
public sealed class CheckFileVerificationException : Exception
{
    public CheckFileVerificationException()
    {
    }

    public CheckFileVerificationException(string message)
        : base(message)
    {
    }

    public CheckFileVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CheckFileVerificationException(
        CheckFileVerificationFailure reason, string message, CheckFileLocation location, string? errorCode = null, int? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        StorageType = location.StorageType;
        Bucket = location.Bucket;
        ObjectKey = location.ObjectKey.Length == 0 ? null : location.ObjectKey;
        ErrorCode = errorCode;
        Status = status;
    }

    public CheckFileVerificationFailure Reason { get; } = CheckFileVerificationFailure.ServiceError;

    /// <summary><c>s3</c>, <c>gcs</c> or <c>abs</c>.</summary>
    public string? StorageType { get; }

    public string? Bucket { get; }

    /// <summary>The key that was looked for, or where the file was found instead (<see cref="CheckFileVerificationFailure.FileOutsidePath"/>).</summary>
    public string? ObjectKey { get; }

    /// <summary>The store's own error code, when it gave one.</summary>
    public string? ErrorCode { get; }

    public int? Status { get; }
}
