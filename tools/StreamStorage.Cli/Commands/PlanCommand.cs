using System.CommandLine;
using Spectre.Console;
using StackPlanning;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;
using StorageRegistrar;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// <c>plan [STACK_FILE]</c>: what <c>pulumi preview</c> would create for a stack, from the program's own plan
/// (<see cref="StackPlanner"/>, <see cref="ResourceListing"/>) and nothing else: no request to Stream or any cloud.
/// </summary>
internal sealed class PlanCommand : StackFileCommand
{
    public PlanCommand(CliServices services, IInteractionService interaction)
        : base("plan", "Show what pulumi preview would create for a stack: every resource per storage with its grant documents, then the bindings. No request is made.", services, interaction)
    {
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (file, plan) = ReadAndPlan(parseResult);
        var naming = ResourceNaming.Unresolved(file.Get(ConfigKeys.GcpDefaultProject));
        if (JsonWanted(parseResult))
        {
            Interaction.WriteJson(PlanReport.Build(file, plan, naming), CliJsonContext.Default.PlanReport);
        }
        else
        {
            Render(file, plan, naming);
        }

        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>Per storage a table of its resources and their grant documents as the cloud reads them; then the bindings and the warnings.</summary>
    private void Render(StackFile file, StackPlan plan, ResourceNaming naming)
    {
        Interaction.DisplayLine(
            $"Plan of stack '{plan.StackName}' of {file.ProjectName} ({file.Path}){(plan.Production ? ", production" : "")}: {plan.Storages.Count} storage(s), {plan.Bindings.Count} binding(s). "
            + $"Names with {ResourceNaming.SuffixPlaceholder} get the suffix pulumi up draws"
            + (plan.Storages.Any(s => s.UnguessablePath) ? $", paths with {ResourceNaming.FolderPlaceholder} the folder it draws (unguessablePath)." : "."));
        Interaction.DisplayLine($"Preflight in pulumi preview and up: {PlanReport.PreflightWord(plan.Preflight)} ({ConfigKeys.Preflight}).");
        foreach (var storage in plan.Storages)
        {
            var bucket = ResourceListing.BucketName(storage, naming);
            var location = ResourceListing.Location(storage) is { } place ? $", {place}" : "";
            var streamPath = ResourceListing.StreamPath(storage, naming);
            var path = streamPath.Length == 0 ? "at the root" : $"path '{streamPath}'";
            Interaction.DisplayLine("");
            Interaction.DisplayLine(storage.CreatesBucket
                ? $"{storage.StreamName} ({storage.CloudName}{location}): bucket {bucket}, {path}"
                : $"{storage.StreamName} ({storage.CloudName}{location}): existing bucket {bucket}, not created, not changed, left on destroy; {path}");
            if (storage.Immutability is { } locked)
            {
                Interaction.DisplayLine($"Retention lock: {DayCount.Of(locked.Days)}, {(locked.Mode == ImmutabilityMode.Compliance ? "compliance" : "governance")}, "
                    + (storage.LocksBucket ? "applied to the bucket" : "expected of the existing bucket (the doctor compares)"));
            }

            if (storage is S3StoragePlan { TrustsEveryStreamApp: true } trusting)
            {
                Interaction.DisplayLine($"Trusts: {PlannedStorageReport.EveryStreamApp} (policy mode grants Stream's AWS account; keys mode trusts only the stack's own key); "
                    + (trusting.UnguessablePath ? "the path ends in a folder the stack draws, which another app must learn first; " : "")
                    + (trusting.AcceptsEveryStreamApp ? "accepted by the stack (acceptsEveryStreamApp), the doctor notes it" : "the doctor warns of it until the stack accepts it (acceptsEveryStreamApp: true)"));
            }

            var resources = storage.Resources(naming);
            var table = new Table().AddColumns("Type", "Name", "Cloud name", "Summary");
            foreach (var resource in resources)
            {
                table.AddRow(Printable.Cell(resource.Type), Printable.Cell(resource.Name), Printable.Cell(resource.CloudName ?? ""), Printable.Cell(resource.Summary));
            }

            Interaction.Display(table);
            if (storage is S3StoragePlan { StatementToMerge: { } statement })
            {
                Interaction.DisplayLine("The owner merges this statement into the existing bucket's policy (stack output bucketPolicyStatements):");
                DisplayDocument(statement);
            }

            if (storage is S3StoragePlan s3 && s3.KeyStatementToMerge(bucket) is { } keyStatement)
            {
                Interaction.DisplayLine($"The key's owner merges this statement into the policy of {s3.EncryptionKey!.ExistingKeyId}:");
                DisplayDocument(keyStatement);
            }

            foreach (var resource in resources.Where(r => r.Document is not null))
            {
                Interaction.DisplayLine($"{resource.Name}:");
                DisplayDocument(resource.Document!.ToString());
            }
        }

        Interaction.DisplayLine("");
        if (plan.Bindings.Count == 0)
        {
            Interaction.DisplayLine("No bindings: every call type keeps the storage it records to.");
        }
        else
        {
            var table = new Table().Title(Printable.Markup($"Bindings ({PulumiTypes.CallTypeBinding})")).AddColumns("Call type", "Storage", "Summary");
            foreach (var binding in plan.Bindings)
            {
                table.AddRow(Printable.Cell(binding.CallType), Printable.Cell(binding.StorageName), Printable.Cell(ResourceListing.Binding(binding).Summary));
            }

            Interaction.Display(table);
        }

        RenderWarnings(plan.Warnings);
    }

    /// <summary>A grant document over the lines our own code laid it out in, each line escaped (<see cref="Printable.Lines"/>).</summary>
    private void DisplayDocument(string document) => Interaction.Display(new Text(Printable.Lines(document)));
}
