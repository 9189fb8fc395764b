using System.Text.Json.Nodes;
using StreamApiEmulator.Pipeline;

namespace StreamApiEmulator.State;

public sealed class StoredCallType
{
    public required string Name { get; init; }
    public required Dictionary<string, List<string>> Grants { get; init; }
    public required JsonObject Settings { get; init; }
    public required JsonObject NotificationSettings { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ExternalStorage { get; set; }
}

/// <summary>The app's call types, seeded with Stream's built-in ones.</summary>
public sealed class CallTypeRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredCallType> _callTypes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public CallTypeRegistry(TimeProvider time)
    {
        _time = time;
        Reset();
    }

    /// <summary>Runs <paramref name="change"/> on a new call type (built from the defaults) and stores it.</summary>
    public StoredCallType Create(string name, Action<StoredCallType> change)
    {
        lock (_lock)
        {
            if (_callTypes.ContainsKey(name))
            {
                throw StreamException.InputError("name", $"call type {name} already exists");
            }

            var callType = NewCallType(name);
            change(callType);
            _callTypes[name] = callType;
            return Snapshot(callType);
        }
    }

    public StoredCallType Update(string name, Action<StoredCallType> change)
    {
        lock (_lock)
        {
            var callType = _callTypes.GetValueOrDefault(name) ?? throw Missing(name);
            var updated = Snapshot(callType);
            change(updated);
            updated.UpdatedAt = _time.GetUtcNow();
            _callTypes[name] = updated;
            return Snapshot(updated);
        }
    }

    public StoredCallType Get(string name)
    {
        lock (_lock)
        {
            return Snapshot(_callTypes.GetValueOrDefault(name) ?? throw Missing(name));
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            if (!_callTypes.Remove(name))
            {
                throw Missing(name);
            }
        }
    }

    public IReadOnlyList<StoredCallType> List()
    {
        lock (_lock)
        {
            return [.. _callTypes.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(Snapshot)];
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _callTypes.Clear();
            foreach (var name in CallTypeDefaults.BuiltInNames)
            {
                _callTypes[name] = NewCallType(name);
            }
        }
    }

    private StoredCallType NewCallType(string name)
    {
        var now = _time.GetUtcNow();
        return new StoredCallType
        {
            Name = name,
            Grants = CallTypeDefaults.Grants(name),
            Settings = CallTypeDefaults.Settings(name),
            NotificationSettings = CallTypeDefaults.NotificationSettings(name),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    // Copies so that a failed update leaves the stored call type untouched and callers never share JSON nodes.
    private static StoredCallType Snapshot(StoredCallType callType) => new()
    {
        Name = callType.Name,
        Grants = callType.Grants.ToDictionary(g => g.Key, g => g.Value.ToList(), StringComparer.Ordinal),
        Settings = callType.Settings.DeepClone().AsObject(),
        NotificationSettings = callType.NotificationSettings.DeepClone().AsObject(),
        CreatedAt = callType.CreatedAt,
        UpdatedAt = callType.UpdatedAt,
        ExternalStorage = callType.ExternalStorage,
    };

    private static StreamException Missing(string name) => StreamException.NotFound($"call type {name} does not exist");
}
