using StorageRegistrar.Declarations;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StorageRegistrar.Resources;

/// <summary>What a plan does to an existing resource.</summary>
public enum ResourceChange
{
    None,
    Update,
    Replace,
}

/// <summary>
/// The diff between a resource's state and its new inputs. Property lists hold top-level names only
/// (the granularity Pulumi's engine uses) and never values, so secrets cannot leak through a diff.
/// </summary>
public sealed record ResourceDiff(
    ResourceChange Change,
    IReadOnlyList<string> ChangedProperties,
    IReadOnlyList<string> ReplacingProperties)
{
    /// <summary>
    /// A setting that Stream never returns (credentials, region, endpoint) changed, so an update must
    /// send the storage again even when its name, type, bucket and path still match.
    /// </summary>
    public bool CredentialsChanged { get; init; }
}

/// <summary>
/// Decides create-or-replace versus update. Only the identifying property (a storage's name, a
/// binding's call type) replaces; every other change updates in place, because Stream's update keeps
/// the name and takes a full new definition. Unknown values (a preview whose inputs depend on
/// resources not yet created) count as changed.
/// </summary>
public static class ResourceDiffer
{
    /// <summary>Top-level inputs whose values Stream keeps to itself, credentials among them.</summary>
    private static readonly string[] SettingsStreamDoesNotReturn = [P.AwsS3, P.GcsCredentials, P.AzureBlob];

    public static ResourceDiff Diff(
        ExternalStorageInputs old,
        ExternalStorageInputs @new,
        IReadOnlyCollection<string> unknownPaths,
        IReadOnlyCollection<string> ignoredPaths)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var diff = Diff(ProviderSchema.ExternalStorage, ResourcePaths.LeafValues(old), ResourcePaths.LeafValues(@new), unknownPaths, ignoredPaths);
        return diff with
        {
            CredentialsChanged = diff.ChangedProperties.Intersect(SettingsStreamDoesNotReturn).Any(),
        };
    }

    public static ResourceDiff Diff(
        CallTypeBindingDeclaration old,
        CallTypeBindingDeclaration @new,
        IReadOnlyCollection<string> unknownPaths,
        IReadOnlyCollection<string> ignoredPaths)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        return Diff(ProviderSchema.CallTypeBinding, ResourcePaths.LeafValues(old), ResourcePaths.LeafValues(@new), unknownPaths, ignoredPaths);
    }

    private static ResourceDiff Diff(
        SchemaResource resource,
        IReadOnlyDictionary<string, object?> old,
        IReadOnlyDictionary<string, object?> @new,
        IReadOnlyCollection<string> unknownPaths,
        IReadOnlyCollection<string> ignoredPaths)
    {
        ArgumentNullException.ThrowIfNull(unknownPaths);
        ArgumentNullException.ThrowIfNull(ignoredPaths);
        var changedTopLevel = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, newValue) in @new)
        {
            if (ResourcePaths.IsWithinAny(path, ignoredPaths))
            {
                continue;
            }

            // SecretString compares in constant time and neither side is ever formatted.
            if (ResourcePaths.IsWithinAny(path, unknownPaths) || !Equals(old.GetValueOrDefault(path), newValue))
            {
                changedTopLevel.Add(ResourcePaths.TopLevel(path));
            }
        }

        // Schema order keeps plans stable from run to run.
        IReadOnlyList<string> changed = [.. resource.Inputs.Select(p => p.Name).Where(changedTopLevel.Contains)];
        IReadOnlyList<string> replacing = [.. changed.Where(resource.ReplacingInputs.Contains)];
        var change = replacing.Count > 0 ? ResourceChange.Replace
            : changed.Count > 0 ? ResourceChange.Update
            : ResourceChange.None;
        return new ResourceDiff(change, changed, replacing);
    }
}
