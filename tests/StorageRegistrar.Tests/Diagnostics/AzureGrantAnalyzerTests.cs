using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using static StorageRegistrar.Tests.Diagnostics.SampleAzureIds;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class AzureGrantAnalyzerTests
{
    private const string Path = "calls/";

    private static AzureRoleAssignment WriteOnly(string? condition, string scope = ContainerId) =>
        new(scope, "Stream recording writer (strecabs9f8e7d6c)", AzureGrants.WriteOnlyDataActions, [], condition);

    private static AzureRoleAssignment Contributor(string? condition, string scope = ContainerId) =>
        new(scope, "Storage Blob Data Contributor", AzureGrants.BlobDataContributorDataActions, [], condition);

    private static IReadOnlyList<Finding> Analyze(params AzureRoleAssignment[] assignments) =>
        AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = Path, Assignments = assignments });

    [Fact]
    public void The_conditions_the_stack_writes_pass()
    {
        Assert.Empty(Analyze(WriteOnly(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions))));
        Assert.Empty(Analyze(Contributor(AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions))));
    }

    [Fact]
    public void An_assignment_without_a_condition_reaches_the_whole_container()
    {
        var finding = Assert.Single(Analyze(WriteOnly(condition: null)));

        Assert.Equal((FindingCodes.AzureRoleConditionMissing, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("every blob in the container, not only those under 'calls/'", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions), finding.Fix, StringComparison.Ordinal);
        Assert.Contains("version 2.0", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>Stream accepts a path no role condition can hold: the assignment is judged all the same, and the fix says why none is offered.</summary>
    [Fact]
    public void A_path_no_condition_can_hold_is_judged_without_offering_one()
    {
        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = "o'brien/", Assignments = [WriteOnly(condition: null)] }));

        Assert.Equal(FindingCodes.AzureRoleConditionMissing, finding.Code);
        Assert.StartsWith("The path contains a single quote (')", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_that_leaves_one_action_out_is_wider_and_names_it()
    {
        var writeOnlyTargeted = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}))"
            + " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'calls/'))";

        var finding = Assert.Single(Analyze(WriteOnly(writeOnlyTargeted)));

        Assert.Equal(FindingCodes.AzureRoleConditionWider, finding.Code);
        Assert.Contains("lets blobs/add/action reach blobs outside 'calls/'", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_without_its_slash_is_wider_because_a_sibling_folder_starts_the_same()
    {
        var finding = Assert.Single(Analyze(WriteOnly(AzureGrants.PathCondition("calls", AzureGrants.WriteOnlyDataActions))));

        Assert.Equal(FindingCodes.AzureRoleConditionWider, finding.Code);
    }

    [Fact]
    public void The_write_only_condition_on_the_contributor_role_leaves_reading_deleting_and_listing_wide()
    {
        var finding = Assert.Single(Analyze(Contributor(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions))));

        Assert.Equal(FindingCodes.AzureRoleConditionWider, finding.Code);
        Assert.Contains("blobs/read, blobs/delete, blobs/move/action, listing", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void The_path_condition_at_the_account_still_reaches_the_path_in_every_container()
    {
        var finding = Assert.Single(Analyze(WriteOnly(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions), scope: Account)));

        Assert.Equal(FindingCodes.AzureRoleConditionWider, finding.Code);
        Assert.Contains($"at {Account}, above the container,", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"Remove the assignment at {Account}", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_role_without_a_condition_above_the_container_is_found()
    {
        var owner = new AzureRoleAssignment("/subscriptions/00000000-0000-0000-0000-000000000001", "Storage Blob Data Owner",
            ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"], [], Condition: null);

        var finding = Assert.Single(Analyze(owner));

        Assert.Equal(FindingCodes.AzureRoleConditionMissing, finding.Code);
        Assert.Contains("every blob under that scope", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_without_blob_data_actions_are_not_judged()
    {
        var reader = new AzureRoleAssignment(ContainerId, "Reader", [], [], Condition: null);
        var allButBlobs = new AzureRoleAssignment(ContainerId, "Queue writer", ["Microsoft.Storage/*"], ["Microsoft.Storage/storageAccounts/blobServices/*"], Condition: null);

        Assert.Empty(Analyze(reader, allButBlobs));
    }

    [Fact]
    public void A_condition_the_doctor_cannot_read_is_unjudged_not_passed()
    {
        var finding = Assert.Single(Analyze(WriteOnly("((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})) OR (@Environment[isPrivateLink] BoolEquals true))")));

        Assert.Equal((FindingCodes.AzureRoleConditionUnjudged, FindingSeverity.Warning), (finding.Code, finding.Severity));
    }

    [Fact]
    public void Unreadable_assignments_are_a_warning_not_a_pass()
    {
        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = Path, Error = "HTTP 403 AuthorizationFailed: no read" }));

        Assert.Equal((FindingCodes.AzureRoleUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("HTTP 403 AuthorizationFailed", finding.Cause, StringComparison.Ordinal);
    }

    /// <summary>Without a path the container is Stream's: a role on it needs no condition, one above it still reaches other containers.</summary>
    [Fact]
    public void A_storage_at_the_container_root_needs_no_condition_on_the_container_but_a_role_above_it_is_found()
    {
        var atRoot = new AzureGrantFacts { ContainerId = ContainerId, Path = "" };
        var owner = new AzureRoleAssignment(Subscription, "Storage Blob Data Contributor", AzureGrants.BlobDataContributorDataActions, [], Condition: null);

        var findings = AzureGrantAnalyzer.Analyze(atRoot with { Assignments = [WriteOnly(condition: null), owner] });

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.AzureRoleConditionMissing, finding.Code);
        Assert.Contains($"at {Subscription}, above the container, with no condition: it reaches every blob under that scope, not only those under the container.", finding.Cause, StringComparison.Ordinal);
        Assert.StartsWith($"Remove the assignment at {Subscription}: Stream's role belongs on the container alone (pulumi up", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>No assignment seen is not "nothing too wide": Stream may hold its role through a group, or another principal was named.</summary>
    [Fact]
    public void No_assignment_of_streams_principal_is_not_examined_rather_than_passed()
    {
        var finding = Assert.Single(Analyze());

        Assert.Equal((FindingCodes.AzureRoleUnseen, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("what reaches beyond 'calls/' was not examined", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("--client-id", finding.Fix, StringComparison.Ordinal);
    }
}
