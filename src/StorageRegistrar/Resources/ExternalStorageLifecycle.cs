using System.Diagnostics;
using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Resources;

/// <summary>
/// Create, update, read and delete of the <c>ExternalStorage</c> resource, in registrar terms. The
/// provider plugin only converts Pulumi values to and from these calls.
/// </summary>
/// <remarks>
/// A create whose check fails, or ends in any other way (cancelled, Stream unreachable), removes the storage it made. The Pulumi 3.112 .NET provider API cannot
/// report a partly created resource, so the engine records nothing; a storage left in Stream would
/// then belong to no stack (and count against Stream's limit of ten) if the next run renames or drops
/// the resource. Removal makes the failure leave nothing behind; a create whose answer never came is removed by
/// <see cref="ExternalStorageRegistrar.EnsureAsync"/> itself, since Stream may have made it. When removal itself fails, a retry is
/// still safe: <see cref="ExternalStorageRegistrar.EnsureAsync"/> takes over a storage with the same
/// name, type, bucket and path and writes the declared credentials into it. A create never takes over
/// a storage that differs from the declaration (another stack's or a person's, whose call types would
/// start recording into this bucket); that is refused before any write, and taking it over on purpose
/// is an import followed by an update.
/// </remarks>
public sealed class ExternalStorageLifecycle
{
    private readonly ExternalStorageRegistrar _registrar;
    private readonly CheckFileVerifier _verifier;
    private readonly TimeSpan? _defaultCheckDeadline;
    private readonly TimeSpan? _operationTimeout;
    private readonly DeploymentTakeovers? _takeovers;

