using System.CommandLine;
using System.CommandLine.Invocation;
using Spectre.Console;
using StorageRegistrar;
using StorageRegistrar.Validation;
using StreamStorage.Cli.Commands;
using StreamStorage.Cli.Interaction;

namespace StreamStorage.Cli;

/// <summary>Builds the command tree over the given services and consoles, and runs one command line.</summary>
internal static class CliApplication
{
    public static RootCommand CreateRootCommand(CliServices services, IInteractionService interaction)
    {
        var root = new RootCommand("stream-storage: inspect, check and diagnose Stream Video's external storages, and plan and rehearse a stack on this machine.")
        {
            new StatusCommand(services, interaction),
            new CheckCommand(services, interaction),
            new DoctorCommand(services, interaction),
            new PlanCommand(services, interaction),
            new PreflightCommand(services, interaction),
            new RehearseCommand(services, interaction),
        };
        root.Options.OfType<VersionOption>().Single().Action = new PrintProductVersion();
        return root;
    }

    public static async Task<int> RunAsync(
        string[] args, CliServices services, IAnsiConsole output, IAnsiConsole error, bool interactive, CancellationToken cancellationToken)
    {
        var interaction = new ConsoleInteractionService(output, error, interactive);
        var parseResult = CreateRootCommand(services, interaction).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                // The parser repeats the words it could not place: a URL among them may carry a user name and password.
                interaction.DisplayError(UrlCredentials.Masked(parseError.Message));
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

/// <summary>
/// <c>--version</c> prints the product version (<see cref="ProductInfo.Version"/>), the same one the plugin and the
/// schema report, rather than whichever assembly happens to be the entry point.
/// </summary>
internal sealed class PrintProductVersion : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(ProductInfo.Version);
        return ExitCodes.Success;
    }
}
