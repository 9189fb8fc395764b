using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>One role assignment held by Stream's service principal at the container or above it, its own or a group's, with its role's data actions.</summary>
/// <param name="Id">The assignment's ARM id, which <c>az role assignment delete --ids</c> takes.</param>
/// <param name="Scope">Where it is assigned: the container, or an account, group or subscription above it.</param>
/// <param name="RoleName">The role's name, for people; the role definition's id when it could not be read.</param>
/// <param name="DataActions">The role definition's <c>dataActions</c> (patterns: <c>*</c> stands for any run of characters).</param>
/// <param name="NotDataActions">The role definition's <c>notDataActions</c>, taken out of <paramref name="DataActions"/>.</param>
/// <param name="Condition">The assignment's condition; null when it has none.</param>
public sealed record AzureRoleAssignment(
    string Id,
    string Scope,
    string RoleName,
    IReadOnlyList<string> DataActions,
    IReadOnlyList<string> NotDataActions,
    string? Condition)
{
    /// <summary>The role definition's Resource Manager <c>actions</c> (patterns as <see cref="DataActions"/>), which no condition limits.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>The role definition's <c>notActions</c>, taken out of <see cref="Actions"/>.</summary>
    public IReadOnlyList<string> NotActions { get; init; } = [];

    /// <summary>Why the role definition could not be read: what the assignment grants is then unknown, and it is not examined.</summary>
    public string? DefinitionError { get; init; }

    /// <summary>The object id of the group the assignment is made to, which Stream's principal belongs to; null for the principal's own.</summary>
    public string? Group { get; init; }
}

/// <summary>What Azure Resource Manager says of the roles Stream's service principal holds on the container.</summary>
public sealed record AzureGrantFacts
{
    /// <summary>The container's ARM id.</summary>
    public required string ContainerId { get; init; }

    public string Path { get; init; } = "";

    /// <summary>The role the stack gives Stream's principal (its <c>azureRole</c>): what a role grants beyond it is too much.</summary>
    public AzureStreamRole StacksRole { get; init; } = AzureStreamRole.WriteOnly;

    /// <summary>The principal's assignments at the container or above, its groups' included; null when they could not be read (see <see cref="Error"/>).</summary>
    public IReadOnlyList<AzureRoleAssignment>? Assignments { get; init; }

    public string? Error { get; init; }
}
