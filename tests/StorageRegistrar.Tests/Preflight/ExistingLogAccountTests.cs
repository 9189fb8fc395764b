using LocalWorld;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Azure;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// An existing Azure log account, read by preflight's own checkers in Resource Manager from the local Azure stand-in,
/// which describes the owner's accounts as a guardrails file says: its location against the recordings' account's,
/// the stack's or, for an existing account, as read.
/// </summary>
public sealed class ExistingLogAccountTests
{
    private const string Group = $"/subscriptions/{GuardrailServers.LocalSubscriptionId}/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts";
    private const string LogsInWestEurope = $"{Group}/acmelogsweu";
    private const string LogsInEastUs = $"{Group}/acmelogseus";
    private const string RecordingsInEastUs = $"{Group}/acmevideo";

    private static readonly GuardrailsFile Described = new()
    {
        Azure = new AzureGuardrailSettings
        {
            ExistingAccounts = [new(LogsInWestEurope, "westeurope"), new(LogsInEastUs, "eastus"), new(RecordingsInEastUs, "eastus")],
        },
    };

    [Fact]
    public async Task A_log_account_in_the_location_the_stack_creates_the_account_in_meets_it_from_one_read()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogAccountCheckAsync(servers, new(LogsInWestEurope, "West Europe", RecordingsAccountId: null));

        Assert.Equal(PreflightOutcome.Met, check.Outcome);
        Assert.Equal("Log account acmelogsweu is in westeurope, as the recordings' account: Azure Monitor takes it for the diagnostic setting.", check.Message);
        Assert.Single(servers.Azure.Requests, r => r.Path == LogsInWestEurope);
    }

    [Fact]
    public async Task A_log_account_in_another_region_blocks_naming_both_locations_and_the_ways_out()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogAccountCheckAsync(servers, new(LogsInEastUs, "westeurope", RecordingsAccountId: null));

        Assert.Equal(PreflightOutcome.Blocks, check.Outcome);
        Assert.StartsWith("Log account acmelogseus is in eastus, the recordings' account in westeurope: Azure Monitor sends resource logs only to a storage account in the monitored resource's region", check.Message, StringComparison.Ordinal);
        Assert.Equal("Name a storage account in westeurope (accessLogs: ACCOUNT_ID), a Log Analytics workspace (any region), or set accessLogs: create to have the stack make one there.", check.Fix);
        Assert.Equal(ExistingBucketGuardrails.AbsLogAccount.GrantedBy, check.GrantedBy);
    }

    [Fact]
    public async Task An_existing_recordings_account_is_read_for_its_location_and_without_a_subscription_is_not_examined()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var elsewhere = await LogAccountCheckAsync(servers, new(LogsInWestEurope, Location: null, RecordingsInEastUs));
        var together = await LogAccountCheckAsync(servers, new(LogsInEastUs, Location: null, RecordingsInEastUs));
        var unplaced = await LogAccountCheckAsync(servers, new(LogsInEastUs, Location: null, RecordingsAccountId: null));

        Assert.Equal(PreflightOutcome.Blocks, elsewhere.Outcome);
        Assert.Contains("the recordings' account in eastus", elsewhere.Message, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Met, together.Outcome);
        Assert.Equal(PreflightOutcome.NotExamined, unplaced.Outcome);
        Assert.Contains("the recordings' account's location could not be read (the stack names no subscription", unplaced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_account_the_stand_in_does_not_describe_is_not_found_and_not_examined()
    {
        await using var servers = await GuardrailServers.StartAsync(Described, GuardrailServers.LocalSubscriptionId, TestContext.Current.CancellationToken);

        var check = await LogAccountCheckAsync(servers, new($"{Group}/acmeunknown", "westeurope", RecordingsAccountId: null));

        Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
        Assert.StartsWith("log account acmeunknown's location could not be read (HTTP 404", check.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts/read (Reader) on log account acmeunknown", check.Fix, StringComparison.Ordinal);
    }

    private static async Task<GuardrailCheck> LogAccountCheckAsync(GuardrailServers servers, ExistingLogAccount logAccount)
    {
        var target = new AzurePreflightTarget("rec-abs", "video-rg")
        {
            SubscriptionId = GuardrailServers.LocalSubscriptionId,
            CreatesResourceGroup = false,
            AccountSku = "Standard_LRS",
            ClientSecretDays = 180,
            Location = "westeurope",
            Actions = [],
            ExistingLogAccount = logAccount,
        };
        var report = await new PreflightRunner(servers.CreateCheckers()).RunAsync("dev", [target], TestContext.Current.CancellationToken);
        return Assert.Single(report.Storages.Single().Checks, c => c.Guardrail == ExistingBucketGuardrails.AbsLogAccount.Id);
    }
}
