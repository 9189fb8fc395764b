using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// GCS storages that act on their whole project (its key-creation exception, its audit logs) are matched by the project
/// each names. A storage that names none deploys into the gcp provider's default project, which the stack file may not
/// say; beside one that names a project, the two may be one project or two, and the stack cannot tell.
/// </summary>
internal static class ProjectForms
{
    /// <summary>Whether one of two GCS storages names its project and the other leaves it to the provider's default.</summary>
    public static bool Differ(StorageConfig one, StorageConfig other) => (one.Project is null) != (other.Project is null);

    /// <summary>The refusal of <paramref name="storage"/>'s project beside <paramref name="actor"/>'s, on its <c>project</c> key.</summary>
    /// <param name="acts">What the other storage does to its project (<c>sets keyCreationException</c>).</param>
    /// <param name="shared">What the stack could not tell (<c>whether they share the exception</c>).</param>
    public static ValidationProblem Mixed(int index, StorageConfig storage, int actorIndex, StorageConfig actor, string acts, string shared)
    {
        const string DefaultProject = "the gcp provider's default project";
        var other = $"{ConfigKeys.Storages}[{actorIndex}] {acts} for {(actor.Project is null ? DefaultProject : $"project \"{actor.Project}\"")}";
        var mine = storage.Project is null ? $"this storage names no project, so it deploys into {DefaultProject}" : $"this storage names \"{TerminalText.Shorten(storage.Project)}\"";
        return new(
            $"{ConfigKeys.Storages}[{index}].{Keys.Project}",
            $"{other}, and {mine}, which may be the same project: name the project on both storages, or on neither, so that the stack can tell {shared}.");
    }
}
