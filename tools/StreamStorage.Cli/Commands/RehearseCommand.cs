using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LocalWorld;
using Spectre.Console;
using StackPlanning;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Rehearsal;
using StreamStorage.Cli.Reports;
using StorageRegistrar;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// <c>rehearse [STACK_FILE]</c>: the flow of <c>pulumi up</c> and <c>pulumi destroy</c> for a stack, on this
/// machine: plan, preflight (unless the stack's <c>preflight</c> is <c>off</c>), up, prove (a recording per bound call
/// type), status, destroy, and the proof that nothing is left. See <see cref="StackRehearsal"/>. With
/// <c>--guardrails FILE</c> the clouds' stand-ins play a governed organization: they answer preflight and refuse the
/// creates the file forbids.
/// </summary>
internal sealed class RehearseCommand : BaseCommand
{
    private readonly Argument<string> _stackFile = StackFileArgument();

    private readonly Option<bool> _faults = new("--faults") { Description = "Inject Stream's transient failures (429, 5xx, timeouts, resets, failing checks, lagging creates) into every phase." };
    private readonly Option<bool> _rotate = new("--rotate") { Description = "After the first recordings, rotate every credential the stack issues (new one, storage updated and checked, old one deleted), recording before, during and after." };
    private readonly Option<bool> _keep = new("--keep") { Description = "Stop after the status and keep the local world running; Ctrl+C then destroys, a second Ctrl+C stops at once." };
    private readonly Option<int?> _checkDeadline = new("--check-deadline") { Description = "Give each storage's check this many seconds (default: the plan's, streamstorage:checkDeadlineSeconds or else 2, 10 or 30 minutes per cloud)." };
    private readonly Option<string?> _failingCheck = new("--failing-check") { Description = "Make every check of this storage fail, to rehearse a failure that cannot be survived." };
    private readonly Option<string?> _guardrails = new("--guardrails") { Description = "Play the organization's guardrails of this YAML file (organization policies, SCPs, Azure Policy, missing rights): preflight reads them, and with preflight: off the creates they forbid fail as in the cloud." };
    private readonly Option<bool> _json = JsonOption();

