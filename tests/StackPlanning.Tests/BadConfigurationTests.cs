
namespace StackPlanning.Tests;

/// <summary>
/// One rule for every table of bad configurations: each case is refused on its key path before any request. The tables stay
/// with their subject's other tests; this class runs them all.
/// </summary>
public sealed class BadConfigurationTests
{
    /// <summary>Each table, by the subject its cases are shown under.</summary>
    private static readonly Dictionary<string, Table> Tables = new()
    {
        ["stack configuration"] = new(StackConfigValidationTests.BadConfigs, json => StackInputs.FromJson(json), ConfigRefusal.AssertRefusedWithExactly, Minimum: 30),
        ["day-2 settings"] = new(Day2ConfigValidationTests.BadStorages, Day2ConfigValidationTests.Ephemeral, ConfigRefusal.AssertRefusedWithExactly, Minimum: 30),
        ["keys, tiers and access logs"] = new(KeysTiersAccessLogsValidationTests.BadConfigs, json => StackInputs.FromJson(json), ConfigRefusal.AssertRefusedAt, Minimum: 20),
        ["retention lock and residency"] = new(RetentionLockAndResidencyTests.BadConfigs, json => StackInputs.FromJson(json), ConfigRefusal.AssertRefusedAt, Minimum: 20),
        ["policy trust"] = new(PolicyTrustTests.BadConfigs, storage => StackInputs.WithStorages(storage), ConfigRefusal.AssertRefusedAt),
        ["unguessable path"] = new(UnguessablePathTests.BadConfigs, storage => StackInputs.WithStorages(storage), ConfigRefusal.AssertRefusedAt),
    };

    public static TheoryData<string, string, string, string> BadConfigs => new(
        from table in Tables
        from row in table.Value.BadConfigs
        select (table.Key, row.Data.Item1, row.Data.Item2, row.Data.Item3));

    public static TheoryData<string> TablesWithAMinimum => new(Tables.Where(t => t.Value.Minimum is not null).Select(t => t.Key));

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_configuration_is_refused_on_its_key_path_before_any_request(string subject, string config, string field, string message)
    {
        var table = Tables[subject];

        table.AssertRefused(table.Input(config), field, message);
    }

    [Theory]
    [MemberData(nameof(TablesWithAMinimum))]
    public void A_table_covers_at_least_its_minimum_of_bad_configurations(string subject)
    {
        var table = Tables[subject];

        Assert.True(table.BadConfigs.Count >= table.Minimum);
    }

    /// <param name="BadConfigs">(configuration, key path, message).</param>
    /// <param name="Input">How a case's configuration is written: a whole stack, or the storages alone.</param>
    /// <param name="AssertRefused">How much of the message the table gives: its start, or all of it.</param>
    /// <param name="Minimum">How many bad configurations the table covers at least, where it promises a number.</param>
    private sealed record Table(
        TheoryData<string, string, string> BadConfigs,
        Func<string, StackConfigInput> Input,
        Action<StackConfigInput, string, string> AssertRefused,
        int? Minimum = null);
}
