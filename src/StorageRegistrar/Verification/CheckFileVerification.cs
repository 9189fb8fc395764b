using System.Globalization;

namespace StorageRegistrar.Verification;

/// <summary>What the owner's side saw of one check file it found (a missing file throws).</summary>
/// <param name="Deleted">The file was deleted and is confirmed gone; false when <see cref="CheckFileVerifierOptions.DeleteCheckFile"/> is off, or when the bucket's retention lock keeps it.</param>
/// <param name="ObjectKey">The object key (blob name) inside the bucket or container.</param>
/// <param name="SizeInBytes">The file's size as the store reports it.</param>
/// <param name="KeptUntil">
/// Set when the store refused the delete because its retention lock (S3 Object Lock, a GCS retention policy, Azure
/// immutability) keeps the file: when the lock ends. Expected of a locked bucket, not a failure (a bucket the stack
/// creates has a lifecycle rule that removes check files the day after).
/// </param>
public sealed record CheckFileVerification(bool Deleted, string ObjectKey, long SizeInBytes, DateTimeOffset? KeptUntil = null)
{
    /// <summary>What became of the file, as in "check file deleted" or "check file kept until 2033-06-01 under the retention lock".</summary>
    public string Outcome => KeptUntil is { } until
        ? $"kept until {until.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} under the retention lock"
        : Deleted ? "deleted" : "left in place";
}
