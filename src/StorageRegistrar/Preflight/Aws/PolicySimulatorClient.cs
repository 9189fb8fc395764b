using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// IAM's policy simulator, read-only: whether a principal's policies, its permissions boundary and its organization's
/// SCPs allow some actions on one resource (<c>SimulatePrincipalPolicy</c>, Query API; needs
/// <c>iam:SimulatePrincipalPolicy</c> on the principal). No SDK package for IAM is served here, so this and <see cref="IamRoleClient"/> read it through <see cref="AwsRest"/>.
/// </summary>
public sealed class PolicySimulatorClient(AwsRest rest)
{
    /// <summary>IAM's endpoint; null: the one of the region's partition. Set by PreflightCheckerOptions.AwsEndpoint (the local world points it at its stand-in).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The keys of a data perimeter, an SCP that denies requests outside the organization's own principals or resources: the organization's id.</summary>
    public static readonly IReadOnlyList<string> OrganizationKeys = ["aws:PrincipalOrgID", "aws:ResourceOrgID"];

    /// <summary>The key of one tag a request sends, followed by the tag's name.</summary>
    public const string RequestTagPrefix = "aws:RequestTag/";

    /// <summary>The key of the names of every tag a request sends.</summary>
    public const string TagKeysKey = "aws:TagKeys";

    /// <summary>The most results IAM returns in one answer.</summary>
    public const string MaxItems = "1000";