    /// <param name="verifier">Finds and deletes the check file for storages with <see cref="StorageCheckSettings.VerifyCheckFile"/>.</param>
    /// <param name="defaultCheckDeadline">The provider's deadline for storages that set none; null leaves the registrar's per-cloud default.</param>
    /// <param name="operationTimeout">The engine's custom timeout of the one operation this serves; a shorter one ends the check (<see cref="CheckOptions.Timeout"/>).</param>
    /// <param name="takeovers">The deployment's ledger of what its creates took over, whose deletes are left; null keeps none.</param>
    public ExternalStorageLifecycle(
        ExternalStorageRegistrar registrar,
        CheckFileVerifier verifier,
        TimeSpan? defaultCheckDeadline = null,
        TimeSpan? operationTimeout = null,
        DeploymentTakeovers? takeovers = null)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentNullException.ThrowIfNull(verifier);
        _registrar = registrar;
        _verifier = verifier;
        _defaultCheckDeadline = defaultCheckDeadline;
        _operationTimeout = operationTimeout;
        _takeovers = takeovers;
    }

    /// <summary>
    /// Registers the storage and checks it. A storage of that name with the same type, bucket and path
    /// (what a failed earlier create leaves) is taken over and sent the declared credentials.
    /// </summary>
    /// <exception cref="StorageTakeoverRefusedException">A storage of that name differs in type, bucket or path; nothing was written.</exception>
    /// <exception cref="ResourceOperationException">The check (or the check file's verification) failed; what this create made was removed again, or the message says why not.</exception>
    public async Task<ExternalStorageOutputs> CreateAsync(ExternalStorageInputs inputs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var started = Stopwatch.GetTimestamp();
        await RequireVerifierCredentialsAsync(inputs, ct).ConfigureAwait(false);
        // Not AlreadyManaged: a storage of this name that differs may be someone else's, and is refused.
        var ensured = await _registrar.EnsureAsync(inputs.Declaration, new EnsureOptions { CredentialsChanged = true }, ct).ConfigureAwait(false);
        try
        {
            var outputs = await CheckAsync(inputs, started, ct).ConfigureAwait(false);
            if (ensured.Outcome != EnsureOutcome.Created)
            {
                _takeovers?.StorageTakenOver(ensured.State.Name);
            }

            return outputs;
        }
        catch (Exception failure) when (IsCheckFailure(failure) && ensured.Outcome == EnsureOutcome.Created)
        {
            throw await RemoveAfterFailedCheckAsync(ensured.State.Name, failure).ConfigureAwait(false);
        }
        catch (Exception failure) when (IsCheckFailure(failure))
        {
            throw new ResourceOperationException(
                $"{failure.Message}{Environment.NewLine}Storage '{ensured.State.Name}' existed before this create with the same type, bucket and path, so it was kept; it now holds the declared credentials, and the next run takes it over again.",
                failure);
        }
        catch (Exception) when (ensured.Outcome == EnsureOutcome.Created)
        {
            // Cancelled, or Stream unreachable mid-check: the engine records nothing, so what this create made goes too.
            // Should removal fail, the next run takes the storage over (same type, bucket and path).
            await RemoveCreatedAsync(ensured.State.Name).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Writes changed settings into the existing storage (its name never changes here: a new name is a
    /// replacement) and checks it again.
    /// </summary>
    public async Task<ExternalStorageOutputs> UpdateAsync(ExternalStorageOutputs old, ExternalStorageInputs inputs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(inputs);
        var started = Stopwatch.GetTimestamp();
        await RequireVerifierCredentialsAsync(inputs, ct).ConfigureAwait(false);
        var diff = ResourceDiffer.Diff(old.Inputs, inputs, unknownPaths: [], ignoredPaths: []);
        var options = new EnsureOptions { CredentialsChanged = diff.CredentialsChanged, AlreadyManaged = true };
        await _registrar.EnsureAsync(inputs.Declaration, options, ct).ConfigureAwait(false);
        return await CheckAsync(inputs, started, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The resource as Stream has it now, or null when Stream no longer has it. <paramref name="known"/>
    /// is the recorded state (null on import): Stream never returns credentials or check results, so
    /// those are kept from it. A storage checked within Stream's consistency window is listed again
    /// until the window has passed before it counts as gone: Stream's list lags a create.
    /// </summary>
    public async Task<ExternalStorageOutputs?> ReadAsync(string name, ExternalStorageOutputs? known, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var current = await _registrar.ReadKnownStorageAsync(name, known?.CheckedAt, ct).ConfigureAwait(false);
        return current is null ? null : Refresh(known, current);
    }

    /// <summary>
    /// Removes the storage from Stream; one that is already gone counts as removed. <paramref name="known"/> is the
    /// recorded state: a storage checked within Stream's consistency window may not yet be seen by Stream's delete,
    /// which answers "does not exist" for it, so that answer is retried until the window has passed. A storage a create
    /// of this deployment took over is that create's now, and is left (<see cref="DeploymentTakeovers"/>).
    /// </summary>
    /// <exception cref="StorageInUseException">Call types still record to it.</exception>
    public async Task DeleteAsync(string name, ExternalStorageOutputs? known, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_takeovers?.IsStorageTakenOver(name) == true)
        {
            _registrar.WarnLeftForTakeover($"Storage {name}");
            return;
        }

        await _registrar.DeleteAsync(name, known?.CheckedAt, ct).ConfigureAwait(false);
    }

    /// <summary>Recorded state brought up to date with what Stream reports.</summary>
    public static ExternalStorageOutputs Refresh(ExternalStorageOutputs? known, ExternalStorageState current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var inputs = known?.Inputs ?? new ExternalStorageInputs(new StorageDeclaration(), StorageCheckSettings.Default);
        var declaration = inputs.Declaration with
        {
            Name = current.Name,
            StorageType = current.StorageType,
            Bucket = current.Bucket,
            // Stream reports a root path as empty; keep an unset path unset so that refresh shows no change.
            Path = current.Path.Length == 0 && inputs.Declaration.Path is null ? null : current.Path,
        };
        return new ExternalStorageOutputs(inputs with { Declaration = declaration }, known?.FileUrl, known?.CheckedAt);
    }

    /// <summary>
    /// A storage whose check file the owner verifies needs the owner's credentials: missing, they stop the operation before
    /// it writes to Stream, whose check would otherwise leave a file (kept for good under a lock) on every run.
    /// </summary>
    private Task RequireVerifierCredentialsAsync(ExternalStorageInputs inputs, CancellationToken ct) =>
        inputs.Check.VerifyCheckFile ? _verifier.RequireOwnerCredentialsAsync(inputs.Declaration, ct) : Task.CompletedTask;

    /// <summary>Stream's check, then (when asked) the owner's look at the file it wrote, which is deleted unless a retention lock keeps it.</summary>
    /// <param name="started">When the operation began (<see cref="Stopwatch.GetTimestamp"/>): its custom timeout counts from then.</param>
    private async Task<ExternalStorageOutputs> CheckAsync(ExternalStorageInputs inputs, long started, CancellationToken ct)
    {
        var declaration = inputs.Declaration;
        var options = new CheckOptions { Deadline = inputs.Check.Deadline ?? _defaultCheckDeadline, Timeout = TimeLeft(started), StorageSecrets = declaration.Secrets };
        var check = await _registrar.CheckAsync(declaration.Name!, declaration.StorageType!, options, ct).ConfigureAwait(false);
        var checkFile = inputs.Check.VerifyCheckFile
            ? await _verifier.VerifyAsync(declaration, check.FileUrl, ct).ConfigureAwait(false)
            : null;
        return new ExternalStorageOutputs(inputs, CheckFileUrl.Shown(check.FileUrl), check.CheckedAt) { CheckFile = checkFile };
    }

    /// <summary>What is left of the operation's custom timeout; at least a tick once it has run out, so that the check makes its one attempt and ends.</summary>
    private TimeSpan? TimeLeft(long started) =>
        _operationTimeout is { } timeout && timeout > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Max(1, (timeout - Stopwatch.GetElapsedTime(started)).Ticks))
            : null;

    private static bool IsCheckFailure(Exception exception) =>
        exception is StorageCheckFailedException or CheckFileVerificationException;

    private async Task<ResourceOperationException> RemoveAfterFailedCheckAsync(string name, Exception failure) =>
        await RemoveCreatedAsync(name).ConfigureAwait(false) is { } removal
            ? new ResourceOperationException(
                $"{failure.Message}{Environment.NewLine}Storage '{name}' could not be removed again ({removal.Message}); a retry with the same type, bucket and path takes it over (with other settings, delete it first or import it).",
                failure)
            : new ResourceOperationException(
                $"{failure.Message}{Environment.NewLine}Storage '{name}' was removed from Stream again, so nothing is left behind; fix the cause and run again.",
                failure);

    /// <summary>Removes a storage this create made after its check did not succeed; returns why not, or null once removed.</summary>
    private async Task<Exception?> RemoveCreatedAsync(string name)
    {
        try
        {
            // The caller's token may be what ended the check; removal must still run.
            await _registrar.DeleteAsync(name, seenAt: null, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception removal) when (removal is not OperationCanceledException)
        {
            return removal;
        }
    }
}
