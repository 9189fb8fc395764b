using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// Names Stream keys storages and call types by. Stream publishes no pattern or length for either, so
/// these rules are the conservative intersection of what is known to work: names used against the
/// live API are lowercase letters, digits, '-' and '_' and reach 51 characters, and the call
/// endpoints cap the call-type path parameter at 64 characters.
/// </summary>
internal static partial class StreamNameRules
{
    public const int MaxLength = 64;

    /// <summary>Returns what is wrong with a storage name and how to fix it, or null when it is usable.</summary>
    public static string? CheckStorageName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is required: set the name Stream will know this storage by, e.g. \"recordings-s3\".";
        }

        if (name == StorageTypes.StreamDefaultStorage)
        {
            return $"\"{StorageTypes.StreamDefaultStorage}\" is reserved by Stream for its own bucket: choose another name, e.g. \"recordings-s3\".";
        }

        if (name.Length > MaxLength)
        {
            return $"is {name.Length} characters long: use at most {MaxLength}.";
        }

        if (!StorageName().IsMatch(name))
        {
            return "may contain only lowercase letters a-z, digits, '-' and '_', and must start with a letter or digit: rename it, e.g. \"recordings-s3\".";
        }

        return null;
    }

    /// <summary>
    /// Returns what is wrong with the name of a storage Stream already holds, or null: only what no request or message
    /// can take. The rules of <see cref="CheckStorageName"/> are for names the stack creates; Stream accepts others, and
    /// a storage made elsewhere (e.g. "Team.Recordings") keeps its name and can still be checked.
    /// </summary>
    public static string? CheckExistingStorageName(string? name) =>
        string.IsNullOrEmpty(name)
            ? "is required: name the storage as Stream lists it ('stream-storage status' lists them)."
            : UnsafeText.Check(name);

    /// <summary>Returns what is wrong with a call-type name and how to fix it, or null when it is usable.</summary>
    public static string? CheckCallTypeName(string? callType)
    {
        if (string.IsNullOrEmpty(callType))
        {
            return "is required: set the call type to bind, e.g. \"default\" or \"livestream\".";
        }

        if (callType.Length > MaxLength)
        {
            return $"is {callType.Length} characters long: Stream call types have at most {MaxLength}.";
        }

        if (!CallTypeName().IsMatch(callType))
        {
            return "may contain only letters, digits, '-' and '_': use the call type's name exactly as Stream lists it, e.g. \"default\".";
        }

        return null;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex StorageName();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex CallTypeName();
}
