using System.CommandLine;
using Spectre.Console;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Verification;
using StreamStorage.Cli.Interaction;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// <c>doctor NAME</c>: runs Stream's check once, then reads the bucket's side with the owner's
/// credentials and says what stops Stream (or the owner) and how to fix it.
/// </summary>
internal sealed class DoctorCommand : BaseCommand
{
    private readonly Argument<string> _name = StorageNameArgument();
    private readonly Option<bool> _keys = new("--keys") { Description = "S3: Stream holds an IAM user's keys (keys mode) rather than relying on the bucket policy." };
    private readonly Option<string?> _serviceAccount = new("--service-account") { Description = "GCS: the email of the service account whose key Stream holds." };
    private readonly Option<int?> _maxAgeDays = new("--max-age-days")
    {
        Description = "GCS: the storage's credentialMaxAgeDays, to warn 14 days before the key Stream holds reaches that age.",
    };

    private readonly Option<bool> _json = JsonOption();
    private readonly StorageOptions _storage = new();

    public DoctorCommand(CliServices services, IInteractionService interaction)
        : base("doctor", "Find why a storage fails Stream's check, with your own credentials, and say the fix.", services, interaction)
    {
        Arguments.Add(_name);
        _storage.AddTo(this);
        Options.Add(_keys);
        Options.Add(_serviceAccount);
        Options.Add(_maxAgeDays);
        Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetValue(_name)!;
        var json = parseResult.GetValue(_json);
        using var client = Services.CreateStreamClient();
        var (storage, declaration) = await FindStorageAsync(client, name, _storage, parseResult, cancellationToken).ConfigureAwait(false);

        var report = json
            ? await ExamineAsync(client, parseResult, storage, declaration, _ => { }, cancellationToken).ConfigureAwait(false)
            : await Interaction.ShowStatusAsync($"Examining '{name}'…",
                update => ExamineAsync(client, parseResult, storage, declaration, update, cancellationToken)).ConfigureAwait(false);

        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.DoctorReport);
        }
        else
        {
            Render(report);
        }

        return report.HasProblems ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    private async Task<DoctorReport> ExamineAsync(
        StreamClient client, ParseResult parseResult, ExternalStorageResponse storage, StorageDeclaration declaration, Action<string> update, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        update("Running Stream's check once…");
        string? checkError = null;
        try
        {
            // One attempt: the doctor explains the failure rather than waiting for grants to apply.
            var result = await new ExternalStorageRegistrar(client, Services.CreateRegistrarOptions())
                .CheckAsync(storage.Name, storage.Type, new CheckOptions { Deadline = TimeSpan.Zero }, cancellationToken).ConfigureAwait(false);
            update("Finding the check file with your credentials…");
            await new CheckFileVerifier(Services.VerifierOptions).VerifyAsync(declaration, result.FileUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageCheckFailedException e)
        {
            checkError = e.Attempts.LastOrDefault()?.Error ?? e.Message;
        }
        catch (CheckFileVerificationException e)
        {
            findings.Add(new Finding(FindingCodes.CheckFileUnverified, FindingSeverity.Problem,
                $"Stream's check succeeded, but the check file could not be confirmed with your credentials: {e.Message}",
                "Make sure the storage's path is the one Stream writes to and that objects Stream writes belong to you (see the other findings)."));
        }

        update($"Reading the {storage.Type} side with your credentials…");
        findings.AddRange(await ProbeAsync(parseResult, storage, declaration, checkError, cancellationToken).ConfigureAwait(false));
        return new DoctorReport(storage.Name, storage.Type, storage.Bucket, storage.Path, checkError is null, checkError, findings);
    }

    private async Task<IReadOnlyList<Finding>> ProbeAsync(
        ParseResult parseResult, ExternalStorageResponse storage, StorageDeclaration declaration, string? checkError, CancellationToken cancellationToken)
    {
        switch (storage.Type)
        {
            case StorageTypes.S3:
            {
                var region = declaration.AwsS3?.Region;
                using var s3 = Services.CreateS3Client(region);
                var mode = parseResult.GetValue(_keys) ? S3AccessMode.AccessKeys : S3AccessMode.BucketPolicy;
                var facts = await new S3BucketProbe(s3).GatherAsync(storage.Bucket, storage.Path, mode, region, cancellationToken).ConfigureAwait(false);
                return S3BucketAnalyzer.Analyze(facts);
            }

            case StorageTypes.Gcs:
            {
                using var gcs = Services.CreateGcsClient();
                var serviceAccount = parseResult.GetValue(_serviceAccount);
                var facts = await new GcsBucketProbe(gcs).GatherAsync(storage.Bucket, storage.Path, serviceAccount, cancellationToken).ConfigureAwait(false);
                var findings = GcsBucketAnalyzer.Analyze(facts with { KeyCreationError = checkError });
                if (serviceAccount is null || Services.CreateCredentialAgeProbe is not { } createAgeProbe)
                {
                    return findings;
                }

                var keys = await createAgeProbe().GatherGcsAsync(serviceAccount, parseResult.GetValue(_maxAgeDays), cancellationToken).ConfigureAwait(false);
                return [.. findings, .. CredentialAgeAnalyzer.Analyze(keys)];
            }

            case StorageTypes.Abs:
            {
                var clients = Services.CreateAzureClients(declaration.AzureBlob!.AccountName!, storage.Bucket);
                var facts = await new AzureContainerProbe(clients.ServicePrincipal, clients.Owner).GatherAsync(storage.Path, cancellationToken).ConfigureAwait(false);
                var findings = AzureContainerAnalyzer.Analyze(facts);
                if (Services.ServicePrincipalClientId is not { } clientId || Services.CreateCredentialAgeProbe is not { } createAgeProbe)
                {
                    return findings;
                }

                var secrets = await createAgeProbe().GatherAzureAsync(clientId, cancellationToken).ConfigureAwait(false);
                return [.. findings, .. CredentialAgeAnalyzer.Analyze(secrets)];
            }

            default:
                return [];
        }
    }

    private void Render(DoctorReport report)
    {
        Interaction.DisplayLine($"{report.Storage}: {report.Type} {report.Bucket}/{report.Path}");
        if (report.CheckSucceeded)
        {
            Interaction.DisplaySuccess("Stream's check: passed.");
        }
        else
        {
            Interaction.DisplayError($"Stream's check: failed: {report.CheckError}");
        }

        if (report.Findings.Count == 0)
        {
            Interaction.DisplayLine(report.CheckSucceeded
                ? "Nothing to fix."
                : "Nothing on your side explains the failure: check the credentials registered with Stream (pulumi up re-sends them), and retry: new grants can take minutes to apply.");
            return;
        }

        var table = new Table().AddColumns("", "Finding", "Cause", "Fix");
        foreach (var finding in report.Findings)
        {
            table.AddRow(
                finding.Severity switch
                {
                    FindingSeverity.Problem => "[red]problem[/]",
                    FindingSeverity.Warning => "[yellow]warning[/]",
                    _ => "[grey]note[/]",
                },
                Markup.Escape(finding.Code),
                Markup.Escape(finding.Cause),
                Markup.Escape(finding.Fix));
        }

        Interaction.Display(table);
    }
}
