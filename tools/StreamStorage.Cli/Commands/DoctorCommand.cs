using System.CommandLine;
using Spectre.Console;
using StackPlanning;
using StorageRegistrar;
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
/// credentials and says what stops Stream (or the owner) and how to fix it. <c>doctor --all</c> does the
/// same for every storage of the app, in one report, for scheduled drift checks.
/// </summary>
internal sealed class DoctorCommand : BaseCommand
{
    private readonly Argument<string> _name = OptionalStorageName();
    private readonly Option<bool> _all = new("--all") { Description = "Examine every external storage of the app; exits 7 when any of them has a finding to act on (a problem or a warning)." };
    private readonly Option<bool> _keys = new("--keys") { Description = "S3: Stream holds an IAM user's keys (keys mode) rather than relying on the bucket policy." };
    private readonly Option<bool> _json = JsonOption();
    private readonly StorageOptions _storage = new();
    private readonly CredentialOptions _credentials = new();
    private readonly DeclarationOptions _declared = new();

    public DoctorCommand(CliServices services, IInteractionService interaction)
        : base("doctor", "Find why a storage (or, with --all, any storage of the app) fails Stream's check, with your own credentials, and say the fix.", services, interaction)
    {
        Arguments.Add(_name);
        Options.Add(_all);
        _storage.AddTo(this);
        Options.Add(_keys);
        _credentials.AddTo(this);
        _declared.AddTo(this);
        Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetValue(_name);
        var all = parseResult.GetValue(_all);
        _credentials.Validate(parseResult);
        _declared.Validate(parseResult);
        if (all && name is not null)
        {
            throw new CommandStoppedException(ExitCodes.InvalidInput, $"Pass either a storage name or --all, not both ('{name}' and --all).");
        }

        if (!all && name is null)
        {
            throw new CommandStoppedException(ExitCodes.InvalidInput, "Name the storage to examine, or pass --all to examine every storage of the app.");
        }

        return all
            ? await ExamineAllAsync(parseResult, cancellationToken).ConfigureAwait(false)
            : await ExamineOneAsync(parseResult, name!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The values given for <paramref name="storage"/>, read as the examination will read them, before any check: a value
    /// whose '=' only the storage's name places is refused here (exit 2), never half way through.
    /// </summary>
    private void ValidateFor(ParseResult parseResult, string storage)
    {
        _credentials.ValidateFor(parseResult, storage);
        _declared.ValidateFor(parseResult, storage);
    }

    /// <summary>Each storage the per-storage options name and Stream does not list, once, with the first option naming it.</summary>
    private IEnumerable<(string Option, string Storage)> Unlisted(ParseResult parseResult, IReadOnlyCollection<string> listed) =>
        new PerStorageOptions[] { _storage, _credentials, _declared }
            .SelectMany(options => options.Unlisted(parseResult, listed))
            .DistinctBy(u => u.Storage, StringComparer.Ordinal)
            .Select(u => (u.Option, TerminalText.Shorten(u.Storage)));

    private static Argument<string> OptionalStorageName()
    {
        var name = StorageNameArgument();
        name.Arity = ArgumentArity.ZeroOrOne;
        return name;
    }

    private async Task<int> ExamineOneAsync(ParseResult parseResult, string name, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(_json);
        using var client = Services.CreateStreamClient();
        var (storage, declaration, listed) = await FindStorageAsync(client, name, _storage, parseResult, cancellationToken).ConfigureAwait(false);
        ValidateFor(parseResult, storage.Name);

        var report = await ShowStatusUnlessJsonAsync(json, $"Examining '{name}'…",
            update => ExamineAsync(client, parseResult, storage, declaration, listed, update, cancellationToken)).ConfigureAwait(false);
        report = report with
        {
            Findings =
            [
                .. report.Findings,
                .. Unlisted(parseResult, [.. listed.Select(s => s.Name)]).Select(u => new Finding(FindingCodes.ArgumentsStorageUnlisted, FindingSeverity.Warning,
                    $"{u.Option} names the storage '{u.Storage}', which Stream does not list: what it declares was examined for no storage.",
                    "Pass the stack's doctorArguments, or correct the name to one 'stream-storage status' lists.")),
            ],
        };

        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.DoctorReport);
        }
        else
        {
            Render(report);
        }

        // As for --all: a warning (a read refused, a protection not examined) is not "nothing to fix".
        return report.NeedsAttention ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <summary>
    /// Every storage Stream lists, one after another (each runs Stream's check, which writes into its bucket). A storage
    /// that cannot be examined, for want of a setting (its region, account, the owner's credentials or the service
    /// principal's variables) or for any failure of its own, is reported as such and counts as a finding: a drift check
    /// must not pass because it looked at less.
    /// </summary>
    private async Task<int> ExamineAllAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(_json);
        using var client = Services.CreateStreamClient();
        var storages = await client.ListExternalStoragesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in storages.ExternalStorages.Keys)
        {
            ValidateFor(parseResult, name);
        }

