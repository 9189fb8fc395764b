using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Registration;

/// <summary>
/// The operations the provider and the CLI run against Stream: make a storage exist as declared,
/// prove Stream can write to it, point call types at it and back, remove it, and read what is there.
/// Every declaration is validated before the first request.
/// </summary>
public partial class ExternalStorageRegistrar
{
    /// <summary>The field named when the storage to restore on unbind is not a valid storage name.</summary>
    public const string RestoreToField = "restoreTo";

    /// <summary>Why a check is failed whose answer (HTTP 2xx) names no check file: an answer of a shape Stream does not give.</summary>
    public const string CheckAnswerWithoutFileUrl =
        "Stream's check answered without a file_url, the check file it wrote, so there is no file to confirm: an answer of an unexpected shape, report it to Stream if it persists";

    /// <summary>The create body's field that carries the storage's name, as Stream's <c>exception_fields</c> would key it.</summary>
    private const string NameField = "name";

    private readonly StreamClient _client;
    private readonly RegistrarOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Storages this process created, and when: Stream may deny they exist for a while afterwards.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _createdAt = new(StringComparer.Ordinal);

    private readonly Lock _listLock = new();

    // The list batch still gathering reads; null once its list call has been sent.
    private TaskCompletionSource<ListExternalStorageResponse>? _gatheringList;

    public ExternalStorageRegistrar(StreamClient client, RegistrarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new RegistrarOptions();
        _time = _options.TimeProvider;
        _logger = _options.LoggerFactory?.CreateLogger<ExternalStorageRegistrar>() ?? NullLogger<ExternalStorageRegistrar>.Instance;
    }

