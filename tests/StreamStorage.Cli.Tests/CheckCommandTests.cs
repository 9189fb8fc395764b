using System.Globalization;
using System.Text.RegularExpressions;
using LocalWorld;
using StorageRegistrar.Diagnostics;

namespace StreamStorage.Cli.Tests;

public sealed partial class CheckCommandTests(CliEnvironment environment)
{
    [Fact]
    public async Task A_working_storage_passes_and_the_check_file_is_found_and_deleted()
    {
        var bucket = await environment.ResetWithS3BucketAsync();

        var run = await environment.RunAsync(["check", "acme-s3", "--region", S3Server.Region]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("and deleted it", run.Output, StringComparison.Ordinal);
        Assert.Empty(await environment.Stores.S3.ListKeysAsync(bucket, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Under_a_retention_lock_the_check_passes_and_the_check_file_is_kept_until_the_lock_ends()
    {
        var bucket = await environment.ResetWithS3BucketAsync();
        environment.Stores.S3.Locks.Lock(bucket, new RetentionLock(30, RetentionLockMode.Governance));

        var text = await environment.RunAsync(["check", "acme-s3"]);
        var json = await environment.RunAsync(["check", "acme-s3", "--json"]);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (text.ExitCode, json.ExitCode));
        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("succeeded").GetBoolean());
        Assert.False(root.GetProperty("checkFileDeleted").GetBoolean());
        var key = root.GetProperty("verifiedObjectKey").GetString()!;
        using var owner = environment.Stores.S3.CreateClient();
        var retainUntil = (await owner.GetObjectMetadataAsync(bucket, key, TestContext.Current.CancellationToken)).ObjectLockRetainUntilDate!.Value.ToUniversalTime();
        Assert.Equal(new DateTimeOffset(retainUntil), root.GetProperty("checkFileKeptUntil").GetDateTimeOffset());
        Assert.Contains($"check file kept until {retainUntil:yyyy-MM-dd} under the retention lock", text.Output, StringComparison.Ordinal);
        // Both checks' files are still there.
        Assert.Equal(2, (await environment.Stores.S3.ListKeysAsync(bucket, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Backoff_attempts_are_shown_and_reported_in_json()
    {
        await environment.ResetWithS3BucketAsync();
        await environment.Emulator.Control.SetFaultAsync(StreamEmulatorFault.CheckFailure(times: 2), TestContext.Current.CancellationToken);

        var run = await environment.RunAsync(["check", "acme-s3", "--json", "--timeout", "60"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.True(document.RootElement.GetProperty("succeeded").GetBoolean());
        var attempts = document.RootElement.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(3, attempts.Count);
        Assert.NotEqual(JsonValueKind.Null, attempts[0].GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, attempts[2].GetProperty("error").ValueKind);
        Assert.True(document.RootElement.GetProperty("checkFileDeleted").GetBoolean());
    }

    [Fact]
    public async Task Without_json_each_retry_is_written_to_standard_error()
    {
        await environment.ResetWithS3BucketAsync();
        await environment.Emulator.Control.SetFaultAsync(StreamEmulatorFault.CheckFailure(times: 1), TestContext.Current.CancellationToken);

        var run = await environment.RunAsync(["check", "acme-s3", "--timeout", "60"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("check attempt 1 failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("on attempt 2", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_without_a_file_url_fails_the_check_at_once_saying_what_is_missing()
    {
        await environment.ResetWithS3BucketAsync();
        await environment.Emulator.Control.SetFaultAsync(StreamEmulatorFault.CheckWithoutFileUrl(times: 2), TestContext.Current.CancellationToken);
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var text = await environment.RunAsync(["check", "acme-s3", "--timeout", "60"]);
        var json = await environment.RunAsync(["check", "acme-s3", "--json", "--timeout", "60"]);

        Assert.Equal(ExitCodes.CheckFailed, text.ExitCode);
        Assert.Contains("Stream's check answered without a file_url", ConsoleText.Flat(text.Output), StringComparison.Ordinal);
        Assert.Contains("stream-storage doctor acme-s3", text.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CheckFailed, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.False(document.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Contains("without a file_url", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(document.RootElement.GetProperty("attempts").EnumerateArray());
        // One request per run: retrying would get the same kind of answer.
        var checks = (await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken)).Count(r => r.Operation == "CheckExternalStorage");
        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task A_check_that_keeps_failing_lists_the_attempts_and_points_to_the_doctor()
    {
        await environment.ResetAsync();
        var bucket = UniqueNames.For("rec");
        await environment.RegisterS3Async(bucket);

        var run = await environment.RunAsync(["check", "acme-s3", "--region", S3Server.Region, "--timeout", "1"]);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("stream-storage doctor acme-s3", run.Error, StringComparison.Ordinal);
        // One row per attempt, numbered from 1, each with its time and Stream's answer to it.
        var rows = run.Output.Split('\n').Select(line => AttemptRow().Match(line)).Where(row => row.Success).ToList();
        Assert.True(rows.Count > 1, run.Output);
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(row => int.Parse(row.Groups["number"].Value, CultureInfo.InvariantCulture)));
        Assert.All(rows, row => Assert.Contains($"NoSuchBucket: The specified bucket does not exist: {bucket}", row.Groups["answer"].Value, StringComparison.Ordinal));
        Assert.Contains($"failed after {rows.Count} attempt(s)", ConsoleText.Flat(run.Error), StringComparison.Ordinal);
        var checks = (await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken)).Count(r => r.Operation == "CheckExternalStorage");
        Assert.Equal(rows.Count, checks);
    }

    /// <summary>Check's timeout and the rehearsal's check deadline are read alike: a number of seconds that is not positive stops the command first.</summary>
    [Theory]
    [InlineData("check acme-s3 --timeout 0", "--timeout must be a positive number of seconds.")]
    [InlineData("rehearse --check-deadline -5", "--check-deadline must be a positive number of seconds.")]
    public async Task A_deadline_that_is_not_a_positive_number_of_seconds_is_invalid_input_before_any_check(string commandLine, string error)
    {
        await environment.ResetWithUncheckedStorageAsync("acme-s3");

        var run = await environment.RunAsync(commandLine.Split(' '));

        await environment.AssertRefusedBeforeAnyCheckAsync(run, error);
        Assert.Equal(error, run.Error.Trim());
        Assert.Empty(run.Output);
    }

    /// <summary>Without it the owner's client could neither find nor delete the check file Stream writes; the doctor runs the check too.</summary>
    [Theory]
    [InlineData("check", "acme-s3", "--region")]
    [InlineData("doctor", "acme-abs", "--account")]
    public async Task A_storage_without_the_region_or_account_its_owners_client_needs_is_invalid_input_before_any_check(string command, string storage, string option)
    {
        await environment.ResetWithUncheckedStorageAsync(storage);

        var run = await environment.RunAsync([command, storage], awsRegion: null);

        await environment.AssertRefusedBeforeAnyCheckAsync(run, option);
    }

    /// <summary>Stream accepts any path: one without a trailing '/' is looked in as the folder it names, where the check file is written.</summary>
    [Theory]
    [InlineData("check", "and deleted it")]
    [InlineData("doctor", "Nothing to fix.")]
    public async Task A_storage_whose_path_does_not_end_in_a_slash_is_checked_and_left_without_a_blob(string command, string said)
    {
        var container = await environment.ResetWithAzureContainerAsync(path: "calls");

        var run = await environment.RunAsync([command, "acme-abs", "--account", AzuriteServer.DefaultAccountName]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains(said, run.Output, StringComparison.Ordinal);
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Doctor_all_examines_a_storage_whose_path_does_not_end_in_a_slash()
    {
        var container = await environment.ResetWithAzureContainerAsync(path: "calls");

        var run = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);

        // Without the container's id, Resource Manager is not read: Stream's roles on it are said not examined.
        DoctorJson.AssertOnlyStorageHealthy(run, FindingCodes.GrantUnexamined);
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    /// <summary>The path is shown in messages: a character that can rewrite the terminal stops the command before Stream writes anything.</summary>
    [Theory]
    [InlineData("check")]
    [InlineData("doctor")]
    public async Task A_path_with_a_control_character_is_refused_before_any_check(string command)
    {
        await environment.ResetWithAzureContainerAsync(path: "calls\u001b[2J/");
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var run = await environment.RunAsync([command, "acme-abs", "--account", AzuriteServer.DefaultAccountName]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", "--account", AzuriteServer.DefaultAccountName]);

        await environment.AssertRefusedBeforeAnyCheckAsync(run, "path contains U+001B");
        DoctorJson.AssertOnlyNotExamined(all, "acme-abs", "path contains U+001B");
        Assert.DoesNotContain("Parameter", run.Error + all.Output, StringComparison.Ordinal);
    }

    /// <summary>The owner's client would fail on either after Stream's check had written its file; doctor --all leaves that storage out.</summary>
    [Theory]
    [InlineData("acme-s3", "--region", "eu-wst-1 x")]
    [InlineData("acme-abs", "--account", "Acme Recordings")]
    public async Task A_region_or_account_that_is_not_one_is_invalid_input_naming_the_option_before_any_check(string storage, string option, string value)
    {
        await environment.ResetWithUncheckedStorageAsync(storage);

        var check = await environment.RunAsync(["check", storage, option, value]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", option, value]);

        await environment.AssertRefusedBeforeAnyCheckAsync(check, $"{option} \"{value}\" for '{storage}'");
        DoctorJson.AssertOnlyNotExamined(all, storage, $"{option} \"{value}\"");
    }

    [Fact]
    public async Task A_region_from_the_environment_that_is_not_one_is_refused_as_the_option_would_be_before_any_check()
    {
        await environment.ResetWithUncheckedStorageAsync("acme-s3");

        var check = await environment.RunAsync(["check", "acme-s3"], awsRegion: "us east 1");
        var all = await environment.RunAsync(["doctor", "--all", "--json"], awsRegion: "us east 1");

        await environment.AssertRefusedBeforeAnyCheckAsync(check, "AWS_REGION (or AWS_DEFAULT_REGION) \"us east 1\" for 'acme-s3'");
        DoctorJson.AssertOnlyNotExamined(all, "acme-s3", "AWS_REGION (or AWS_DEFAULT_REGION) \"us east 1\"");
    }

    [Fact]
    public async Task A_storage_whose_name_holds_an_equals_sign_takes_its_own_account_by_its_whole_name()
    {
        var container = await environment.ResetWithAzureContainerAsync();
        await environment.RegisterAzureAsync(container, name: "team=rec");

        var run = await environment.RunAsync(["check", "team=rec", "--account", $"team=rec={AzuriteServer.DefaultAccountName}", "--account", "someone-else=nosuchaccount"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    /// <summary>A URL is a plain value whatever '=' its query holds, never read as another storage's STORAGE=VALUE and ignored.</summary>
    [Theory]
    [InlineData("https://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY@r2.example.com")]
    [InlineData("https://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY@r2.example.com/?x-id=PutObject")]
    public async Task An_endpoint_with_credentials_in_it_is_refused_without_repeating_them(string endpoint)
    {
        await environment.ResetWithS3BucketAsync();
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var check = await environment.RunAsync(["check", "acme-s3", "--endpoint", endpoint]);
        var all = await environment.RunAsync(["doctor", "--all", "--json", "--endpoint", endpoint]);

        await environment.AssertRefusedBeforeAnyCheckAsync(check, "--endpoint for 'acme-s3' must not contain a user name or password");
        DoctorJson.AssertOnlyNotExamined(all, "acme-s3", "must not contain a user name or password");
        foreach (var printed in new[] { check.Output, check.Error, all.Output, all.Error })
        {
            Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("wJalrXUtnFEMI", printed, StringComparison.Ordinal);
        }
    }

    /// <summary>S3-compatible stores name their regions freely: with --endpoint, R2's "auto" is a region.</summary>
    [Fact]
    public async Task With_an_endpoint_the_region_is_the_one_the_compatible_store_expects()
    {
        await environment.ResetWithS3BucketAsync();

        var run = await environment.RunAsync(["check", "acme-s3", "--endpoint", "https://r2.example.com", "--region", "auto"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
    }

    [Fact]
    public async Task An_unknown_storage_exits_with_not_found()
    {
        await environment.ResetAsync();

        var run = await environment.RunAsync(["check", "nope"]);
        var json = await environment.RunAsync(["check", "nope", "--json"]);

        Assert.Equal(ExitCodes.StorageNotFound, run.ExitCode);
        Assert.Contains("stream-storage status", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        // With --json, the failure is standard output's one document.
        Assert.Equal(ExitCodes.StorageNotFound, json.ExitCode);
        using var failure = JsonDocument.Parse(json.Output);
        Assert.Equal(ExitCodes.StorageNotFound, failure.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("Stream has no external storage named 'nope'. Run 'stream-storage status' to list them.", failure.RootElement.GetProperty("error").GetString());
        Assert.Empty(failure.RootElement.GetProperty("problems").EnumerateArray());
    }

    /// <summary>The doctor runs Stream's check too: a healthy storage has nothing to fix.</summary>
    [Theory]
    [InlineData("check", "and deleted it")]
    [InlineData("doctor", "Nothing to fix.")]
    public async Task A_healthy_azure_storage_is_checked_through_its_service_principal_and_left_without_a_blob(string command, string said)
    {
        var container = await environment.ResetWithAzureContainerAsync();

        var run = await environment.RunAsync([command, "acme-abs", "--account", AzuriteServer.DefaultAccountName]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(said, run.Output, StringComparison.Ordinal);
        Assert.Empty(await environment.Stores.Azurite.ListBlobNamesAsync(container, TestContext.Current.CancellationToken));
    }

    /// <summary>A row of the attempts table: the attempt's number, its start time and Stream's answer.</summary>
    [GeneratedRegex(@"^│ (?<number>\d+) +│ \d\d:\d\d:\d\d +│ (?<answer>.+?) *│\s*$")]
    private static partial Regex AttemptRow();
}
