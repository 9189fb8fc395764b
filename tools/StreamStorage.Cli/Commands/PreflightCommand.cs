using System.CommandLine;
using Spectre.Console;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// <c>preflight [STACK_FILE]</c>: the plan, then per storage every guardrail of its cloud that would refuse a resource
/// of the plan, and the deployer's right to each action, read with the owner's own credentials before anything is
/// created. Exits <see cref="ExitCodes.PreflightBlocked"/> when one would, <see cref="ExitCodes.PreflightNotExamined"/>
/// when one could not be read.
/// </summary>
internal sealed class PreflightCommand : StackFileCommand
{
    public PreflightCommand(CliServices services, IInteractionService interaction)
        : base("preflight", "Before pulumi up: read, with your own credentials, every organization policy that would refuse a resource of the stack's plan and whether you may create each. Nothing is created.", services, interaction)
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (file, plan) = ReadAndPlan(parseResult);

        // In the project and subscription the providers deploy into, as the program finds them; a GCS storage in no project stops here (exit 2).
        var targets = StackPreflight.Targets(plan, file.Get, Environment.GetEnvironmentVariable);
        if (targets.Any(t => t is GcpPreflightTarget))
        {
            await Services.RequireOwnerCredentials(StorageTypes.Gcs, null, cancellationToken).ConfigureAwait(false);
        }

        if (targets.Any(t => t is AwsPreflightTarget))
        {
            await Services.RequireOwnerCredentials(StorageTypes.S3, null, cancellationToken).ConfigureAwait(false);
        }

        if (targets.Any(t => t is AzurePreflightTarget))
        {
            await Services.RequireOwnerCredentials(StorageTypes.Abs, null, cancellationToken).ConfigureAwait(false);
        }

        var json = JsonWanted(parseResult);
        var checkers = Services.CreatePreflightCheckers();
        var report = await ShowStatusUnlessJsonAsync(json, $"Reading the guardrails of {targets.Count} storage(s)…", _ => RunAsync(checkers, plan, targets, cancellationToken)).ConfigureAwait(false);

        if (json)
        {
            Interaction.WriteJson(PreflightJsonReport.From(report), CliJsonContext.Default.PreflightJsonReport);
        }
        else
        {
            Render(Interaction, file, plan, report, "read with your own credentials");
        }

        return ExitCodes.Of(report.Outcome);
    }

    /// <summary>Every storage of the plan, in its order, judged by <paramref name="checkers"/>: the report preflight and the rehearsal print.</summary>
    internal static async Task<PreflightReport> RunAsync(IReadOnlyList<IGuardrailChecker> checkers, StackPlan plan, IReadOnlyList<PreflightTarget> targets, CancellationToken cancellationToken)
    {
        var checkedStorages = await new PreflightRunner(checkers).RunAsync(plan.StackName, targets, cancellationToken).ConfigureAwait(false);
        // A storage with no target creates nothing in any cloud: it stays in the report, with nothing to check.
        return checkedStorages with
        {
            Storages = [.. plan.Storages.Select(s => checkedStorages.Storages.SingleOrDefault(c => c.Name == s.StreamName) ?? new StoragePreflight(s.StreamName, s.CloudName, []))],
        };
    }

    /// <summary>Per storage a table of its guardrails; then what the outcome means for pulumi up.</summary>
    /// <param name="readFrom">Where the guardrails were read: with your own credentials, or from the local world's stand-ins.</param>
    internal static void Render(IInteractionService interaction, StackFile file, StackPlan plan, PreflightReport report, string readFrom)
    {
        interaction.DisplayLine($"Preflight of stack '{plan.StackName}' of {file.ProjectName} ({file.Path}): {plan.Storages.Count} storage(s), {readFrom}; nothing was created.");
        foreach (var storage in report.Storages)
        {
            interaction.DisplayLine("");
            if (storage.Checks.Count == 0)
            {
                interaction.DisplayLine($"{storage.Name} ({storage.Cloud}): nothing is created in any cloud, so no guardrail applies.");
                continue;
            }

            interaction.DisplayLine($"{storage.Name} ({storage.Cloud}): {Word(storage.Outcome)}");
            var table = new Table().AddColumns("Guardrail", "Outcome", "What");
            foreach (var check in storage.Checks)
            {
                table.AddRow(Cell(check.Guardrail), Cell(Word(check.Outcome)), Cell(check.Message));
            }

            interaction.Display(table);
            // Below the table, so that a command is never wrapped inside a cell.
            foreach (var check in storage.Checks.Where(c => c.Fix is not null))
            {
                interaction.DisplayLine($"{check.Guardrail} ({Word(check.Outcome)}), the fix:");
                // Line by line: each printed line is escaped whole, line breaks included.
                foreach (var line in check.Fix!.Split('\n'))
                {
                    interaction.DisplayLine(line);
                }

                if (check.GrantedBy is { } grantedBy)
                {
                    interaction.DisplayLine($"Granted by: {grantedBy}");
                }
            }
        }

        interaction.DisplayLine("");
        var all = report.Storages.SelectMany(s => s.Checks).ToList();
        var blocks = all.Count(c => c.Outcome == PreflightOutcome.Blocks);
        var unexamined = all.Count(c => c.Outcome == PreflightOutcome.NotExamined);
        interaction.DisplayLine(report.Outcome switch
        {
            PreflightOutcome.Blocks => $"Blocked: {blocks} guardrail(s) would stop pulumi up, {unexamined} not examined. Apply the fixes above, then run preflight again.",
            PreflightOutcome.NotExamined => $"Nothing known to block, but {unexamined} guardrail(s) not examined: pulumi up may still stop there.",
            _ => $"All {all.Count} guardrail(s) met: no known policy or missing right stops pulumi up.",
        });
    }

    private static string Word(PreflightOutcome outcome) => outcome switch
    {
        PreflightOutcome.Met => "met",
        PreflightOutcome.Blocks => "BLOCKS",
        PreflightOutcome.NotExamined => "not examined",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Messages repeat what the cloud answered: a terminal must not act on it.</summary>
    private static Text Cell(string text) => new(TerminalText.EscapeLines(text));
}
