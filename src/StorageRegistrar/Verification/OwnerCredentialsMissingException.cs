namespace StorageRegistrar.Verification;

/// <summary>
/// The SDK's default credential chain found no usable credentials for the owner. The message says where the
/// SDK looked and how to provide them; it names variables and files, never a credential.
/// </summary>
public sealed class OwnerCredentialsMissingException : Exception
{
    public OwnerCredentialsMissingException()
    {
    }

    public OwnerCredentialsMissingException(string message)
        : base(message)
    {
    }

    public OwnerCredentialsMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OwnerCredentialsMissingException(string storageType, string message, Exception innerException)
        : base(message, innerException)
    {
        StorageType = storageType;
    }

    /// <summary><c>s3</c>, <c>gcs</c> or <c>abs</c>.</summary>
    public string? StorageType { get; }
}
