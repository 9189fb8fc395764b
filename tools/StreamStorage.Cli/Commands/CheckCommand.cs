using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StorageRegistrar.Registration;
using StorageRegistrar.Verification;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// <c>check NAME</c>: Stream's check with backoff until the storage type's deadline, then the owner's half:
/// find the check file under bucket/path with the owner's credentials and delete it (a bucket's retention lock
/// keeps it instead, which is reported as expected).
/// </summary>
internal sealed class CheckCommand : BaseCommand
{
    private readonly Argument<string> _name = StorageNameArgument();
    private readonly Option<int?> _timeout = new("--timeout") { Description = "Give up after this many seconds (default: 2, 10 or 30 minutes for s3, gcs, abs: how long grants can take to apply)." };
    private readonly Option<bool> _json = JsonOption();
    private readonly StorageOptions _storage = new();

    public CheckCommand(CliServices services, IInteractionService interaction)
        : base("check", "Run Stream's check on a storage, then find and delete the check file with your own credentials.", services, interaction)
    {
        Arguments.Add(_name);
        Options.Add(_timeout);
        _storage.AddTo(this);
        Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetValue(_name)!;
        var json = parseResult.GetValue(_json);
        var checkOptions = new CheckOptions { Deadline = PositiveSeconds(parseResult, _timeout) };

        using var client = Services.CreateStreamClient();
        var (storage, declaration, _) = await FindStorageAsync(client, name, _storage, parseResult, cancellationToken).ConfigureAwait(false);

        CheckResult result;
        try
        {
            result = await ShowStatusUnlessJsonAsync(json, $"Stream is writing a check file into '{name}'…",
                report => RunCheckAsync(client, name, storage.Type, checkOptions, report, cancellationToken)).ConfigureAwait(false);
        }
        catch (StorageCheckFailedException e)
        {
            var attempts = CheckAttemptReport.From(e.Attempts);
            if (json)
            {
                Interaction.WriteJson(new CheckReport(name, false, null, attempts, null, false, null, e.Message), CliJsonContext.Default.CheckReport);
            }
            else
            {
                Interaction.Display(AttemptsTable(attempts));
                Interaction.DisplayError($"Stream's check of '{name}' failed after {attempts.Count} attempt(s). Run 'stream-storage doctor {name}' to find the cause.");
            }

            return ExitCodes.CheckFailed;
        }

        CheckFileVerification verification;
        try
        {
            var verifier = new CheckFileVerifier(_storage.VerifierOptions(Services, parseResult));
            verification = await verifier.VerifyAsync(declaration, result.FileUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckFileVerificationException e)
        {
            if (json)
            {
                Interaction.WriteJson(new CheckReport(name, false, CheckFileUrl.Shown(result.FileUrl), CheckAttemptReport.From(result.Attempts), null, false, null, e.Message), CliJsonContext.Default.CheckReport);
            }
            else
            {
                Interaction.DisplayError($"Stream's check of '{name}' succeeded, but the check file could not be confirmed with your credentials: {e.Message}");
            }

            return ExitCodes.VerificationFailed;
        }

        var report = new CheckReport(
            name, true, CheckFileUrl.Shown(result.FileUrl), CheckAttemptReport.From(result.Attempts), verification.ObjectKey, verification.Deleted, verification.KeptUntil, null);
        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.CheckReport);
        }
        else
        {
            var outcome = verification switch
            {
                { KeptUntil: not null } => $"; check file {verification.Outcome}, which keeps every object of the bucket (expected)",
                { Deleted: true } => " and deleted it",
                _ => "",
            };
            Interaction.DisplaySuccess($"Stream wrote into '{name}' on attempt {result.Attempts.Count}; found {storage.Bucket}/{verification.ObjectKey} with your credentials{outcome}.");
        }

        return ExitCodes.Success;
    }

    private Task<CheckResult> RunCheckAsync(
        StorageRegistrar.Stream.StreamClient client, string name, string storageType, CheckOptions options, Action<string> report, CancellationToken cancellationToken)
    {
        var registrarOptions = Services.CreateRegistrarOptions();
        registrarOptions.LoggerFactory = new ProgressLoggerFactory(report);
        return new ExternalStorageRegistrar(client, registrarOptions).CheckAsync(name, storageType, options, cancellationToken);
    }

    private static Table AttemptsTable(IReadOnlyList<CheckAttemptReport> attempts)
    {
        var table = new Table().AddColumns("Attempt", "Started (UTC)", "Stream's answer");
        foreach (var attempt in attempts)
        {
            table.AddRow(
                Printable.Cell(attempt.Number.ToString(CultureInfo.InvariantCulture)),
                Printable.Cell(attempt.StartedAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
                Printable.Cell(attempt.Error ?? "ok"));
        }

        return table;
    }
}
