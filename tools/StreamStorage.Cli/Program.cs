using System.Runtime.InteropServices;
using Spectre.Console;
using StreamStorage.Cli;

// The first Ctrl+C (or SIGTERM) asks the command to stop and clean up; a second one cuts the cleanup short.
// Both sources live as long as the process: a signal may still arrive while it exits.
var cancellation = new CancellationTokenSource();
var secondInterrupt = new CancellationTokenSource();
void Interrupt()
{
    if (cancellation.IsCancellationRequested)
    {
        secondInterrupt.Cancel();
    }
    else
    {
        cancellation.Cancel();
    }
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Interrupt();
};
using var termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Interrupt();
});

var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
var interactive = !Console.IsErrorRedirected && error.Profile.Capabilities.Interactive;
// Redirected output goes to logs and scripts: lines are not wrapped at a terminal width there.
const int UnwrappedWidth = 1000;
if (Console.IsOutputRedirected)
{
    output.Profile.Width = UnwrappedWidth;
}

if (Console.IsErrorRedirected)
{
    error.Profile.Width = UnwrappedWidth;
}

return await CliApplication.RunAsync(args, CliServices.FromEnvironment(secondInterrupt.Token), output, error, interactive, cancellation.Token);
