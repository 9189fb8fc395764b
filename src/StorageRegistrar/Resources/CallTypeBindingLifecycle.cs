using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;

namespace StorageRegistrar.Resources;

/// <summary>
/// Create, update, read and delete of the <c>CallTypeBinding</c> resource, in registrar terms. The
/// binding remembers what the call type used before it, and deleting the binding restores that.
/// </summary>
public sealed class CallTypeBindingLifecycle
{
    private readonly ExternalStorageRegistrar _registrar;
    private readonly DeploymentTakeovers? _takeovers;

    /// <param name="takeovers">The deployment's ledger of what its creates took over, whose deletes are left; null keeps none.</param>
    public CallTypeBindingLifecycle(ExternalStorageRegistrar registrar, DeploymentTakeovers? takeovers = null)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        _registrar = registrar;
        _takeovers = takeovers;
    }

    public async Task<CallTypeBindingOutputs> CreateAsync(CallTypeBindingDeclaration binding, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var bound = await _registrar.BindAsync(binding, ct).ConfigureAwait(false);
        // Already recording there, Stream's own storage named either way (stream-s3, or none at all).
        if (ExternalStorageRegistrar.SameStorage(bound.PreviousExternalStorage, bound.ExternalStorage))
        {
            _takeovers?.BindingTakenOver(bound.CallType, bound.ExternalStorage);
        }

        return new CallTypeBindingOutputs(binding, PreviousToRestore(bound));
    }

    /// <summary>Points the call type at the new storage; what to restore on delete stays what it was before the binding existed.</summary>
    public async Task<CallTypeBindingOutputs> UpdateAsync(CallTypeBindingOutputs old, CallTypeBindingDeclaration binding, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(binding);
        await _registrar.BindAsync(binding, ct).ConfigureAwait(false);
        return old with { Binding = binding };
    }

    /// <summary>
    /// The binding as Stream has it now, or null when it is gone: the call type no longer exists, or records to
    /// another storage than the binding's (Stream's own again, or one someone pointed it at since). A binding to
    /// Stream's own storage (<c>stream-s3</c>) stays, with what it restores, while its call type records there,
    /// whether Stream says so with <c>stream-s3</c> or with no <c>external_storage</c> at all.
    /// </summary>
    /// <remarks>
    /// A call type pointed elsewhere is someone's choice: read back as this binding's, a destroy after the refresh
    /// would take it for the binding's own storage and point the call type back over it. Gone, the binding is made
    /// again by the next <c>up</c>, which remembers that choice to restore.
    /// </remarks>
    public async Task<CallTypeBindingOutputs?> ReadAsync(string callType, CallTypeBindingOutputs? known, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callType);
        var current = await _registrar.ReadBindingAsync(callType, ct).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        if (current.ExternalStorage is not { } storage)
        {
            return string.Equals(known?.Binding.ExternalStorage, StorageTypes.StreamDefaultStorage, StringComparison.Ordinal) ? known : null;
        }

        if (known is not null && !string.Equals(storage, known.Binding.ExternalStorage, StringComparison.Ordinal))
        {
            return null;
        }

        return new CallTypeBindingOutputs(
            new CallTypeBindingDeclaration { CallType = current.CallType, ExternalStorage = storage },
            known?.PreviousExternalStorage);
    }

    /// <summary>
    /// Points the call type back at the storage it used before the binding (Stream's own when none),
    /// unless someone pointed it at another storage since: that choice is theirs and stays. A binding a create of this
    /// deployment took over is that create's now, and is left (<see cref="DeploymentTakeovers"/>).
    /// </summary>
    public async Task<UnbindResult> DeleteAsync(CallTypeBindingOutputs old, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentException.ThrowIfNullOrEmpty(old.Binding.CallType);
        if (_takeovers?.IsBindingTakenOver(old.Binding.CallType, out var storage) == true)
        {
            _registrar.WarnLeftForTakeover($"The binding of call type {old.Binding.CallType}");
            if (old.PreviousExternalStorage is { } remembered)
            {
                // The new binding found the call type bound already, so it restores Stream's own storage, not this one.
                _registrar.WarnRestoreLost(old.Binding.CallType, remembered);
            }

            return new UnbindResult(old.Binding.CallType, UnbindOutcome.TakenOver, ExternalStorageRegistrar.NullIfDefault(storage));
        }

        return await _registrar.UnbindAsync(old.Binding, old.PreviousExternalStorage, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A call type already bound to this very storage (a retried create, or an import of a binding made
    /// by hand) has nothing of its own to go back to; restoring "itself" would keep the storage in use
    /// and block its deletion, so Stream's default is restored instead.
    /// </summary>
    public static string? PreviousToRestore(BindResult bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return string.Equals(bound.PreviousExternalStorage, bound.ExternalStorage, StringComparison.Ordinal)
            ? null
            : bound.PreviousExternalStorage;
    }
}
