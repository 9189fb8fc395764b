using System.CommandLine;
using StackPlanning;
using StreamStorage.Cli.Interaction;

namespace StreamStorage.Cli.Commands;

/// <summary>A command on a stack's configuration file, which it reads and plans as the program does, written as tables or with <c>--json</c>.</summary>
internal abstract class StackFileCommand : BaseCommand
{
    private readonly Argument<string> _stackFile = StackFileArgument();
    private readonly Option<bool> _json = JsonOption();

    protected StackFileCommand(string name, string description, CliServices services, IInteractionService interaction)
        : base(name, description, services, interaction)
    {
        Arguments.Add(_stackFile);
        Options.Add(_json);
    }

    protected bool JsonWanted(ParseResult parseResult) => parseResult.GetValue(_json);

    /// <summary>
    /// The stack file and its plan, as pulumi preview plans it with Stream's credentials from the stack or the environment:
    /// a stack it would refuse, Stream's credentials missing included, is refused with the same words (<see cref="StackConfigException"/>).
    /// </summary>
    protected (StackFile File, StackPlan Plan) ReadAndPlan(ParseResult parseResult)
    {
        var file = StackFile.Read(parseResult.GetValue(_stackFile)!);
        return (file, StackPlanner.Plan(file.ToInput().WithStreamCredentialsFrom(Environment.GetEnvironmentVariable)));
    }
}
