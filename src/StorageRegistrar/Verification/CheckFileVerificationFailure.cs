namespace StorageRegistrar.Verification;

/// <summary>Why a check file could not be confirmed or removed; each asks for a different fix.</summary>
public enum CheckFileVerificationFailure
{
    /// <summary>The URL Stream returned does not end in a <c>stream-&lt;uuid&gt;.md</c> file name.</summary>
    InvalidFileUrl,

    /// <summary>The owner's credentials could not be found or were refused by the identity provider.</summary>
    OwnerCredentialsUnavailable,

    /// <summary>The bucket or container does not exist for the owner's credentials.</summary>
    BucketNotFound,

    /// <summary>The store refused the owner's request.</summary>
    AccessDenied,

    /// <summary>No such file under the declared path, nor anywhere the URL suggests.</summary>
    FileNotFound,

    /// <summary>The file exists, but not under the declared path: Stream's path and the declaration differ.</summary>
    FileOutsidePath,

    /// <summary>The delete was accepted but the file is still there.</summary>
    NotDeleted,

    /// <summary>Any other answer from the store, or no answer.</summary>
    ServiceError,
}
