using System.CommandLine;
using Spectre.Console;
using StreamStorage.Cli.Commands;
using StreamStorage.Cli.Interaction;

namespace StreamStorage.Cli;

/// <summary>Builds the command tree over the given services and consoles, and runs one command line.</summary>
internal static class CliApplication
{
    public static RootCommand CreateRootCommand(CliServices services, IInteractionService interaction) =>
        new("stream-storage: inspect, check and diagnose Stream Video's external storages, and rehearse a stack on this machine.")
        {
            new StatusCommand(services, interaction),
            new CheckCommand(services, interaction),
            new DoctorCommand(services, interaction),
            new RehearseCommand(services, interaction),
        };

    public static async Task<int> RunAsync(
        string[] args, CliServices services, IAnsiConsole output, IAnsiConsole error, bool interactive, CancellationToken cancellationToken)
    {
        var interaction = new ConsoleInteractionService(output, error, interactive);
        var parseResult = CreateRootCommand(services, interaction).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                interaction.DisplayError(parseError.Message);
            }

            interaction.DisplayError("Run 'stream-storage --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output.Profile.Out.Writer,
            Error = error.Profile.Out.Writer,
            // Program handles Ctrl+C itself (the token below); a command's cleanup must not be cut off after a grace period.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
