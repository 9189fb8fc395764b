using System.CommandLine;
using Spectre.Console;
using StorageRegistrar.Declarations;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Commands;

/// <summary><c>status</c>: every external storage, the call types recording to it, and those left on Stream's own storage.</summary>
internal sealed class StatusCommand : BaseCommand
{
    private readonly Option<bool> _json = JsonOption();

    public StatusCommand(CliServices services, IInteractionService interaction)
        : base("status", "List the external storages (type, bucket, path), the call types that use each, and those that fall back to stream-s3.", services, interaction)
    {
        Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(_json);
        using var client = Services.CreateStreamClient();
        async Task<StatusReport> ReadAsync()
        {
            var storages = client.ListExternalStoragesAsync(cancellationToken);
            var callTypes = client.ListCallTypesAsync(cancellationToken);
            return StatusReport.Build(await storages.ConfigureAwait(false), await callTypes.ConfigureAwait(false));
        }

        var report = await ShowStatusUnlessJsonAsync(json, "Reading storages and call types from Stream…", _ => ReadAsync()).ConfigureAwait(false);

        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.StatusReport);
            return ExitCodes.Success;
        }

        Render(Interaction, report);
        return ExitCodes.Success;
    }

    /// <summary>The status as a table of storages and their call types, then the fallbacks and dangling bindings.</summary>
    public static void Render(IInteractionService interaction, StatusReport report)
    {
        if (report.Storages.Count == 0)
        {
            interaction.DisplayLine("No external storages: every call type records to Stream's own storage.");
        }
        else
        {
            var table = new Table().AddColumns("Storage", "Type", "Bucket", "Path", "Call types");
            foreach (var storage in report.Storages)
            {
                table.AddRow(
                    Printable.Cell(storage.Name),
                    Printable.Cell(storage.Type),
                    Printable.Cell(storage.Bucket),
                    Printable.Cell(storage.Path.Length == 0 ? "(root)" : storage.Path),
                    storage.CallTypes.Count == 0 ? new Markup("[grey](none)[/]") : Printable.Cell(string.Join(", ", storage.CallTypes)));
            }

            interaction.Display(table);
        }

        interaction.DisplayLine(report.StreamDefaultCallTypes.Count == 0
            ? $"No call type falls back to {StorageTypes.StreamDefaultStorage}."
            : $"Falling back to {StorageTypes.StreamDefaultStorage}: {string.Join(", ", report.StreamDefaultCallTypes)}");
        foreach (var dangling in report.DanglingBindings)
        {
            interaction.DisplayError($"Call type '{dangling.CallType}' records to '{dangling.Storage}', which Stream does not list.");
        }
    }
}
