using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Finds the roles of Stream's service principal that reach beyond the storage's path: an assignment without a condition,
/// or one whose condition lets a data action reach a blob outside the path (a sibling folder, the container root, a name
/// that only starts like the path, the same path in another container). Each condition is read into its meaning by
/// <see cref="AzureRoleCondition"/> and asked about such blobs, for every blob operation the role grants.
/// </summary>
public static class AzureGrantAnalyzer
{
    private const string Blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/";

    /// <summary>The blob operations that act on one named blob, each with the suboperations a request for it can carry.</summary>
    private static readonly IReadOnlyList<(string Action, string? SubOperation)> BlobOperations =
    [
        (AzureGrants.ReadBlob, null),
        (AzureGrants.CreateBlob, null),
        (AzureGrants.CreateBlob, "Blob.Write.Tier"),
        (AzureGrants.CreateBlob, "Blob.Write.WithTagHeaders"),
        (AzureGrants.AddToBlob, null),
        (AzureGrants.AddToBlob, "Blob.Write.WithTagHeaders"),
        (AzureGrants.DeleteBlob, null),
        (AzureGrants.MoveBlob, null),
        (Blobs + "deleteBlobVersion/action", null),
        (Blobs + "permanentDelete/action", null),
        (Blobs + "tags/read", null),
        (Blobs + "tags/write", null),
        (Blobs + "immutableStorage/runAsSuperUser/action", null),
        (Blobs + "modifyPermissions/action", null),
        (Blobs + "manageOwnership/action", null),
        (Blobs + "runAsSuperUser/action", null),
    ];

    private const string AnotherContainer = "another-container";

    public static IReadOnlyList<Finding> Analyze(AzureGrantFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var kept = KeptTo(facts.Path);
        if (facts.Assignments is not { } assignments)
        {
            return [new Finding(FindingCodes.AzureRoleUnreadable, FindingSeverity.Warning,
                $"The role assignments of Stream's service principal on the container could not be read ({facts.Error ?? "no answer"}), so whether they keep to {kept} was not examined.",
                "Run the doctor signed in (az login) as someone who may read role assignments and role definitions on the container (Reader there) and the service principal in Entra ID.")];
        }

        if (assignments.Count == 0)
        {
            // Not "nothing too wide": Stream may write through a group's role, which the principal's own list does not show.
            return [new Finding(FindingCodes.AzureRoleUnseen, FindingSeverity.Warning,
                $"No role assignment of Stream's service principal was found on the container or above it, so what reaches beyond {kept} was not examined: it holds its role through a group, or the client id given names another application.",
                "Pass --client-id with the client id Stream's storage holds (the stack's doctorArguments carry it), and keep Stream's role on the principal itself, on the container (pulumi up makes that one).")];
        }

        var container = facts.ContainerId[(facts.ContainerId.LastIndexOf('/') + 1)..];
        return [.. assignments.Select(a => Judge(a, facts, container)).OfType<Finding>()];
    }

