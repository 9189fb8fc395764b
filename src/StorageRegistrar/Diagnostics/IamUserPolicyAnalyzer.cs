using System.Text.Json;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Keys mode: whether what IAM grants the user whose access key Stream holds keeps to the stack's grant, s3:PutObject and
/// s3:AbortMultipartUpload under the storage's path, judged statement by statement as the bucket policy's grant to
/// Stream's account is (<see cref="S3GrantWidth"/>). Whoever holds the key, Stream and anyone it leaks to, can do what the
/// user may. What could not be read, and the groups' policies, which are not read, are said not examined.
/// </summary>
public static class IamUserPolicyAnalyzer
{
    /// <summary>What the owner needs on the user to read everything <see cref="IamUserPolicyProbe"/> reads.</summary>
    public const string ReadPermissions =
        "iam:ListUserPolicies, iam:GetUserPolicy, iam:ListAttachedUserPolicies, iam:GetPolicy, iam:GetPolicyVersion and iam:ListGroupsForUser";

    public static IReadOnlyList<Finding> Analyze(IamUserPolicyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var unread = facts.Unread.ToList();
        var documents = new List<(IamUserPolicy Policy, IReadOnlyList<S3PolicyStatement> Statements)>();
        foreach (var policy in facts.Policies)
        {
            try
            {
                documents.Add((policy, S3PolicyStatement.ParseAll(policy.Document)));
            }
            catch (JsonException)
            {
                unread.Add($"the {policy.Describe()} could not be read as an IAM policy");
            }
        }

        // Every policy of the user applies to each of its requests: a Deny in one takes back what an Allow in another grants.
        var denials = documents.SelectMany(d => d.Statements).Where(S3GrantWidth.MayRefuse).ToList();
        var findings = new List<Finding>();
        foreach (var (policy, statements) in documents)
        {
            foreach (var allow in statements.Where(S3GrantWidth.IsJudged))
            {
                // The user's policies are all it may do, where the bucket policy speaks of its bucket alone.
                string[] reaches =
                [
                    .. new[] { S3GrantWidth.Beyond(allow, denials, facts.Bucket, facts.Path, S3Grants.WriterUserActions), OtherBuckets(allow, denials, facts.Bucket), OutsideS3(allow, denials) }
                        .OfType<string>(),
                ];
                if (reaches.Length == 0)
                {
                    continue;
                }

                var beyond = string.Join("; ", reaches);

                findings.Add(new Finding(FindingCodes.S3UserGrantWider, FindingSeverity.Warning,
                    $"The {policy.Describe()} of IAM user '{facts.UserName}' has {allow.Describe()} allowing {S3GrantWidth.Allowing(allow)}: {beyond}: whoever holds the user's access key, Stream among them, may do that.",
                    S3GrantWidth.NarrowFix(facts.Path, $"IAM user '{facts.UserName}'", () => S3Grants.WriterUserStatement(facts.Bucket, facts.Path), $"{allow.Describe()} of its {policy.Describe()}")
                    + (policy.Managed
                        ? $" A managed policy is detached with aws iam detach-user-policy --user-name {facts.UserName} --policy-arn {policy.Name}."
                        : " pulumi up writes the stack's own inline policy again; another is removed with aws iam delete-user-policy.")
                    + " When you may not change the user, your account's IAM administrators can."));
            }
        }

        if (unread.Count > 0)
        {
            findings.Add(new Finding(FindingCodes.S3UserPolicyUnreadable, FindingSeverity.Warning,
                $"What IAM grants user '{facts.UserName}' could not all be read ({string.Join("; ", unread)}), so whether it keeps the user to the storage's path was not examined there.",
                $"Run the doctor with AWS credentials allowed {ReadPermissions} on the user (--iam-user names it); your account's IAM administrators can grant them. A read that failed otherwise: run the doctor again."));
        }

        if (facts.Groups.Count > 0)
        {
            findings.Add(new Finding(FindingCodes.S3UserGroupsUnexamined, FindingSeverity.Warning,
                $"IAM user '{facts.UserName}' is in the group(s) {string.Join(", ", facts.Groups.Select(g => $"'{g}'"))}, whose policies the doctor does not read: what they grant the user was not examined.",
                $"The stack's user needs no group: remove it from each (aws iam remove-user-from-group --user-name {facts.UserName} --group-name GROUP), or make sure the groups' policies allow nothing on bucket '{facts.Bucket}' beyond {S3GrantWidth.Grant(S3Grants.WriterUserActions, facts.Path)}. When you may not, your account's IAM administrators can."));
        }

        return findings;
    }

    /// <summary>What an S3 grant most often carries besides writing, to tell whether a statement acts in S3 at all.</summary>
    private static readonly IReadOnlyList<string> S3Actions = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListBucket"];

    /// <summary>Actions outside S3 a leaked key is worth most for, to tell whether a NotAction or a wildcard reaches beyond S3.</summary>
    private static readonly IReadOnlyList<string> ActionsOutsideS3 = ["iam:CreateAccessKey", "iam:PassRole", "sts:AssumeRole", "kms:Decrypt", "ec2:RunInstances"];

    /// <summary>The S3 resources of other buckets <paramref name="allow"/> names, which a Deny does not take back; null when none.</summary>
    private static string? OtherBuckets(S3PolicyStatement allow, IReadOnlyList<S3PolicyStatement> denials, string bucket)
    {
        var elsewhere = allow.Resource.Negated
            ? []
            : allow.Resource.Values
                .Where(resource => BucketNamed(resource) is { } named && named != bucket && !named.AsSpan().ContainsAny('*', '?'))
                .Where(resource => S3Actions.Any(action => allow.AppliesToAction(action) && !denials.Any(d => d.AppliesToAction(action) && d.AppliesToResource(resource))))
                .ToList();
        return elsewhere.Count == 0 ? null : $"it reaches other buckets ({string.Join(", ", elsewhere)})";
    }

    /// <summary>The actions outside S3 <paramref name="allow"/> grants, which a Deny on every resource does not take back; null when none.</summary>
    private static string? OutsideS3(S3PolicyStatement allow, IReadOnlyList<S3PolicyStatement> denials)
    {
        bool Granted(string action) => allow.AppliesToAction(action) && !denials.Any(d => d.AppliesToAction(action) && d.AppliesToResource("*"));
        if (allow.Action.Negated)
        {
            var reached = ActionsOutsideS3.Where(Granted).ToList();
            return reached.Count == 0 ? null : $"it allows actions outside S3, every one its NotAction does not list (such as {string.Join(", ", reached)})";
        }

        var named = allow.Action.Values.Where(action => !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && Granted(action)).ToList();
        return named.Count == 0 ? null : $"it allows actions outside S3 ({string.Join(", ", named)})";
    }

    /// <summary>The bucket an S3 ARN (<c>arn:PARTITION:s3:::BUCKET/KEY</c>) names; null for any other resource.</summary>
    private static string? BucketNamed(string resource)
    {
        var parts = resource.Split(':', 6);
        return parts is ["arn", _, "s3", "", "", var rest] ? rest.Split('/', 2)[0] : null;
    }
}
