using System.Globalization;

namespace StorageRegistrar.Diagnostics;

/// <summary>How a retention lock holds: <see cref="Governance"/> can be lifted by those granted to, <see cref="Compliance"/> by nobody.</summary>
public enum LockMode
{
    Governance,
    Compliance,
}

/// <summary>
/// The retention lock the stack declares for a storage (its <c>immutability</c>), in the form the doctor is told it:
/// <c>DAYS:MODE</c>, e.g. <c>2555:compliance</c>.
/// </summary>
public sealed record ExpectedLock(int Days, LockMode Mode)
{
    public override string ToString() => $"{Days.ToString(CultureInfo.InvariantCulture)}:{Mode.ToString().ToLowerInvariant()}";

    /// <exception cref="FormatException">When <paramref name="value"/> is not <c>DAYS:MODE</c> with a positive number of days.</exception>
    public static ExpectedLock Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0
            && parts[1] is "governance" or "compliance")
        {
            return new ExpectedLock(days, parts[1] == "compliance" ? LockMode.Compliance : LockMode.Governance);
        }

        throw new FormatException($"'{value}' is not DAYS:MODE: pass the storage's immutability as days and governance or compliance, e.g. 2555:compliance.");
    }
}

/// <summary>
/// The lock a bucket has, as its cloud reports it: S3 Object Lock's default retention, a GCS bucket's retention policy,
/// an Azure container's time-based retention policy (or the account's version-level default).
/// </summary>
/// <param name="Days">How long each object is kept from deletion (S3 years count 365 days; GCS seconds are rounded down).</param>
/// <param name="Irreversible">S3 compliance mode, a locked GCS retention policy, a locked Azure policy: nobody can lift or shorten it.</param>
/// <param name="AccountDefault">
/// Azure: the lock is the account's version-level default policy, which the container inherits (as on the accounts the
/// stack creates), not a policy of the container's own: it is changed on the account, and a container policy added
/// beside it would be another lock.
/// </param>
public sealed record BucketLock(int Days, bool Irreversible, bool AccountDefault = false);

/// <summary>
/// What the stack declares about where recordings live and how long they are kept, and what the owner's
/// credentials read of the bucket. A null expectation is not checked; an unreadable fact is reported as not examined.
/// </summary>
public sealed record LockAndResidencyFacts
{
    /// <summary>Stream's storage type (<c>s3</c>, <c>gcs</c>, <c>abs</c>): each cloud names and fixes its lock its own way.</summary>
    public required string StorageType { get; init; }

    /// <summary>The bucket as people name it: S3 and GCS bucket names, Azure <c>account/container</c>.</summary>
    public required string Bucket { get; init; }

    public ExpectedLock? ExpectedLock { get; init; }

    /// <summary>The bucket's lock; null when it has none (or when <see cref="LockError"/> says it could not be read).</summary>
    public BucketLock? Lock { get; init; }

    public string? LockError { get; init; }

    /// <summary>The stack's <c>allowedLocations</c>.</summary>
    public IReadOnlyList<string>? AllowedLocations { get; init; }

    /// <summary>The bucket's region or location as its cloud names it; null when unknown (see <see cref="LocationError"/>).</summary>
    public string? Location { get; init; }

    public string? LocationError { get; init; }

    /// <summary>
    /// GCS: the regions a configurable dual-region keeps its data in, whose <see cref="Location"/> is a multi-region's
    /// name (<c>EU</c>); null for any other bucket.
    /// </summary>
    public IReadOnlyList<string>? DataLocations { get; init; }

    /// <summary>What the stack declares of <paramref name="bucket"/>, before anything of it is read.</summary>
    public static LockAndResidencyFacts Declared(string storageType, string bucket, ExpectedLock? expectedLock, IReadOnlyList<string>? allowedLocations) =>
        new() { StorageType = storageType, Bucket = bucket, ExpectedLock = expectedLock, AllowedLocations = allowedLocations };

    /// <summary>These facts with neither the lock nor the location read, for <paramref name="reason"/>: what is declared of them is reported as not examined.</summary>
    public LockAndResidencyFacts NotExamined(string reason) => this with { LockError = reason, LocationError = reason };
}
