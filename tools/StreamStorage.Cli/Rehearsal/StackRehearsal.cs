using System.Security.Cryptography;
using LocalWorld;
using StackPlanning;
using StackPlanning.Guardrails;
using StorageRegistrar.Declarations;
using StorageRegistrar.Preflight;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Verification;
using StreamStorage.Cli.Commands;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>How a rehearsal runs.</summary>
/// <param name="CheckDeadline">Overrides the plan's per-cloud check deadline (local stores grant at once); null keeps the plan's.</param>
/// <param name="FailingCheck">A storage whose every check fails, to rehearse a failure that cannot be survived.</param>
/// <param name="Rotate">Rehearse one rotation of every storage's credential after the first recordings.</param>
/// <param name="Guardrails">The organization's guardrails the clouds' stand-ins play (<c>--guardrails</c>); null: none.</param>
internal sealed record RehearsalSettings(bool Faults, TimeSpan? CheckDeadline, string? FailingCheck, bool Rotate = false, GuardrailsFile? Guardrails = null);

/// <summary>
/// The flow of <c>pulumi up</c> and <c>pulumi destroy</c> for one stack, against a local world: the stack's
/// plan (StackPlanning), stand-ins for the cloud resources the program creates, and the Stream side through
/// the same lifecycles the provider calls (<see cref="ExternalStorageLifecycle"/>, <see cref="CallTypeBindingLifecycle"/>).
/// Names, grants, ordering of bucket settings, retries and check deadlines all come from those; this class
/// only sequences them as the engine would: every storage (in parallel, as the engine runs independent
/// resources), then the bindings that depend on them; destroy in reverse.
/// </summary>
internal sealed class StackRehearsal : IAsyncDisposable
{
    /// <summary>How long one Stream request may take under <c>--faults</c>, so that an injected timeout costs seconds, not the default 30.</summary>
    internal static readonly TimeSpan FaultsAttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly List<string> _registrationsAttempted = [];

    /// <summary>Whether the up began making anything; a rehearsal stopped before it (by preflight) has nothing to destroy.</summary>
    private bool _upStarted;
    private readonly Dictionary<string, bool> _checked = new(StringComparer.Ordinal);
    private readonly List<CallTypeBindingOutputs> _bindings = [];
    private readonly Dictionary<string, List<RecordedObject>> _recordings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExternalStorageOutputs> _registered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _deleteRefused = new(StringComparer.Ordinal);
    private RehearsalWorld? _world;
    private Task<GuardrailServers>? _guardrails;
    private int _calls;
    private Action<string, string> _report = (_, _) => { };
    private StreamClient? _client;

    private StackRehearsal(StackFile file, StackPlan plan, IReadOnlyList<StorageStandIn> standIns, RehearsalSettings settings, string azureSubscriptionId)
    {
        File = file;
        Plan = plan;
        StandIns = standIns;
        Settings = settings;
        _azureSubscriptionId = azureSubscriptionId;
    }

    /// <summary>The subscription the world's Azure stand-ins deploy into, where the guardrails file's policies are assigned.</summary>
    private readonly string _azureSubscriptionId;

    public StackFile File { get; }

    public RehearsalSettings Settings { get; }

    public StackPlan Plan { get; }

    public IReadOnlyList<StorageStandIn> StandIns { get; }

    private RehearsalWorld World => _world ?? throw new InvalidOperationException("The local world is not running.");

    /// <summary>How long <see cref="PreflightAsync"/>'s reads took, once the stand-ins were up.</summary>
    public TimeSpan PreflightTime { get; private set; }

    private StreamClient Client => _client ?? throw new InvalidOperationException("The local world is not running.");

