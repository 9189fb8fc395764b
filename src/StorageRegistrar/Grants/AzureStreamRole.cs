namespace StorageRegistrar.Grants;

/// <summary>
/// A role the stack gives Stream's service principal on its container (the stack's <c>azureRole</c>), named in the stack's
/// own words, with what it grants: the doctor holds the principal's roles to it.
/// </summary>
/// <param name="Value">The stack's word for it: <c>writeOnly</c> or <c>blobDataContributor</c>.</param>
/// <param name="BuiltInName">The built-in role's name; null for the stack's own custom role, named after its account.</param>
/// <param name="DataActions">The blob data actions it grants, each kept to the path by the assignment's condition.</param>
/// <param name="Actions">The Resource Manager actions it grants, which no condition limits.</param>
public sealed record AzureStreamRole(string Value, string? BuiltInName, IReadOnlyList<string> DataActions, IReadOnlyList<string> Actions)
{
    /// <summary>The stack's own custom role, its default: blob write and add only.</summary>
    public static AzureStreamRole WriteOnly { get; } = new("writeOnly", BuiltInName: null, AzureGrants.WriteOnlyDataActions, []);

    /// <summary>The built-in Storage Blob Data Contributor, for where custom roles are refused.</summary>
    public static AzureStreamRole BlobDataContributor { get; } = new("blobDataContributor", AzureGrants.BlobDataContributorRoleName, AzureGrants.BlobDataContributorDataActions, AzureGrants.BlobDataContributorActions);

    public static IReadOnlyList<AzureStreamRole> All { get; } = [WriteOnly, BlobDataContributor];

    public override string ToString() => Value;

    /// <exception cref="FormatException">When <paramref name="value"/> is none of the stack's words for a role.</exception>
    public static AzureStreamRole Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return All.FirstOrDefault(r => r.Value == value.Trim())
            ?? throw new FormatException($"is neither {WriteOnly} nor {BlobDataContributor}: pass the storage's azureRole");
    }
}
