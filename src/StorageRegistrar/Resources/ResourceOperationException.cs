namespace StorageRegistrar.Resources;

/// <summary>
/// A resource operation failed; the message says what happened to anything it had already changed,
/// and never contains a secret. The cause is the inner exception.
/// </summary>
public sealed class ResourceOperationException(string message, Exception innerException) : Exception(message, innerException);