    /// <summary>
    /// Makes the storage exist as declared: creates it, takes over one with the same type, bucket and
    /// path, or, when the caller already manages it (<see cref="EnsureOptions.AlreadyManaged"/>), replaces
    /// the settings of a differing one in place (the name stays). Reads once; writes only when needed.
    /// </summary>
    /// <exception cref="StorageTakeoverRefusedException">A storage of this name differs and the caller does not manage it; nothing was written.</exception>
    public virtual async Task<EnsureResult> EnsureAsync(StorageDeclaration declaration, EnsureOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        DeclarationValidator.Validate(declaration).ThrowIfInvalid();
        options ??= new EnsureOptions();
        var declared = StorageRequests.DeclaredState(declaration);

        var existing = await FindStorageAsync(declared.Name, ct).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await _client.CreateExternalStorageAsync(StorageRequests.Create(declaration), ct).ConfigureAwait(false);
                _createdAt[declared.Name] = _time.GetUtcNow();
                LogEnsured(_logger, declared.Name, EnsureOutcome.Created);
                return new EnsureResult(EnsureOutcome.Created, declared, null);
            }
            catch (StreamApiException exception) when (MayAlreadyExist(exception, declared.Name))
            {
                // Stream's list can lag a recent create by ~24 s: the create may have been refused because the storage is already there.
                existing = await WaitUntilListedAsync(declared.Name, ct).ConfigureAwait(false);
                if (existing is null)
                {
                    throw;
                }
            }
            catch (Exception failure) when (MayHaveBeenMade(failure, ct))
            {
                await RemoveUnansweredCreateAsync(declared, failure).ConfigureAwait(false);
                throw;
            }
        }

        if (existing == declared && !options.CredentialsChanged)
        {
            var outcome = options.AlreadyManaged ? EnsureOutcome.Unchanged : EnsureOutcome.Adopted;
            LogEnsured(_logger, declared.Name, outcome);
            return new EnsureResult(outcome, existing, existing);
        }

        if (existing != declared && !options.AlreadyManaged)
        {
            // Call types, perhaps another stack's, may record to it: rewriting it would move their recordings.
            throw new StorageTakeoverRefusedException(existing, declared);
        }

        var updated = await _client.UpdateExternalStorageAsync(declared.Name, StorageRequests.Update(declaration), ct).ConfigureAwait(false);
        LogEnsured(_logger, declared.Name, EnsureOutcome.Updated);
        var state = string.IsNullOrEmpty(updated.Name) ? declared : new ExternalStorageState(updated.Name, updated.Type, updated.Bucket, StorageRequests.NormalizedPath(updated.Path));
        return new EnsureResult(EnsureOutcome.Updated, state, existing);
    }

    /// <summary>
    /// Runs Stream's check until it succeeds or the storage type's deadline (or a shorter custom timeout) passes, backing off between
    /// attempts. Every attempt's error is kept and listed if it never succeeds. The storage exists, so its name is taken
    /// as Stream lists it: only an empty name or one with an unsafe character is refused, not one the stack could not create.
    /// </summary>
    /// <exception cref="StorageCheckFailedException">The deadline passed, Stream refused in a way retrying cannot fix, or it answered without naming the check file.</exception>
    public virtual async Task<CheckResult> CheckAsync(string name, string storageType, CheckOptions? options = null, CancellationToken ct = default)
    {
        RequireValid(
            (DeclarationFields.Name, StreamNameRules.CheckExistingStorageName(name)),
            (DeclarationFields.StorageType, DeclarationValidator.CheckStorageType(storageType)));
        var deadline = options?.Deadline ?? _options.CheckDeadlineFor(storageType);
        string? endedBy = null;
        if (options?.Timeout is { } timeout && timeout > TimeSpan.Zero && timeout < deadline)
        {
            deadline = timeout;
            endedBy = $"still failing when the operation's custom timeout ran out, {timeout.TotalSeconds:0.#} s after the check began";
        }

        var started = _time.GetUtcNow();
        var attempts = new List<CheckAttempt>();
        for (var number = 1; ; number++)
        {
            var attemptStarted = _time.GetUtcNow();
            var requestedWait = TimeSpan.Zero;
            try
            {
                var response = await _client.CheckExternalStorageAsync(name, options?.StorageSecrets ?? [], ct).ConfigureAwait(false);
                if (string.IsNullOrEmpty(response.FileUrl))
                {
                    // The owner's half has nothing to look for, and asking again would get the same kind of answer.
                    attempts.Add(new CheckAttempt(number, attemptStarted, CheckAnswerWithoutFileUrl));
                    throw new StorageCheckFailedException(name, attempts, deadline, CheckAnswerWithoutFileUrl);
                }

                attempts.Add(new CheckAttempt(number, attemptStarted, null));
                LogChecked(_logger, name, number, (_time.GetUtcNow() - started).TotalSeconds);
                return new CheckResult(response.FileUrl, _time.GetUtcNow(), attempts);
            }
            catch (StreamApiException exception)
            {
                attempts.Add(new CheckAttempt(number, attemptStarted, exception.Message, exception.StatusCode, exception.Code));
                requestedWait = exception.RetryAfter ?? TimeSpan.Zero;
                if (IsPermanent(exception))
                {
                    throw new StorageCheckFailedException(name, attempts, deadline, "Stream refused the check in a way retrying cannot fix");
                }

                // "Does not exist" is normal just after a create; once that window has passed, the list decides.
                if (exception.IsNotFound
                    && _time.GetUtcNow() - started >= _options.ConsistencyWindow
                    && !WasCreatedRecently(name)
                    && await FindStorageAsync(name, ct).ConfigureAwait(false) is null)
                {
                    throw new StorageCheckFailedException(name, attempts, deadline, "Stream has no storage by this name: create it before checking");
                }
            }

            var elapsed = _time.GetUtcNow() - started;
            var remaining = deadline - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new StorageCheckFailedException(name, attempts, deadline, endedBy);
            }

            // Never sooner than Stream asked (a 429's wait); the last attempt runs at the deadline itself rather than being skipped.
            var backoff = _options.CheckBackoff.NextDelay(number, elapsed);
            var delay = TimeSpan.FromTicks(Math.Min(Math.Max(backoff.Ticks, requestedWait.Ticks), remaining.Ticks));
            attempts[^1] = attempts[^1] with { DelayBeforeNext = delay };
            LogCheckRetry(_logger, name, number, attempts[^1].Error, delay.TotalSeconds);
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the storage unless a call type still uses it. Stream's "does not exist" is retried while the storage
    /// may still be unseen by Stream's delete (within <see cref="RegistrarOptions.ConsistencyWindow"/> of its create by
    /// this process or of <paramref name="seenAt"/>, its last check, which another process may have made) or while
    /// Stream still lists it; otherwise the storage is gone.
    /// </summary>
    /// <exception cref="StorageInUseException">Call types still point at the storage.</exception>
    public virtual async Task<DeleteOutcome> DeleteAsync(string name, DateTimeOffset? seenAt, CancellationToken ct = default)
    {
        RequireValid((DeclarationFields.Name, StreamNameRules.CheckStorageName(name)));

        var callTypes = await _client.ListCallTypesAsync(ct).ConfigureAwait(false);
        var users = callTypes.CallTypes.Values
            .Where(c => string.Equals(c.ExternalStorage, name, StringComparison.Ordinal))
            .Select(c => c.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (users.Count > 0)
        {
            throw new StorageInUseException(name, users);
        }

        var started = _time.GetUtcNow();
        seenAt = NotAfter(seenAt, started);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.DeleteExternalStorageAsync(name, ct).ConfigureAwait(false);
                _createdAt.TryRemove(name, out _);
                LogDeleted(_logger, name, DeleteOutcome.Deleted);
                return DeleteOutcome.Deleted;
            }
            catch (StreamApiException exception) when (exception.IsNotFound)
            {
                var now = _time.GetUtcNow();
                var elapsed = now - started;
                var mayStillAppear = now < MayBeUnlistedUntil(name, seenAt) || await FindStorageAsync(name, ct).ConfigureAwait(false) is not null;
                if (!mayStillAppear)
                {
                    _createdAt.TryRemove(name, out _);
                    LogDeleted(_logger, name, DeleteOutcome.AlreadyGone);
                    return DeleteOutcome.AlreadyGone;
                }

                if (elapsed >= _options.ConsistencyWindow)
                {
                    throw;
                }

                await Task.Delay(_options.ConsistencyBackoff.NextDelay(attempt, elapsed), _time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Points the call type at the storage and returns what it used before (null: Stream's default).</summary>
    public virtual async Task<BindResult> BindAsync(CallTypeBindingDeclaration binding, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        DeclarationValidator.Validate(binding).ThrowIfInvalid();
        var callType = binding.CallType!;
        var storage = binding.ExternalStorage!;

        var current = await _client.GetCallTypeAsync(callType, ct).ConfigureAwait(false);
        var previous = NullIfDefault(current.ExternalStorage);
        if (string.Equals(current.ExternalStorage, storage, StringComparison.Ordinal))
        {
            return new BindResult(callType, storage, previous, Changed: false);
        }

        await _client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = storage }, ct).ConfigureAwait(false);
        LogBound(_logger, callType, storage, previous ?? StorageTypes.StreamDefaultStorage);
        return new BindResult(callType, storage, previous, Changed: true);
    }

    /// <summary>
    /// Undoes <paramref name="binding"/>: points its call type back at <paramref name="restoreTo"/> (Stream's
    /// <c>stream-s3</c> when null), but only while the call type still records to the binding's storage.
    /// A call type someone pointed elsewhere since is left as it is, with a warning; one that no longer
    /// exists needs nothing.
    /// </summary>
    /// <remarks>
    /// Stream has no conditional update, so a change made between this read and the write is still
    /// overwritten; the read narrows that to the time of one request.
    /// </remarks>
    public virtual async Task<UnbindResult> UnbindAsync(CallTypeBindingDeclaration binding, string? restoreTo, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var target = restoreTo ?? StorageTypes.StreamDefaultStorage;
        RequireValidUnbind(binding, target);
        var callType = binding.CallType!;

        var current = await ReadBindingAsync(callType, ct).ConfigureAwait(false);
        if (current is null)
        {
            return new UnbindResult(callType, UnbindOutcome.CallTypeGone, null);
        }

        if (SameStorage(current.ExternalStorage, target))
        {
            return new UnbindResult(callType, UnbindOutcome.AlreadyRestored, current.ExternalStorage);
        }

        if (!SameStorage(current.ExternalStorage, binding.ExternalStorage))
        {
            LogChangedElsewhere(_logger, callType, current.ExternalStorage ?? StorageTypes.StreamDefaultStorage, binding.ExternalStorage!, target);
            return new UnbindResult(callType, UnbindOutcome.ChangedElsewhere, current.ExternalStorage);
        }

        return await RestoreAsync(callType, target, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Points the call type at <paramref name="restoreTo"/> (Stream's <c>stream-s3</c> when null) whatever it
    /// records to now: for resetting a call type by hand. Undoing a binding takes the overload with the
    /// binding, which leaves changes made by others alone. A call type that no longer exists needs nothing.
    /// </summary>
    public virtual async Task<UnbindResult> UnbindAsync(string callType, string? restoreTo, CancellationToken ct = default)
    {
        var target = restoreTo ?? StorageTypes.StreamDefaultStorage;
        DeclarationValidator.Validate(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = target }).ThrowIfInvalid();
        return await RestoreAsync(callType, target, ct).ConfigureAwait(false);
    }

    /// <summary>What Stream has for each of <paramref name="names"/>, from one list call; missing names are absent.</summary>
    public virtual async Task<IReadOnlyDictionary<string, ExternalStorageState>> ReadStoragesAsync(IEnumerable<string> names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var list = await _client.ListExternalStoragesAsync(ct).ConfigureAwait(false);
        return list.ExternalStorages
            .Where(s => wanted.Contains(s.Key))
            .ToDictionary(s => s.Key, s => StorageRequests.ToState(s.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// What Stream has for one storage, or null. Reads that start within
    /// <see cref="RegistrarOptions.ReadBatchWindow"/> of each other share one list call, sent once the
    /// window has passed: a deployment engine refreshes many storages at once. Every read is answered
    /// by a list sent after it started, so it sees every write finished before it.
    /// </summary>
    public virtual async Task<ExternalStorageState?> ReadStorageAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var list = await JoinListBatch().WaitAsync(ct).ConfigureAwait(false);
        return list.ExternalStorages.TryGetValue(name, out var storage) ? StorageRequests.ToState(storage) : null;
    }

    /// <summary>
    /// <see cref="ReadStorageAsync"/> for a storage known to exist at <paramref name="seenAt"/> (its last check), or
    /// created by this process: Stream's list may leave out a new storage for up to <see cref="RegistrarOptions.ConsistencyWindow"/>,
    /// so until that window has passed a missing storage is listed again, on <see cref="RegistrarOptions.ConsistencyBackoff"/>,
    /// before it is reported gone (null).
    /// </summary>
    public virtual async Task<ExternalStorageState?> ReadKnownStorageAsync(string name, DateTimeOffset? seenAt, CancellationToken ct = default)
    {
        var started = _time.GetUtcNow();
        seenAt = NotAfter(seenAt, started);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadStorageAsync(name, ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (current is not null || MayBeUnlistedUntil(name, seenAt) is not { } until || now >= until)
            {
                return current;
            }

            // The last list runs when the window ends, not before it.
            var backoff = _options.ConsistencyBackoff.NextDelay(attempt, now - started);
            await Task.Delay(backoff < until - now ? backoff : until - now, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The storage a call type records to (null: Stream's default), or null when the call type does not exist.</summary>
    public virtual async Task<CallTypeBindingState?> ReadBindingAsync(string callType, CancellationToken ct = default)
    {
        RequireValid((DeclarationFields.CallType, StreamNameRules.CheckCallTypeName(callType)));
        try
        {
            var response = await _client.GetCallTypeAsync(callType, ct).ConfigureAwait(false);
            return new CallTypeBindingState(callType, NullIfDefault(response.ExternalStorage));
        }
        catch (StreamApiException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>A storage as the registrar keeps it: null for Stream's own, however Stream names it (<c>stream-s3</c>, or none).</summary>
    internal static string? NullIfDefault(string? storage) =>
        string.IsNullOrEmpty(storage) || storage == StorageTypes.StreamDefaultStorage ? null : storage;

    internal static bool SameStorage(string? left, string? right) =>
        string.Equals(NullIfDefault(left), NullIfDefault(right), StringComparison.Ordinal);

    /// <summary>
    /// The binding and the storage to go back to, every problem at once, before any request. The storages of an unbind
    /// need only be names Stream holds, not names the stack would create: the one restored
    /// was chosen outside the stack (a storage made elsewhere may be called "Team.Recordings"), and a refresh may have
    /// read the bound one back from Stream. A destroy refused for such a name could never put the call type back.
    /// </summary>
    private static void RequireValidUnbind(CallTypeBindingDeclaration binding, string restoreTo) =>
        RequireValid(
            (DeclarationFields.CallType, StreamNameRules.CheckCallTypeName(binding.CallType)),
            (DeclarationFields.ExternalStorage, StreamNameRules.CheckExistingStorageName(binding.ExternalStorage)),
            (RestoreToField, StreamNameRules.CheckExistingStorageName(restoreTo)));

    /// <summary>
    /// A create that got no answer (the connection dropped, the request timed out or was cancelled in flight), a 408, a
    /// server error or a success whose body could not be read: Stream may have made the storage all the same. One that
    /// never reached Stream (every attempt refused at connect, its name unresolved, its TLS handshake failed) made nothing,
    /// and fails at once.
    /// </summary>
    private static bool MayHaveBeenMade(Exception failure, CancellationToken ct) =>
        failure is StreamApiException { MayHideAWrite: true } || (failure is OperationCanceledException && ct.IsCancellationRequested);

    /// <summary>
    /// Removes what a create without an answer may have made: nothing records it (the engine keeps no partial create),
    /// and a storage left in Stream would belong to no stack and count against Stream's limit of ten. Stream may list
    /// it late, as after any create, so the list is asked through the consistency window, and only a storage listed as
    /// declared is removed: one of the name with another type, bucket or path is another's, made just before within
    /// that lag, and the lost answer was Stream refusing this create for it. Removal runs even when the caller
    /// cancelled; when it fails, the storage's name is logged, and a create with the same type, bucket and path takes it over.
    /// </summary>
    private async Task RemoveUnansweredCreateAsync(ExternalStorageState declared, Exception failure)
    {
        try
        {
            switch (await WaitUntilListedAsync(declared.Name, CancellationToken.None).ConfigureAwait(false))
            {
                case null:
                    LogUnansweredCreateRemoved(_logger, declared.Name, DeleteOutcome.AlreadyGone);
                    break;
                case var listed when listed != declared:
                    LogUnansweredCreateNotMade(_logger, declared.Name);
                    break;
                default:
                    _createdAt[declared.Name] = _time.GetUtcNow();
                    LogUnansweredCreateRemoved(_logger, declared.Name, await DeleteAsync(declared.Name, seenAt: null, CancellationToken.None).ConfigureAwait(false));
                    break;
            }
        }
        catch (Exception removal) when (removal is not OperationCanceledException)
        {
            LogUnansweredCreateLeft(_logger, declared.Name, failure.Message, removal.Message);
        }
    }

    /// <summary>
    /// Whether Stream may have refused a create because a storage of the name exists, which its list can lag. Stream
    /// documents no error for a duplicate name (its spec says only that the name "must be unique"), so no wording is relied
    /// on: a 409, or an input error (code 4) that names the storage, by its name field in <c>exception_fields</c> or by its
    /// name in the text, without saying that something does not exist. The list then decides; another error taken for a
    /// duplicate costs only the wait for the list before Stream's error is thrown.
    /// </summary>
    private static bool MayAlreadyExist(StreamApiException exception, string name)
    {
        if (exception.StatusCode == (int)HttpStatusCode.Conflict)
        {
            return true;
        }

        if (exception.StatusCode != (int)HttpStatusCode.BadRequest || exception.Code != StreamApiException.InputErrorCode)
        {
            return false;
        }

        var texts = exception.ExceptionFields.Values.Prepend(exception.StreamMessage ?? "").ToList();
        var namesStorage = exception.ExceptionFields.ContainsKey(NameField) || texts.Any(text => Mentions(text, name) || SaysAlreadyExists().IsMatch(text));
        return namesStorage && !texts.Any(text => SaysDoesNotExist().IsMatch(text));
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds <paramref name="name"/> as a word of its own, in any case, not inside a longer
    /// name nor as a folder of a path (<c>rec-s3/</c>: a path's refusal names the path, not the storage).
    /// </summary>
    private static bool Mentions(string text, string name) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(name)}(?![\w/-])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    /// <summary>"Already exists", "already registered", "already taken": a create refused for a name in use, whatever else it names.</summary>
    [GeneratedRegex(@"\balready\s+(?:exists?|registered|taken|in\s+use)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SaysAlreadyExists();

    /// <summary>"Does not exist", "doesn't exist", "non-existent", "no such", "not found": a create refused for what is missing.</summary>
    [GeneratedRegex(@"(?:\bnot|n['\u2019]t)\s+exist|\bnon-?existent|\bno\s+such\b|\bnot\s+found\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SaysDoesNotExist();

    /// <summary>Failures that another attempt cannot change: bad Stream credentials, ones not allowed this, a suspended app, or Stream saying so.</summary>
    private static bool IsPermanent(StreamApiException exception) =>
        exception.Unrecoverable || exception.StatusCode == 401 || exception.Code is StreamApiException.NotAllowedCode or StreamApiException.AppSuspendedCode;

    private static void RequireValid(params (string Field, string? Problem)[] checks)
    {
        var problems = checks.Where(c => c.Problem is not null).Select(c => new ValidationProblem(c.Field, c.Problem!)).ToList();
        if (problems.Count > 0)
        {
            throw new DeclarationValidationException(problems);
        }
    }

    /// <summary>Until when Stream's list may still leave the storage out: the consistency window after its create or its last sighting.</summary>
    private DateTimeOffset? MayBeUnlistedUntil(string name, DateTimeOffset? seenAt)
    {
        DateTimeOffset? known = _createdAt.TryGetValue(name, out var created) && (seenAt is null || created > seenAt) ? created : seenAt;
        return known + _options.ConsistencyWindow;
    }

    /// <summary>A last check recorded by another machine, whose clock may be ahead of this one's, taken as no later than now.</summary>
    private static DateTimeOffset? NotAfter(DateTimeOffset? seenAt, DateTimeOffset now) => seenAt > now ? now : seenAt;

    private bool WasCreatedRecently(string name) =>
        _createdAt.TryGetValue(name, out var created) && _time.GetUtcNow() - created < _options.ConsistencyWindow;

    private async Task<ExternalStorageState?> FindStorageAsync(string name, CancellationToken ct)
    {
        var list = await _client.ListExternalStoragesAsync(ct).ConfigureAwait(false);
        return list.ExternalStorages.TryGetValue(name, out var storage) ? StorageRequests.ToState(storage) : null;
    }

    private async Task<ExternalStorageState?> WaitUntilListedAsync(string name, CancellationToken ct)
    {
        var started = _time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var found = await FindStorageAsync(name, ct).ConfigureAwait(false);
            var elapsed = _time.GetUtcNow() - started;
            if (found is not null || elapsed >= _options.ConsistencyWindow)
            {
                return found;
            }

            await Task.Delay(_options.ConsistencyBackoff.NextDelay(attempt, elapsed), _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Joins the batch still gathering reads, or starts one.</summary>
    private Task<ListExternalStorageResponse> JoinListBatch()
    {
        lock (_listLock)
        {
            if (_gatheringList is { } gathering)
            {
                return gathering.Task;
            }

            var batch = new TaskCompletionSource<ListExternalStorageResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            _gatheringList = batch;
            _ = ListAfterWindowAsync(batch);
            return batch.Task;
        }
    }

    /// <summary>
    /// Waits out the window, closes the batch to new reads and answers all of its reads from one list
    /// call. The call is not cancelled with any one reader: the others still wait for it.
    /// </summary>
    private async Task ListAfterWindowAsync(TaskCompletionSource<ListExternalStorageResponse> batch)
    {
        try
        {
            if (_options.ReadBatchWindow > TimeSpan.Zero)
            {
                await Task.Delay(_options.ReadBatchWindow, _time, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // Without a window the batch must still not be closed inside JoinListBatch's lock.
                await Task.Yield();
            }

            lock (_listLock)
            {
                _gatheringList = null;
            }

            batch.SetResult(await _client.ListExternalStoragesAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            batch.SetException(exception);
        }
    }

    private async Task<UnbindResult> RestoreAsync(string callType, string target, CancellationToken ct)
    {
        try
        {
            await _client.UpdateCallTypeAsync(callType, new UpdateCallTypeRequest { ExternalStorage = target }, ct).ConfigureAwait(false);
            LogUnbound(_logger, callType, target);
            return new UnbindResult(callType, UnbindOutcome.Restored, NullIfDefault(target));
        }
        catch (StreamApiException exception) when (exception.IsNotFound || exception.StatusCode == (int)HttpStatusCode.BadRequest)
        {
            // How Stream refuses a storage it no longer has is not documented ("does not exist", or an input error on
            // external_storage), so its list decides; only a missing call type means the binding is gone.
            if (await ReadBindingAsync(callType, ct).ConfigureAwait(false) is not { } current)
            {
                return new UnbindResult(callType, UnbindOutcome.CallTypeGone, null);
            }

            if (target != StorageTypes.StreamDefaultStorage && await FindStorageAsync(target, ct).ConfigureAwait(false) is null)
            {
                throw new RestoreTargetGoneException(callType, target, current.ExternalStorage, exception);
            }

            throw;
        }
    }

    /// <summary>Says, among the registrar's warnings, that a delete was left for what a create of the same deployment took over.</summary>
    internal void WarnLeftForTakeover(string what) => LogLeftForTakeover(_logger, what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} was left as it is: a create of this deployment found it as declared and took it over (a replacement made before the old resource's delete, or a resource renamed without an alias), so it is that resource's now")]
    private static partial void LogLeftForTakeover(ILogger logger, string what);

    /// <summary>Says that the binding a create took over will restore Stream's own storage, not the one its old resource remembered.</summary>
    internal void WarnRestoreLost(string callType, string remembered) => LogRestoreLost(_logger, callType, remembered, StorageTypes.StreamDefaultStorage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call type {CallType} used {Remembered} before its binding, which the binding that took it over does not know: its delete will point the call type at {Restores}; point it at {Remembered} yourself after that delete, if you still want it there")]
    private static partial void LogRestoreLost(ILogger logger, string callType, string remembered, string restores);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage {Name}: {Outcome}")]
    private static partial void LogEnsured(ILogger logger, string name, EnsureOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage {Name}: Stream's check succeeded on attempt {Attempt} after {ElapsedSeconds:0.##} s")]
    private static partial void LogChecked(ILogger logger, string name, int attempt, double elapsedSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage {Name}: check attempt {Attempt} failed ({Error}); next in {DelaySeconds:0.##} s")]
    private static partial void LogCheckRetry(ILogger logger, string name, int attempt, string? error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage {Name}: {Outcome}")]
    private static partial void LogDeleted(ILogger logger, string name, DeleteOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Name}: its create got no answer, so what Stream may have made of it was removed ({Outcome})")]
    private static partial void LogUnansweredCreateRemoved(ILogger logger, string name, DeleteOutcome outcome);

    // The other storage's bucket and path are not logged: a path may hold another stack's unguessable folder.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Name}: its create got no answer, and Stream lists a storage of that name with another type, bucket or path: another's, left as it is")]
    private static partial void LogUnansweredCreateNotMade(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Name}: its create got no answer ({Failure}) and removing what Stream may have made failed ({Removal}): if Stream lists it, delete it, or run again with the same type, bucket and path to take it over")]
    private static partial void LogUnansweredCreateLeft(ILogger logger, string name, string failure, string removal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call type {CallType} now records to {Storage} (was {Previous})")]
    private static partial void LogBound(ILogger logger, string callType, string storage, string previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call type {CallType} restored to {Storage}")]
    private static partial void LogUnbound(ILogger logger, string callType, string storage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call type {CallType} records to {Current}, not {Bound} as the binding left it: someone changed it since, so it stays as it is instead of going back to {RestoreTo}")]
    private static partial void LogChangedElsewhere(ILogger logger, string callType, string current, string bound, string restoreTo);
}
