namespace StorageRegistrar.Verification;

/// <summary>One cloud's way to find and delete an object, with its errors translated to <see cref="CheckFileVerificationException"/>.</summary>
internal interface ICheckFileStore : IDisposable
{
    /// <summary>Returns the object's size, or null when the bucket exists but the object does not.</summary>
    Task<long?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken);

    Task DeleteAsync(CheckFileLocation location, CancellationToken cancellationToken);
}
