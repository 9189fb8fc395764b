using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;

namespace StreamStorage.Cli.Reports;

/// <summary>What is bound where: every external storage with the call types that record to it.</summary>
internal sealed record StatusReport(
    IReadOnlyList<StorageStatus> Storages,
    IReadOnlyList<string> StreamDefaultCallTypes,
    IReadOnlyList<DanglingBinding> DanglingBindings)
{
    /// <summary>
    /// A call type with no storage, or with <c>stream-s3</c>, records to Stream's own bucket; one naming a
    /// storage Stream no longer lists is dangling.
    /// </summary>
    public static StatusReport Build(ListExternalStorageResponse storages, ListCallTypeResponse callTypes)
    {
        var byStorage = callTypes.CallTypes
            .Where(c => !UsesStreamDefault(c.Value.ExternalStorage))
            .GroupBy(c => c.Value.ExternalStorage!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Key).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var rows = storages.ExternalStorages.Values
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new StorageStatus(s.Name, s.Type, s.Bucket, s.Path, byStorage.GetValueOrDefault(s.Name) ?? []))
            .ToList();
        var streamDefault = callTypes.CallTypes
            .Where(c => UsesStreamDefault(c.Value.ExternalStorage))
            .Select(c => c.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var dangling = byStorage
            .Where(b => !storages.ExternalStorages.ContainsKey(b.Key))
            .SelectMany(b => b.Value.Select(callType => new DanglingBinding(callType, b.Key)))
            .OrderBy(d => d.CallType, StringComparer.Ordinal)
            .ToList();
        return new StatusReport(rows, streamDefault, dangling);
    }

    private static bool UsesStreamDefault(string? storage) =>
        string.IsNullOrEmpty(storage) || storage == StorageTypes.StreamDefaultStorage;
}

internal sealed record StorageStatus(string Name, string Type, string Bucket, string Path, IReadOnlyList<string> CallTypes);

/// <summary>A call type pointing at a storage Stream does not list: its recordings go nowhere the owner expects.</summary>
internal sealed record DanglingBinding(string CallType, string Storage);
