using System.Text.RegularExpressions;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// An organization's custom constraint (Org Policy v2 <c>CustomConstraint</c>): a CEL condition on resources of some
/// types, which a policy enforcing <see cref="Id"/> applies to the methods it names. Preflight reads which types it
/// judges and whether it is enforced, never its condition's verdict.
/// </summary>
/// <param name="Id">The short name policies use, <c>custom.requireBucketLabels</c>.</param>
/// <param name="ResourceTypes">Such as <c>storage.googleapis.com/Bucket</c>.</param>
/// <param name="MethodTypes">Such as <c>CREATE</c> and <c>UPDATE</c>.</param>
/// <param name="ActionType"><c>ALLOW</c> (a resource is refused unless the condition holds) or <c>DENY</c> (refused where it holds).</param>
public sealed partial record CustomConstraint(string Id, IReadOnlyList<string> ResourceTypes, IReadOnlyList<string> MethodTypes, string Condition, string ActionType)
{
    /// <summary>
    /// The planned resources it judges: those of its types. Whatever its methods, since <c>pulumi up</c> creates and
    /// updates them, and a rotation or a replacement deletes them and removes their grants.
    /// </summary>
    public IReadOnlyList<string> Judges(IEnumerable<GcpConstrainedResource> resources) =>
        [.. resources.Where(r => ResourceTypes.Contains(r.ResourceType, StringComparer.Ordinal)).Select(r => r.Resource).Distinct(StringComparer.Ordinal)];

    /// <summary>A custom constraint's id: <c>custom.</c> and up to 70 letters and digits; managed constraints, listed beside them, have none.</summary>
    [GeneratedRegex(@"^custom\.[A-Za-z0-9]{1,70}\z", RegexOptions.CultureInvariant)]
    public static partial Regex IdPattern();
}
