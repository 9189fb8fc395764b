using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamApiEmulator.Pipeline;

namespace StreamApiEmulator.State;

/// <summary>An external storage as Stream keeps it, credentials included (they never leave in a response).</summary>
public sealed record StoredStorage(
    string Name,
    string Type,
    string Bucket,
    string Path,
    [property: DebuggerBrowsable(DebuggerBrowsableState.Never)] string? GcsCredentials,
    S3Config? S3,
    AzureConfig? Azure)
{
    /// <summary>Until then the storage is missing from the list and "does not exist" on delete (eventual consistency).</summary>
    public DateTimeOffset VisibleFrom { get; init; }

    // Records print every member; a stored storage holds secrets, so it prints only what a response would show.
    public override string ToString() => $"{Type} storage {Name} ({Bucket}/{Path})";
}

public sealed record S3Config(string Region, string? AccessKey, [property: DebuggerBrowsable(DebuggerBrowsableState.Never)] string? SecretKey, Uri? CustomEndpoint)
{
    public override string ToString() => $"S3 {Region}";
}

public sealed record AzureConfig(string AccountName, string TenantId, string ClientId, [property: DebuggerBrowsable(DebuggerBrowsableState.Never)] string ClientSecret)
{
    public override string ToString() => $"Azure account {AccountName}";
}

/// <summary>The app's external storages, with Stream's rules: <c>stream-s3</c> reserved, unique names, at most N.</summary>
public sealed class StorageRegistry(IOptions<EmulatorOptions> options, TimeProvider time)
{
    /// <summary>Stream's own bucket: reserved as a name, valid as a reference, never listed.</summary>
    public const string StreamS3 = "stream-s3";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredStorage> _storages = new(StringComparer.Ordinal);
    private readonly EmulatorOptions _options = options.Value;

    public void Create(StoredStorage storage, TimeSpan invisibleFor)
    {
        if (storage.Name == StreamS3)
        {
            throw StreamException.InputError("name", $"{StreamS3} name reserved for internal use");
        }

        lock (_lock)
        {
            if (_storages.ContainsKey(storage.Name))
            {
                throw StreamException.InputError("name", $"external storage with name {storage.Name} already exists");
            }

            if (_storages.Count >= _options.MaxExternalStorages)
            {
                throw new StreamException(StreamErrorCode.InputError, $"an app can have at most {_options.MaxExternalStorages} external storages; delete one before creating another");
            }

            _storages[storage.Name] = storage with { VisibleFrom = time.GetUtcNow() + invisibleFor };
        }
    }

    public StoredStorage Replace(StoredStorage storage)
    {
        lock (_lock)
        {
            var existing = Find(storage.Name) ?? throw Missing(storage.Name);
            var replaced = storage with { VisibleFrom = existing.VisibleFrom };
            _storages[storage.Name] = replaced;
            return replaced;
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            if (!_storages.TryGetValue(name, out var storage) || !IsVisible(storage))
            {
                throw Missing(name);
            }

            _storages.Remove(name);
        }
    }

    public IReadOnlyList<StoredStorage> ListVisible()
    {
        lock (_lock)
        {
            return [.. _storages.Values.Where(IsVisible).OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    public StoredStorage? Find(string name)
    {
        lock (_lock)
        {
            return _storages.GetValueOrDefault(name);
        }
    }

    public StoredStorage Get(string name) => Find(name) ?? throw Missing(name);

    /// <summary>Throws Stream's error when a call type or call names a storage that does not exist.</summary>
    public void RequireKnown(string name, string field)
    {
        if (name == StreamS3 || Find(name) is not null)
        {
            return;
        }

        var problem = $"external storage {name} does not exist";
        throw _options.UnknownStorageErrorCode == (int)StreamErrorCode.DoesNotExist
            ? StreamException.NotFound(problem)
            : StreamException.InputError(field, problem);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _storages.Clear();
        }
    }

    private bool IsVisible(StoredStorage storage) => storage.VisibleFrom <= time.GetUtcNow();

    private static StreamException Missing(string name) => StreamException.NotFound($"external storage {name} does not exist");
}
