namespace StorageRegistrar.Diagnostics;

/// <summary>
/// The soft delete the stack sets (its <c>softDeleteDays</c>) on a GCS bucket or the Azure account it creates, and what the
/// owner's credentials read of it: how long a deleted or overwritten recording stays restorable. A null expectation is not
/// checked; an unread fact is reported as not examined, never as a pass.
/// </summary>
public sealed record SoftDeleteFacts
{
    /// <summary>Stream's storage type (<c>gcs</c>, <c>abs</c>): each cloud sets soft delete its own way.</summary>
    public required string StorageType { get; init; }

    /// <summary>The bucket as people name it: the GCS bucket's name, Azure <c>account/container</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>The days the stack sets, 0 for off; null where it sets none, and nothing is checked.</summary>
    public int? ExpectedDays { get; init; }

    /// <summary>The whole days the cloud keeps a deleted object restorable, 0 when soft delete is off; null when not read (see <see cref="Error"/>).</summary>
    public int? Days { get; init; }

    public string? Error { get; init; }

    /// <summary>What the stack declares of <paramref name="bucket"/>'s soft delete, before anything of it is read.</summary>
    public static SoftDeleteFacts Declared(string storageType, string bucket, int? expectedDays) =>
        new() { StorageType = storageType, Bucket = bucket, ExpectedDays = expectedDays };

    /// <summary>These facts with the soft delete not read, for <paramref name="reason"/>: what is declared of it is reported as not examined.</summary>
    public SoftDeleteFacts NotExamined(string reason) => this with { Error = reason };
}
