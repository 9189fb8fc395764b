using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Finds the roles of Stream's service principal that reach beyond the storage's path: an assignment without a condition,
/// or one whose condition lets a data action reach a blob outside the path (a sibling folder, the container root, a name
/// that only starts like the path, the same path in another container). Each condition is read into its meaning by
/// <see cref="AzureRoleCondition"/> and asked about such blobs, for every blob operation the role grants. Finds too the
/// roles that grant more than the stack's own (<see cref="AzureGrantFacts.StacksRole"/>, by default blob write and add
/// alone): a data action its condition lets through anywhere, the path included, or a Resource Manager action, beyond
/// that role's.
/// </summary>
public static class AzureGrantAnalyzer
{
    private const string BlobService = "Microsoft.Storage/storageAccounts/blobServices/";

    private const string Blobs = BlobService + "containers/blobs/";

    /// <summary>
    /// The blob operations, each with the suboperations a request for it can carry; all but listing (read's
    /// <see cref="AzureGrants.ListSubOperation"/>, which asks for a prefix) act on one named blob.
    /// </summary>
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
        (AzureGrants.ReadBlob, AzureGrants.ListSubOperation),
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
            // Not "nothing too wide": Stream writes with some role, so the principal named is likely not Stream's.
            return [new Finding(FindingCodes.AzureRoleUnseen, FindingSeverity.Warning,
                $"No role assignment of Stream's service principal, its own or a group's it belongs to, was found on the container or above it, so what reaches beyond {kept} was not examined: the client id given likely names another application.",
                "Pass --client-id with the client id Stream's storage holds (the stack's doctorArguments carry it).")];
        }

        var container = facts.ContainerId[(facts.ContainerId.LastIndexOf('/') + 1)..];
        return [.. assignments.SelectMany(a => Judge(a, facts, container))];
    }

    /// <summary>
    /// The fix of a group's assignment that reaches too far: Stream's principal out of the group, since changing the
    /// assignment changes it for every member, and pulumi up neither made nor manages it.
    /// </summary>
    private static string GroupFix(string group) =>
        $"Take Stream's service principal out of group {group}, or out of the group through which it belongs to it (az ad group member remove), so that it holds only the role pulumi up gives it on the container; "
        + "changing or removing the group's assignment instead does so for every member of the group.";

    private static IEnumerable<Finding> Judge(AzureRoleAssignment assignment, AzureGrantFacts facts, string container)
    {
        var atContainer = string.Equals(assignment.Scope.TrimEnd('/'), facts.ContainerId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        var where = (atContainer ? "on the container" : $"at {assignment.Scope}, above the container,")
            + (assignment.Group is { } group ? $" through group {group}, which it belongs to directly or through a nested group," : "");
        if (assignment.DefinitionError is { } definitionError)
        {
            yield return new Finding(FindingCodes.AzureRoleUnreadable, FindingSeverity.Warning,
                $"Stream's service principal holds role {assignment.RoleName} {where} and its definition could not be read ({definitionError}), so what it grants, and whether that keeps to {KeptTo(facts.Path)}, was not examined.",
                $"Run the doctor signed in (az login) as someone who may read role definitions at {assignment.Scope} (Reader there).");
            yield break;
        }

        var granted = BlobOperations.Where(o => Grants(assignment, o.Action)).ToList();
        var beyondRole = granted.Concat(UnlistedBlobActions(assignment))
            .Where(o => !facts.StacksRole.DataActions.Contains(o.Action, StringComparer.OrdinalIgnoreCase)).ToList();
        var actions = ActionsBeyond(assignment, facts.StacksRole);

        // A storage without a path writes anywhere in its container: a role there reaches nothing it should not.
        var judgesReach = granted.Count > 0 && !(atContainer && facts.Path.Length == 0);
        if (!judgesReach && beyondRole.Count == 0 && actions.Count == 0)
        {
            yield break;
        }

        var (condition, unreadable) = ReadCondition(assignment.Condition);
        var outside = Outside(facts.Path, container, atContainer);
        var reachFix = judgesReach ? ReachFix(assignment, facts, atContainer, granted) : null;
        if (unreadable is not null && (judgesReach || beyondRole.Count > 0))
        {
            string?[] unknown =
            [
                judgesReach ? $"whether it keeps to {KeptTo(facts.Path)}" : null,
                beyondRole.Count > 0 ? $"which of its data actions beyond the stack's role ({Describe(beyondRole)}) it lets through" : null,
            ];
            yield return new Finding(FindingCodes.AzureRoleConditionUnjudged, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} under a condition the doctor cannot judge ({unreadable}), so {string.Join(" and ", unknown.OfType<string>())} is unknown.",
                reachFix ?? StacksRoleFix(assignment, facts, atContainer));
        }
        else if (judgesReach && assignment.Condition is null)
        {
            yield return new Finding(FindingCodes.AzureRoleConditionMissing, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} with no condition: it reaches every blob {(atContainer ? "in the container" : "under that scope")}, not only those under {KeptTo(facts.Path)}.",
                reachFix!);
        }
        else if (judgesReach && condition is not null)
        {
            var reaching = granted
                .Where(o => Reaches(condition, o, outside))
                .Select(o => o.SubOperation == AzureGrants.ListSubOperation ? "listing" : Describe(o.Action))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (reaching.Count > 0)
            {
                yield return new Finding(FindingCodes.AzureRoleConditionWider, FindingSeverity.Warning,
                    $"Stream's service principal holds {assignment.RoleName} {where} under a condition that lets {string.Join(", ", reaching)} reach blobs outside {KeptTo(facts.Path)} (a sibling folder, the container root, or the same path in another container).",
                    reachFix!);
            }
        }

        // What the condition lets through anywhere counts, under the path too: there Stream could read or delete recordings.
        var anywhere = outside.With(Inside(facts.Path, container));
        var dataBeyond = unreadable is not null ? []
            : condition is null ? beyondRole
            : beyondRole.Where(o => Reaches(condition, o, anywhere)).ToList();
        string?[] beyond =
        [
            dataBeyond.Count > 0 ? $"the data actions {Describe(dataBeyond)}" : null,
            actions.Count > 0 ? $"the Resource Manager actions {string.Join(", ", actions)}, which no condition limits" : null,
        ];
        if (dataBeyond.Count + actions.Count > 0)
        {
            yield return new Finding(FindingCodes.AzureGrantWider, FindingSeverity.Warning,
                $"Stream's service principal holds {assignment.RoleName} {where} {(assignment.Condition is null ? "with no condition" : "under its condition")}: beyond the stack's role ({Described(facts.StacksRole)}), it grants {string.Join(", and ", beyond.OfType<string>())}.",
                StacksRoleFix(assignment, facts, atContainer));
        }
    }

    /// <summary>The fix of an assignment that reaches beyond the path: the condition to set on the container, the assignment above it to remove, or for a group's, Stream out of the group.</summary>
    private static string ReachFix(AzureRoleAssignment assignment, AzureGrantFacts facts, bool atContainer, IReadOnlyList<(string Action, string? SubOperation)> granted) =>
        assignment.Group is { } group ? GroupFix(group)
        : !atContainer
            ? $"Remove the assignment at {assignment.Scope}: Stream's role belongs on the container alone{(facts.Path.Length == 0 ? "" : $", kept to '{facts.Path}' by its condition")} (pulumi up makes that one)."
            : AzureGrants.PathProblem(facts.Path) is { } unconditionable
                // A path Stream accepted that no role condition can hold (a single quote): no condition to offer.
                ? $"The path {unconditionable}"
                : $"Set the assignment's condition (version {AzureGrants.ConditionVersion}) to {AzureGrants.PathCondition(facts.Path, [.. granted.Select(o => o.Action).Distinct(StringComparer.Ordinal)])} (pulumi up sets it on the assignment the stack makes).";

    /// <summary>
    /// The fix of a role that grants more than the stack's: the stack's role, and the command that removes this assignment.
    /// Where the doctor holds Stream to the stack's own role and the assignment is the built-in contributor's on the
    /// container, pulumi up may have made it for <c>azureRole: blobDataContributor</c>: switching the stack to
    /// <c>writeOnly</c> replaces it, and a stack that keeps the contributor on purpose declares it to the doctor.
    /// </summary>
    private static string StacksRoleFix(AzureRoleAssignment assignment, AzureGrantFacts facts, bool atContainer)
    {
        if (assignment.Group is { } group)
        {
            return GroupFix(group);
        }

        var role = facts.StacksRole;
        var madeForTheContributor = atContainer && role == AzureStreamRole.WriteOnly
            && string.Equals(assignment.RoleName, AzureGrants.BlobDataContributorRoleName, StringComparison.OrdinalIgnoreCase);
        return $"Keep Stream's principal to the role pulumi up makes (azureRole: {role}): "
            + (role.BuiltInName is { } builtIn ? $"the built-in {builtIn}" : $"a custom role with the data actions {Describe(role.DataActions)}")
            + $" alone, on the container{(facts.Path.Length == 0 ? "" : $", kept to '{facts.Path}' by its condition")}. "
            + $"Remove this assignment with az role assignment delete --ids {assignment.Id}"
            + (madeForTheContributor
                ? $"; if pulumi up made it (azureRole: {AzureStreamRole.BlobDataContributor}), set azureRole: {AzureStreamRole.WriteOnly} and run pulumi up instead, "
                    + "or, where custom roles are refused, keep it and run the doctor with the stack's doctorArguments, which declare it (--azure-role). "
                : ". ")
            + $"Removing an assignment takes Owner, User Access Administrator or Role Based Access Control Administrator at {assignment.Scope}: ask one of them if you are none.";
    }

    /// <summary>The stack's role in a message: the data actions of its own, or the built-in role's name and the stack's word for it.</summary>
    private static string Described(AzureStreamRole role) =>
        role.BuiltInName is { } builtIn ? $"{builtIn}, azureRole: {role}" : Describe(role.DataActions);

    /// <summary>The condition read into its meaning, or why it cannot be; neither when the assignment has none.</summary>
    private static (AzureRoleCondition? Condition, string? Unreadable) ReadCondition(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        try
        {
            return (AzureRoleCondition.Parse(text), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Blobs, and prefixes a listing asks for, that a condition is asked about.</summary>
    private sealed record Places(IReadOnlyList<(string Container, string Name)> Blobs, IReadOnlyList<(string Container, string? Prefix)> Prefixes)
    {
        public Places With(Places other) => new([.. Blobs, .. other.Blobs], [.. Prefixes, .. other.Prefixes]);
    }

    /// <summary>Whether the condition lets the operation through on any of the places.</summary>
    private static bool Reaches(AzureRoleCondition condition, (string Action, string? SubOperation) operation, Places places) =>
        operation.SubOperation == AzureGrants.ListSubOperation
            ? places.Prefixes.Any(p => condition.Allows(new AzureBlobRequest(operation.Action, operation.SubOperation, p.Container, BlobPath: null, p.Prefix)))
            : places.Blobs.Any(b => condition.Allows(new AzureBlobRequest(operation.Action, operation.SubOperation, b.Container, b.Name, ListPrefix: null)));

    /// <summary>
    /// What the grant must not reach: the container root, a sibling folder, a name that only starts like the path, the path
    /// in another container; without a path the whole container is Stream's, and only another container is outside. An
    /// assignment at the container applies to no other; one above it applies to the same path in every container.
    /// </summary>
    private static Places Outside(string path, string container, bool atContainer)
    {
        Places places = path.Length == 0
            ? new([(AnotherContainer, "stream-doctor-outside.md")], [(AnotherContainer, "")])
            : new(
                [
                    (container, "stream-doctor-outside.md"),
                    (container, Sibling(path) + "stream-doctor-outside.md"),
                    (container, path.TrimEnd('/') + "stream-doctor-outside.md"),
                    (AnotherContainer, path + "stream-doctor-outside.md"),
                ],
                [(container, null), (container, ""), (container, Sibling(path)), (AnotherContainer, path)]);
        return atContainer
            ? new([.. places.Blobs.Where(b => b.Container == container)], [.. places.Prefixes.Where(p => p.Container == container)])
            : places;
    }

    /// <summary>A blob under the path, and a listing of it: where Stream writes its recordings.</summary>
    private static Places Inside(string path, string container) => new([(container, path + "stream-doctor-inside.md")], [(container, path)]);

    /// <summary>What Stream's grant is to keep to, in a message: the path, or the container when the storage has none.</summary>
    private static string KeptTo(string path) => path.Length == 0 ? "the container" : $"'{path}'";

    /// <summary>A folder beside the path whose name starts with the path's: <c>recordings-other/</c> beside <c>recordings/</c>.</summary>
    private static string Sibling(string path) => path.TrimEnd('/') + "-other/";

    private static bool Grants(AzureRoleAssignment assignment, string action) =>
        assignment.DataActions.Any(pattern => Matches(pattern, action)) && !assignment.NotDataActions.Any(pattern => Matches(pattern, action));

    /// <summary>The blob service's data actions the role names one by one that <see cref="BlobOperations"/> does not know.</summary>
    private static IEnumerable<(string Action, string? SubOperation)> UnlistedBlobActions(AzureRoleAssignment assignment) =>
        assignment.DataActions
            .Where(a => a.StartsWith(BlobService, StringComparison.OrdinalIgnoreCase) && !a.Contains('*', StringComparison.Ordinal)
                && !BlobOperations.Any(o => string.Equals(o.Action, a, StringComparison.OrdinalIgnoreCase)) && Grants(assignment, a))
            .Select(a => (a, (string?)null));

    /// <summary>
    /// The role's Resource Manager actions that its <c>notActions</c> do not take out and the stack's role does not hold
    /// itself; a pattern (<c>containers/*</c>) counts as beyond it, whatever it matches.
    /// </summary>
    private static List<string> ActionsBeyond(AzureRoleAssignment assignment, AzureStreamRole stacksRole) =>
    [
        .. assignment.Actions
            .Where(a => !assignment.NotActions.Any(pattern => Matches(pattern, a)) && !stacksRole.Actions.Contains(a, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase),
    ];

    private static bool Matches(string pattern, string action) => AzureRoleCondition.MatchesAction(pattern, action);

    private static string Describe(IEnumerable<(string Action, string? SubOperation)> operations) => Describe(operations.Select(o => o.Action));

    private static string Describe(IEnumerable<string> actions) => string.Join(", ", actions.Select(Describe).Distinct(StringComparer.Ordinal));

    private static string Describe(string action) =>
        action.Replace("Microsoft.Storage/storageAccounts/blobServices/containers/", "", StringComparison.Ordinal);
}