    /// <summary>
    /// Reads and plans the stack exactly as the program does; Stream's credentials are the local
    /// emulator's, so the stack need not set them. Draws each storage's suffix as the program's RandomId does.
    /// </summary>
    /// <exception cref="StackConfigException">The stack file or its configuration is invalid.</exception>
    public static StackRehearsal Prepare(string stackFilePath, RehearsalSettings settings)
    {
        var file = StackFile.Read(stackFilePath);
        var plan = StackPlanner.Plan(file.ToInput(streamCredentialsSupplied: true));
        if (settings.FailingCheck is { } failing && plan.Storages.All(s => s.StreamName != failing))
        {
            throw new ArgumentException($"--failing-check names '{failing}', which is not a storage of this stack ({string.Join(", ", plan.Storages.Select(s => s.StreamName))}).");
        }

        // The GCP provider's default project applies where a storage names none; the azure-native provider's subscription
        // likewise, each found as pulumi up finds it. Where neither the stack nor the environment names the subscription,
        // the owner's sign-in picks it, which preflight cannot see (it leaves that subscription's guardrails not examined,
        // as the program does); the world deploys where the sign-in would, as far as the rehearsal can tell: the
        // subscription of the owner's Key Vault key where a storage has one, the only one that key works in.
        var project = StackPreflight.GcpDefaultProject(plan, file.Get, Environment.GetEnvironmentVariable);
        var subscription = StackPreflight.AzureSubscription(plan, file.Get, Environment.GetEnvironmentVariable)
            ?? plan.Storages.OfType<AzureStoragePlan>().Select(azure => azure.GivenKey?.SubscriptionId).FirstOrDefault(id => id is not null)
            ?? GuardrailServers.LocalSubscriptionId;
        // A GCS storage in no project stops here, as it stops pulumi preview: the rehearsal picks no project of its own.
        PreflightTargets.RequireProjects(plan, project);
        var awsDefaultTags = StackPreflight.AwsDefaultTags(plan, file.Get);
        var standIns = plan.Storages.Select(planned =>
        {
            var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ResourceNames.SuffixBytes));
            // As the program's RandomId would: the plan then names the folder in the path, the grants and the lifecycle rules.
            var storage = planned.UnguessablePath
                ? planned.WithFolder(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ResourceNames.FolderBytes)))
                : planned;
            return storage switch
            {
                S3StoragePlan s3 => (StorageStandIn)new S3StandIn(s3, suffix, awsDefaultTags),
                S3CompatibleStoragePlan store => new S3CompatibleStandIn(store, suffix),
                GcsStoragePlan gcs => new GcsStandIn(gcs, suffix, (gcs.Project ?? project)!),
                AzureStoragePlan azure => new AzureStandIn(azure, suffix, subscription),
                _ => throw new ArgumentOutOfRangeException(nameof(stackFilePath), storage.GetType().Name, "unknown storage plan"),
            };
        }).ToList();
        return new StackRehearsal(file, plan, standIns, settings, subscription);
    }

    /// <summary>
    /// Starts the clouds' guardrail stand-ins, playing <see cref="RehearsalSettings.Guardrails"/>, and then preflight,
    /// which needs only them, while <see cref="StartWorldAsync"/> starts the emulators; null when the stack's
    /// <c>preflight</c> is <c>off</c>.
    /// </summary>
    public async Task<PreflightReport?> PreflightAsync(CancellationToken cancellationToken)
    {
        var guardrails = await StartGuardrails(cancellationToken).ConfigureAwait(false);
        if (Plan.Preflight == PreflightMode.Off)
        {
            return null;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        // In the project and subscription the program's preflight reads, and no other (StackPreflight).
        var targets = StackPreflight.Targets(Plan, File.Get, Environment.GetEnvironmentVariable);
        var report = await PreflightCommand.RunAsync(guardrails.CreateCheckers(), Plan, targets, cancellationToken).ConfigureAwait(false);
        PreflightTime = started.Elapsed;
        return report;
    }

    /// <summary>Starts the emulators; the world is whole once the guardrail stand-ins (started by <see cref="PreflightAsync"/>, or else here) are up too.</summary>
    public async Task StartWorldAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        var accounts = StandIns.OfType<AzureStandIn>().Select(s => s.AccountName).ToList();
        _world = await RehearsalWorld.StartAsync(accounts, StartGuardrails(cancellationToken), progress, cancellationToken).ConfigureAwait(false);
        var options = _world.CreateStreamClientOptions();
        // Retries of single Stream calls (the client's own) show on the board of the phase running.
        options.LoggerFactory = new ProgressLoggerFactory(message => _report(StreamApiRow, message));
        if (Settings.Faults)
        {
            options.Timeout = FaultsAttemptTimeout;
        }

        _client = new StreamClient(options);
    }

    /// <summary>The guardrail stand-ins, started by the first to need them: preflight, or else the world.</summary>
    private Task<GuardrailServers> StartGuardrails(CancellationToken cancellationToken) =>
        _guardrails ??= GuardrailServers.StartAsync(Settings.Guardrails ?? GuardrailsFile.None, _azureSubscriptionId, cancellationToken);

    /// <summary>Gives the call types the bindings name that a fresh app lacks, as stand-ins for the app's own.</summary>
    public async Task<IReadOnlyList<string>> CreateMissingCallTypesAsync(CancellationToken cancellationToken)
    {
        var existing = await Client.ListCallTypesAsync(cancellationToken).ConfigureAwait(false);
        var missing = Plan.Bindings.Select(b => b.CallType).Distinct(StringComparer.Ordinal).Where(c => !existing.CallTypes.ContainsKey(c)).ToList();
        foreach (var callType in missing)
        {
            await Client.CreateCallTypeAsync(new CreateCallTypeRequest { Name = callType }, cancellationToken).ConfigureAwait(false);
        }

        return missing;
    }

    /// <summary>Sets the emulator's faults for one phase (see <see cref="RehearsalFaults"/>).</summary>
    public async Task InjectFaultsAsync(RehearsalPhase phase, CancellationToken cancellationToken)
    {
        if (Settings.FailingCheck is { } failing && phase == RehearsalPhase.Up)
        {
            await World.Stream.Control.SetFaultAsync(RehearsalFaults.CheckNeverPasses(failing), cancellationToken).ConfigureAwait(false);
        }

        if (!Settings.Faults)
        {
            return;
        }

        foreach (var fault in RehearsalFaults.For(phase))
        {
            await World.Stream.Control.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every storage's stand-ins and registration (create, check with backoff, the owner's look at the check
    /// file), in parallel; then, when all of them held, every binding.
    /// </summary>
    /// <exception cref="RehearsalFailedException">A storage or binding failed; the message names it and the cause.</exception>
    public async Task UpAsync(Action<string, string> report, CancellationToken cancellationToken)
    {
        _report = report;
        _upStarted = true;
        // Buckets the stack adopts exist before it, with their owner's objects, and under the lock a storage on them expects.
        foreach (var sharing in StandIns.Where(s => !s.Plan.CreatesBucket).GroupBy(s => s.LocalBucket, StringComparer.Ordinal))
        {
            var owner = sharing.FirstOrDefault(s => s.RetentionLock is not null) ?? sharing.First();
            await owner.PutOwnersBucketInPlaceAsync(World, report, cancellationToken).ConfigureAwait(false);
            foreach (var other in sharing.Where(s => s != owner))
            {
                other.FindOwnersBucketInPlace(owner, report);
            }
        }

        // A project's key-creation exception exists before any key there, as the program makes its owner first.
        foreach (var owner in StandIns.OfType<GcsStandIn>().Where(s => s.OwnsKeyCreationException))
        {
            try
            {
                owner.LiftKeyConstraints(World, report);
            }
            catch (CloudRefusedException e)
            {
                report(owner.Plan.StreamName, "failed");
                throw new RehearsalFailedException(Failure(owner, e));
            }
        }

        var results = await Task.WhenAll(StandIns.Select(s => UpStorageAsync(s, report, cancellationToken))).ConfigureAwait(false);
        var failures = results.OfType<string>().ToList();
        if (failures.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new RehearsalFailedException(string.Join(Environment.NewLine, failures));
        }

        var bindings = new CallTypeBindingLifecycle(Registrar(report, "bindings"));
        foreach (var binding in Plan.Bindings)
        {
            var row = BindingRow(binding.CallType);
            report(row, $"pointing at {binding.StorageName}…");
            var declaration = new CallTypeBindingDeclaration { CallType = binding.CallType, ExternalStorage = binding.StorageName };
            try
            {
                // As pulumi lets an operation under way finish on Ctrl+C: a binding Stream made and nothing recorded would outlive destroy.
                var bound = await bindings.CreateAsync(declaration, CancellationToken.None).ConfigureAwait(false);
                _bindings.Add(bound);
                report(row, $"records to {binding.StorageName} (was {bound.PreviousExternalStorage ?? StorageTypes.StreamDefaultStorage})");
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                report(row, "failed");
                throw new RehearsalFailedException($"Binding call type '{binding.CallType}' to '{binding.StorageName}' failed: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Starts and finishes a recording on every bound call type and finds the object it wrote, as the owner; where the
    /// storage's bucket is locked, the owner then tries to delete the recording, which the lock must refuse.
    /// </summary>
    /// <exception cref="RehearsalFailedException">A recording did not land where the binding says, or a lock let the owner delete it.</exception>
    public async Task<IReadOnlyList<(string CallType, string Storage, RecordedObject Recording)>> ProveAsync(Action<string, string> report, CancellationToken cancellationToken)
    {
        _report = report;
        var proved = new List<(string, string, RecordedObject)>();
        foreach (var binding in Plan.Bindings)
        {
            var recording = await RecordAsync(binding, report, cancellationToken).ConfigureAwait(false);
            proved.Add((binding.CallType, binding.StorageName, recording));
            if (StandIns.FirstOrDefault(s => s.Plan.StreamName == binding.StorageName) is { RetentionLock: not null } locked)
            {
                await ProveLockAsync(locked, BindingRow(binding.CallType), recording.Key, report, cancellationToken).ConfigureAwait(false);
            }
        }

        return proved;
    }

    /// <summary>
    /// One rotation of every storage whose credential the stack issues, create-before-delete as the program
    /// replaces it: a second credential, the storage updated with it through the provider's update (check and
    /// check-file verification included), a recording, the first credential deleted, another recording.
    /// </summary>
    public async Task<IReadOnlyList<RehearsedRotation>> RotateAsync(Action<string, string> report, CancellationToken cancellationToken)
    {
        _report = report;
        var rotations = new List<RehearsedRotation>();
        foreach (var standIn in StandIns.Where(s => s.Plan.IssuesCredential))
        {
            var name = standIn.Plan.StreamName;
            var next = standIn.IssueNextCredential(World, report);
            report(name, "updating Stream with the new credential…");
            var lifecycle = new ExternalStorageLifecycle(Registrar(report, name), new CheckFileVerifier(World.VerifierOptions()));
            var registered = _registered[name];
            _registered[name] = await lifecycle.UpdateAsync(registered, registered.Inputs with { Declaration = next }, cancellationToken).ConfigureAwait(false);
            report(name, $"holds the new credential; checked, check file found and {_registered[name].CheckFile?.Outcome}");
            await RecordOnBindingsOfAsync(name, report, cancellationToken).ConfigureAwait(false);
            var refused = await standIn.RevokePreviousCredentialAsync(World, report, cancellationToken).ConfigureAwait(false);
            await RecordOnBindingsOfAsync(name, report, cancellationToken).ConfigureAwait(false);
            if (refused == false)
            {
                throw new RehearsalFailedException($"Storage '{name}': the local store still accepts the credential deleted by the rotation.");
            }

            rotations.Add(new RehearsedRotation(name, Rotated: true, OldCredentialRefused: refused));
        }

        return rotations;
    }

    public async Task<(ListExternalStorageResponse Storages, ListCallTypeResponse CallTypes)> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var storages = await Client.ListExternalStoragesAsync(cancellationToken).ConfigureAwait(false);
        var callTypes = await Client.ListCallTypesAsync(cancellationToken).ConfigureAwait(false);
        return (storages, callTypes);
    }

    /// <summary>
    /// What <c>pulumi destroy</c> does, for whatever exists: unbind (restoring each call type's previous
    /// storage), delete the storages at Stream, then remove the credentials, grants and buckets. Also
    /// cleans up after a failed or interrupted run.
    /// </summary>
    /// <exception cref="RehearsalFailedException">A delete failed (a cloud refused it, as it would refuse <c>pulumi destroy</c>, or Stream still had the storage in use); the rest was removed.</exception>
    public async Task DestroyAsync(Action<string, string> report, CancellationToken cancellationToken)
    {
        _report = report;
        if (!_upStarted)
        {
            return;
        }

        var bindings = new CallTypeBindingLifecycle(Registrar(report, "bindings"));
        foreach (var binding in Enumerable.Reverse(_bindings).ToList())
        {
            var row = BindingRow(binding.Binding.CallType!);
            report(row, "unbinding…");
            var unbound = await bindings.DeleteAsync(binding, cancellationToken).ConfigureAwait(false);
            _bindings.Remove(binding);
            report(row, $"{unbound.Outcome}: records to {unbound.ExternalStorage ?? StorageTypes.StreamDefaultStorage}");
        }

        var refusals = new List<string>();
        var failed = new List<StorageStandIn>();
        await Task.WhenAll(StandIns.Select(async standIn =>
        {
            var name = standIn.Plan.StreamName;
            try
            {
                bool attempted;
                lock (_registrationsAttempted)
                {
                    // The storages are destroyed side by side, and each removes its own name from this list.
                    attempted = _registrationsAttempted.Contains(name);
                }

                if (attempted)
                {
                    report(name, "deleting at Stream…");
                    await new ExternalStorageLifecycle(Registrar(report, name), new CheckFileVerifier(World.VerifierOptions())).DeleteAsync(name, _registered.GetValueOrDefault(name), cancellationToken).ConfigureAwait(false);
                    lock (_registrationsAttempted)
                    {
                        _registrationsAttempted.Remove(name);
                    }

                    report(name, "deleted at Stream");
                }

                // What the registration depends on goes only once it is gone, as pulumi destroy orders it.
                await standIn.RemoveAsync(World, report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // As pulumi destroy goes on with what does not depend on the failed delete (a refusal, a storage still in use), and fails at the end.
                lock (refusals)
                {
                    refusals.Add(Failure(standIn, e));
                    failed.Add(standIn);
                }
            }
        })).ConfigureAwait(false);

        // A project's key-creation exception goes once no key it allowed is left: where a storage's destroy failed, its key
        // may be, and the program would keep the exception it depends on.
        var keysMayRemainIn = failed.OfType<GcsStandIn>().Select(s => s.Project).ToHashSet(StringComparer.Ordinal);
        foreach (var owner in StandIns.OfType<GcsStandIn>().Where(o => !keysMayRemainIn.Contains(o.Project)))
        {
            owner.RestoreKeyConstraints(World, report);
        }

        if (refusals.Count > 0)
        {
            throw new RehearsalFailedException(string.Join(Environment.NewLine, refusals));
        }
    }

    /// <summary>Anything the rehearsal made that is still there, besides buckets kept on purpose.</summary>
    public async Task<IReadOnlyList<string>> FindLeftoversAsync(CancellationToken cancellationToken)
    {
        var names = Plan.Storages.Select(s => s.StreamName).ToHashSet(StringComparer.Ordinal);
        var (storages, callTypes) = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        var leftovers = new List<string>();
        leftovers.AddRange(storages.ExternalStorages.Keys.Where(names.Contains).Select(n => $"Stream storage {n}"));
        leftovers.AddRange(callTypes.CallTypes
            .Where(c => c.Value.ExternalStorage is { } storage && names.Contains(storage))
            .Select(c => $"call type {c.Key} records to {c.Value.ExternalStorage}"));
        foreach (var standIn in StandIns)
        {
            leftovers.AddRange(await standIn.FindLeftoversAsync(World, cancellationToken).ConfigureAwait(false));
        }

        return leftovers;
    }

    /// <summary>Buckets <c>pulumi destroy</c> keeps on purpose, and why.</summary>
    public IReadOnlyList<KeptBucket> KeptBuckets() =>
        [.. StandIns.Where(s => s.BucketKept && s.BucketThere).Select(s => new KeptBucket(s.Plan.StreamName, s.Store, s.Bucket, s.KeptBecause))];

    /// <summary>The faults the emulator injected, and those the flow got past.</summary>
    /// <returns>The faults injected and survived; null when the local Stream, which keeps their count, does not answer.</returns>
    public async Task<FaultCount?> CountFaultsAsync(CancellationToken cancellationToken)
    {
        if (_world is null)
        {
            return new FaultCount(0, 0);
        }

        try
        {
            var requests = await World.Stream.Control.GetRequestsAsync(cancellationToken).ConfigureAwait(false);
            return RehearsalFaults.Count(requests);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Gone (it may be why destroy failed): the report stands without the count.
            return null;
        }
    }

    public IReadOnlyList<RehearsedStorage> Storages() =>
    [
        .. StandIns.Select(s => new RehearsedStorage(
            s.Plan.StreamName,
            s.Cloud,
            s.Bucket,
            s.Plan.Path,
            _checked.GetValueOrDefault(s.Plan.StreamName),
            _recordings.GetValueOrDefault(s.Plan.StreamName) ?? [],
            s.Plan.Immutability is { } locked
                ? new RehearsedImmutability(StorageStandIn.ModeName(locked.Mode), locked.Days, _deleteRefused.TryGetValue(s.Plan.StreamName, out var refused) ? refused : null)
                : null,
            s.Encryption,
            s.Tiers,
            s.AccessLogs,
            s.SoftDelete)),
    ];

    public IReadOnlyList<KeyValuePair<string, string>> WorldVariables() => World.EnvironmentVariables();

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_world is not null)
        {
            await _world.DisposeAsync().ConfigureAwait(false);
        }

        if (_guardrails is { IsCompletedSuccessfully: true })
        {
            await (await _guardrails.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RecordOnBindingsOfAsync(string storage, Action<string, string> report, CancellationToken cancellationToken)
    {
        foreach (var binding in Plan.Bindings.Where(b => b.StorageName == storage))
        {
            await RecordAsync(binding, report, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts and finishes a recording on the binding's call type and finds the object it wrote where the binding says.</summary>
    private async Task<RecordedObject> RecordAsync(BindingPlan binding, Action<string, string> report, CancellationToken cancellationToken)
    {
        var row = BindingRow(binding.CallType);
        var callId = $"rehearsal-{Interlocked.Increment(ref _calls)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        report(row, $"recording call {callId}…");
        await Client.StartRecordingAsync(binding.CallType, callId, "composite", cancellationToken: cancellationToken).ConfigureAwait(false);
        var finished = await World.Stream.Control.FinishRecordingAsync(binding.CallType, callId, TimeSpan.FromMinutes(1), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (finished.Storage != binding.StorageName)
        {
            throw new RehearsalFailedException($"Call type '{binding.CallType}' recorded to '{finished.Storage}', not to '{binding.StorageName}' as bound.");
        }

        var file = finished.Files.FirstOrDefault()
            ?? throw new RehearsalFailedException($"The recording of call type '{binding.CallType}' wrote no file.");
        var standIn = StandIns.FirstOrDefault(s => s.Plan.StreamName == binding.StorageName);
        if (standIn is null)
        {
            report(row, $"stayed with Stream ({StorageTypes.StreamDefaultStorage}): {file.Key}");
            return new RecordedObject(StorageTypes.StreamDefaultStorage, string.Empty, file.Key);
        }

        if (!file.Key.StartsWith(standIn.Plan.Path, StringComparison.Ordinal) || !await standIn.HoldsObjectAsync(World, file.Key, cancellationToken).ConfigureAwait(false))
        {
            throw new RehearsalFailedException($"The recording of call type '{binding.CallType}' is not at {standIn.Bucket}/{file.Key} under '{standIn.Plan.Path}' in {standIn.Store}.");
        }

        var recording = new RecordedObject(standIn.Store, standIn.Bucket, file.Key);
        if (!_recordings.TryGetValue(binding.StorageName, out var list))
        {
            _recordings[binding.StorageName] = list = [];
        }

        list.Add(recording);
        report(row, $"landed in {standIn.Store} {standIn.Bucket}/{file.Key}");
        return recording;
    }

    /// <summary>The owner deletes the recording as it would to remove it for good; the bucket's lock must refuse with the cloud's own error.</summary>
    private async Task ProveLockAsync(StorageStandIn standIn, string row, string key, Action<string, string> report, CancellationToken cancellationToken)
    {
        var name = standIn.Plan.StreamName;
        report(row, $"deleting {key} as the owner, under the retention lock…");
        var refusal = await standIn.DeleteAsOwnerAsync(World, key, cancellationToken).ConfigureAwait(false);
        // A delete that went through ends Prove, so the last attempt speaks for all of the storage's.
        _deleteRefused[name] = refusal is not null;
        if (refusal is null)
        {
            throw new RehearsalFailedException(
                $"Storage '{name}': the owner deleted the recording {standIn.Bucket}/{key}, which its {standIn.RetentionLock!.Days}-day retention lock must keep{(standIn.BucketLock is null ? " (the bucket has none)" : "")}.");
        }

        report(row, $"the owner's delete of {key} was refused ({refusal}): the retention lock keeps it; {StorageStandIn.EnforcedLocally}");
    }

    internal static string BindingRow(string callType) => $"binding {callType}";

    private const string StreamApiRow = "Stream API";

    /// <returns>Null when the storage held, else why not.</returns>
    private async Task<string?> UpStorageAsync(StorageStandIn standIn, Action<string, string> report, CancellationToken cancellationToken)
    {
        var name = standIn.Plan.StreamName;
        try
        {
            var declaration = await standIn.CreateAsync(World, report, cancellationToken).ConfigureAwait(false);
            standIn.ReportProtections(report);
            var check = new StorageCheckSettings
            {
                Deadline = Settings.CheckDeadline ?? TimeSpan.FromSeconds(standIn.Plan.CheckDeadlineSeconds),
                VerifyCheckFile = true,
            };
            report(name, "registering with Stream…");
            lock (_registrationsAttempted)
            {
                _registrationsAttempted.Add(name);
            }

            var lifecycle = new ExternalStorageLifecycle(Registrar(report, name), new CheckFileVerifier(World.VerifierOptions()));
            var registered = await lifecycle.CreateAsync(new ExternalStorageInputs(declaration, check), cancellationToken).ConfigureAwait(false);
            lock (_checked)
            {
                _checked[name] = true;
                _registered[name] = registered;
            }

            var kept = registered.CheckFile?.KeptUntil is null ? "" : $" ({StorageStandIn.EnforcedLocally})";
            report(name, $"registered and checked; check file found under {standIn.Bucket}/{standIn.Plan.Path} and {registered.CheckFile?.Outcome}{kept}");
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is StorageTakeoverRefusedException)
            {
                // The storage of that name is someone else's and was not written: destroy must leave it alone.
                lock (_registrationsAttempted)
                {
                    _registrationsAttempted.Remove(name);
                }
            }

            report(name, "failed");
            return Failure(standIn, e);
        }
    }

    private static string Failure(StorageStandIn standIn, Exception e) => $"Storage '{standIn.Plan.StreamName}' ({standIn.Cloud}, {standIn.Bucket}): {e.Message}";

    /// <summary>A registrar whose progress (each check attempt and wait) shows on <paramref name="row"/>.</summary>
    private ExternalStorageRegistrar Registrar(Action<string, string> report, string row) =>
        new(Client, new RegistrarOptions { LoggerFactory = new ProgressLoggerFactory(message => report(row, message)) });
}

/// <summary>A rehearsal that did not hold; the message names the storage or binding and the cause.</summary>
internal sealed class RehearsalFailedException : Exception
{
    public RehearsalFailedException(string message)
        : base(message)
    {
    }

    public RehearsalFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
