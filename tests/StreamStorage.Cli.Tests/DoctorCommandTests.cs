using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using LocalWorld;
using StackPlanning;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Aws;

namespace StreamStorage.Cli.Tests;

/// <summary>Each finding here is provoked for real in the local stores; the rest are covered on recorded cloud answers.</summary>
public sealed class DoctorCommandTests(CliEnvironment environment)
{
    /// <summary>Lists credentials as an owner signed in to Google, Graph and AWS would; the answers come from <paramref name="http"/>.</summary>
    private static CredentialAgeProbe OwnerAgeProbe(HttpClient http) =>
        new(http, (_, _) => Task.FromResult("owner-token"), TimeProvider.System)
        {
            AwsCredentials = _ => new Amazon.Runtime.BasicAWSCredentials("AKIAOWNEREXAMPLE0001", "owner-secret"),
        };

    /// <summary>IAM's ListAccessKeys answer for a user with one active key.</summary>
    private static string IamAccessKeyList(string keyId, DateTimeOffset created) => $"""
        <ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccessKeysResult><AccessKeyMetadata>
          <member><AccessKeyId>{keyId}</AccessKeyId><Status>Active</Status><CreateDate>{created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}</CreateDate></member>
        </AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>
        """;

    private static (JsonElement Root, List<string> Codes) Parse(CliRun run)
    {
        var root = JsonDocument.Parse(run.Output).RootElement.Clone();
        return (root, [.. root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)]);
    }

    /// <summary>On Azure, the storage's own service principal finds the container missing.</summary>
    [Theory]
    [InlineData("acme-s3", "--region", S3Server.Region, FindingCodes.S3BucketMissing)]
    // Without the container's id, Stream's roles on the container are not read, and said so.
    [InlineData("acme-abs", "--account", AzuriteServer.DefaultAccountName, FindingCodes.AzureContainerMissing, FindingCodes.GrantUnexamined)]
    public async Task A_missing_bucket_or_container_is_found_and_named(string storage, string locationOption, string location, params string[] findings)
    {
        await environment.ResetAsync();
        await environment.RegisterNamedAsync(storage, UniqueNames.For("rec"));

        var run = await environment.RunAsync(["doctor", storage, locationOption, location, "--json"]);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var (root, codes) = Parse(run);
        Assert.False(root.GetProperty("checkSucceeded").GetBoolean());
        Assert.Equal(findings, codes);
    }

    [Fact]
    public async Task A_region_other_than_the_buckets_is_a_problem_even_when_the_check_passes()
    {
        await environment.ResetWithS3BucketAsync();

        var run = await environment.RunAsync(["doctor", "acme-s3", "--region", "eu-west-1"]);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("Stream's check: passed.", run.Output, StringComparison.Ordinal);
        var row = Assert.Single(run.Output.Split('\n'), line => line.Contains(FindingCodes.S3RegionMismatch, StringComparison.Ordinal));
        Assert.Contains("problem", row, StringComparison.Ordinal);
        Assert.Contains($"Set the storage's region to {S3Server.Region} in the stack", row, StringComparison.Ordinal);
    }

    /// <summary>AWS_REGION only points the owner's client: a bucket elsewhere is not the registration's fault unless --region says what it is.</summary>
    [Fact]
    public async Task A_region_from_the_environment_is_not_held_against_the_storage()
    {
        await environment.ResetWithS3BucketAsync();

        var run = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys"], awsRegion: "eu-west-1");

        var (root, codes) = Parse(run);
        Assert.DoesNotContain(FindingCodes.S3RegionMismatch, codes);
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.S3Region);
        Assert.Equal((FindingCodes.S3Region, "Note"), (finding.GetProperty("code").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Contains("pass --region to compare", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A mistyped storage name would leave what its value declares examined for no storage while the report says nothing
    /// to fix; a storage the stack's arguments name and Stream lacks was deleted at Stream: drift either way.
    /// </summary>
    [Fact]
    public async Task A_value_for_a_storage_stream_does_not_list_is_a_finding_and_for_doctor_all_a_storage_not_examined()
    {
        await environment.ResetWithS3BucketAsync();
        string[] arguments = ["--keys", "--immutability", "acme-s4=2555:compliance", "--max-age-days", "acme-s4=90", "--region", $"acme-s3={S3Server.Region}"];

        var one = await environment.RunAsync(["doctor", "acme-s3", "--json", .. arguments]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", .. arguments]);

        Assert.Equal(ExitCodes.ProblemsFound, one.ExitCode);
        var finding = Assert.Single(Parse(one).Root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.ArgumentsStorageUnlisted);
        Assert.Equal("Warning", finding.GetProperty("severity").GetString());
        // Named once, by the first option naming it.
        Assert.Equal(
            "--max-age-days names the storage 'acme-s4', which Stream does not list: what it declares was examined for no storage.",
            finding.GetProperty("cause").GetString());
        Assert.Equal(ExitCodes.ProblemsFound, all.ExitCode);
        var root = JsonDocument.Parse(all.Output).RootElement;
        var unlisted = Assert.Single(root.GetProperty("notExamined").EnumerateArray());
        Assert.Equal("acme-s4", unlisted.GetProperty("storage").GetString());
        Assert.Equal(JsonValueKind.Null, unlisted.GetProperty("type").ValueKind);
        Assert.Contains("Stream does not list it", unlisted.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("acme-s3", Assert.Single(root.GetProperty("storages").EnumerateArray()).GetProperty("storage").GetString());
    }

    [Fact]
    public async Task A_gcs_bucket_whose_metadata_the_emulator_does_not_serve_is_not_reported_missing()
    {
        await environment.ResetAsync();
        await environment.RegisterGcsAsync(UniqueNames.For("rec"));

        var run = await environment.RunAsync(["doctor", "acme-gcs", "--json"]);

        // What was not read is a warning, and the command exits as for any finding to act on.
        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Output + run.Error);
        var (root, codes) = Parse(run);
        Assert.True(root.GetProperty("checkSucceeded").GetBoolean());
        Assert.DoesNotContain(FindingCodes.GcsBucketMissing, codes);
        Assert.Contains(FindingCodes.GcsFactUnreadable, codes);
    }

    [Fact]
    public async Task A_declared_gcs_key_tiers_and_logs_on_a_bucket_the_emulator_does_not_serve_are_not_examined_never_passed()
    {
        await environment.ResetAsync();
        await environment.RegisterGcsAsync(UniqueNames.For("rec"));

        var run = await environment.RunAsync(
            ["doctor", "acme-gcs", "--json", "--encryption-key", "acme-gcs=create", "--tiers", "acme-gcs=60:COLDLINE", "--access-logs", "acme-gcs=auditLogs"]);

        // Not examined is not a pass: the command does not say nothing is to fix.
        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var findings = Parse(run).Root.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("code").GetString()!.Split('.')[0] is "encryption" or "tiers" or "access-logs")
            .Select(f => (f.GetProperty("code").GetString(), f.GetProperty("severity").GetString()));
        // The emulator answers the bucket's metadata with 404: unread, so not examined, the project's audit logs too (the bucket names its project).
        Assert.Equal(
            [(FindingCodes.EncryptionUnreadable, "Warning"), (FindingCodes.TiersUnreadable, "Warning"), (FindingCodes.AccessLogsUnreadable, "Warning")],
            findings);
    }

    /// <summary>A client secret the service principal no longer has: Stream's check of a storage registered with it fails.</summary>
    private const string StaleSecret = "a-secret-that-was-rotated-away";

    /// <summary>
    /// <c>doctor acme-abs --json</c> with <paramref name="arguments"/>, acme-abs registered and signed in with
    /// <see cref="StaleSecret"/>: the run, which failed Stream's check and found problems, with its document and finding codes.
    /// </summary>
    /// <param name="servicePrincipalGiven">False: no STREAM_AZURE_* variables, so the principal's write is not tried.</param>
    private async Task<(CliRun Run, JsonElement Root, List<string> Codes)> ExamineFailingAzureStorageAsync(string[] arguments, bool servicePrincipalGiven = true)
    {
        await environment.ResetWithAzureContainerAsync(StaleSecret);

        var run = await environment.RunAsync(
            ["doctor", "acme-abs", "--account", AzuriteServer.DefaultAccountName, "--json", .. arguments],
            azureClientSecret: StaleSecret, servicePrincipalGiven: servicePrincipalGiven);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var (root, codes) = Parse(run);
        Assert.False(root.GetProperty("checkSucceeded").GetBoolean());
        return (run, root, codes);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_named_as_such()
    {
        var (run, _, codes) = await ExamineFailingAzureStorageAsync([]);

        Assert.Equal([FindingCodes.AzureSecretInvalid, FindingCodes.GrantUnexamined], codes);
        Assert.DoesNotContain(StaleSecret, run.Output + run.Error, StringComparison.Ordinal);
    }

    /// <summary>Without the principal's variables its write is not tried, and said so; what else the doctor read still stands.</summary>
    [Fact]
    public async Task A_failing_azure_storage_without_the_principals_variables_is_reported_with_its_write_not_tried()
    {
        var (_, root, codes) = await ExamineFailingAzureStorageAsync(["--immutability", "acme-abs=30:governance"], servicePrincipalGiven: false);

        var skipped = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.AzureProbeSkipped);
        Assert.Contains("STREAM_AZURE_CLIENT_ID", skipped.GetProperty("cause").GetString(), StringComparison.Ordinal);
        // The declared lock is still reported (not examined without the container's id), not lost with the write.
        Assert.Contains(FindingCodes.LockUnreadable, codes);
    }

    /// <summary>The storage's own principal is named, and the doctor signs in as another: its write would say nothing of this storage.</summary>
    [Fact]
    public async Task A_failing_azure_storage_is_not_probed_as_another_storages_principal()
    {
        var (_, _, codes) = await ExamineFailingAzureStorageAsync(["--client-id", "acme-abs=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910"]);

        Assert.Contains(FindingCodes.AzureProbeSkipped, codes);
        Assert.DoesNotContain(FindingCodes.AzureSecretInvalid, codes);
    }

    [Fact]
    public async Task A_client_secret_that_expires_within_fourteen_days_is_a_warning_naming_credential_rotation()
    {
        await environment.ResetWithAzureContainerAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var graph = new RecordedAnswer($$"""
            { "passwordCredentials": [ { "keyId": "7b1e4c2a-9d3f-4e8b-a6c5-1f2e3d4c5b6a", "displayName": "Stream Video recordings",
                                         "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "{{expires}}", "secretText": null } ] }
            """);
        using var http = new HttpClient(graph);

        var run = await environment.RunAsync(
            ["doctor", "acme-abs", "--account", AzuriteServer.DefaultAccountName, "--json"],
            credentialAgeProbe: () => new CredentialAgeProbe(http, (_, _) => Task.FromResult("owner-token"), TimeProvider.System));

        // Stream's check passes; the warning is still something to act on.
        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        Assert.True(Parse(run).Root.GetProperty("checkSucceeded").GetBoolean());
        Assert.Equal([FindingCodes.GrantUnexamined, FindingCodes.CredentialExpiring], Parse(run).Codes);
        Assert.Contains("credentialRotation", run.Output, StringComparison.Ordinal);
        Assert.EndsWith($"applications(appId='{CliEnvironment.ClientId}')?$select=passwordCredentials", graph.RequestedUri!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A path of "/" is the root too: Stream writes where it would write with none.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task A_storage_at_the_root_of_its_bucket_is_a_warning_with_the_fix_that_a_drift_check_reports(string path)
    {
        var container = await environment.ResetWithAzureContainerAsync(path: path);

        var one = await environment.RunAsync(["doctor", "acme-abs", "--account", AzuriteServer.DefaultAccountName]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);

        // The check passes, but a warning is something to act on, for one storage as for a drift check.
        Assert.True(one.ExitCode == ExitCodes.ProblemsFound, one.Output + one.Error);
        Assert.Contains("Stream's check: passed.", one.Output, StringComparison.Ordinal);
        var row = Assert.Single(one.Output.Split('\n'), line => line.Contains(FindingCodes.StorageBucketRoot, StringComparison.Ordinal));
        Assert.Contains("warning", row, StringComparison.Ordinal);
        Assert.Contains($"root of bucket '{container}'", row, StringComparison.Ordinal);
        Assert.Contains("path of Stream's own", row, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ProblemsFound, all.ExitCode);
        var storage = Assert.Single(JsonDocument.Parse(all.Output).RootElement.GetProperty("storages").EnumerateArray());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        var finding = Assert.Single(storage.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != nameof(FindingSeverity.Note));
        Assert.Equal(FindingCodes.StorageBucketRoot, finding.GetProperty("code").GetString());
        Assert.Equal(nameof(FindingSeverity.Warning), finding.GetProperty("severity").GetString());

        // A bucket the stack created for the storage alone (doctorArguments say so) may hold recordings at its root.
        var created = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--bucket-created", "acme-abs=true"]);
        DoctorJson.AssertOnlyStorageHealthy(created, FindingCodes.GrantUnexamined);
    }

    /// <summary>Every Azure storage has its own principal; the doctor is given one, so a healthy storage must not need it.</summary>
    [Fact]
    public async Task A_healthy_azure_storage_needs_no_service_principal_and_its_secret_age_is_read_for_the_client_id_named()
    {
        await environment.ResetWithAzureContainerAsync();
        var graph = new RecordedAnswer("""
            { "passwordCredentials": [ { "keyId": "7b1e4c2a-9d3f-4e8b-a6c5-1f2e3d4c5b6a", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2099-01-01T00:00:00Z" } ] }
            """);
        using var http = new HttpClient(graph);
        const string storageClientId = "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910";

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--client-id", $"acme-abs={storageClientId}"],
            credentialAgeProbe: () => new CredentialAgeProbe(http, (_, _) => Task.FromResult("owner-token"), TimeProvider.System),
            servicePrincipalGiven: false);

        DoctorJson.AssertOnlyStorageHealthy(run, FindingCodes.GrantUnexamined);
        Assert.EndsWith($"applications(appId='{storageClientId}')?$select=passwordCredentials", graph.RequestedUri!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cloud_that_does_not_answer_is_a_problem_of_that_storage_and_the_rest_of_the_report_stands()
    {
        await environment.ResetWithAzureContainerAsync();
        await environment.RegisterS3Async(UniqueNames.For("rec"));
        // Nothing listens on port 1 of loopback: every read of the bucket is refused at connect, as with no route to S3.
        var unreachable = () => (IAmazonS3)new AmazonS3Client(
            new BasicAWSCredentials(S3Server.DefaultAccessKey, S3Server.DefaultSecretKey),
            new AmazonS3Config { ServiceURL = "http://127.0.0.1:1", ForcePathStyle = true, MaxErrorRetry = 0 });

        var run = await environment.RunAsync(["doctor", "--all", "--json", "--account", $"acme-abs={AzuriteServer.DefaultAccountName}"], ownerS3Client: unreachable);

        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Output + run.Error);
        var storages = JsonDocument.Parse(run.Output).RootElement.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("storage").GetString()!);
        Assert.Equal(["acme-abs", "acme-s3"], storages.Keys);
        Assert.False(storages["acme-abs"].GetProperty("needsAttention").GetBoolean());
        var finding = Assert.Single(storages["acme-s3"].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.StorageUnreachable);
        Assert.Equal(nameof(FindingSeverity.Problem), finding.GetProperty("severity").GetString());
        Assert.Contains("did not answer your reads", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_all_reports_every_storage_in_one_json_document_and_fails_on_the_broken_one()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        await environment.RegisterS3Async(UniqueNames.For("rec"));

        var run = await environment.RunAsync(["doctor", "--all", "--json", "--account", $"acme-abs={AzuriteServer.DefaultAccountName}"]);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(root.GetProperty("needsAttention").GetBoolean());
        Assert.Empty(root.GetProperty("notExamined").EnumerateArray());
        var storages = root.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("storage").GetString()!);
        Assert.Equal(["acme-abs", "acme-s3"], storages.Keys);
        Assert.True(storages["acme-abs"].GetProperty("checkSucceeded").GetBoolean());
        Assert.Equal([FindingCodes.GrantUnexamined], storages["acme-abs"].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        Assert.False(storages["acme-abs"].GetProperty("needsAttention").GetBoolean());
        Assert.False(storages["acme-s3"].GetProperty("checkSucceeded").GetBoolean());
        Assert.Equal([FindingCodes.S3BucketMissing], storages["acme-s3"].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    /// <summary>Stream accepts names the stack would not create; a storage made elsewhere is read under the name it has.</summary>
    [Fact]
    public async Task A_storage_whose_name_the_stack_could_not_create_is_checked_and_examined()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        await environment.RegisterAzureAsync(container, name: "Team.Recordings");

        var check = await environment.RunAsync(["check", "Team.Recordings", "--account", AzuriteServer.DefaultAccountName]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);

        Assert.True(check.ExitCode == ExitCodes.Success, check.Output + check.Error);
        Assert.True(all.ExitCode == ExitCodes.Success, all.Output + all.Error);
        var root = JsonDocument.Parse(all.Output).RootElement;
        Assert.Empty(root.GetProperty("notExamined").EnumerateArray());
        var storages = root.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("storage").GetString()!);
        Assert.Equal(["Team.Recordings", "acme-abs"], storages.Keys);
        Assert.All(storages.Values, s => Assert.True(s.GetProperty("checkSucceeded").GetBoolean()));
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_storage_that_cannot_be_examined_is_not_examined_and_the_rest_of_the_report_stands()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        const string unsafeName = "team\u001b[2Jrecordings";
        await environment.RegisterAzureAsync(container, name: unsafeName);

        var json = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);
        var text = await environment.RunAsync(["doctor", "--all", "--account", AzuriteServer.DefaultAccountName]);

        Assert.True(json.ExitCode == ExitCodes.ProblemsFound, json.Output + json.Error);
        var root = JsonDocument.Parse(json.Output).RootElement;
        var storage = Assert.Single(root.GetProperty("storages").EnumerateArray());
        Assert.Equal("acme-abs", storage.GetProperty("storage").GetString());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        var skipped = Assert.Single(root.GetProperty("notExamined").EnumerateArray());
        Assert.Equal(unsafeName, skipped.GetProperty("storage").GetString());
        // Said on one line, before the owner's credentials or Stream's check are asked for.
        Assert.StartsWith("The storage's name as Stream lists it contains U+001B at position 5", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\n", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ProblemsFound, text.ExitCode);
        Assert.Contains("Nothing to fix.", text.Output, StringComparison.Ordinal);
        Assert.Contains("2 storage(s); 1 need attention.", ConsoleText.Flat(text.Error), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", text.Output + text.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_all_passes_when_every_storage_is_healthy()
    {
        await environment.ResetWithAzureContainerAsync();

        var run = await environment.RunAsync(["doctor", "--all", "--account", AzuriteServer.DefaultAccountName]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Nothing to fix.", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 storage(s); 0 need attention.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_all_counts_a_storage_it_cannot_examine_as_a_finding()
    {
        await environment.ResetWithUncheckedStorageAsync("acme-abs");

        var run = await environment.RunAsync(["doctor", "--all", "--json"]);

        DoctorJson.AssertOnlyNotExamined(run, "acme-abs", "--account acme-abs=ACCOUNT");
        await environment.AssertNoCheckWasRequestedAsync();
    }

    [Fact]
    public async Task An_s3_access_key_near_its_max_age_is_a_warning_read_from_iam_for_the_storage_named()
    {
        await environment.ResetWithS3BucketAsync();
        var iam = new RecordedAnswer(IamAccessKeyList("AKIAWRITEREXAMPLE001", DateTimeOffset.UtcNow.AddDays(-80)));
        using var http = new HttpClient(iam);

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", "--iam-user", "acme-s3=dev-rec-writer-1a2b", "--max-age-days", "acme-s3=90", "--max-age-days", "15"],
            credentialAgeProbe: () => OwnerAgeProbe(http));

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var storage = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("storages").EnumerateArray());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        var finding = Assert.Single(storage.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.CredentialMaxAge);
        Assert.Equal("Warning", finding.GetProperty("severity").GetString());
        Assert.Contains("'AKIAWRITEREXAMPLE001'", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains("credentialRotation", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://iam.amazonaws.com/?Action=ListAccessKeys&UserName=dev-rec-writer-1a2b&Version=2010-05-08", iam.RequestedUri!.AbsoluteUri);
    }

    private static IamUserPolicyProbe OwnerPolicyProbe(HttpClient http) =>
        new(new AwsRest(http, () => new BasicAWSCredentials("AKIAOWNEREXAMPLE0001", "owner-secret"), TimeProvider.System));

    /// <summary>IAM, as recorded, for a writer user whose one inline policy is <paramref name="document"/>, in no group and with no managed policy.</summary>
    private static RecordedRoutes IamUserHolding(string document) => new(
    [
        ("Action=ListUserPolicies", HttpStatusCode.OK, """
            <ListUserPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUserPoliciesResult>
              <PolicyNames><member>writer-policy-5c1d</member></PolicyNames><IsTruncated>false</IsTruncated>
            </ListUserPoliciesResult></ListUserPoliciesResponse>
            """),
        ("Action=GetUserPolicy", HttpStatusCode.OK, $"""
            <GetUserPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserPolicyResult>
              <UserName>dev-rec-writer-1a2b</UserName><PolicyName>writer-policy-5c1d</PolicyName><PolicyDocument>{Uri.EscapeDataString(document)}</PolicyDocument>
            </GetUserPolicyResult></GetUserPolicyResponse>
            """),
        ("Action=ListAttachedUserPolicies", HttpStatusCode.OK, """
            <ListAttachedUserPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAttachedUserPoliciesResult>
              <AttachedPolicies/><IsTruncated>false</IsTruncated>
            </ListAttachedUserPoliciesResult></ListAttachedUserPoliciesResponse>
            """),
        ("Action=ListGroupsForUser", HttpStatusCode.OK, """
            <ListGroupsForUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListGroupsForUserResult>
              <Groups/><IsTruncated>false</IsTruncated>
            </ListGroupsForUserResult></ListGroupsForUserResponse>
            """),
    ]);

    [Fact]
    public async Task A_keys_mode_users_policy_wider_than_the_path_is_a_warning_and_the_stacks_own_passes()
    {
        var bucket = await environment.ResetWithS3BucketAsync();
        var wide = IamUserHolding("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        var own = IamUserHolding(StorageRegistrar.Grants.S3Grants.WriterUserPolicy(bucket, "video/"));
        using var wideHttp = new HttpClient(wide);
        using var ownHttp = new HttpClient(own);
        string[] args = ["doctor", "acme-s3", "--json", "--iam-user", "dev-rec-writer-1a2b"];

        var wider = await environment.RunAsync(args, iamUserPolicyProbe: _ => OwnerPolicyProbe(wideHttp));
        var kept = await environment.RunAsync(args, iamUserPolicyProbe: _ => OwnerPolicyProbe(ownHttp));

        Assert.Equal(ExitCodes.ProblemsFound, wider.ExitCode);
        var finding = Assert.Single(Parse(wider).Root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.S3UserGrantWider);
        Assert.Equal("Warning", finding.GetProperty("severity").GetString());
        Assert.StartsWith("The inline policy 'writer-policy-5c1d' of IAM user 'dev-rec-writer-1a2b' has an unnamed statement allowing s3:* on *:", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains($"\"Resource\":\"arn:aws:s3:::{bucket}/video/*\"", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Parse(kept).Codes, code => code.StartsWith("s3.user-", StringComparison.Ordinal));
        Assert.Equal(
            ["ListUserPolicies", "GetUserPolicy", "ListAttachedUserPolicies", "ListGroupsForUser"],
            own.Requested.Select(u => System.Web.HttpUtility.ParseQueryString(u.Query)["Action"]));
    }

    /// <summary>The program's <c>doctorArguments</c> output, as a drift check passes it: every storage gets its own values.</summary>
    [Fact]
    public async Task The_stacks_doctor_arguments_reach_every_storage_of_doctor_all()
    {
        await environment.ResetWithS3BucketAsync();
        var container = UniqueNames.For("rec");
        await environment.Stores.Azurite.CreateContainerAsync(container, TestContext.Current.CancellationToken);
        await environment.RegisterAzureAsync(container);
        using var storages = JsonDocument.Parse($$"""
            [ { "name": "acme-s3", "cloud": "s3", "region": "{{S3Server.Region}}", "authMode": "keys", "credentialMaxAgeDays": 90 },
              { "name": "acme-abs", "cloud": "abs", "location": "westeurope" } ]
            """);
        var plan = StackPlanner.Plan(new StackConfigInput { StackName = "dev", Storages = storages.RootElement, HasStreamApiKey = true, HasStreamApiSecret = true });
        var arguments = DoctorArguments.Combine(
        [
            DoctorArguments.For(plan.Storages[0], "stream-dev-acme-s3-1a2b3c4d", azureAccount: null),
            DoctorArguments.For(plan.Storages[1], CliEnvironment.ClientId, AzuriteServer.DefaultAccountName),
        ]);
        var clouds = new RecordedAnswers(new Dictionary<string, string>
        {
            ["iam.amazonaws.com"] = IamAccessKeyList("AKIAWRITEREXAMPLE001", DateTimeOffset.UtcNow.AddDays(-80)),
            ["graph.microsoft.com"] = """{ "passwordCredentials": [ { "keyId": "k", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2099-01-01T00:00:00Z" } ] }""",
        });
        using var http = new HttpClient(clouds);

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", .. arguments.Split(' ')],
            awsRegion: null,
            credentialAgeProbe: () => OwnerAgeProbe(http));

        // The key is 80 days old and the stack allows 90: a warning, so the run needs attention.
        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Output + run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Empty(root.GetProperty("notExamined").EnumerateArray());
        var examined = root.GetProperty("storages").EnumerateArray().ToDictionary(
            s => s.GetProperty("storage").GetString()!,
            s => (Checked: s.GetProperty("checkSucceeded").GetBoolean(),
                  // The local S3 server answers GetBucketPolicy without a policy document; AWS answers NoSuchBucketPolicy.
                  Codes: string.Join(' ', s.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).Where(c => c != FindingCodes.S3PolicyInvalid))));
        Assert.Equal((true, FindingCodes.CredentialMaxAge), examined["acme-s3"]);
        // Stream's roles, and the week of soft delete the stack sets on its account, are read at the container's id, which the program adds from its subscription.
        Assert.Equal((true, $"{FindingCodes.GrantUnexamined} {FindingCodes.SoftDeleteUnreadable}"), examined["acme-abs"]);
        Assert.Equal(
            ["https://iam.amazonaws.com/?Action=ListAccessKeys&UserName=stream-dev-acme-s3-1a2b3c4d&Version=2010-05-08",
             $"https://graph.microsoft.com/v1.0/applications(appId='{CliEnvironment.ClientId}')?$select=passwordCredentials"],
            clouds.RequestedUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task Policy_mode_is_warned_of_trusting_every_stream_app_and_keys_mode_is_not()
    {
        await environment.ResetWithS3BucketAsync();

        var policy = await environment.RunAsync(["doctor", "acme-s3", "--json"]);
        var accepted = await environment.RunAsync(["doctor", "acme-s3", "--json", "--trust-accepted", "acme-s3=true"]);
        var keys = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys"]);

        var trust = Assert.Single(Parse(policy).Root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.S3PolicyTrustsEveryStreamApp);
        Assert.Equal("Warning", trust.GetProperty("severity").GetString());
        Assert.Contains("authMode: keys", trust.GetProperty("fix").GetString(), StringComparison.Ordinal);
        var acceptedTrust = Assert.Single(Parse(accepted).Root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.S3PolicyTrustsEveryStreamApp);
        Assert.Equal("Note", acceptedTrust.GetProperty("severity").GetString());
        Assert.DoesNotContain(FindingCodes.S3PolicyTrustsEveryStreamApp, Parse(keys).Codes);
    }

    [Fact]
    public async Task A_bucket_outside_the_allowed_locations_is_a_problem_and_one_inside_them_passes()
    {
        await environment.ResetWithS3BucketAsync();

        var outside = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys", "--allowed-locations", "acme-s3=eu-west-1,eu-central-1"]);
        var inside = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys", "--allowed-locations", $"eu-west-1,{S3Server.Region}"]);

        Assert.Equal(ExitCodes.ProblemsFound, outside.ExitCode);
        var finding = Assert.Single(Parse(outside).Root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == FindingCodes.ResidencyOutside);
        Assert.Contains($"is in {S3Server.Region}, outside allowedLocations (eu-west-1, eu-central-1)", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FindingCodes.ResidencyOutside, Parse(inside).Codes);
    }

    [Fact]
    public async Task A_declared_lock_on_a_bucket_without_object_lock_is_a_missing_lock()
    {
        await environment.ResetWithS3BucketAsync();

        var run = await environment.RunAsync(["doctor", "--all", "--json", "--keys", "--immutability", "acme-s3=30:governance"]);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var codes = JsonDocument.Parse(run.Output).RootElement.GetProperty("storages")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString());
        Assert.Contains(FindingCodes.LockMissing, codes);
    }

    [Fact]
    public async Task A_declared_key_tiers_and_access_logs_that_the_s3_bucket_lacks_are_each_a_finding()
    {
        var bucket = await environment.ResetWithS3BucketAsync();

        var declared = await environment.RunAsync(
        [
            "doctor", "acme-s3", "--json", "--keys",
            "--encryption-key", "acme-s3=arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "--tiers", "acme-s3=30:STANDARD_IA,180:DEEP_ARCHIVE",
            "--access-logs", "acme-s3=create",
        ]);
        var undeclared = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys"]);

        // The local S3 server keeps no default encryption, lifecycle or logging: the bucket reads as having none.
        Assert.Equal(ExitCodes.ProblemsFound, declared.ExitCode);
        Assert.Equal(
            [FindingCodes.EncryptionKeyMissing, FindingCodes.TiersMissing, FindingCodes.TiersMissing, FindingCodes.AccessLogsOff],
            Parse(declared).Codes.Where(c => c.Split('.')[0] is "encryption" or "tiers" or "access-logs"));
        Assert.DoesNotContain(Parse(undeclared).Codes, c => c.Split('.')[0] is "encryption" or "tiers" or "access-logs");
    }

    [Fact]
    public async Task An_azure_accounts_key_tiers_and_diagnostic_settings_are_read_from_resource_manager()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var account = $"{ContainerIdPrefix}{AzuriteServer.DefaultAccountName}";
        var workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/acme-logs";
        var arm = AzureResourceManager(
            container,
            StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.WriteOnlyDataActions),
            ("/managementPolicies/default?", HttpStatusCode.OK, $$"""
                { "properties": { "policy": { "rules": [ { "enabled": true, "name": "tier-1-cool", "type": "Lifecycle", "definition": {
                    "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["{{container}}/calls/"] },
                    "actions": { "baseBlob": { "tierToCool": { "daysAfterCreationGreaterThan": 30 } } } } } ] } } }
                """),
            ("/diagnosticSettings?", HttpStatusCode.OK, $$"""
                { "value": [ { "name": "recordings-access", "properties": { "workspaceId": "{{workspace}}",
                  "logs": [ { "category": "StorageRead", "enabled": true }, { "category": "StorageWrite", "enabled": true }, { "category": "StorageDelete", "enabled": true } ] } } ] }
                """),
            ($"/storageAccounts/{AzuriteServer.DefaultAccountName}?", HttpStatusCode.OK, """
                { "name": "devstoreaccount1", "location": "westeurope", "properties": { "encryption": { "keySource": "Microsoft.Keyvault",
                  "keyvaultproperties": { "keyvaulturi": "https://acme-keys.vault.azure.net/", "keyname": "other" } } } }
                """),
            ("/keys/other?api-version=", HttpStatusCode.OK, """
                { "key": { "kid": "https://acme-keys.vault.azure.net/keys/other/0123456789abcdef0123456789abcdef", "kty": "RSA" }, "attributes": { "enabled": true } }
                """));
        using var http = new HttpClient(arm);

        var run = await environment.RunAsync(
        [
            "doctor", "acme-abs", "--json", "--account", AzuriteServer.DefaultAccountName,
            "--container-id", $"{account}/blobServices/default/containers/{container}",
            "--encryption-key", "acme-abs=/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings",
            "--tiers", "acme-abs=30:Cool",
            "--access-logs", $"acme-abs={workspace}",
        ], azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var finding = Assert.Single(Parse(run).Root.GetProperty("findings").EnumerateArray());
        Assert.Equal(FindingCodes.EncryptionKeyOther, finding.GetProperty("code").GetString());
        Assert.Contains("https://acme-keys.vault.azure.net/keys/other", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains(arm.Requested, u => u.AbsolutePath == $"{account}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings");
        Assert.Contains(arm.Requested, u => u.AbsoluteUri == "https://acme-keys.vault.azure.net/keys/other?api-version=7.4");
    }

    /// <summary>Soft delete off where the stack sets a week is a warning; on where the stack turns it off, a note that leaves nothing to fix.</summary>
    [Theory]
    [InlineData("7", """{ "allowPermanentDelete": false, "enabled": false }""", FindingCodes.SoftDeleteOff, "Warning", ExitCodes.ProblemsFound)]
    [InlineData("0", """{ "allowPermanentDelete": false, "enabled": true, "days": 7 }""", FindingCodes.SoftDeleteNotOff, "Note", ExitCodes.Success)]
    public async Task An_azure_accounts_soft_delete_is_read_from_resource_manager(string declared, string policy, string code, string severity, int exitCode)
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var arm = AzureResourceManager(
            container,
            StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.WriteOnlyDataActions),
            ("/blobServices/default?", HttpStatusCode.OK, $$"""
                { "name": "default", "type": "Microsoft.Storage/storageAccounts/blobServices", "properties": { "cors": { "corsRules": [] }, "deleteRetentionPolicy": {{policy}} } }
                """));
        using var http = new HttpClient(arm);
        var containerId = ContainerIdOf(container);

        var run = await environment.RunAsync(
            ["doctor", "acme-abs", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", containerId, "--soft-delete-days", $"acme-abs={declared}"],
            azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.True(run.ExitCode == exitCode, run.Output + run.Error);
        var finding = Assert.Single(Parse(run).Root.GetProperty("findings").EnumerateArray());
        Assert.Equal((code, severity), (finding.GetProperty("code").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Contains($"az storage account blob-service-properties update --account-name {AzuriteServer.DefaultAccountName} --enable-delete-retention", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains(arm.Requested, u => u.AbsoluteUri == $"https://management.azure.com{ContainerIdPrefix}{AzuriteServer.DefaultAccountName}/blobServices/default?api-version=2023-05-01");
    }

    /// <param name="namedIn">The part of the finding that says to pass <c>--container-id</c>.</param>
    [Theory]
    [InlineData("--encryption-key", "acme-abs=create", FindingCodes.EncryptionUnreadable, "cause")]
    [InlineData("--immutability", "acme-abs=30:governance", FindingCodes.LockUnreadable, "fix")]
    [InlineData("--soft-delete-days", "acme-abs=7", FindingCodes.SoftDeleteUnreadable, "fix")]
    public async Task A_declared_azure_key_lock_or_soft_delete_without_the_container_id_is_not_examined_and_says_what_to_pass(string option, string value, string code, string namedIn)
    {
        await environment.ResetWithAzureContainerAsync();

        var run = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, option, value]);

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var findings = JsonDocument.Parse(run.Output).RootElement.GetProperty("storages")[0].GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal([FindingCodes.GrantUnexamined, code], findings.Select(f => f.GetProperty("code").GetString()));
        var finding = findings[1];
        Assert.Equal((code, "Warning"), (finding.GetProperty("code").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Contains("--container-id", finding.GetProperty(namedIn).GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--immutability", "acme-s3=2555", "--immutability '2555' is not DAYS:MODE")]
    [InlineData("--allowed-locations", "acme-s3=,", "--allowed-locations 'acme-s3=,' names no location")]
    [InlineData("--container-id", "acme-abs=/subscriptions/s/resourceGroups/g", "--container-id 'acme-abs=/subscriptions/s/resourceGroups/g' is not a blob container's ARM id: pass /subscriptions/SUBSCRIPTION/")]
    [InlineData("--encryption-key", "acme-s3=", "--encryption-key 'acme-s3=' names no key")]
    [InlineData("--tiers", "acme-s3=30", "--tiers '30' is not DAYS:CLASS")]
    [InlineData("--access-logs", "acme-s3= ", "--access-logs 'acme-s3= ' names no destination")]
    [InlineData("--bucket-created", "acme-s3=yes", "--bucket-created 'acme-s3=yes' is neither true nor false")]
    [InlineData("--trust-accepted", "maybe", "--trust-accepted 'maybe' is neither true nor false")]
    [InlineData("--max-age-days", "acme-s3=ninety", "--max-age-days 'acme-s3=ninety' is not a number of days")]
    [InlineData("--soft-delete-days", "acme-abs=7d", "--soft-delete-days 'acme-abs=7d' is not a number of days: pass the storage's softDeleteDays (0: off)")]
    [InlineData("--azure-role", "acme-abs=owner", "--azure-role 'acme-abs=owner' is neither writeOnly nor blobDataContributor: pass the storage's azureRole, e.g. --azure-role recordings-abs=blobDataContributor.")]
    public async Task A_doctor_argument_not_of_its_form_is_invalid_input_before_any_request(string option, string value, string message)
    {
        await environment.ResetAsync();
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var run = await environment.RunAsync(["doctor", "--all", option, value]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Error, StringComparison.Ordinal);
        Assert.Empty(await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A storage Stream lists under a name holding '=', as CheckCommandTests registers one.</summary>
    private const string EqualsName = "team=rec";

    /// <summary>The findings <c>doctor --all --json</c> reported for <paramref name="storage"/>, which it examined.</summary>
    private static List<JsonElement> FindingsOf(CliRun run, string storage) =>
    [
        .. Assert.Single(
            JsonDocument.Parse(run.Output).RootElement.GetProperty("storages").EnumerateArray(),
            s => s.GetProperty("storage").GetString() == storage).GetProperty("findings").EnumerateArray().Select(f => f.Clone()),
    ];

    private static List<string> CodesOf(CliRun run, string storage) => [.. FindingsOf(run, storage).Select(f => f.GetProperty("code").GetString()!)];

    /// <summary>A storage's name may hold '=': its value is read after the whole name, not after the first '=', and declares what is examined.</summary>
    [Theory]
    [InlineData("--immutability", "team=rec=2555:compliance", FindingCodes.LockMissing)]
    [InlineData("--tiers", "team=rec=30:STANDARD_IA", FindingCodes.TiersMissing)]
    public async Task A_declaration_for_a_storage_whose_name_holds_an_equals_sign_is_examined(string option, string value, string code)
    {
        await environment.ResetWithS3BucketAsync(name: EqualsName);

        var declared = await environment.RunAsync(["doctor", "--all", "--json", "--keys", option, value]);
        var undeclared = await environment.RunAsync(["doctor", "--all", "--json", "--keys"]);

        // The local S3 server keeps no object lock or lifecycle: what is declared is missing.
        Assert.True(declared.ExitCode == ExitCodes.ProblemsFound, declared.Output + declared.Error);
        Assert.Contains(code, CodesOf(declared, EqualsName));
        Assert.DoesNotContain(code, CodesOf(undeclared, EqualsName));
    }

    [Fact]
    public async Task A_max_age_for_a_storage_whose_name_holds_an_equals_sign_is_the_one_its_key_is_judged_by()
    {
        await environment.ResetWithS3BucketAsync(name: EqualsName);
        var iam = new RecordedAnswer(IamAccessKeyList("AKIAWRITEREXAMPLE001", DateTimeOffset.UtcNow.AddDays(-80)));
        using var http = new HttpClient(iam);

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", "--keys", "--iam-user", $"{EqualsName}=dev-rec-writer-1a2b", "--max-age-days", $"{EqualsName}=90"],
            credentialAgeProbe: () => OwnerAgeProbe(http));

        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Output + run.Error);
        var finding = Assert.Single(FindingsOf(run, EqualsName), f => f.GetProperty("code").GetString() == FindingCodes.CredentialMaxAge);
        Assert.Contains("reaches the 90 days credentialMaxAgeDays allows", finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://iam.amazonaws.com/?Action=ListAccessKeys&UserName=dev-rec-writer-1a2b&Version=2010-05-08", iam.RequestedUri!.AbsoluteUri);
    }

    [Fact]
    public async Task A_bucket_created_for_a_storage_whose_name_holds_an_equals_sign_lets_it_sit_at_the_bucket_root()
    {
        await environment.ResetWithAzureContainerAsync(path: "", name: EqualsName);

        var undeclared = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);
        var created = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--bucket-created", $"{EqualsName}=true"]);

        Assert.Equal([FindingCodes.GrantUnexamined, FindingCodes.StorageBucketRoot], CodesOf(undeclared, EqualsName));
        Assert.True(created.ExitCode == ExitCodes.Success, created.Output + created.Error);
        Assert.Equal([FindingCodes.GrantUnexamined], CodesOf(created, EqualsName));
    }

    [Fact]
    public async Task A_container_id_for_a_storage_whose_name_holds_an_equals_sign_is_the_one_read_in_resource_manager()
    {
        var container = await environment.ResetWithAzureContainerAsync(name: EqualsName);
        var arm = AzureResourceManager(container, StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.WriteOnlyDataActions));
        using var http = new HttpClient(arm);
        var containerId = ContainerIdOf(container);

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", $"{EqualsName}={containerId}"],
            azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Empty(FindingsOf(run, EqualsName));
        Assert.Contains(arm.Requested, u => u.AbsolutePath == $"{containerId}/providers/Microsoft.Authorization/roleAssignments");
    }

    /// <summary>An argument with a second '=' passes the options' first reading; the storage's own name then places the value, which is refused before its check.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_value_only_the_storages_name_shows_to_be_malformed_is_refused_before_its_check(bool all)
    {
        await environment.ResetAsync();
        await environment.RegisterS3Async(UniqueNames.For("rec"));
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var run = await environment.RunAsync(["doctor", .. all ? ["--all"] : new[] { "acme-s3" }, "--bucket-created", "acme-s3=x=true"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--bucket-created for 'acme-s3' cannot be read (", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken), r => r.Path.EndsWith("/check", StringComparison.Ordinal));
    }

    private const string ContainerIdPrefix = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/";

    /// <summary>The ARM id of <paramref name="container"/> in azurite's development account.</summary>
    private static string ContainerIdOf(string container) => $"{ContainerIdPrefix}{AzuriteServer.DefaultAccountName}/blobServices/default/containers/{container}";

    /// <summary>Resource Manager and Graph, as recorded, for a container whose Stream role carries the condition given; <paramref name="first"/> answer before them.</summary>
    private static RecordedRoutes AzureResourceManager(string container, string? assignmentCondition, params (string PathPart, HttpStatusCode Status, string Body)[] first) => new(
    [
        .. first,
        ("servicePrincipals(appId=", HttpStatusCode.OK, """{ "id": "5a1d0c3e-7b2f-4e8a-9c6d-1f0e2d3c4b5a" }"""),
        ("/roleAssignments?", HttpStatusCode.OK, $$"""
            { "value": [ { "id": "{{ContainerIdOf(container)}}/providers/Microsoft.Authorization/roleAssignments/1f2e", "name": "1f2e", "properties": {
                "roleDefinitionId": "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/9d3c",
                "principalId": "5a1d0c3e-7b2f-4e8a-9c6d-1f0e2d3c4b5a", "principalType": "ServicePrincipal",
                "scope": "{{ContainerIdOf(container)}}",
                "condition": {{JsonSerializer.Serialize(assignmentCondition)}} } } ] }
            """),
        ("/roleDefinitions/9d3c", HttpStatusCode.OK, """
            { "properties": { "roleName": "Stream recording writer", "permissions": [ { "dataActions": [
              "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action" ] } ] } }
            """),
        ($"/storageAccounts/{AzuriteServer.DefaultAccountName}?", HttpStatusCode.OK, """{ "name": "devstoreaccount1", "location": "westeurope", "properties": {} }"""),
    ]);

    private static AzureResourceProbe OwnerResourceProbe(HttpClient http) => new(http, (_, _) => Task.FromResult("owner-token"));

    [Fact]
    public async Task An_azure_role_without_the_path_condition_is_read_from_resource_manager_and_warned_of()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var arm = AzureResourceManager(container, assignmentCondition: null);
        using var http = new HttpClient(arm);
        var containerId = ContainerIdOf(container);

        var run = await environment.RunAsync(
            ["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", $"acme-abs={containerId}", "--allowed-locations", "westeurope"],
            azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.Equal(ExitCodes.ProblemsFound, run.ExitCode);
        var storage = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("storages").EnumerateArray());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        var finding = Assert.Single(storage.GetProperty("findings").EnumerateArray());
        Assert.Equal(FindingCodes.AzureRoleConditionMissing, finding.GetProperty("code").GetString());
        Assert.Contains("StringStartsWith 'calls/'", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains(arm.Requested, u => u.AbsolutePath.EndsWith($"/containers/{container}/providers/Microsoft.Authorization/roleAssignments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_azure_role_kept_to_the_path_passes()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        using var http = new HttpClient(AzureResourceManager(container, StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.WriteOnlyDataActions)));
        var containerId = ContainerIdOf(container);

        var run = await environment.RunAsync(
            ["doctor", "acme-abs", "--account", AzuriteServer.DefaultAccountName, "--container-id", containerId],
            azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("Nothing to fix.", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Storage Blob Data Contributor kept to the path, as pulumi up assigns it for azureRole: blobDataContributor: more than
    /// the stack's own role when the doctor is not told, nothing to fix when the stack's doctorArguments declare it.
    /// </summary>
    [Fact]
    public async Task The_contributor_role_is_held_to_the_azure_role_the_stack_declares()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var contributor = string.Join(", ", StorageRegistrar.Grants.AzureGrants.BlobDataContributorActions.Select(a => JsonSerializer.Serialize(a)));
        var contributorData = string.Join(", ", StorageRegistrar.Grants.AzureGrants.BlobDataContributorDataActions.Select(a => JsonSerializer.Serialize(a)));
        using var http = new HttpClient(AzureResourceManager(
            container,
            StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.BlobDataContributorDataActions),
            ("/roleDefinitions/9d3c", HttpStatusCode.OK, $$"""
                { "properties": { "roleName": "Storage Blob Data Contributor", "permissions": [ { "actions": [ {{contributor}} ], "notActions": [], "dataActions": [ {{contributorData}} ], "notDataActions": [] } ] } }
                """)));
        string[] doctor = ["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", $"acme-abs={ContainerIdOf(container)}"];

        var undeclared = await environment.RunAsync(doctor, azureResourceProbe: () => OwnerResourceProbe(http));
        var declared = await environment.RunAsync([.. doctor, "--azure-role", "acme-abs=blobDataContributor"], azureResourceProbe: () => OwnerResourceProbe(http));

        Assert.Equal([FindingCodes.AzureGrantWider], CodesOf(undeclared, "acme-abs"));
        Assert.Contains("--azure-role", FindingsOf(undeclared, "acme-abs")[0].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.True(declared.ExitCode == ExitCodes.Success, declared.Output + declared.Error);
        Assert.Empty(FindingsOf(declared, "acme-abs"));
    }

    [Fact]
    public async Task A_container_id_naming_another_container_is_not_read_and_the_doctor_says_which_to_pass()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var arm = AzureResourceManager(container, assignmentCondition: null);
        using var http = new HttpClient(arm);

        var run = await environment.RunAsync(
            ["doctor", "acme-abs", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", ContainerIdOf("other-recordings"), "--allowed-locations", "westeurope"],
            azureResourceProbe: () => OwnerResourceProbe(http));

        var findings = JsonDocument.Parse(run.Output).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var other = Assert.Single(findings, f => f.GetProperty("code").GetString() == FindingCodes.AzureContainerOther);
        Assert.Contains($"names {AzuriteServer.DefaultAccountName}/other-recordings, not {AzuriteServer.DefaultAccountName}/{container}, which Stream writes into", other.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains("--container-id acme-abs=ID", other.GetProperty("fix").GetString(), StringComparison.Ordinal);
        // The declared residency is said not examined, and nothing of the other container was read.
        Assert.Contains(findings, f => f.GetProperty("code").GetString() == FindingCodes.ResidencyUnreadable);
        Assert.Empty(arm.Requested);
    }

    /// <summary>
    /// The doctor cannot judge a grant it was not told the owner of: S3 keys mode without the IAM user, GCS without the
    /// service account. It says so in a note that names the argument, and the exit is what the rest of the report makes it.
    /// </summary>
    [Fact]
    public async Task A_grant_whose_owner_was_not_given_is_said_not_examined_in_a_note_naming_the_argument()
    {
        await environment.ResetWithS3BucketAsync();
        await environment.RegisterGcsAsync(UniqueNames.For("rec"));

        var keys = await environment.RunAsync(["doctor", "acme-s3", "--json", "--keys"]);
        var keysWithUser = await environment.RunAsync(["doctor", "acme-s3", "--json", "--iam-user", "acme-s3=stream-dev-acme-s3-1a2b3c4d"]);
        var policy = await environment.RunAsync(["doctor", "acme-s3", "--json"]);
        var gcs = await environment.RunAsync(["doctor", "acme-gcs", "--json"]);
        var gcsWithAccount = await environment.RunAsync(["doctor", "acme-gcs", "--json", "--service-account", "acme-gcs=writer@acme.iam.gserviceaccount.com"]);

        AssertGrantUnexamined(keys, "--iam-user acme-s3=USER", "what its policies let the key do");
        AssertGrantUnexamined(gcs, "--service-account acme-gcs=EMAIL", "whether it keeps to the path");
        // The note adds nothing to fix: each run needs attention exactly when it did without it.
        Assert.Equal(keysWithUser.ExitCode, keys.ExitCode);
        Assert.Equal(gcsWithAccount.ExitCode, gcs.ExitCode);
        // In policy mode the grant is the bucket policy's, which the owner reads; a named owner is judged.
        Assert.All([keysWithUser, policy, gcsWithAccount], run => Assert.DoesNotContain(FindingCodes.GrantUnexamined, Parse(run).Codes));
    }

    /// <summary>
    /// Without a client id (neither --client-id nor STREAM_AZURE_CLIENT_ID), the secret's end date is not read: a note. Given
    /// the container's id, its role assignments were asked for and cannot be told apart: a warning, as a refused read is.
    /// </summary>
    [Fact]
    public async Task An_azure_storage_without_the_client_id_of_streams_application_says_what_was_not_examined()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        var arm = AzureResourceManager(container, StorageRegistrar.Grants.AzureGrants.PathCondition("calls/", StorageRegistrar.Grants.AzureGrants.WriteOnlyDataActions));
        using var http = new HttpClient(arm);

        var withContainer = await environment.RunAsync(
            ["doctor", "acme-abs", "--json", "--account", AzuriteServer.DefaultAccountName, "--container-id", ContainerIdOf(container)],
            azureResourceProbe: () => OwnerResourceProbe(http),
            servicePrincipalGiven: false);
        var json = await environment.RunAsync(["doctor", "acme-abs", "--json", "--account", AzuriteServer.DefaultAccountName], servicePrincipalGiven: false);
        var text = await environment.RunAsync(["doctor", "acme-abs", "--account", AzuriteServer.DefaultAccountName], servicePrincipalGiven: false);

        var warning = AssertGrantUnexamined(withContainer, "--client-id acme-abs=ID", "which of the container's role assignments are Stream's", nameof(FindingSeverity.Warning));
        Assert.Contains("the secret's end date", warning.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ProblemsFound, withContainer.ExitCode);
        Assert.DoesNotContain(arm.Requested, u => u.AbsolutePath.EndsWith("/roleAssignments", StringComparison.Ordinal));
        Assert.Equal(
            [FindingCodes.GrantUnexamined, FindingCodes.GrantUnexamined],
            Parse(json).Root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        AssertGrantUnexamined(json, "--client-id acme-abs=ID", "the secret's end date was not examined", index: 1);
        // Notes leave nothing to fix, and are still shown.
        Assert.True(json.ExitCode == ExitCodes.Success, json.Output + json.Error);
        Assert.True(text.ExitCode == ExitCodes.Success, text.Output + text.Error);
        Assert.Contains("Nothing to fix.", text.Output, StringComparison.Ordinal);
        Assert.Contains(FindingCodes.GrantUnexamined, text.Output, StringComparison.Ordinal);
    }

    /// <summary>The <paramref name="index"/>th <c>grant.unexamined</c> finding of the run, of <paramref name="severity"/>.</summary>
    private static JsonElement AssertGrantUnexamined(CliRun run, string fixNames, string causeSays, string severity = nameof(FindingSeverity.Note), int index = 0)
    {
        var finding = Parse(run).Root.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("code").GetString() == FindingCodes.GrantUnexamined).ElementAt(index);
        Assert.Equal(severity, finding.GetProperty("severity").GetString());
        Assert.Contains(causeSays, finding.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains(fixNames, finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        return finding;
    }

    [Theory]
    [InlineData(new string[] { "doctor" }, "Name the storage to examine, or pass --all")]
    [InlineData(new string[] { "doctor", "acme-s3", "--all" }, "Pass either a storage name or --all, not both")]
    public async Task Doctor_takes_a_storage_name_or_all(string[] args, string message)
    {
        await environment.ResetAsync();

        var run = await environment.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}

/// <summary>Graph is not emulated: its answer, as recorded, for the one request the doctor sends it.</summary>
internal sealed class RecordedAnswer(string json) : HttpMessageHandler
{
    public Uri? RequestedUri { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestedUri = request.RequestUri;
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(json) });
    }
}

/// <summary>The clouds' answers, as recorded, by host: for a command that asks more than one of them.</summary>
internal sealed class RecordedAnswers(IReadOnlyDictionary<string, string> bodiesByHost) : HttpMessageHandler
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Uri> _requested = new();

    public IReadOnlyList<Uri> RequestedUris => [.. _requested];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requested.Enqueue(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(bodiesByHost[request.RequestUri!.Host]) });
    }
}

/// <summary>The clouds' answers, as recorded, by a part of the request's path and query: for a command that asks one host several things.</summary>
internal sealed class RecordedRoutes(IReadOnlyList<(string PathPart, System.Net.HttpStatusCode Status, string Body)> routes) : HttpMessageHandler
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Uri> _requested = new();

    public IReadOnlyList<Uri> Requested => [.. _requested];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requested.Enqueue(request.RequestUri!);
        var route = routes.First(r => request.RequestUri!.OriginalString.Contains(r.PathPart, StringComparison.Ordinal));
        return Task.FromResult(new HttpResponseMessage(route.Status) { Content = new StringContent(route.Body) });
    }
}
