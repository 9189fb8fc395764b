using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using static StorageRegistrar.Tests.Diagnostics.SampleAzureIds;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class AzureGrantAnalyzerTests
{
    private const string Path = "calls/";

    private static string AssignmentId(string scope) => $"{scope}/providers/Microsoft.Authorization/roleAssignments/1f2e3d4c-0000-4000-8000-000000000001";

    private static AzureRoleAssignment WriteOnly(string? condition, string scope = ContainerId) =>
        new(AssignmentId(scope), scope, "Stream recording writer (strecabs9f8e7d6c)", AzureGrants.WriteOnlyDataActions, [], condition);

    private static AzureRoleAssignment Contributor(string? condition, string scope = ContainerId) =>
        new(AssignmentId(scope), scope, "Storage Blob Data Contributor", AzureGrants.BlobDataContributorDataActions, [], condition);

    /// <summary>A role of the data actions given, without a condition, on the container.</summary>
    private static AzureRoleAssignment Role(string name, IReadOnlyList<string> dataActions, IReadOnlyList<string>? notDataActions = null, string scope = ContainerId) =>
        new(AssignmentId(scope), scope, name, dataActions, notDataActions ?? [], Condition: null);

    private static IReadOnlyList<Finding> Analyze(params AzureRoleAssignment[] assignments) =>
        AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = Path, Assignments = assignments });

    [Fact]
    public void The_stacks_own_role_passes_with_a_path_under_its_condition_and_without_one_on_the_whole_container()
    {
        Assert.Empty(Analyze(WriteOnly(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions))));
        Assert.Empty(AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = "", Assignments = [WriteOnly(condition: null)] }));
    }

    /// <summary>The condition keeps every action to the path, but there Stream may still read, delete and move the recordings.</summary>
    [Fact]
    public void The_contributor_role_under_the_stacks_path_condition_grants_more_than_the_stacks_role()
    {
        var assignment = Contributor(AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions));

        var finding = Assert.Single(Analyze(assignment));

        Assert.Equal((FindingCodes.AzureGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(
            "holds Storage Blob Data Contributor on the container under its condition: beyond the stack's role (blobs/write, blobs/add/action), it grants the data actions blobs/read, blobs/delete, blobs/move/action.",
            finding.Cause,
            StringComparison.Ordinal);
        Assert.Contains("azureRole: writeOnly", finding.Fix, StringComparison.Ordinal);
        Assert.Contains(
            $"az role assignment delete --ids {assignment.Id}; if pulumi up made it (azureRole: blobDataContributor), set azureRole: writeOnly and run pulumi up instead, "
            + "or, where custom roles are refused, keep it and run the doctor with the stack's doctorArguments, which declare it (--azure-role).",
            finding.Fix,
            StringComparison.Ordinal);
    }

    /// <summary>
    /// A role held through a group is Stream's as much as its own, and judged the same; its fix takes Stream out of the
    /// group, since changing the group's assignment changes it for every member, and pulumi up neither made nor manages it.
    /// </summary>
    [Fact]
    public void A_contributor_role_held_through_a_group_is_judged_and_its_fix_spares_the_groups_other_members()
    {
        const string group = "5b6c7d8e-0000-4000-8000-00000000abcd";
        var assignment = Contributor(AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions)) with { Group = group };

        var finding = Assert.Single(Analyze(assignment));

        Assert.Equal(FindingCodes.AzureGrantWider, finding.Code);
        Assert.Contains($"holds Storage Blob Data Contributor on the container through group {group}, which it belongs to directly or through a nested group, under its condition:", finding.Cause, StringComparison.Ordinal);
        Assert.StartsWith($"Take Stream's service principal out of group {group}, or out of the group through which it belongs to it (az ad group member remove)", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("pulumi up made it", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("az role assignment delete", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>A condition that lets only writing and adding through takes the contributor's other actions away, everywhere.</summary>
    [Fact]
    public void Actions_the_condition_lets_through_nowhere_are_not_granted()
    {
        var writeAndAddUnderThePath = $"((ActionMatches{{'{AzureGrants.CreateBlob}'}}) OR (ActionMatches{{'{AzureGrants.AddToBlob}'}}))"
            + $" AND (@Resource[{AzureGrants.BlobPathAttribute}] StringStartsWith 'calls/')";
        var noDeleting = $"({AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions)}) AND (!(ActionMatches{{'{AzureGrants.DeleteBlob}'}}))";

        Assert.Empty(Analyze(Contributor(writeAndAddUnderThePath)));
        var finding = Assert.Single(Analyze(Contributor(noDeleting)));
        Assert.Equal(FindingCodes.AzureGrantWider, finding.Code);
        Assert.Contains("it grants the data actions blobs/read, blobs/move/action.", finding.Cause, StringComparison.Ordinal);
    }

    /// <summary>Storage Blob Data Owner grants more than either role the stack may declare: beyond the contributor, its other blob actions and the container's <c>*</c>.</summary>
    [Theory]
    [InlineData(
        "writeOnly",
        "beyond the stack's role (blobs/write, blobs/add/action), it grants the data actions blobs/read, blobs/delete, blobs/move/action, blobs/deleteBlobVersion/action, ",
        "Microsoft.Storage/storageAccounts/blobServices/containers/*, Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action, which no condition limits.",
        "Keep Stream's principal to the role pulumi up makes (azureRole: writeOnly): a custom role with the data actions blobs/write, blobs/add/action alone, on the container.")]
    [InlineData(
        "blobDataContributor",
        "beyond the stack's role (Storage Blob Data Contributor, azureRole: blobDataContributor), it grants the data actions blobs/deleteBlobVersion/action, ",
        "Microsoft.Storage/storageAccounts/blobServices/containers/*, which no condition limits.",
        "Keep Stream's principal to the role pulumi up makes (azureRole: blobDataContributor): the built-in Storage Blob Data Contributor alone, on the container.")]
    public void Storage_blob_data_owner_on_the_container_of_a_storage_without_a_path_grants_more_than_the_stacks_role(
        string stacksRole, string beyondRole, string resourceManagerActions, string fix)
    {
        var owner = Role("Storage Blob Data Owner", ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]) with
        {
            Actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/*", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
        };

        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(
            new AzureGrantFacts { ContainerId = ContainerId, Path = "", Assignments = [owner], StacksRole = AzureStreamRole.Parse(stacksRole) }));

        Assert.Equal((FindingCodes.AzureGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(
            beyondRole + "blobs/permanentDelete/action, blobs/tags/read, blobs/tags/write, blobs/immutableStorage/runAsSuperUser/action, blobs/modifyPermissions/action, "
            + "blobs/manageOwnership/action, blobs/runAsSuperUser/action, and the Resource Manager actions " + resourceManagerActions,
            finding.Cause,
            StringComparison.Ordinal);
        Assert.StartsWith(fix, finding.Fix, StringComparison.Ordinal);
        // pulumi up makes no Storage Blob Data Owner: switching the stack's azureRole would not take it away.
        Assert.DoesNotContain("set azureRole: writeOnly", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>The built-in contributor, as its definition reads, with the Resource Manager actions it holds on the container.</summary>
    private static AzureRoleAssignment BuiltInContributor(string? condition) =>
        Contributor(condition) with { Actions = AzureGrants.BlobDataContributorActions };

    private static IReadOnlyList<Finding> AnalyzeDeclaringContributor(string path, params AzureRoleAssignment[] assignments) =>
        AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = path, Assignments = assignments, StacksRole = AzureStreamRole.BlobDataContributor });

    /// <summary>A stack that declares azureRole: blobDataContributor holds Stream to that role: the drift check passes on the role pulumi up makes.</summary>
    [Fact]
    public void The_contributor_role_passes_where_the_stack_declares_it_under_its_condition_or_on_the_whole_container()
    {
        Assert.Empty(AnalyzeDeclaringContributor(Path, BuiltInContributor(AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions))));
        Assert.Empty(AnalyzeDeclaringContributor("", BuiltInContributor(condition: null)));
        Assert.Empty(AnalyzeDeclaringContributor(Path, WriteOnly(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions))));
    }

    /// <summary>Declaring the contributor changes what is too much, not where it may reach: the condition must still keep it to the path.</summary>
    [Fact]
    public void A_declared_contributor_still_keeps_to_the_path()
    {
        var finding = Assert.Single(AnalyzeDeclaringContributor(Path, BuiltInContributor(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions))));

        Assert.Equal(FindingCodes.AzureRoleConditionWider, finding.Code);
        Assert.Contains($"ActionMatches{{'{AzureGrants.DeleteBlob}'}}", finding.Fix, StringComparison.Ordinal);
        Assert.Contains($"SubOperationMatches{{'{AzureGrants.ListSubOperation}'}}", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>Azure reads <c>*</c> as every data action; <c>notDataActions</c> take theirs out, and a role's own name for a blob action the doctor does not list is counted as written.</summary>
    [Fact]
    public void A_wildcard_data_action_is_every_blob_action_but_those_its_not_data_actions_take_out()
    {
        var everything = Role("Everything but deleting", ["*"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*delete*", "*/action"]);
        var unlisted = Role("Filter", ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/filter/action", AzureGrants.CreateBlob]);

        var findings = AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = "", Assignments = [everything, unlisted] });

        Assert.Equal([FindingCodes.AzureGrantWider, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.EndsWith("it grants the data actions blobs/read, blobs/tags/read, blobs/tags/write.", findings[0].Cause, StringComparison.Ordinal);
        Assert.EndsWith("it grants the data actions blobs/filter/action.", findings[1].Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Resource_manager_actions_beyond_its_not_actions_are_more_than_the_stacks_role_under_any_condition()
    {
        var deletesTheContainer = WriteOnly(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions)) with
        {
            Actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/containers/delete"],
            NotActions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read"],
        };

        var finding = Assert.Single(Analyze(deletesTheContainer));

        Assert.Equal(FindingCodes.AzureGrantWider, finding.Code);
        Assert.EndsWith("it grants the Resource Manager actions Microsoft.Storage/storageAccounts/blobServices/containers/delete, which no condition limits.", finding.Cause, StringComparison.Ordinal);
    }

    /// <summary>A role whose definition was not read is not examined, and says so; the principal's other roles are still judged.</summary>
    [Fact]
    public void An_assignment_whose_role_definition_could_not_be_read_is_not_examined_never_passed()
    {
        var unread = new AzureRoleAssignment(AssignmentId(Subscription), Subscription, Subscription + "/providers/Microsoft.Authorization/roleDefinitions/7e8f", [], [], Condition: null)
        {
            DefinitionError = "HTTP 403 AuthorizationFailed: no read",
        };

        var findings = Analyze(unread, WriteOnly(condition: null));

        Assert.Equal([FindingCodes.AzureRoleUnreadable, FindingCodes.AzureRoleConditionMissing], findings.Select(f => f.Code));
        Assert.Equal(FindingSeverity.Warning, findings[0].Severity);
        Assert.Contains($"role {Subscription}/providers/Microsoft.Authorization/roleDefinitions/7e8f at {Subscription}, above the container, and its definition could not be read (HTTP 403 AuthorizationFailed: no read), so what it grants", findings[0].Cause, StringComparison.Ordinal);
        Assert.Contains($"role definitions at {Subscription}", findings[0].Fix, StringComparison.Ordinal);
    }

    /// <summary>A condition the doctor cannot read may or may not take the role's other actions away: not examined, never a pass.</summary>
    [Fact]
    public void A_condition_the_doctor_cannot_read_leaves_the_roles_other_data_actions_unjudged()
    {
        var unreadable = Contributor("@Environment[isPrivateLink] BoolEquals true");

        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(new AzureGrantFacts { ContainerId = ContainerId, Path = "", Assignments = [unreadable] }));

        Assert.Equal((FindingCodes.AzureRoleConditionUnjudged, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("so which of its data actions beyond the stack's role (blobs/read, blobs/delete, blobs/move/action) it lets through is unknown.", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"az role assignment delete --ids {unreadable.Id}", finding.Fix, StringComparison.Ordinal);
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
        var findings = Analyze(Contributor(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions)));

        Assert.Equal([FindingCodes.AzureRoleConditionWider, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.Contains("blobs/read, blobs/delete, blobs/move/action, listing", findings[0].Cause, StringComparison.Ordinal);
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
        var owner = Role("Storage Blob Data Owner", ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"], scope: Subscription);

        var findings = Analyze(owner);

        Assert.Equal([FindingCodes.AzureRoleConditionMissing, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.Contains("every blob under that scope", findings[0].Cause, StringComparison.Ordinal);
        Assert.Contains($"Remove this assignment with az role assignment delete --ids {owner.Id}. Removing an assignment takes", findings[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_without_blob_data_actions_or_resource_manager_actions_are_not_judged()
    {
        var reader = Role("No permissions", []);
        var allButBlobs = Role("Queue writer", ["Microsoft.Storage/*"], ["Microsoft.Storage/storageAccounts/blobServices/*"]);

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
        var owner = Contributor(condition: null, scope: Subscription);

        var findings = AzureGrantAnalyzer.Analyze(atRoot with { Assignments = [WriteOnly(condition: null), owner] });

        Assert.Equal([FindingCodes.AzureRoleConditionMissing, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        var finding = findings[0];
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
