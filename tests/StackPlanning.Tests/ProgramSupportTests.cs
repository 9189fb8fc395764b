using StackPlanning;

namespace StackPlanning.Tests;

/// <summary>What the plan decides but the program does not create yet is refused by pulumi up and the rehearsal, never skipped.</summary>
public sealed class ProgramSupportTests
{
    [Fact]
    public void Keys_tiers_and_access_logs_are_named_on_their_key_paths_until_the_program_creates_them()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "production": false, "storages": [
              { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "create",
                "tiers": [ { "afterDays": 30, "class": "infrequent" } ], "accessLogs": "create" },
              { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "encryptionKey": "https://acme-keys.vault.azure.net/keys/recordings" },
              { "name": "rec-gcs", "cloud": "gcs", "location": "EU" } ] }
            """));

        var refused = ProgramSupport.NotYetApplied(plan);

        Assert.Equal(["storages[0].encryptionKey", "storages[0].tiers", "storages[0].accessLogs", "storages[1].encryptionKey"], refused.Select(p => p.Field));
        Assert.Contains("resource group", refused[3].Message, StringComparison.Ordinal);
        var error = Assert.Throws<StackConfigException>(() => ProgramSupport.EnsureApplied(plan));
        Assert.Equal(refused, error.Problems);
        Assert.Equal(plan.Warnings.Count + refused.Count, ProgramSupport.WarningsWithNotYetApplied(plan).Count);
    }

    [Fact]
    public void A_stack_with_only_what_the_program_creates_passes()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec", "cloud": "gcs", "location": "EU", "immutability": { "days": 30, "mode": "governance" } }"""));

        Assert.Empty(ProgramSupport.NotYetApplied(plan));
        ProgramSupport.EnsureApplied(plan);
    }

    [Fact]
    public void Every_azure_protection_with_a_key_the_stack_creates_passes()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""
            { "name": "rec", "cloud": "abs", "location": "westeurope", "redundancy": "GRS", "encryptionKey": "create", "infrastructureEncryption": true,
              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" } ], "accessLogs": "create" }
            """));

        Assert.Empty(ProgramSupport.NotYetApplied(plan));
    }
}
