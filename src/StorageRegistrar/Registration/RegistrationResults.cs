namespace StorageRegistrar.Registration;

public enum EnsureOutcome
{
    /// <summary>The storage did not exist and was created.</summary>
    Created,

    /// <summary>An identical storage already existed and was taken over without a write.</summary>
    Adopted,

    /// <summary>The storage existed with other settings, or new credentials, and was replaced in place.</summary>
    Updated,

    /// <summary>Already as declared: nothing was written.</summary>
    Unchanged,
}

public enum DeleteOutcome
{
    Deleted,

    /// <summary>Stream no longer had the storage: the goal was already met.</summary>
    AlreadyGone,
}

/// <summary>A storage as Stream reports it. Stream never returns credentials, so none are here.</summary>
public sealed record ExternalStorageState(string Name, string StorageType, string Bucket, string Path);

public sealed record EnsureResult(EnsureOutcome Outcome, ExternalStorageState State, ExternalStorageState? Previous);

/// <summary>One try of Stream's check; <see cref="Error"/> is null for the one that succeeded.</summary>
/// <param name="DelayBeforeNext">How long the check waited before the next attempt; null for the last attempt.</param>
public sealed record CheckAttempt(int Number, DateTimeOffset StartedAt, string? Error, int? StatusCode = null, int? StreamCode = null, TimeSpan? DelayBeforeNext = null)
{
    public bool Succeeded => Error is null;

    public override string ToString() =>
        $"#{Number} at {StartedAt:HH:mm:ss.fff}Z: {Error ?? "ok"}{(DelayBeforeNext is { } delay ? $" (next attempt {delay.TotalSeconds:0.##} s later)" : "")}";
}

public sealed record CheckResult(string FileUrl, DateTimeOffset CheckedAt, IReadOnlyList<CheckAttempt> Attempts);

/// <param name="PreviousExternalStorage">What the call type used before; null means Stream's default (<c>stream-s3</c>).</param>
public sealed record BindResult(string CallType, string ExternalStorage, string? PreviousExternalStorage, bool Changed);

/// <param name="ExternalStorage">null when the call type uses Stream's default storage.</param>
public sealed record CallTypeBindingState(string CallType, string? ExternalStorage);

public enum UnbindOutcome
{
    /// <summary>The call type still recorded to the binding's storage and now records to the one restored.</summary>
    Restored,

    /// <summary>The call type already recorded to the storage to restore: nothing was written.</summary>
    AlreadyRestored,

    /// <summary>Someone pointed the call type at another storage since the binding: it was left as it is.</summary>
    ChangedElsewhere,

    /// <summary>The call type no longer exists, and with it the binding.</summary>
    CallTypeGone,

    /// <summary>A create of the same deployment found the call type bound as declared and took it over: it was left as it is.</summary>
    TakenOver,
}

/// <param name="ExternalStorage">What the call type records to afterwards; null for Stream's default storage or when the call type is gone.</param>
public sealed record UnbindResult(string CallType, UnbindOutcome Outcome, string? ExternalStorage);
