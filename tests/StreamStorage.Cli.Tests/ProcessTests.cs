using System.Text.Json;
using StorageRegistrar.Stream.Models;

namespace StreamStorage.Cli.Tests;

/// <summary>The real executable, configured only through the environment variables the official SDKs read.</summary>
public sealed class ProcessTests(CliEnvironment environment)
{
    [Fact]
    public async Task Status_reads_stream_credentials_from_the_sdk_variables()
    {
        await environment.ResetAsync();

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["STREAM_API_KEY"] = environment.Stream.ApiKey,
                ["STREAM_API_SECRET"] = environment.Stream.ApiSecret,
                ["STREAM_BASE_URL"] = environment.Stream.BaseUrl.ToString(),
            },
            "status", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Empty(document.RootElement.GetProperty("storages").EnumerateArray());
        Assert.DoesNotContain(environment.Stream.ApiSecret, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_doctor_asks_for_the_service_principal_variables_it_lacks()
    {
        await environment.ResetAsync();
        using (var client = environment.CreateStreamClient())
        {
            await client.CreateExternalStorageAsync(new CreateExternalStorageRequest
            {
                Name = "acme-abs",
                StorageType = "abs",
                Bucket = "recordings",
                AzureBlob = CliEnvironment.ServicePrincipal(),
            }, TestContext.Current.CancellationToken);
        }

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["STREAM_API_KEY"] = environment.Stream.ApiKey,
                ["STREAM_API_SECRET"] = environment.Stream.ApiSecret,
                ["STREAM_BASE_URL"] = environment.Stream.BaseUrl.ToString(),
                ["AZURE_TENANT_ID"] = CliEnvironment.TenantId,
                ["AZURE_CLIENT_ID"] = null,
                ["AZURE_CLIENT_SECRET"] = null,
            },
            "doctor", "acme-abs", "--account", "acmerecordings");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("AZURE_CLIENT_ID, AZURE_CLIENT_SECRET", run.Error, StringComparison.Ordinal);
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
