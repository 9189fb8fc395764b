using StackPlanning;

namespace StackPlanning.Tests;

/// <summary>What the plan decides but the program does not create yet is refused by pulumi up and the rehearsal, never skipped.</summary>
public sealed class ProgramSupportTests
{
    [Fact]
    public void Azure_keys_tiers_access_logs_and_redundancy_are_named_on_their_key_paths_until_the_program_creates_them()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "production": false, "storages": [
              { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "create",
                "tiers": [ { "afterDays": 30, "class": "infrequent" } ], "accessLogs": "create" },
              { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS", "encryptionKey": "create",
                "tiers": [ { "afterDays": 30, "class": "infrequent" } ], "accessLogs": "create" },
              { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "encryptionKey": "create", "tiers": [ { "afterDays": 30, "class": "infrequent" } ], "accessLogs": "auditLogs" } ] }
            """));

        var refused = ProgramSupport.NotYetApplied(plan);

        // S3 and GCS storages get theirs from the program.
        Assert.Equal(["storages[1].encryptionKey", "storages[1].tiers", "storages[1].accessLogs", "storages[1].redundancy"], refused.Select(p => p.Field));
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
}
