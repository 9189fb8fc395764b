
namespace StackPlanning.Tests;

/// <summary>
/// One rule for every protection: each of its bad configurations is refused on its key path before any request. The tables
/// of bad configurations stay with their protection's other tests; this class runs them all.
/// </summary>
public sealed class ProtectionRefusalTests
{
    /// <summary>Each protection's table, by the name its cases are shown under.</summary>
    private static readonly Dictionary<string, Protection> Protections = new()
    {
        ["keys, tiers and access logs"] = new(KeysTiersAccessLogsValidationTests.BadConfigs, json => StackInputs.FromJson(json), Minimum: 20),
        ["retention lock and residency"] = new(RetentionLockAndResidencyTests.BadConfigs, json => StackInputs.FromJson(json), Minimum: 20),
        ["policy trust"] = new(PolicyTrustTests.BadConfigs, storage => StackInputs.WithStorages(storage)),
        ["unguessable path"] = new(UnguessablePathTests.BadConfigs, storage => StackInputs.WithStorages(storage)),
    };

    public static TheoryData<string, string, string, string> BadConfigs => new(
        from protection in Protections
        from row in protection.Value.BadConfigs
        select (protection.Key, row.Data.Item1, row.Data.Item2, row.Data.Item3));

    public static TheoryData<string> ProtectionsWithAMinimum => new(Protections.Where(p => p.Value.Minimum is not null).Select(p => p.Key));

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_configuration_of_a_protection_is_refused_on_its_key_path_before_any_request(string protection, string config, string field, string message)
    {
        ConfigRefusal.AssertRefusedAt(Protections[protection].Input(config), field, message);
    }

    [Theory]
    [MemberData(nameof(ProtectionsWithAMinimum))]
    public void A_protection_covers_at_least_its_minimum_of_bad_configurations(string protection)
    {
        var table = Protections[protection];

        Assert.True(table.BadConfigs.Count >= table.Minimum);
    }

    /// <param name="BadConfigs">(configuration, key path, start of the message).</param>
    /// <param name="Input">How a case's configuration is written: a whole stack, or the storages alone.</param>
    /// <param name="Minimum">How many bad configurations the table covers at least, where it promises a number.</param>
    private sealed record Protection(TheoryData<string, string, string> BadConfigs, Func<string, StackConfigInput> Input, int? Minimum = null);
}
