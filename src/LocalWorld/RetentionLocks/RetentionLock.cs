using System.Collections.Concurrent;

namespace LocalWorld;

/// <summary>How strictly a retention lock holds; the local lock layer refuses alike in both modes, as the clouds do an owner without a bypass.</summary>
public enum RetentionLockMode
{
    Governance,
    Compliance,
}

/// <summary>A bucket's retention lock: every object is kept from deletion and overwrite for <see cref="Days"/> days after it is written.</summary>
public sealed record RetentionLock(int Days, RetentionLockMode Mode)
{
    /// <summary>When an object written at <paramref name="writtenAt"/> may be deleted.</summary>
    public DateTimeOffset RetainUntil(DateTimeOffset writtenAt) => writtenAt.AddDays(Days);

    /// <summary>Whether an object written at <paramref name="writtenAt"/> is still kept.</summary>
    public bool Holds(DateTimeOffset writtenAt) => DateTimeOffset.UtcNow < RetainUntil(writtenAt);
}

/// <summary>
/// The retention locks of one local store's buckets, which the store's clients enforce (see <see cref="S3Server.Locks"/>,
/// <see cref="GcsServer.Locks"/>, <see cref="AzuriteServer.Locks"/>): none of the emulators implements a lock.
/// </summary>
public sealed class RetentionLocks
{
    private readonly ConcurrentDictionary<string, RetentionLock> locks = new(StringComparer.Ordinal);

    /// <summary>Locks <paramref name="bucket"/> (Azure: <c>ACCOUNT/CONTAINER</c>); a later lock replaces it.</summary>
    public void Lock(string bucket, RetentionLock retention)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(retention);
        locks[bucket] = retention;
    }

    /// <summary>The lock on <paramref name="bucket"/>, or null when it has none.</summary>
    public RetentionLock? Of(string bucket) => locks.GetValueOrDefault(bucket);
}
