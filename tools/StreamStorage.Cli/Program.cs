using Spectre.Console;
using StreamStorage.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
var interactive = !Console.IsErrorRedirected && error.Profile.Capabilities.Interactive;
return await CliApplication.RunAsync(args, CliServices.FromEnvironment(), output, error, interactive, cancellation.Token);
