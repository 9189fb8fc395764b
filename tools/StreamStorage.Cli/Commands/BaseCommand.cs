using System.CommandLine;
using System.CommandLine.Parsing;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Validation;
using StorageRegistrar.Verification;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// One subcommand. Turns every failure into a one-line message and its exit code: no stack traces,
/// and messages come from types that never carry credentials.
/// </summary>
internal abstract class BaseCommand : Command
{
    private const string DefaultStackFile = "Pulumi.dev.yaml";

    protected BaseCommand(string name, string description, CliServices services, IInteractionService interaction)
        : base(name, description)
    {
        Services = services;
        Interaction = interaction;
        SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                if (UnsafeOptionValue(parseResult) is { } unsafeValue)
                {
                    throw new CommandStoppedException(ExitCodes.InvalidInput, unsafeValue);
                }

                return await ExecuteAsync(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                const string cancelled = "Cancelled.";
                Interaction.DisplayError(cancelled);
                return Stopped(parseResult, ExitCodes.Cancelled, cancelled, []);
            }
            catch (Exception e)
            {
                var problems = ProblemsOf(e);
                if (problems is not null)
                {
                    // The same words as the program's failed preview: every problem on its key path with the fix.
                    DisplayInvalid(e.Message, problems);
                }
                else
                {
                    Interaction.DisplayError(Describe(e));
                }

                return Stopped(parseResult, ExitCodeFor(e), problems is null ? Describe(e) : e.Message, problems ?? []);
            }
        });
    }

    protected CliServices Services { get; }

    protected IInteractionService Interaction { get; }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken);

    /// <summary>
    /// The storage as Stream lists it, and as the owner's clients see it with <paramref name="options"/>, with the names of
    /// every storage Stream lists. Stops the command when Stream has no such storage, or as <see cref="DeclareForOwnerAsync"/> does.
    /// </summary>
    protected async Task<(ExternalStorageResponse Storage, StorageDeclaration Declaration, IReadOnlyCollection<ExternalStorageResponse> Listed)> FindStorageAsync(
        StreamClient client, string name, StorageOptions options, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var storages = await client.ListExternalStoragesAsync(cancellationToken).ConfigureAwait(false);
        if (!storages.ExternalStorages.TryGetValue(name, out var storage))
        {
            throw new CommandStoppedException(ExitCodes.StorageNotFound, $"Stream has no external storage named '{name}'. Run 'stream-storage status' to list them.");
        }

        return (storage, await DeclareForOwnerAsync(storage, options, parseResult, cancellationToken).ConfigureAwait(false), [.. storages.ExternalStorages.Values]);
    }

    /// <summary>
    /// <paramref name="storage"/> as the owner's clients see it with <paramref name="options"/>. Stops when an option or
    /// the credentials the owner's clients need are missing (before any check: without them the check file Stream writes
    /// could be neither found nor deleted).
    /// </summary>
    protected async Task<StorageDeclaration> DeclareForOwnerAsync(
        ExternalStorageResponse storage, StorageOptions options, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var declaration = options.Declare(parseResult, storage, Services.DefaultS3Region);
        if (StorageOptions.ProblemFor(declaration) is { } missing)
        {
            throw new CommandStoppedException(ExitCodes.InvalidInput, missing);
        }

        await Services.RequireOwnerCredentials(storage.Type, options.AwsProfileFor(parseResult, storage.Name), cancellationToken).ConfigureAwait(false);
        return declaration;
    }

    /// <summary>
    /// Runs <paramref name="work"/>: for <c>--json</c> silently (no spinner, no progress lines), otherwise under a spinner
    /// showing <paramref name="status"/> and the progress the work reports.
    /// </summary>
    protected Task<T> ShowStatusUnlessJsonAsync<T>(bool json, string status, Func<Action<string>, Task<T>> work) =>
        json ? work(_ => { }) : Interaction.ShowStatusAsync(status, work);

    /// <summary>
    /// The time <paramref name="option"/> gives in seconds, or null when it is not given. Stops the command when it is not
    /// a positive number, before anything is asked of Stream or started.
    /// </summary>
    protected static TimeSpan? PositiveSeconds(ParseResult parseResult, Option<int?> option) => parseResult.GetValue(option) switch
    {
        null => null,
        <= 0 => throw new CommandStoppedException(ExitCodes.InvalidInput, $"{option.Name} must be a positive number of seconds."),
        { } seconds => TimeSpan.FromSeconds(seconds),
    };

    /// <summary>What <paramref name="exception"/> says to the operator, as a command that it ends shows it.</summary>
    protected static string Describe(Exception exception) => exception switch
    {
        // The parameter name is the library's, not the operator's: the message already names the setting.
        ArgumentException { ParamName: { } parameter } e => e.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal),
        StreamApiException e => $"Stream: {e.Message}",
        ArgumentException or OwnerCredentialsMissingException or CommandStoppedException or StackConfigException or DeclarationValidationException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    /// <summary>
    /// The exit code of a command that stopped; with <c>--json</c>, standard output gets its one document all the same:
    /// the failure (<see cref="FailureReport"/>).
    /// </summary>
    private int Stopped(ParseResult parseResult, int exitCode, string error, IReadOnlyList<ValidationProblem> problems)
    {
        if (parseResult.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == JsonOptionName) is { } json && parseResult.GetValue(json))
        {
            Interaction.WriteJson(FailureReport.Of(exitCode, error, problems), CliJsonContext.Default.FailureReport);
        }

        return exitCode;
    }

    /// <summary>
    /// The first option value that holds a control or invisible character, named by its option and never repeated: options
    /// name storages, keys, accounts and URLs that reach Stream's and the clouds' requests and the terminal, where such a
    /// character has no place. Null when every value is clean. A stack file's path is judged by the reader of the file.
    /// </summary>
    private static string? UnsafeOptionValue(ParseResult parseResult) =>
        parseResult.CommandResult.Children.OfType<OptionResult>()
            .SelectMany(option => option.Tokens.Select(token => (Option: option.Option.Name, Problem: UnsafeText.Check(token.Value))))
            .FirstOrDefault(value => value.Problem is not null) is { Problem: { } problem } found
            ? $"{found.Option} {problem}"
            : null;

    /// <summary>The exit code of a command that <paramref name="exception"/> ends.</summary>
    private static int ExitCodeFor(Exception exception) => exception switch
    {
        CommandStoppedException e => e.ExitCode,
        ArgumentException or StackConfigException or DeclarationValidationException => ExitCodes.InvalidInput,
        StreamApiException => ExitCodes.StreamError,
        OwnerCredentialsMissingException => ExitCodes.OwnerCredentialsMissing,
        _ => ExitCodes.UnexpectedError,
    };

    /// <summary>The problems of a validation failure, each on its key path; null for any other failure.</summary>
    private static IReadOnlyList<ValidationProblem>? ProblemsOf(Exception exception) => exception switch
    {
        StackConfigException e => e.Problems,
        DeclarationValidationException e => e.Problems,
        _ => null,
    };

    /// <summary>A plan's warnings, each on its key path with the fix, as every preview shows them.</summary>
    protected void RenderWarnings(IReadOnlyList<PlanWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            Interaction.DisplayWarning($"Warning: {warning}");
        }
    }

    /// <summary>
    /// A validation failure: its headline, then a line per problem (<see cref="ValidationProblem.DescribeAll"/> escaped
    /// each), shown as those lines. A message without problems is one line, like any other.
    /// </summary>
    protected void DisplayInvalid(string message, IReadOnlyList<ValidationProblem> problems)
    {
        string[] lines = problems.Count == 0 ? [message] : message.Split(Environment.NewLine);
        foreach (var line in lines)
        {
            Interaction.DisplayError(line);
        }
    }

    protected static Argument<string> StorageNameArgument() => new("name") { Description = "The external storage's name in Stream." };

    /// <summary>A stack's configuration file, <c>Pulumi.dev.yaml</c> when none is named.</summary>
    protected static Argument<string> StackFileArgument() => new("stack-file")
    {
        Description = $"The stack's configuration file (default: {DefaultStackFile}).",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => DefaultStackFile,
    };

    private const string JsonOptionName = "--json";

    protected static Option<bool> JsonOption() => new(JsonOptionName) { Description = "Write JSON for scripts instead of tables; no spinner; a failure as one document too." };
}

/// <summary>Ends a command with <see cref="ExitCode"/> and its message, which names what to do.</summary>
internal sealed class CommandStoppedException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
