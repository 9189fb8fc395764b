using System.Collections.Concurrent;

namespace StorageRegistrar.Preflight;

/// <summary>
/// The reads of one preflight run, one per key (a project and a constraint, an account...): storages that share a
/// scope share its read, and concurrent askers wait for the same one.
/// </summary>
public sealed class ReadCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _reads = new();

    /// <summary>The read of <paramref name="key"/>, started by the first asker with <paramref name="read"/>.</summary>
    public Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> read) =>
        _reads.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => read(k))).Value;
}
