using OrgPolicy = Pulumi.Gcp.OrgPolicy;

namespace StreamStorage.Gcp;

/// <summary>
/// The project's own exception to the service-account key constraints (<see cref="GcsStoragePlan.KeyCreationException"/>):
/// one policy on the project per constraint, rule <c>enforce: false</c>, so that the organization's enforcement stops
/// at this project and nowhere else. The key depends on them; destroying the stack removes them.
/// </summary>
internal static class GcsKeyCreationException
{
    /// <param name="project">The project the service account is in: the storage's, else the provider's default.</param>
    /// <returns>The policies, for the key to wait for; none unless the storage opts in.</returns>
    public static IReadOnlyList<Resource> Policies(Resource parent, GcsStoragePlan plan, Output<string> project)
    {
        if (!plan.KeyCreationException)
        {
            return [];
        }

        return [.. GcsStoragePlan.KeyCreationConstraints.Select(constraint => new OrgPolicy.Policy(plan.KeyCreationPolicyResource(constraint), new OrgPolicy.PolicyArgs
        {
            Parent = project.Apply(p => $"projects/{p}"),
            Name = project.Apply(p => GcsStoragePlan.KeyCreationPolicyName(p, constraint)),
            Spec = new OrgPolicy.Inputs.PolicySpecArgs
            {
                Rules = { new OrgPolicy.Inputs.PolicySpecRuleArgs { Enforce = "FALSE" } },
            },
        }, ChildOptions.Of(parent)))];
    }
}
