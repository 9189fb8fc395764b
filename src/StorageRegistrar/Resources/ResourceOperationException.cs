using StorageRegistrar.Declarations;

namespace StorageRegistrar.Resources;

/// <summary>
/// A resource operation failed; the message says what happened to anything it had already changed,
/// and never contains a secret. The cause is the inner exception.
/// </summary>
public sealed class ResourceOperationException(string message, Exception? innerException) : Exception(message, innerException)
{
    /// <summary>
    /// <paramref name="failure"/> with each of <paramref name="hidden"/> (a bucket or path the program made secret)
    /// masked in its message, which reaches the engine's output; the cause is not kept, since its message holds them.
    /// </summary>
    /// <returns><paramref name="failure"/> itself when its message shows none of them.</returns>
    public static Exception Hiding(Exception failure, IReadOnlyCollection<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(hidden);
        var message = Masked(failure.Message, hidden);
        return ReferenceEquals(message, failure.Message) ? failure : new ResourceOperationException(message, innerException: null);
    }

    /// <summary><paramref name="message"/> with each of <paramref name="hidden"/> masked, the longest first; itself when it shows none.</summary>
    public static string Masked(string message, IReadOnlyCollection<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(hidden);
        return hidden.Where(value => value.Length > 0 && message.Contains(value, StringComparison.Ordinal))
            .OrderByDescending(value => value.Length)
            .Aggregate(message, (masked, value) => masked.Replace(value, SecretString.Mask, StringComparison.Ordinal));
    }
}
