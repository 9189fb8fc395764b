using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace StorageRegistrar.Resources;

/// <summary>
/// What the creates of one deployment found already in Stream as declared and took over: storages by name, bindings by
/// call type. Stream holds a name once, so a delete in the same deployment of what a create took over would undo that
/// create: <c>pulumi up --replace</c> makes the replacement before it deletes the old resource, and a resource renamed
/// without an alias is created before the old one goes, both under the name Stream holds. Such a delete is left, with a
/// warning. One ledger per provider instance and Stream app, which live for one deployment; a replacement deleted
/// first (<c>replaceOnChanges</c>, the <c>deleteBeforeReplace</c> option) finds nothing in it.
/// </summary>
public sealed class DeploymentTakeovers
{
    private readonly ConcurrentDictionary<string, bool> _storages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bindings = new(StringComparer.Ordinal);

    internal void StorageTakenOver(string name) => _storages[name] = true;

    internal bool IsStorageTakenOver(string name) => _storages.ContainsKey(name);

    /// <param name="storage">The storage the create found the call type recording to.</param>
    internal void BindingTakenOver(string callType, string storage) => _bindings[callType] = storage;

    internal bool IsBindingTakenOver(string callType, [NotNullWhen(true)] out string? storage) => _bindings.TryGetValue(callType, out storage);
}
