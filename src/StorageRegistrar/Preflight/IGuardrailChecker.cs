namespace StorageRegistrar.Preflight;

/// <summary>
/// Judges one cloud's guardrails for the storages of a plan in that cloud: read-only, with the owner's credentials,
/// each read at most once per scope (project, account, subscription) and the reads in parallel.
/// </summary>
public interface IGuardrailChecker
{
    /// <summary>Whether this checker judges <paramref name="target"/>.</summary>
    bool Checks(PreflightTarget target);

    /// <summary>
    /// The checks of each target, in their order. All targets come at once so that reads the storages share (one
    /// project's permissions for every storage in it) are made once.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken);
}

/// <summary>A checker of one target type; a cloud adds one of these and the REST clients it reads through.</summary>
public abstract class GuardrailChecker<TTarget> : IGuardrailChecker
    where TTarget : PreflightTarget
{
    public bool Checks(PreflightTarget target) => target is TTarget;

    public async Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return await CheckAsync(targets.Cast<TTarget>().ToList(), cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<TTarget> targets, CancellationToken cancellationToken);
}
