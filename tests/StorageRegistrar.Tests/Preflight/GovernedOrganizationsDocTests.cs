using StorageRegistrar.Preflight;
using TestSupport;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>docs/governed-organizations.md lists exactly the guardrails preflight knows, in the catalog's order and with their cloud.</summary>
public sealed class GovernedOrganizationsDocTests
{
    private const string TableHeading = "## Every guardrail, what it refuses, the fix";

    [Fact]
    public void The_documents_guardrail_table_and_the_catalog_name_the_same_guardrails()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "governed-organizations.md"));
        var table = lines
            .SkipWhile(line => line != TableHeading)
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Id: cells[1].Trim('`'), Cloud: cells[2]))
            .ToList();

        Assert.NotEmpty(table);
        Assert.Equal(
            GuardrailCatalog.All.Select(g => (g.Id, Cloud: g.Cloud.ToString().ToUpperInvariant())),
            table.Select(row => (row.Id, Cloud: row.Cloud.ToUpperInvariant())));
    }
}
