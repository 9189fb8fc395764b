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
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                unread.Add($"the {policy.Describe()} could not be read as an IAM policy");
            }
        }

        // Every policy of the user applies to each of its requests: a Deny in one takes back what an Allow in another grants,
        // but one under a condition only when it is met, which whoever holds the key may see to it is not.
        var denials = documents.SelectMany(d => d.Statements).Where(s => !s.IsAllow && !s.HasCondition).ToList();
        var findings = new List<Finding>();
        foreach (var (policy, statements) in documents)
        {
            // An Allow under a condition is judged as one without: whoever holds the key may meet most conditions.
            foreach (var allow in statements.Where(s => s.IsAllow && !IsTheStacksKeyStatement(s)))
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

                var condition = S3GrantWidth.IsJudged(allow) ? "" : $" under a condition on {string.Join(", ", allow.ConditionKeys)}";
                findings.Add(new Finding(FindingCodes.S3UserGrantWider, FindingSeverity.Warning,
                    $"The {policy.Describe()} of IAM user '{facts.UserName}' has {allow.Describe()} allowing {S3GrantWidth.Allowing(allow)}{condition}: {beyond}: whoever holds the user's access key, Stream among them, may do that{(condition.Length == 0 ? "" : " where the condition is met")}.",
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
                $"Where IAM refused a read: run the doctor with AWS credentials allowed {ReadPermissions} on the user (--iam-user names it); your account's IAM administrators can grant them. Where a read failed otherwise: run the doctor again. Where a document is not a policy the doctor reads: read it yourself (aws iam get-user-policy, or aws iam get-policy-version for a managed one) and keep it to the statement pulumi up writes for the user."));
        }

        if (facts.Groups.Count > 0)
        {
            findings.Add(new Finding(FindingCodes.S3UserGroupsUnexamined, FindingSeverity.Warning,
                $"IAM user '{facts.UserName}' is in the group(s) {string.Join(", ", facts.Groups.Select(g => $"'{g}'"))}, whose policies the doctor does not read: what they grant the user was not examined.",
                $"The stack's user needs no group: remove it from each (aws iam remove-user-from-group --user-name {facts.UserName} --group-name GROUP), or make sure the groups' policies allow nothing on bucket '{facts.Bucket}' beyond {S3GrantWidth.Grant(S3Grants.WriterUserActions, facts.Path)}. When you may not, your account's IAM administrators can."));
        }

        return findings;
    }

    /// <summary>An object of a bucket the storage's is not, for a NotResource that leaves the storage's own out.</summary>
    private const string AnotherBucketsObject = "arn:aws:s3:::stream-doctor-other-bucket/stream-doctor-outside.md";

    /// <summary>Actions outside S3 a leaked key is worth most for, to tell whether a NotAction reaches beyond S3.</summary>
    private static readonly IReadOnlyList<string> ActionsOutsideS3 = ["iam:CreateAccessKey", "iam:PassRole", "sts:AssumeRole", "kms:Decrypt", "ec2:RunInstances"];

    /// <summary>
    /// The statement the stack writes for the user's use of a customer-managed key (<see cref="S3Grants.WriterUserPolicy"/>):
    /// its actions on named keys, held by kms:ViaService to requests S3 makes for it.
    /// </summary>
    private static bool IsTheStacksKeyStatement(S3PolicyStatement allow) =>
        !allow.Action.Negated && allow.Action.Values.All(a => S3Grants.KmsWriterActions.Contains(a, StringComparer.OrdinalIgnoreCase))
        && !allow.Resource.Negated && allow.Resource.Values.All(r => r.Split(':', 6) is ["arn", _, "kms", _, _, var key] && key.StartsWith("key/", StringComparison.Ordinal) && !r.AsSpan().ContainsAny('*', '?'))
        && allow.ConditionKeys.Count == 1 && string.Equals(allow.ConditionKeys[0], "kms:ViaService", StringComparison.OrdinalIgnoreCase);

    /// <summary>What of S3 outside the storage's bucket <paramref name="allow"/> acts on, which a Deny does not take back; null when nothing.</summary>
    private static string? OtherBuckets(S3PolicyStatement allow, IReadOnlyList<S3PolicyStatement> denials, string bucket)
    {
        bool ActsOn(string resource) => S3GrantWidth.ObjectActions.Concat(S3GrantWidth.BucketActions)
            .Any(action => allow.AppliesToAction(action) && !denials.Any(d => d.AppliesToAction(action) && d.AppliesToResource(resource)));
        if (allow.Resource.Negated)
        {
            return allow.AppliesToResource(AnotherBucketsObject) && ActsOn(AnotherBucketsObject)
                ? "it reaches other buckets (every one its NotResource does not list)"
                : null;
        }

        var elsewhere = allow.Resource.Values.Where(resource => IsOutsideTheBucket(resource, bucket) && ActsOn(resource)).ToList();
        return elsewhere.Count == 0 ? null : $"it reaches other buckets ({string.Join(", ", elsewhere)})";
    }

    /// <summary>Whether an S3 resource pattern names something but the storage's bucket: another bucket, a pattern of buckets, an access point.</summary>
    private static bool IsOutsideTheBucket(string resource, string bucket) =>
        resource.Split(':', 6) is ["arn", _, "s3", var region, var account, var rest]
        && (region.Length > 0 || account.Length > 0 || rest.Split('/', 2)[0] != bucket);

    /// <summary>The actions outside S3 <paramref name="allow"/> grants on what is not S3's, which a Deny on every resource does not take back; null when none.</summary>
    private static string? OutsideS3(S3PolicyStatement allow, IReadOnlyList<S3PolicyStatement> denials)
    {
        // An action of another service on an S3 resource authorizes nothing.
        if (!allow.Resource.Negated && allow.Resource.Values.All(resource => resource.Split(':', 4) is ["arn", _, "s3", _]))
        {
            return null;
        }

        bool Granted(string action) => allow.AppliesToAction(action) && !denials.Any(d => d.AppliesToAction(action) && d.AppliesToResource("*"));
        if (allow.Action.Negated)
        {
            var reached = ActionsOutsideS3.Where(Granted).ToList();
            return reached.Count == 0 ? null : $"it allows actions outside S3, every one its NotAction does not list (such as {string.Join(", ", reached)})";
        }

        var named = allow.Action.Values.Where(action => !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && Granted(action)).ToList();
        return named.Count == 0 ? null : $"it allows actions outside S3 ({string.Join(", ", named)})";
    }
}