        var examined = new List<DoctorReport>();
        IReadOnlyCollection<ExternalStorageResponse> listed = [.. storages.ExternalStorages.Values];
        // A storage the arguments declare and Stream lacks is drift (deleted at Stream) or a mistyped name: either way unexamined.
        var notExamined = Unlisted(parseResult, [.. storages.ExternalStorages.Keys])
            .Select(u => new StorageNotExamined(u.Storage, null, $"{u.Option} names it, but Stream does not list it: it was deleted at Stream, or its name is mistyped."))
            .ToList();
        foreach (var storage in listed.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            try
            {
                var declaration = await DeclareForOwnerAsync(storage, _storage, parseResult, cancellationToken).ConfigureAwait(false);
                examined.Add(await ShowStatusUnlessJsonAsync(json, $"Examining '{storage.Name}'…",
                    update => ExamineAsync(client, parseResult, storage, declaration, listed, update, cancellationToken)).ConfigureAwait(false));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Whatever stops one storage's examination is that storage's finding; the others' still stand.
                notExamined.Add(new StorageNotExamined(storage.Name, storage.Type, Describe(e)));
            }
        }

        var report = new DoctorAllReport(examined, notExamined);
        if (json)
        {
            Interaction.WriteJson(report, CliJsonContext.Default.DoctorAllReport);
        }
        else
        {
            RenderAll(report);
        }

