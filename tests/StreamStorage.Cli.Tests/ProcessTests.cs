using LocalWorld;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;

namespace StreamStorage.Cli.Tests;

/// <summary>The real executable, configured only through the environment variables the official SDKs read.</summary>
public sealed class ProcessTests(CliEnvironment environment) : IDisposable
{
    /// <summary>A folder of this test's own: empty credential files, a home without sign-ins, a PATH without tools.</summary>
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("process-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Status_reads_stream_credentials_from_the_sdk_variables()
    {
        await environment.ResetAsync();

        var run = await CliProcess.RunAsync(StreamVariables(), "status", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Empty(document.RootElement.GetProperty("storages").EnumerateArray());
        Assert.DoesNotContain(environment.Emulator.ApiSecret, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_doctor_names_the_service_principal_variables_it_lacks_and_never_takes_the_owners_for_them()
    {
        await RegisterAzureAsync();
        var variables = WithoutAzureCredentials(_scratch.FullName);
        variables["STREAM_AZURE_TENANT_ID"] = CliEnvironment.TenantId;
        variables["STREAM_AZURE_CLIENT_ID"] = null;
        variables["STREAM_AZURE_CLIENT_SECRET"] = null;
        // The owner signed in to the Azure CLI, under an identity of their own that DefaultAzureCredential reads: not Stream's.
        variables["AZURE_TENANT_ID"] = CliEnvironment.TenantId;
        variables["AZURE_CLIENT_ID"] = "00000000-0000-4000-8000-0000000000aa";
        const string ownerToken = "the-owners-own-access-token";
        PutAzureCli(variables["PATH"]!, $$"""echo '{"accessToken": "{{ownerToken}}", "expiresOn": "2099-01-01 00:00:00.000000", "expires_on": 4070908800, "tokenType": "Bearer"}'""");

        var run = await CliProcess.RunAsync(variables, "doctor", "acme-abs", "--account", "acmerecordings", "--json");

        // Stream's write is not tried as anyone else; the report says which variables it lacks and stands.
        Assert.True(run.ExitCode == ExitCodes.ProblemsFound, run.Error);
        using var report = JsonDocument.Parse(run.Output);
        var skipped = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "azure.probe-skipped");
        Assert.Contains("set STREAM_AZURE_CLIENT_ID, STREAM_AZURE_CLIENT_SECRET (its abs_tenant_id", skipped.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ownerToken, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("check")]
    public async Task Without_azure_credentials_the_chain_it_searched_is_named_before_any_check(string command)
    {
        await RegisterAzureAsync();
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);
        var run = await CliProcess.RunAsync(WithoutAzureCredentials(_scratch.FullName), command, "acme-abs", "--account", "acmerecordings");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        var error = ErrorWithoutTheSdksReport(run);
        Assert.StartsWith("No Azure credentials found for your own access to the container.", error, StringComparison.Ordinal);
        AssertNamesTheAzureChain(error);
        await environment.AssertNoCheckWasRequestedAsync();
    }

    [Fact]
    public async Task An_azure_sign_in_that_entra_refuses_is_named_with_its_answer_before_any_check()
    {
        await RegisterAzureAsync();
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);
        var variables = WithoutAzureCredentials(_scratch.FullName);
        // What the Azure CLI answers once its sign-in has lapsed.
        PutAzureCli(variables["PATH"]!, "echo 'ERROR: AADSTS700082: The refresh token has expired due to inactivity.' >&2; exit 1");

        var run = await CliProcess.RunAsync(variables, "check", "acme-abs", "--account", "acmerecordings");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        var error = ErrorWithoutTheSdksReport(run);
        Assert.StartsWith("No Azure sign-in got a token for your own access to the container (Entra answered AADSTS700082).", error, StringComparison.Ordinal);
        Assert.Contains("'az login' again", error, StringComparison.Ordinal);
        AssertNamesTheAzureChain(error);
        await environment.AssertNoCheckWasRequestedAsync();
    }

    private static void AssertNamesTheAzureChain(string error)
    {
        foreach (var source in (string[])["AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "managed identity", "Visual Studio", "'az login'", "Connect-AzAccount", "azd auth login"])
        {
            Assert.Contains(source, error, StringComparison.Ordinal);
        }
    }

    /// <summary>Registers <c>acme-abs</c>, container <c>recordings</c> of the account <c>acmerecordings</c>, which no local store serves.</summary>
    private async Task RegisterAzureAsync()
    {
        await environment.ResetAsync();
        using var client = environment.CreateStreamClient();
        await client.CreateExternalStorageAsync(new CreateExternalStorageRequest
        {
            Name = "acme-abs",
            StorageType = "abs",
            Bucket = "recordings",
            AzureBlob = CliEnvironment.ServicePrincipal(),
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Stream's variables, and a DefaultAzureCredential chain with nothing in it: no AZURE_* variables, a home without
    /// sign-ins, and no Azure CLI, PowerShell or Developer CLI on the PATH (an empty folder, where a test may put an az).
    /// </summary>
    private Dictionary<string, string?> WithoutAzureCredentials(string directory)
    {
        var variables = StreamVariables();
        foreach (var name in (string[])["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME", "AZURE_PASSWORD",
            "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"])
        {
            variables[name] = null;
        }

        // The developer sign-ins only: off an Azure host the managed identity lookup would only time out, or meet a proxy's refusal.
        variables["AZURE_TOKEN_CREDENTIALS"] = "dev";
        variables["HOME"] = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;
        variables["PATH"] = Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName;
        return variables;
    }

    /// <summary>Puts an <c>az</c> in <paramref name="bin"/> that runs <paramref name="script"/> for <c>az account get-access-token</c>, as the Azure CLI would answer.</summary>
    private static void PutAzureCli(string bin, string script)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The Azure CLI credential runs az through /bin/sh, as this stand-in is written, only on Unix.");
        }

        var az = Path.Combine(bin, "az");
        File.WriteAllText(az, $"#!/bin/sh\n{script}\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Stream's variables, and an AWS default chain with nothing in it: no variables, empty shared files, no instance metadata.</summary>
    private Dictionary<string, string?> WithoutAwsCredentials(string directory)
    {
        var credentials = Path.Combine(directory, "credentials");
        var config = Path.Combine(directory, "config");
        File.WriteAllText(credentials, "");
        File.WriteAllText(config, "");
        var variables = StreamVariables();
        foreach (var name in (string[])["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"])
        {
            variables[name] = null;
        }

        variables["AWS_SHARED_CREDENTIALS_FILE"] = credentials;
        variables["AWS_CONFIG_FILE"] = config;
        // Off an EC2 instance the metadata lookup would only time out.
        variables["AWS_EC2_METADATA_DISABLED"] = "true";
        return variables;
    }

    private Dictionary<string, string?> StreamVariables() => new()
    {
        ["STREAM_API_KEY"] = environment.Emulator.ApiKey,
        ["STREAM_API_SECRET"] = environment.Emulator.ApiSecret,
        ["STREAM_BASE_URL"] = environment.Emulator.BaseUrl.ToString(),
    };

    /// <summary>The error message as written, without the line breaks the console's width put in.</summary>
    private static string ErrorWithoutTheSdksReport(CliRun run)
    {
        Assert.Empty(run.Output);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        return ConsoleText.Flat(run.Error);
    }

    /// <summary>
    /// R2, MinIO and the like, played by the local S3 server: Stream writes there through its endpoint, and the
    /// owner's default S3 client finds and deletes the check file there only when told the endpoint.
    /// </summary>
    [Fact]
    public async Task An_s3_compatible_storage_is_checked_and_examined_at_its_endpoint_with_the_owners_key()
    {
        var (bucket, endpoint) = await RegisterS3CompatibleAsync();

        var variables = StreamVariables();
        variables["AWS_ACCESS_KEY_ID"] = S3Server.DefaultAccessKey;
        variables["AWS_SECRET_ACCESS_KEY"] = S3Server.DefaultSecretKey;
        variables["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var name in (string[])["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"])
        {
            variables[name] = null;
        }

        var check = await CliProcess.RunAsync(variables, "check", "acme-r2", "--endpoint", endpoint, "--region", "auto", "--json");
        var doctor = await CliProcess.RunAsync(variables, "doctor", "--all", "--endpoint", $"acme-r2={endpoint}", "--region", "acme-r2=auto", "--json");
        var invalid = await CliProcess.RunAsync(variables, "check", "acme-r2", "--endpoint", "http://r2.example.com", "--region", "auto");

        Assert.True(check.ExitCode == ExitCodes.Success, check.Error + check.Output);
        Assert.True(doctor.ExitCode == ExitCodes.Success, doctor.Error + doctor.Output);
        var storage = Assert.Single(JsonDocument.Parse(doctor.Output).RootElement.GetProperty("storages").EnumerateArray());
        Assert.True(storage.GetProperty("checkSucceeded").GetBoolean());
        Assert.Equal([FindingCodes.S3CompatibleStore], storage.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        Assert.Empty(await environment.Stores.S3.ListKeysAsync(bucket, TestContext.Current.CancellationToken));
        Assert.Equal(ExitCodes.InvalidInput, invalid.ExitCode);
        Assert.Contains("--endpoint for 'acme-r2' must use https", invalid.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("r2.example.com", invalid.Error, StringComparison.Ordinal);
    }

    /// <summary>The drift job's AWS sign-in is the cloud account's; the store's key for one storage comes from its own profile.</summary>
    [Fact]
    public async Task A_storages_own_aws_profile_holds_the_owners_key_for_its_store()
    {
        var (bucket, endpoint) = await RegisterS3CompatibleAsync();
        var variables = WithoutAwsCredentials(_scratch.FullName);
        await File.WriteAllTextAsync(
            variables["AWS_SHARED_CREDENTIALS_FILE"]!,
            $"[recordings-r2]\naws_access_key_id = {S3Server.DefaultAccessKey}\naws_secret_access_key = {S3Server.DefaultSecretKey}\n",
            TestContext.Current.CancellationToken);
        string[] store = ["--endpoint", $"acme-r2={endpoint}", "--region", "acme-r2=auto"];

        var withProfile = await CliProcess.RunAsync(variables, ["check", "acme-r2", .. store, "--aws-profile", "acme-r2=recordings-r2"]);
        var withoutProfile = await CliProcess.RunAsync(variables, ["check", "acme-r2", .. store]);
        var unknownProfile = await CliProcess.RunAsync(variables, ["doctor", "acme-r2", .. store, "--aws-profile", "acme-r2=recordings-archive"]);

        Assert.True(withProfile.ExitCode == ExitCodes.Success, withProfile.Error + withProfile.Output);
        Assert.Empty(await environment.Stores.S3.ListKeysAsync(bucket, TestContext.Current.CancellationToken));
        Assert.Equal(ExitCodes.OwnerCredentialsMissing, withoutProfile.ExitCode);
        Assert.Equal(ExitCodes.OwnerCredentialsMissing, unknownProfile.ExitCode);
        Assert.Contains("The AWS profile 'recordings-archive' given for this storage (--aws-profile)", ErrorWithoutTheSdksReport(unknownProfile), StringComparison.Ordinal);
    }

    /// <summary>Registers <c>acme-r2</c>: a new bucket of the local S3 server, reached as an S3-compatible store at its endpoint.</summary>
    private async Task<(string Bucket, string Endpoint)> RegisterS3CompatibleAsync()
    {
        await environment.ResetAsync();
        var bucket = UniqueNames.For("rec");
        await environment.Stores.S3.CreateBucketAsync(bucket, TestContext.Current.CancellationToken);
        var endpoint = environment.Stores.S3.ServiceUrl.ToString().TrimEnd('/');
        using var client = environment.CreateStreamClient();
        await client.CreateExternalStorageAsync(new CreateExternalStorageRequest
        {
            Name = "acme-r2",
            StorageType = "s3",
            Bucket = bucket,
            Path = "video/",
            AwsS3 = new S3Request
            {
                S3Region = "auto",
                S3ApiKey = S3Server.DefaultAccessKey,
                S3Secret = new SecretString(S3Server.DefaultSecretKey),
                S3CustomEndpointUrl = endpoint,
            },
        }, TestContext.Current.CancellationToken);
        return (bucket, endpoint);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("check")]
    public async Task Without_aws_credentials_the_chain_it_searched_is_named_before_any_check(string command)
    {
        await environment.ResetWithUncheckedStorageAsync("acme-s3");
        var run = await CliProcess.RunAsync(WithoutAwsCredentials(_scratch.FullName), command, "acme-s3", "--region", "eu-west-1");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        var error = ErrorWithoutTheSdksReport(run);
        foreach (var source in (string[])["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_PROFILE",
            "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "EC2 instance metadata", "aws configure"])
        {
            Assert.Contains(source, error, StringComparison.Ordinal);
        }

        await environment.AssertNoCheckWasRequestedAsync();
    }

    /// <summary>A drift check without the owner's credentials must not pass for having looked at nothing.</summary>
    [Fact]
    public async Task Doctor_all_without_aws_credentials_reports_the_storage_as_not_examined_and_fails()
    {
        await environment.ResetWithUncheckedStorageAsync("acme-s3");
        var run = await CliProcess.RunAsync(WithoutAwsCredentials(_scratch.FullName), "doctor", "--all", "--region", "eu-west-1", "--json");

        DoctorJson.AssertOnlyNotExamined(run, "acme-s3", "AWS_ACCESS_KEY_ID");
        await environment.AssertNoCheckWasRequestedAsync();
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("check")]
    public async Task An_aws_profile_whose_credential_process_fails_is_named_before_any_check(string command)
    {
        await environment.ResetWithUncheckedStorageAsync("acme-s3");
        var variables = WithoutAwsCredentials(_scratch.FullName);
        // An expired sign-in helper: it prints a would-be key and fails.
        File.WriteAllText(variables["AWS_CONFIG_FILE"]!, "[profile acme-sso]\ncredential_process = sh -c \"echo AKIAHELPERSAIDTHIS; exit 1\"\n");
        variables["AWS_PROFILE"] = "acme-sso";

        var run = await CliProcess.RunAsync(variables, command, "acme-s3", "--region", "eu-west-1");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        Assert.Contains("The AWS profile 'acme-sso' gave no keys for your own access to the bucket: its credential_process failed", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAHELPERSAIDTHIS", run.Output + run.Error, StringComparison.Ordinal);
        await environment.AssertNoCheckWasRequestedAsync();
    }

    [Fact]
    public async Task An_aws_profile_that_does_not_exist_is_named()
    {
        await environment.ResetAsync();
        await environment.RegisterS3Async(UniqueNames.For("rec"));
        var variables = WithoutAwsCredentials(_scratch.FullName);
        variables["AWS_PROFILE"] = "acme-recordings-admin";

        var run = await CliProcess.RunAsync(variables, "doctor", "acme-s3", "--region", "eu-west-1");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        var error = ErrorWithoutTheSdksReport(run);
        Assert.Contains("AWS_PROFILE names the profile 'acme-recordings-admin'", error, StringComparison.Ordinal);
        Assert.Contains("aws configure --profile acme-recordings-admin", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_google_application_default_credentials_the_places_searched_are_named_before_any_check()
    {
        await environment.ResetWithUncheckedStorageAsync("acme-gcs");
        var variables = StreamVariables();
        variables["GOOGLE_APPLICATION_CREDENTIALS"] = null;
        // gcloud's file is looked for under HOME; the metadata server, at a loopback port nothing listens on.
        variables["HOME"] = _scratch.FullName;
        variables["GCE_METADATA_HOST"] = "127.0.0.1:9";

        var run = await CliProcess.RunAsync(variables, "doctor", "acme-gcs");

        Assert.True(run.ExitCode == ExitCodes.OwnerCredentialsMissing, run.Error);
        var error = ErrorWithoutTheSdksReport(run);
        foreach (var source in (string[])["GOOGLE_APPLICATION_CREDENTIALS", "application_default_credentials.json", "Compute Engine metadata server", "gcloud auth application-default login"])
        {
            Assert.Contains(source, error, StringComparison.Ordinal);
        }

        await environment.AssertNoCheckWasRequestedAsync();
    }

    [Fact]
    public async Task Missing_credentials_name_the_variable_and_exit_with_invalid_input()
    {
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["STREAM_API_KEY"] = null, ["STREAM_API_SECRET"] = null, ["STREAM_BASE_URL"] = null },
            "status");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("STREAM_API_KEY", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}
