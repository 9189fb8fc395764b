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
        var shown = hidden.Where(value => value.Length > 0 && failure.Message.Contains(value, StringComparison.Ordinal)).ToList();
        return shown.Count == 0
            ? failure
            : new ResourceOperationException(
                shown.OrderByDescending(value => value.Length).Aggregate(failure.Message, (message, value) => message.Replace(value, SecretString.Mask, StringComparison.Ordinal)),
                innerException: null);
    }
}