    public RehearseCommand(CliServices services, IInteractionService interaction)
        : base("rehearse", "Rehearse a stack's pulumi up and pulumi destroy against local emulators of Stream and the three clouds.", services, interaction)
    {
        Arguments.Add(_stackFile);
        Options.Add(_faults);
        Options.Add(_rotate);
        Options.Add(_keep);
        Options.Add(_checkDeadline);
        Options.Add(_failingCheck);
        Options.Add(_guardrails);
        Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(_json);
        var keep = parseResult.GetValue(_keep);
        var checkDeadline = PositiveSeconds(parseResult, _checkDeadline);

        var total = Stopwatch.StartNew();
        // A guardrails file that cannot be played stops here too, before anything starts (exit 2, each problem on its key path).
        var settings = new RehearsalSettings(
            parseResult.GetValue(_faults),
            checkDeadline,
            parseResult.GetValue(_failingCheck),
            parseResult.GetValue(_rotate),
            parseResult.GetValue(_guardrails) is { } guardrails ? GuardrailsFile.Read(guardrails) : null);

        // An invalid stack stops here, before anything starts (StackConfigException, as the program's failed preview says it).
        var rehearsal = StackRehearsal.Prepare(parseResult.GetValue(_stackFile)!, settings);
        var planSeconds = total.Elapsed.TotalSeconds;
        await using (rehearsal.ConfigureAwait(false))
        {
            if (!json)
            {
                RenderPlan(rehearsal);
            }

            var world = Stopwatch.StartNew();
            // Preflight reads only the guardrail stand-ins: they start and it runs while the emulators start; nothing is created before it ends.
            using var stopPreflight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var preflight = rehearsal.PreflightAsync(stopPreflight.Token);
            try
            {
                await rehearsal.StartWorldAsync(new SynchronousProgress(json ? null : Interaction.DisplayInfo), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await stopPreflight.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(preflight).ConfigureAwait(false);
                if (e is EmulatorPrerequisiteException)
                {
                    throw new CommandStoppedException(ExitCodes.PrerequisiteMissing, e.Message);
                }

                throw;
            }

            var timing = new RunTiming(planSeconds, world.Elapsed.TotalSeconds, total);
            return await RunAsync(rehearsal, preflight, json, keep, timing, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> RunAsync(StackRehearsal rehearsal, Task<PreflightReport?> preflightRun, bool json, bool keep, RunTiming timing, CancellationToken cancellationToken)
    {
        string? failure = null;
        var interrupted = false;
        // Each phase's clock runs until the phase ends, or the run stops in it.
        var up = new Stopwatch();
        var prove = new Stopwatch();
        IReadOnlyList<RehearsedRotation> rotations = [];
        PreflightReport? preflight = null;
        int? preflightExit = null;
        try
        {
            preflight = await preflightRun.ConfigureAwait(false);
            preflightExit = PreflightStop(rehearsal.Plan.Preflight, preflight);
            if (preflight is not null && !json)
            {
                PreflightCommand.Render(Interaction, rehearsal.File, rehearsal.Plan, preflight, "read from the local world's guardrail stand-ins");
            }

            if (preflightExit is not null)
            {
                throw new RehearsalFailedException(
                    $"Preflight stopped the rehearsal before anything was created ({PlanReport.PreflightWord(rehearsal.Plan.Preflight)}): {(preflight!.Blocked ? "a guardrail blocks the stack" : "a guardrail could not be examined")}, as pulumi up would stop.");
            }

            foreach (var callType in await rehearsal.CreateMissingCallTypesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!json)
                {
                    Interaction.DisplayInfo($"Call type '{callType}' is not built into Stream: created in the local app, as it exists in yours.");
                }
            }

            up.Start();
            await rehearsal.InjectFaultsAsync(RehearsalPhase.Up, cancellationToken).ConfigureAwait(false);
            await Board(json, "Up", report => rehearsal.UpAsync(report, cancellationToken)).ConfigureAwait(false);
            up.Stop();

            prove.Start();
            await rehearsal.InjectFaultsAsync(RehearsalPhase.Prove, cancellationToken).ConfigureAwait(false);
            var proved = await Board(json, "Prove: a recording on every bound call type", report => rehearsal.ProveAsync(report, cancellationToken)).ConfigureAwait(false);
            if (rehearsal.Settings.Rotate)
            {
                rotations = await Board(json, "Rotate: every credential, create before delete", report => rehearsal.RotateAsync(report, cancellationToken)).ConfigureAwait(false);
            }

            var (storages, callTypes) = await rehearsal.ReadStatusAsync(cancellationToken).ConfigureAwait(false);
            prove.Stop();
            if (!json)
            {
                RenderRecordings(proved);
                Interaction.DisplayLine("Status:");
                StatusCommand.Render(Interaction, StatusReport.Build(storages, callTypes));
            }

            if (keep)
            {
                await KeepAsync(rehearsal, json, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RehearsalFailedException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
            failure = "Interrupted; destroying what was made.";
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        up.Stop();
        prove.Stop();
        if (failure is not null)
        {
            DisplayErrorLines(failure);
        }

        // Destroy runs whatever happened before it; only a second Ctrl+C (Services.SecondInterrupt) cuts it short.
        var abort = Services.SecondInterrupt;
        var destroy = Stopwatch.StartNew();
        IReadOnlyList<string> leftovers;
        try
        {
            try
            {
                await rehearsal.InjectFaultsAsync(RehearsalPhase.Destroy, abort).ConfigureAwait(false);
                await Board(json, "Destroy", report => rehearsal.DestroyAsync(report, abort)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                // A delete failed (a cloud refused it, as it would refuse pulumi destroy; an unbind failed): what is left is looked for all the same.
                failure ??= $"Destroy failed: {e.Message}";
                DisplayErrorLines($"Destroy failed: {e.Message}");
            }

            leftovers = await rehearsal.FindLeftoversAsync(abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            Interaction.DisplayError("Stopped at once: the local world goes with everything in it.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OperationCanceledException || !abort.IsCancellationRequested)
        {
            // The search for what is left failed itself.
            failure ??= $"Leftovers not looked for: {e.Message}";
            Interaction.DisplayError($"Leftovers not looked for: {e.Message}");
            leftovers = [$"unknown: the search for leftovers failed ({e.GetType().Name})"];
        }

        var faults = await rehearsal.CountFaultsAsync(abort).ConfigureAwait(false);
        if (faults is null)
        {
            const string Uncounted = "The faults could not be counted: the local Stream did not answer.";
            failure ??= Uncounted;
            Interaction.DisplayError(Uncounted);
        }

        var held = failure is null && leftovers.Count == 0;
        var report = new RehearsalReport(
            rehearsal.File.StackName,
            held,
            failure,
            preflight is null ? null : PreflightJsonReport.From(preflight),
            rehearsal.Plan.Warnings,
            rehearsal.Storages(),
            [.. rehearsal.Plan.Bindings.Select(b => new RehearsedBinding(b.CallType, b.StorageName))],
            faults,
            leftovers,
            rehearsal.KeptBuckets(),
            rotations,
            new PhaseSeconds(
                Round(timing.PlanSeconds), Round(timing.WorldSeconds), Round(rehearsal.PreflightTime.TotalSeconds), Round(up.Elapsed.TotalSeconds), Round(prove.Elapsed.TotalSeconds),
                Round(destroy.Elapsed.TotalSeconds), Round(timing.Total.Elapsed.TotalSeconds)));

        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.RehearsalReport);
        }
        else
        {
            RenderSummary(report);
        }

        return interrupted ? ExitCodes.Cancelled : preflightExit ?? (held ? ExitCodes.Success : ExitCodes.RehearsalFailed);
    }

    /// <summary>The exit code preflight stops the rehearsal with, as the stack's mode stops <c>pulumi up</c> (<see cref="StackPreflight.Judge"/>); null: the rehearsal goes on.</summary>
    private static int? PreflightStop(PreflightMode mode, PreflightReport? report) =>
        report is null || !StackPreflight.Judge(mode, report).Stops ? null : ExitCodes.Of(report.Outcome);

    /// <summary>Says how to reach the kept world, on standard error under <c>--json</c>, whose output is the one document.</summary>
    private async Task KeepAsync(StackRehearsal rehearsal, bool json, CancellationToken cancellationToken)
    {
        Action<string> say = json ? Interaction.DisplayInfo : Interaction.DisplayLine;
        say("The local world keeps running. Point the CLI (and a provider run) at it with:");
        foreach (var (name, value) in rehearsal.WorldVariables())
        {
            say($"  export {name}={value}");
        }

        say("Press Ctrl+C to destroy and stop; a second Ctrl+C stops at once.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The operator asked for the teardown: destroy follows as after any run.
        }
    }

    private Task<T> Board<T>(bool json, string title, Func<Action<string, string>, Task<T>> work) =>
        json ? work((_, _) => { }) : Interaction.ShowBoardAsync(title, work);

    private async Task Board(bool json, string title, Func<Action<string, string>, Task> work) =>
        await Board(json, title, async report =>
        {
            await work(report).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private void RenderPlan(StackRehearsal rehearsal)
    {
        var plan = rehearsal.Plan;
        Interaction.DisplayLine($"Rehearsing stack '{plan.StackName}' of {rehearsal.File.ProjectName} ({rehearsal.File.Path}) against a local world: no cloud account, no Stream app.");
        var tree = new Tree(Printable.Cell($"Plan: {plan.Storages.Count} storage(s), {plan.Bindings.Count} binding(s){(plan.Production ? ", production" : "")}"));
        foreach (var standIn in rehearsal.StandIns)
        {
            var storage = tree.AddNode(Printable.Cell($"+ {standIn.Plan.StreamName} ({standIn.Cloud})"));
            if (!standIn.Plan.CreatesBucket)
            {
                var existing = storage.AddNode(Printable.Cell($"= existing bucket {standIn.Bucket}: not created, not changed, left on destroy"));
                if (standIn.Plan is S3StoragePlan { StatementToMerge: { } statement })
                {
                    existing.AddNode(new Text(Printable.Lines($"the owner merges into its policy:\n{statement}")));
                }
            }

            foreach (var resource in standIn.Preview())
            {
                var cloudName = resource.CloudName is { } name && name != resource.Name ? $" ({name})" : "";
                var node = storage.AddNode(Printable.Cell($"+ {resource.Type} {resource.Name}{cloudName}: {resource.Summary}"));
                if (resource.Document is { } document)
                {
                    node.AddNode(new Text(Printable.Lines(document.ToString())));
                }
            }
        }

        foreach (var binding in plan.Bindings)
        {
            tree.AddNode(Printable.Cell($"+ {PulumiTypes.CallTypeBinding} {binding.CallType} → {binding.StorageName}"));
        }

        Interaction.Display(tree);
        RenderWarnings(plan.Warnings);
    }

    private void RenderRecordings(IReadOnlyList<(string CallType, string Storage, RecordedObject Recording)> proved)
    {
        var table = new Table().Title("Recordings").AddColumns("Call type", "Storage", "Store", "Bucket", "Key");
        foreach (var (callType, storage, recording) in proved)
        {
            table.AddRow(Printable.Cell(callType), Printable.Cell(storage), Printable.Cell(recording.Store), Printable.Cell(recording.Bucket.Length == 0 ? "(Stream's)" : recording.Bucket), Printable.Cell(recording.Key));
        }

        Interaction.Display(table);
    }

    private void RenderSummary(RehearsalReport report)
    {
        foreach (var rotation in report.Rotations)
        {
            Interaction.DisplayLine($"Rotated {rotation.Storage}: {(rotation.OldCredentialRefused switch { true => "the old credential is refused", false => "the old credential is STILL ACCEPTED", null => "the local store cannot tell whether the old credential is refused" })}.");
        }

        foreach (var storage in report.Storages.Where(s => s.Immutability is { DeleteRefused: true }))
        {
            Interaction.DisplayLine($"Retention lock on {storage.Name} ({DayCount.Of(storage.Immutability!.Days)}, {storage.Immutability.Mode}): the owner's delete of every recording was refused; {StorageStandIn.EnforcedLocally}.");
        }

        foreach (var kept in report.Kept)
        {
            Interaction.DisplayLine($"Left on purpose, as pulumi destroy leaves it: {kept.Store} {kept.Bucket} ({kept.Storage}: {kept.Reason})");
        }

        foreach (var leftover in report.Leftovers)
        {
            Interaction.DisplayError($"Left behind: {leftover}");
        }

        var seconds = report.Seconds;
        var timing = string.Create(CultureInfo.InvariantCulture, $"{seconds.Total:0.0} s (plan {seconds.Plan:0.0}, local world {seconds.World:0.0}, up {seconds.Up:0.0}, prove {seconds.Prove:0.0}, destroy {seconds.Destroy:0.0})");
        var checkedCount = report.Storages.Count(s => s.Checked);
        var recordings = report.Storages.Sum(s => s.Recordings.Count);
        var summary = $"{checkedCount}/{report.Storages.Count} storages checked, {recordings} recording(s) in the stack's buckets, {report.Leftovers.Count} left behind, {(report.Faults is { } count ? $"faults injected {count.Injected}, survived {count.Survived}" : "faults not counted")}; {timing}.";
        if (report.Held)
        {
            Interaction.DisplaySuccess($"Rehearsal held: {summary}");
        }
        else
        {
            Interaction.DisplayError($"Rehearsal did not hold: {summary}");
        }
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);

    /// <summary>The clocks of the phases before the run: planning, starting the world, and the whole command's.</summary>
    private sealed record RunTiming(double PlanSeconds, double WorldSeconds, Stopwatch Total);

    /// <summary>Reports on the caller's thread, so that lines appear in order (Progress&lt;T&gt; posts them to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<string>? report) : IProgress<string>
    {
        public void Report(string value) => report?.Invoke(value);
    }

    /// <summary>A failure of several storages, one line each: a line break in one message would be escaped as any control character is.</summary>
    private void DisplayErrorLines(string failure)
    {
        foreach (var line in failure.Split(Environment.NewLine))
        {
            Interaction.DisplayError(line);
        }
    }
}