        return report.NeedsAttention ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <param name="listed">Every storage Stream lists: others may share the bucket, each under its own path.</param>
    private async Task<DoctorReport> ExamineAsync(
        StreamClient client, ParseResult parseResult, ExternalStorageResponse storage, StorageDeclaration declaration, IReadOnlyCollection<ExternalStorageResponse> listed,
        Action<string> update, CancellationToken cancellationToken)
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
            await new CheckFileVerifier(_storage.VerifierOptions(Services, parseResult)).VerifyAsync(declaration, result.FileUrl, cancellationToken).ConfigureAwait(false);
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
        try
        {
            // The cloud is read where Stream writes, under the path taken as a folder as the check file's verifier takes it.
            var located = storage with { Path = CheckFileVerifier.FolderOf(storage.Path) };
            findings.AddRange(await ProbeAsync(parseResult, located, declaration, checkError, listed, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (NoAnswer.Is(e, cancellationToken))
        {
            // A problem, not a warning: a drift check must not pass because it could look at nothing.
            findings.Add(new Finding(FindingCodes.StorageUnreachable, FindingSeverity.Problem,
                $"The {storage.Type} side of '{storage.Bucket}' did not answer your reads ({e.Message}), so none of it was examined.",
                "Make sure this machine reaches the cloud's endpoints (DNS, proxy, firewall), then run the doctor again."));
        }
        findings.AddRange(StoragePathAnalyzer.Analyze(storage.Bucket, CheckFileVerifier.FolderOf(storage.Path), _declared.BucketCreatedFor(parseResult, storage.Name)));
        return new DoctorReport(storage.Name, storage.Type, storage.Bucket, storage.Path, checkError is null, checkError, findings);
    }

    private async Task<IReadOnlyList<Finding>> ProbeAsync(
        ParseResult parseResult, ExternalStorageResponse storage, StorageDeclaration declaration, string? checkError, IReadOnlyCollection<ExternalStorageResponse> listed,
        CancellationToken cancellationToken)
    {
        switch (storage.Type)
        {
            case StorageTypes.S3 when declaration.AwsS3?.CustomEndpointUrl is { } endpoint:
                return [S3BucketAnalyzer.CompatibleStore(storage.Bucket, endpoint)];

            case StorageTypes.S3:
            {
                var region = declaration.AwsS3?.Region;
                var profile = _storage.AwsProfileFor(parseResult, storage.Name);
                using var s3 = Services.CreateS3Client(region, profile);
                using var kms = Services.CreateKmsClient?.Invoke(region, profile);
                var iamUser = _credentials.IamUserFor(parseResult, storage.Name);
                var mode = parseResult.GetValue(_keys) || iamUser is not null ? S3AccessMode.AccessKeys : S3AccessMode.BucketPolicy;
                var probe = new S3BucketProbe(s3, kms);
                var expectedKey = _declared.KeyFor(parseResult, storage.Name);
                // The region from AWS_REGION only points the client: it says nothing of what the storage is registered with.
                var declaredRegion = _storage.RegionGivenFor(parseResult, storage.Name);
                var facts = await probe.GatherAsync(storage.Bucket, storage.Path, mode, declaredRegion, cancellationToken).ConfigureAwait(false) with
                {
                    KeyDeclared = expectedKey is not null,
                    Storage = storage.Name,
                    OtherStreamPaths =
                    [
                        .. listed.Where(s => s.Type == StorageTypes.S3 && s.Name != storage.Name && s.Bucket == storage.Bucket).Select(s => CheckFileVerifier.FolderOf(s.Path)),
                    ],
                };
                IReadOnlyList<Finding> findings = [.. S3BucketAnalyzer.Analyze(facts), .. S3BucketAnalyzer.PolicyTrust(facts, _declared.TrustAcceptedFor(parseResult, storage.Name))];
                if (facts.LookupErrorCode is null)
                {
                    var lockAndPlace = await probe.GatherLockAndLocationAsync(
                        facts, _declared.LockFor(parseResult, storage.Name), _declared.AllowedLocationsFor(parseResult, storage.Name), cancellationToken).ConfigureAwait(false);
                    var keyTiersAndLogs = await probe.ReadKeyTiersAndLogsAsync(
                        storage.Bucket, storage.Path, expectedKey, _declared.TiersFor(parseResult, storage.Name),
                        _declared.AccessLogsFor(parseResult, storage.Name), cancellationToken).ConfigureAwait(false);
                    findings = [.. findings, .. LockAndResidencyAnalyzer.Analyze(lockAndPlace), .. KeyTiersAndLogsAnalyzer.Analyze(keyTiersAndLogs)];
                }

                // Judged once everything the bucket says is known: only a refusal none of it explains points outside.
                findings = [.. findings, .. S3BucketAnalyzer.RefusedOutsideThePolicy(facts, checkError, findings)];
                if (iamUser is not null && Services.CreateIamUserPolicyProbe is { } createPolicyProbe)
                {
                    // Keys mode's grant is the user's own: what its policies allow, not the bucket's, is what its key can do.
                    var policies = await createPolicyProbe(profile).GatherAsync(iamUser, storage.Bucket, storage.Path, region, cancellationToken).ConfigureAwait(false);
                    findings = [.. findings, .. IamUserPolicyAnalyzer.Analyze(policies)];
                }

                if (iamUser is null && mode == S3AccessMode.AccessKeys)
                {
                    findings = [.. findings, GrantUnexamined(
                        "Stream holds an IAM user's access key (--keys), and the user was not given, so what its policies let the key do, and the key's age, were not examined.",
                        $"{DoctorArguments.IamUser} {storage.Name}=USER")];
                }

                if (iamUser is null || Services.CreateCredentialAgeProbe is not { } createAgeProbe)
                {
                    return findings;
                }

                var keys = await createAgeProbe().GatherS3Async(iamUser, region, _credentials.MaxAgeDaysFor(parseResult, storage.Name), profile, cancellationToken).ConfigureAwait(false);
                return [.. findings, .. CredentialAgeAnalyzer.Analyze(keys)];
            }

            case StorageTypes.Gcs:
            {
                using var gcs = Services.CreateGcsClient();
                var serviceAccount = _credentials.ServiceAccountFor(parseResult, storage.Name);
                var facts = await new GcsBucketProbe(gcs).GatherAsync(storage.Bucket, storage.Path, serviceAccount, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<Finding> findings = GcsBucketAnalyzer.Analyze(facts);
                if (facts.LookupStatus is null || facts.ObjectsListed)
                {
                    var lockAndPlace = GcsBucketProbe.LockAndLocation(facts, _declared.LockFor(parseResult, storage.Name), _declared.AllowedLocationsFor(parseResult, storage.Name));
                    var keyTiersAndLogs = await GcsBucketProbe.ReadKeyTiersAndLogsAsync(
                        facts, _declared.KeyFor(parseResult, storage.Name), _declared.TiersFor(parseResult, storage.Name),
                        _declared.AccessLogsFor(parseResult, storage.Name), Services.CreateGcpAuditLogsProbe, Services.CreateCloudKmsKeyProbe,
                        cancellationToken).ConfigureAwait(false);
                    var softDelete = GcsBucketProbe.SoftDelete(facts, _declared.SoftDeleteDaysFor(parseResult, storage.Name));
                    findings =
                    [
                        .. findings, .. LockAndResidencyAnalyzer.Analyze(lockAndPlace), .. KeyTiersAndLogsAnalyzer.Analyze(keyTiersAndLogs),
                        .. SoftDeleteAnalyzer.Analyze(softDelete),
                    ];
                }

                if (serviceAccount is null)
                {
                    return [.. findings, GrantUnexamined(
                        "The service account whose key Stream holds was not given, so which of the bucket's grants is Stream's, whether it keeps to the path, and the key's age, were not examined.",
                        $"{DoctorArguments.ServiceAccount} {storage.Name}=EMAIL")];
                }

                if (Services.CreateCredentialAgeProbe is not { } createAgeProbe)
                {
                    return findings;
                }

                var keys = await createAgeProbe().GatherGcsAsync(serviceAccount, _credentials.MaxAgeDaysFor(parseResult, storage.Name), cancellationToken).ConfigureAwait(false);
                return [.. findings, .. CredentialAgeAnalyzer.Analyze(keys)];
            }

            case StorageTypes.Abs:
            {
                // Each storage has a principal of its own and the doctor is given one. When Stream's check has just
                // written with the principal it holds, writing again as the given one would prove nothing about
                // this storage, and fail for any other storage's principal.
                IReadOnlyList<Finding> findings = [];
                var givenClientId = _credentials.ClientIdFor(parseResult, storage.Name);
                if (checkError is not null && givenClientId is not null && Services.ServicePrincipalClientId is { } signedIn
                    && !string.Equals(givenClientId, signedIn, StringComparison.OrdinalIgnoreCase))
                {
                    // Writing as another storage's principal would say nothing of this one's.
                    findings = [new Finding(FindingCodes.AzureProbeSkipped, FindingSeverity.Warning,
                        $"The write as Stream's principal was not tried: STREAM_AZURE_CLIENT_ID signs in as {signedIn}, and this storage's principal is {givenClientId}, so why Stream's write fails was not examined.",
                        "Run the doctor for this storage with STREAM_AZURE_CLIENT_ID and STREAM_AZURE_CLIENT_SECRET set to its own principal's.")];
                }
                else if (checkError is not null)
                {
                    findings = await ProbeAzureWriteAsync(declaration.AzureBlob!.AccountName!, storage, cancellationToken).ConfigureAwait(false);
                }

                var clientId = givenClientId ?? Services.ServicePrincipalClientId;
                findings = [.. findings, .. await ProbeAzureResourcesAsync(parseResult, storage, declaration, clientId, cancellationToken).ConfigureAwait(false)];
                if (clientId is null)
                {
                    // Given the container's id, its role assignments were asked for: not judging them is a warning, as a refused read is.
                    var containerGiven = _declared.ContainerIdFor(parseResult, storage.Name) is not null;
                    return [.. findings, GrantUnexamined(
                        $"The client id of the application whose secret Stream holds was not given, so {(containerGiven ? "which of the container's role assignments are Stream's, whether they keep to the path, and the secret's end date were" : "the secret's end date was")} not examined.",
                        $"{DoctorArguments.ClientId} {storage.Name}=ID (or STREAM_AZURE_CLIENT_ID)",
                        containerGiven ? FindingSeverity.Warning : FindingSeverity.Note)];
                }

                if (Services.CreateCredentialAgeProbe is not { } createAgeProbe)
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

    /// <summary>
    /// Why Stream's write fails, written again as Stream's principal. Without the principal's sign-in (the STREAM_AZURE_*
    /// variables) that write is not tried, and said so: what the owner reads of the storage still stands.
    /// </summary>
    private async Task<IReadOnlyList<Finding>> ProbeAzureWriteAsync(string account, ExternalStorageResponse storage, CancellationToken cancellationToken)
    {
        AzureContainerClients clients;
        try
        {
            clients = Services.CreateAzureClients(account, storage.Bucket);
        }
        catch (ArgumentException e)
        {
            return [new Finding(FindingCodes.AzureProbeSkipped, FindingSeverity.Warning,
                $"The write as Stream's principal was not tried, so why Stream's write fails was not examined: {e.Message}",
                "Run the doctor for this storage with STREAM_AZURE_TENANT_ID, STREAM_AZURE_CLIENT_ID and STREAM_AZURE_CLIENT_SECRET set to its principal's.")];
        }

        var facts = await new AzureContainerProbe(clients.ServicePrincipal, clients.Owner).GatherAsync(storage.Path, cancellationToken).ConfigureAwait(false);
        return AzureContainerAnalyzer.Analyze(facts);
    }

    /// <summary>
    /// The Azure side only Resource Manager knows: whether Stream's role assignments keep to the path, the container's
    /// lock, the account's location and key, its management policy's tiers and the blob service's diagnostic settings and
    /// soft delete.
    /// Without the container's ARM id nothing is read there: Stream's roles, and whatever the stack declares of the rest, are
    /// reported as not examined.
    /// </summary>
    private async Task<IReadOnlyList<Finding>> ProbeAzureResourcesAsync(
        ParseResult parseResult, ExternalStorageResponse storage, StorageDeclaration declaration, string? clientId, CancellationToken cancellationToken)
    {
        var expectedLock = _declared.LockFor(parseResult, storage.Name);
        var allowed = _declared.AllowedLocationsFor(parseResult, storage.Name);
        var expectedKey = _declared.KeyFor(parseResult, storage.Name);
        var expectedTiers = _declared.TiersFor(parseResult, storage.Name);
        var expectedLogs = _declared.AccessLogsFor(parseResult, storage.Name);
        var expectedSoftDelete = _declared.SoftDeleteDaysFor(parseResult, storage.Name);
        var bucket = $"{declaration.AzureBlob!.AccountName}/{storage.Bucket}";
        if (_declared.ContainerIdFor(parseResult, storage.Name) is not { } containerId || Services.CreateAzureResourceProbe is not { } createProbe)
        {
            return
            [
                GrantUnexamined(
                    "The container's Azure Resource Manager id was not given, so the roles Stream's service principal holds on it, and whether they keep to the path, were not examined.",
                    $"{DoctorArguments.ContainerId} {storage.Name}=ID"),
                .. NotExamined($"the container's ARM id was not given ({DoctorArguments.ContainerId})"),
            ];
        }

        var named = AzureResourceProbe.NamesOf(containerId);
        if (!string.Equals(named.Account, declaration.AzureBlob.AccountName, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(named.Container, storage.Bucket, StringComparison.OrdinalIgnoreCase))
        {
            // A container id given for every storage, or mistyped: its lock, key and role assignments are another container's.
            var other = $"{named.Account}/{named.Container}";
            return
            [
                new Finding(FindingCodes.AzureContainerOther, FindingSeverity.Warning,
                    $"The container's ARM id given ({DoctorArguments.ContainerId}) names {other}, not {bucket}, which Stream writes into, so its role assignments, lock, key, tiers, logs and soft delete were not read.",
                    $"Pass {DoctorArguments.ContainerId} {storage.Name}=ID with the id of {bucket} (the stack's doctorArguments carry it)."),
                .. NotExamined($"the container's ARM id given names {other}"),
            ];
        }

        var probe = createProbe();
        var lockAndPlace = await probe.GatherLockAndLocationAsync(containerId, expectedLock, allowed, cancellationToken).ConfigureAwait(false);
        var keyTiersAndLogs = await probe.GatherKeyTiersAndLogsAsync(containerId, storage.Path, expectedKey, expectedTiers, expectedLogs, cancellationToken).ConfigureAwait(false);
        var softDelete = await probe.GatherSoftDeleteAsync(containerId, expectedSoftDelete, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Finding> findings =
        [
            .. LockAndResidencyAnalyzer.Analyze(lockAndPlace), .. KeyTiersAndLogsAnalyzer.Analyze(keyTiersAndLogs), .. SoftDeleteAnalyzer.Analyze(softDelete),
        ];
        if (clientId is null)
        {
            // Said with the secret's end date, which is not read either (ProbeAsync).
            return findings;
        }

        var grant = await probe.GatherGrantAsync(containerId, clientId, storage.Path, cancellationToken).ConfigureAwait(false);
        return [.. findings, .. AzureGrantAnalyzer.Analyze(grant with { StacksRole = _declared.AzureRoleFor(parseResult, storage.Name) })];

        IReadOnlyList<Finding> NotExamined(string why) =>
        [
            .. LockAndResidencyAnalyzer.Analyze(LockAndResidencyFacts.Declared(StorageTypes.Abs, bucket, expectedLock, allowed).NotExamined(why)),
            .. KeyTiersAndLogsAnalyzer.Analyze(
                KeyTiersAndLogsFacts.Declared(StorageTypes.Abs, bucket, storage.Path, expectedKey, expectedTiers, expectedLogs).NotExamined(why)),
            .. SoftDeleteAnalyzer.Analyze(SoftDeleteFacts.Declared(StorageTypes.Abs, bucket, expectedSoftDelete).NotExamined(why)),
        ];
    }

    /// <summary>
    /// What the doctor was not told and so could not judge of Stream's grant: a note, since a run by hand may leave it out
    /// on purpose, unless what it was told asked for that judgment; the stack's doctorArguments carry what to pass.
    /// </summary>
    /// <param name="pass">The argument with its value's placeholder, <c>--iam-user acme=USER</c>.</param>
    private static Finding GrantUnexamined(string cause, string pass, FindingSeverity severity = FindingSeverity.Note) =>
        new(FindingCodes.GrantUnexamined, severity, cause, $"Pass {pass} (the stack's doctorArguments carry it).");

    private void RenderAll(DoctorAllReport report)
    {
        if (report.Storages.Count + report.NotExamined.Count == 0)
        {
            Interaction.DisplayLine("No external storages: nothing to examine.");
            return;
        }

        foreach (var storage in report.Storages)
        {
            Render(storage);
            Interaction.DisplayLine("");
        }

        foreach (var storage in report.NotExamined)
        {
            Interaction.DisplayError($"{storage.Storage}: not examined: {storage.Reason}");
        }

        var attention = report.Storages.Count(s => s.NeedsAttention) + report.NotExamined.Count;
        var summary = $"{report.Storages.Count + report.NotExamined.Count} storage(s); {attention} need attention.";
        if (attention == 0)
        {
            Interaction.DisplaySuccess(summary);
        }
        else
        {
            Interaction.DisplayError(summary);
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

        if (report.Findings.All(f => f.Severity == FindingSeverity.Note))
        {
            // Notes say what was not looked at or is only context: there is still nothing to fix.
            var examined = report.Findings.Any(f => f.Code == FindingCodes.GrantUnexamined)
                ? "Nothing the doctor examined on your side (the notes below say what it did not)"
                : "Nothing on your side";
            Interaction.DisplayLine(report.CheckSucceeded
                ? "Nothing to fix."
                : $"{examined} explains the failure: check the credentials registered with Stream (pulumi up re-sends them), and retry: new grants can take minutes to apply.");
            if (report.Findings.Count == 0)
            {
                return;
            }
        }

        var table = new Table().AddColumns("", "Finding", "Cause", "Fix");
        foreach (var finding in report.Findings)
        {
            table.AddRow(
                new Markup(finding.Severity switch
                {
                    FindingSeverity.Problem => "[red]problem[/]",
                    FindingSeverity.Warning => "[yellow]warning[/]",
                    _ => "[grey]note[/]",
                }),
                Printable.Cell(finding.Code),
                Printable.Cell(finding.Cause),
                Printable.Cell(finding.Fix));
        }

        Interaction.Display(table);
    }
}
