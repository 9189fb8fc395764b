namespace StorageRegistrar.Verification;

/// <summary>One cloud's way to find and delete an object, with its errors translated to <see cref="CheckFileVerificationException"/>.</summary>
internal interface ICheckFileStore : IDisposable
{
    /// <summary>Returns the object as found, or null when the bucket exists but the object does not.</summary>
    Task<StoredCheckFile?> FindAsync(CheckFileLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// Removes <paramref name="file"/> for good: in a store that keeps versions, the version found, since deleting the
    /// object alone leaves that version behind (S3 a delete marker, Azure a previous version). Returns null once it is
    /// deleted, or <see cref="StoredCheckFile.RetainedUntil"/> when the store refused because its retention lock keeps it.
    /// </summary>
    Task<DateTimeOffset?> DeleteAsync(CheckFileLocation location, StoredCheckFile file, CancellationToken cancellationToken);
}

/// <summary>A check file as its store reports it.</summary>
/// <param name="VersionId">The version found, where the store keeps versions (S3 version id, Azure version id, GCS generation); null otherwise.</param>
/// <param name="RetainedUntil">Until when the store's retention lock keeps it (S3 Object Lock's retain-until date, GCS's retention expiration, Azure's immutability policy expiry); null when no lock holds it.</param>
internal sealed record StoredCheckFile(long SizeInBytes, string? VersionId, DateTimeOffset? RetainedUntil)
{
    /// <summary>Whether a refusal of the delete is the lock's: the store's lock still holds the file.</summary>
    public bool Retained => RetainedUntil > DateTimeOffset.UtcNow;
}