    private static Finding? Judge(AzureRoleAssignment assignment, AzureGrantFacts facts, string container)
    {
        var granted = BlobOperations.Where(o => Grants(assignment, o.Action)).ToList();
        var lists = Grants(assignment, AzureGrants.ReadBlob);
        if (granted.Count == 0)
        {
            return null;
        }

        var atContainer = string.Equals(assignment.Scope.TrimEnd('/'), facts.ContainerId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        if (atContainer && facts.Path.Length == 0)
        {
            // A storage without a path writes anywhere in its container: a role there reaches nothing it should not.
            return null;
        }

        var where = atContainer ? "on the container" : $"at {assignment.Scope}, above the container,";
        var fix = !atContainer
            ? $"Remove the assignment at {assignment.Scope}: Stream's role belongs on the container alone{(facts.Path.Length == 0 ? "" : $", kept to '{facts.Path}' by its condition")} (pulumi up makes that one)."
            : AzureGrants.PathProblem(facts.Path) is { } unconditionable
                // A path Stream accepted that no role condition can hold (a single quote): no condition to offer.
                ? $"The path {unconditionable}"
                : $"Set the assignment's condition (version {AzureGrants.ConditionVersion}) to {AzureGrants.PathCondition(facts.Path, [.. granted.Select(o => o.Action).Distinct(StringComparer.Ordinal)])} (pulumi up sets it on the assignment the stack makes).";
        if (assignment.Condition is null)
        {
            return new Finding(FindingCodes.AzureRoleConditionMissing, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} with no condition: it reaches every blob {(atContainer ? "in the container" : "under that scope")}, not only those under {KeptTo(facts.Path)}.",
                fix);
        }

        AzureRoleCondition condition;
        try
        {
            condition = AzureRoleCondition.Parse(assignment.Condition);
        }
        catch (FormatException e)
        {
            return new Finding(FindingCodes.AzureRoleConditionUnjudged, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} under a condition the doctor cannot judge ({e.Message}), so whether it keeps to {KeptTo(facts.Path)} is unknown.",
                fix);
        }

        // An assignment at the container applies to no other; one above it applies to the same path in every container.
        var outside = Outside(facts.Path, container).Where(blob => !atContainer || blob.Container == container).ToList();
        var reaching = granted
            .Where(o => outside.Any(blob => condition.Allows(new AzureBlobRequest(o.Action, o.SubOperation, blob.Container, blob.Name, ListPrefix: null))))
            .Select(o => Describe(o.Action))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var outsidePrefixes = (facts.Path.Length == 0
                ? new[] { (AnotherContainer, (string?)"") }
                : [(container, null), (container, ""), (container, Sibling(facts.Path)), (AnotherContainer, facts.Path)])
            .Where(p => !atContainer || p.Item1 == container);
        if (lists && outsidePrefixes.Any(p => condition.Allows(new AzureBlobRequest(AzureGrants.ReadBlob, AzureGrants.ListSubOperation, p.Item1, BlobPath: null, p.Item2))))
        {
            reaching.Add("listing");
        }

        return reaching.Count == 0
            ? null
            : new Finding(FindingCodes.AzureRoleConditionWider, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} under a condition that lets {string.Join(", ", reaching)} reach blobs outside {KeptTo(facts.Path)} (a sibling folder, the container root, or the same path in another container).",
                fix);
    }

    /// <summary>
    /// Blobs the grant must not reach: the container root, a sibling folder, a name that only starts like the path, the path
    /// in another container; without a path the whole container is Stream's, and only another container is outside.
    /// </summary>
    private static IReadOnlyList<(string Container, string Name)> Outside(string path, string container) => path.Length == 0
        ? [(AnotherContainer, "stream-doctor-outside.md")]
        :
        [
            (container, "stream-doctor-outside.md"),
            (container, Sibling(path) + "stream-doctor-outside.md"),
            (container, path.TrimEnd('/') + "stream-doctor-outside.md"),
            (AnotherContainer, path + "stream-doctor-outside.md"),
        ];

    /// <summary>What Stream's grant is to keep to, in a message: the path, or the container when the storage has none.</summary>
    private static string KeptTo(string path) => path.Length == 0 ? "the container" : $"'{path}'";

    /// <summary>A folder beside the path whose name starts with the path's: <c>recordings-other/</c> beside <c>recordings/</c>.</summary>
    private static string Sibling(string path) => path.TrimEnd('/') + "-other/";

    private static bool Grants(AzureRoleAssignment assignment, string action) =>
        assignment.DataActions.Any(pattern => Matches(pattern, action)) && !assignment.NotDataActions.Any(pattern => Matches(pattern, action));

    private static bool Matches(string pattern, string action) => AzureRoleCondition.MatchesAction(pattern, action);

    private static string Describe(string action) =>
        action.Replace("Microsoft.Storage/storageAccounts/blobServices/containers/", "", StringComparison.Ordinal);
}
