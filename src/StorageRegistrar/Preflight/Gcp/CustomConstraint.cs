namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// An organization's custom constraint (Org Policy v2 <c>CustomConstraint</c>): a CEL condition on the resources of some
/// types, which a policy enforcing <see cref="Id"/> applies where they are created or updated. Preflight reads which
/// types and methods it judges and whether it is enforced, never its condition's verdict.
/// </summary>
/// <param name="Id">The short name policies use, <c>custom.requireBucketLabels</c>.</param>
/// <param name="ResourceTypes">Such as <c>storage.googleapis.com/Bucket</c>.</param>
/// <param name="MethodTypes">Such as <c>CREATE</c> and <c>UPDATE</c>.</param>
/// <param name="ActionType"><c>ALLOW</c> (a resource is refused unless the condition holds) or <c>DENY</c> (refused where it holds).</param>
public sealed record CustomConstraint(string Id, IReadOnlyList<string> ResourceTypes, IReadOnlyList<string> MethodTypes, string Condition, string ActionType)
{
    /// <summary>Whether it judges a resource's creation or a change to it, which is all <c>pulumi up</c> does; one for deletions or removed grants does not.</summary>
    public bool JudgesCreateOrUpdate => MethodTypes.Count == 0 || MethodTypes.Any(m => m is "CREATE" or "UPDATE" or "METHOD_TYPE_UNSPECIFIED");
}
