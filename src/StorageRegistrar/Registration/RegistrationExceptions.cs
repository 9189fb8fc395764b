using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Registration;

/// <summary>Stream could not write its check file into the storage before the deadline.</summary>
public sealed class StorageCheckFailedException : Exception
{
    public StorageCheckFailedException(string storageName, IReadOnlyList<CheckAttempt> attempts, TimeSpan deadline, string? reason = null)
        : base(FormatMessage(storageName, attempts, deadline, reason))
    {
        StorageName = storageName;
        Attempts = attempts;
        Deadline = deadline;
    }

    public string StorageName { get; }

    /// <summary>Every attempt in order, each with the error Stream gave.</summary>
    public IReadOnlyList<CheckAttempt> Attempts { get; }

    public TimeSpan Deadline { get; }

    private static string FormatMessage(string storageName, IReadOnlyList<CheckAttempt> attempts, TimeSpan deadline, string? reason)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var why = reason ?? $"still failing after {deadline.TotalSeconds:0.#} s";
        return $"Stream could not write a check file into storage '{storageName}' ({why}; {attempts.Count} attempt{(attempts.Count == 1 ? "" : "s")}). " +
            "Check the bucket's grant to Stream and the credentials given to Stream; new grants can take minutes to apply." +
            string.Concat(attempts.Select(a => Environment.NewLine + "  " + a));
    }
}

/// <summary>A storage cannot be deleted while call types still send recordings to it.</summary>
public sealed class StorageInUseException : Exception
{
    public StorageInUseException(string storageName, IReadOnlyList<string> callTypes)
        : base($"Storage '{storageName}' is still used by call type{(callTypes.Count == 1 ? "" : "s")} {string.Join(", ", callTypes.Select(c => $"'{UnsafeText.Escape(c)}'"))}: " +
               "point them back to their previous storage (or stream-s3) before deleting it.")
    {
        StorageName = storageName;
        CallTypes = callTypes;
    }

    public string StorageName { get; }

    public IReadOnlyList<string> CallTypes { get; }
}

/// <summary>
/// A binding's undo found the storage its call type recorded to before gone from Stream: nothing to go back to, so the
/// call type is left as the binding set it, and the owner decides where it records now.
/// </summary>
public sealed class RestoreTargetGoneException : Exception
{
    public RestoreTargetGoneException(string callType, string restoreTo, string? current, Exception inner)
        : base($"Call type '{UnsafeText.Escape(callType)}' cannot go back to storage '{UnsafeText.Escape(restoreTo)}', which Stream no longer has, so it was left recording to '{UnsafeText.Escape(current ?? StorageTypes.StreamDefaultStorage)}'. " +
               "Point the call type at the storage it should record to now (or stream-s3, Stream's own) in Stream's dashboard or with its API " +
               "(PUT /api/v2/video/calltypes/{name} with external_storage), then run the delete again: a call type pointed elsewhere is left as it is.", inner)
    {
        CallType = callType;
        RestoreTo = restoreTo;
    }

    public string CallType { get; }

    /// <summary>The storage the call type recorded to before the binding, which Stream no longer has.</summary>
    public string RestoreTo { get; }
}

/// <summary>
/// A create found a storage of the declared name that differs in type, bucket or path. Call types,
/// perhaps another stack's or a person's, may record to it, so it is left untouched: nothing was written.
/// </summary>
public sealed class StorageTakeoverRefusedException : Exception
{
    public StorageTakeoverRefusedException(ExternalStorageState existing, ExternalStorageState declared)
        : base(FormatMessage(existing, declared))
    {
        StorageName = existing.Name;
        Existing = existing;
        Declared = declared;
    }

    public string StorageName { get; }

    /// <summary>The storage as Stream has it.</summary>
    public ExternalStorageState Existing { get; }

    /// <summary>What the create asked for.</summary>
    public ExternalStorageState Declared { get; }

    private static string FormatMessage(ExternalStorageState existing, ExternalStorageState declared)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(declared);
        return $"Storage '{existing.Name}' already exists at Stream as {DescribeExisting(existing, declared)}, not {Describe(declared)} as declared, and was left untouched: " +
            "a create takes over only a storage with the same type, bucket and path, since call types (perhaps another stack's) may record to any other. " +
            "Choose another name, or take it over on purpose: " +
            $"`pulumi import {Resources.ResourceTokens.ExternalStorage} <resource-name> {existing.Name}`, after which the next `pulumi up` writes the declared settings and credentials into it and checks it.";
    }

    // Stream accepts any bucket and path, and the message reaches the deployer's terminal through Pulumi.
    private static string Describe(ExternalStorageState state) =>
        $"type {UnsafeText.Escape(state.StorageType)}, bucket '{UnsafeText.Escape(state.Bucket)}', path '{UnsafeText.Escape(state.Path)}'{(state.Path.Length == 0 ? " (the bucket root)" : "")}";

    // The existing storage's path is not shown: it may be another stack's, or an earlier, unguessable folder, and the
    // message lands in deploy logs. `stream-storage status` shows it to whoever holds the app's key.
    private static string DescribeExisting(ExternalStorageState existing, ExternalStorageState declared) =>
        $"type {UnsafeText.Escape(existing.StorageType)}, bucket '{UnsafeText.Escape(existing.Bucket)}', " + (existing.Path.Length == 0
            ? "at the bucket root"
            : existing.Path == declared.Path ? "under the declared path" : "under another path (not shown, as it may hold an unguessable folder: stream-storage status lists it)");
}