    /// <param name="region">The region the actions are asked in, given as <c>aws:RequestedRegion</c>; it also picks IAM's partition.</param>
    /// <param name="organizationId">The deployer's organization, whose id its requests and the stack's resources carry; null when not known or none.</param>
    /// <param name="requestTags">The tags the requests of <paramref name="actions"/> carry, as <c>aws:RequestTag/NAME</c> and <c>aws:TagKeys</c>; null for requests that carry none.</param>
    public Task<CloudRead<IReadOnlyList<AwsActionDecision>>> SimulateAsync(
        string principalArn,
        IReadOnlyList<string> actions,
        string resourceArn,
        string region,
        string? organizationId,
        IReadOnlyDictionary<string, string>? requestTags,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        ArgumentNullException.ThrowIfNull(actions);
        var (endpoint, signingRegion) = AwsIam.For(region);
        // Sent as a form, not a query string: the tags a create sends can make the parameters longer than a URL may be.
        var form = new List<KeyValuePair<string, string>> { new("Action", "SimulatePrincipalPolicy"), new("Version", AwsIam.ApiVersion), new("PolicySourceArn", principalArn) };
        for (var n = 0; n < actions.Count; n++)
        {
            form.Add(new($"ActionNames.member.{n + 1}", actions[n]));
        }

        form.Add(new("ResourceArns.member.1", resourceArn));
        // Every result in one answer (IAM's default page is 100, its most 1000): a page left unread would be no verdict.
        form.Add(new("MaxItems", MaxItems));
        var entries = 0;
        void Context(string key, string value) => Values(key, "string", [value]);
        void Values(string key, string type, IReadOnlyList<string> values)
        {
            entries++;
            form.Add(new($"ContextEntries.member.{entries}.ContextKeyName", key));
            form.Add(new($"ContextEntries.member.{entries}.ContextKeyType", type));
            for (var n = 0; n < values.Count; n++)
            {
                form.Add(new($"ContextEntries.member.{entries}.ContextKeyValues.member.{n + 1}", values[n]));
            }
        }

        // The keys the real requests carry, where the simulation can know them: a key left out reads as absent, so a
        // condition on it would decide otherwise than for pulumi up's request.
        Context("aws:RequestedRegion", region);
        // The key an SCP's exemption of the deployer reads (ArnNotLike aws:PrincipalArn), which the fixes propose.
        Context("aws:PrincipalArn", principalArn);
        if (AccountOf(principalArn) is { } account)
        {
            // The stack creates its resources in the deployer's own account.
            Context("aws:PrincipalAccount", account);
            Context("aws:ResourceAccount", account);
        }

        foreach (var key in organizationId is null ? [] : OrganizationKeys)
        {
            Context(key, organizationId!);
        }

        // A tag policy's SCP reads the tags a create sends: a tag the stack sets is there, one it does not is absent, as in the request.
        if (requestTags is { Count: > 0 })
        {
            foreach (var (name, value) in requestTags)
            {
                Context($"{RequestTagPrefix}{name}", value);
            }

            Values(TagKeysKey, "stringList", [.. requestTags.Keys]);
        }

        // CreateBucket names its region as its location constraint, but in us-east-1, where it names none.
        if (actions.Contains("s3:CreateBucket", StringComparer.OrdinalIgnoreCase) && region != "us-east-1")
        {
            Context("s3:LocationConstraint", region);
        }

        var uri = Endpoint ?? endpoint;
        return rest.ReadAsync<IReadOnlyList<AwsActionDecision>>(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) },
            signingRegion,
            AwsIam.SigningName,
            $"the simulation of {principalArn}'s policies on {resourceArn} (iam:SimulatePrincipalPolicy)",
            document =>
            {
                var result = AwsRest.Child(AwsRest.Child(document, "SimulatePrincipalPolicyResponse"), "SimulatePrincipalPolicyResult");
                if (AwsRest.OptionalChild(result, "IsTruncated") is { } truncated && AwsRest.Boolean(truncated))
                {
                    throw new FormatException("the results are truncated");
                }

                var decisions = AwsRest.Child(result, "EvaluationResults").Elements().Select(Decision).ToList();
                var unanswered = actions.Where(a => decisions.All(d => !string.Equals(d.Action, a, StringComparison.OrdinalIgnoreCase))).ToList();
                return unanswered.Count == 0 ? decisions : throw new FormatException($"no result for {string.Join(", ", unanswered)}");
            },
            cancellationToken);
    }

    /// <summary>The account of an IAM or STS ARN (<c>arn:aws:iam::111122223333:role/deployer</c>); null when it names none.</summary>
    private static string? AccountOf(string arn) =>
        arn.Split(':') is [_, _, _, _, { Length: 12 } account, ..] && account.All(char.IsAsciiDigit) ? account : null;

    /// <summary>One <c>member</c> of <c>EvaluationResults</c>: the aggregate decision for its action.</summary>
    private static AwsActionDecision Decision(System.Xml.Linq.XElement member)
    {
        var decision = AwsRest.Child(member, "EvalDecision").Value.Trim() switch
        {
            "allowed" => AwsDecision.Allowed,
            "explicitDeny" => AwsDecision.ExplicitDeny,
            "implicitDeny" => AwsDecision.ImplicitDeny,
            var other => throw new FormatException($"EvalDecision '{other}' is none of allowed, explicitDeny, implicitDeny"),
        };
        bool? Detail(string detail, string field) =>
            AwsRest.OptionalChild(member, detail) is { } element ? AwsRest.Boolean(AwsRest.Child(element, field)) : null;
        return new AwsActionDecision(
            AwsRest.Child(member, "EvalActionName").Value.Trim(),
            decision,
            Detail("OrganizationsDecisionDetail", "AllowedByOrganizations"),
            Detail("PermissionsBoundaryDecisionDetail", "AllowedByPermissionsBoundary"))
        {
            MissingContextKeys = MissingContextKeys(member),
        };
    }

    /// <summary>
    /// The condition keys the policies read and the simulation was given no value for: IAM lists them with the result,
    /// or, since a resource is named, with each resource's result (<c>ResourceSpecificResults</c>).
    /// </summary>
    private static IReadOnlyList<string> MissingContextKeys(System.Xml.Linq.XElement member)
    {
        static IEnumerable<string> Keys(System.Xml.Linq.XElement result) =>
            AwsRest.OptionalChild(result, "MissingContextValues")?.Elements().Select(key => key.Value.Trim()) ?? [];
        var perResource = AwsRest.OptionalChild(member, "ResourceSpecificResults")?.Elements().SelectMany(Keys) ?? [];
        return [.. Keys(member).Concat(perResource).Where(key => key.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}

public enum AwsDecision
{
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

/// <summary>The simulator's decision on one action, and which policy type refused it where it says.</summary>
/// <param name="AllowedByOrganizations">False when an SCP denies the action; null when the account is in no organization.</param>
/// <param name="AllowedByPermissionsBoundary">False when the principal's permissions boundary does not allow it; null without a boundary.</param>
public sealed record AwsActionDecision(string Action, AwsDecision Decision, bool? AllowedByOrganizations, bool? AllowedByPermissionsBoundary)
{
    /// <summary>
    /// The condition keys a policy read that the simulation had no value for (<c>aws:RequestTag/CostCenter</c>, say): a
    /// decision that rests on them may differ from the real request's, which carries what the provider sends.
    /// </summary>
    public IReadOnlyList<string> MissingContextKeys { get; init; } = [];
}
