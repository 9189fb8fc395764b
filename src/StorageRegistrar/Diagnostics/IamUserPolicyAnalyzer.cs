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
                if (S3GrantWidth.Beyond(allow, denials, facts.Bucket, facts.Path, S3Grants.WriterUserActions) is not { } beyond)
                {
                    continue;
                }

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
}
