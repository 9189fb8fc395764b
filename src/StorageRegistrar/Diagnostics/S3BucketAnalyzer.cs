using System.Text.Json;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Finds why Stream cannot write into an S3 bucket (or why its owner cannot read what Stream wrote),
/// by comparing what S3 reports with the grants in <see cref="S3Grants"/>.
/// </summary>
public static class S3BucketAnalyzer
{
    private const string PutObject = "s3:PutObject";
    /// <summary>SSE-KMS and DSSE-KMS: the default encryption algorithms that use a KMS key.</summary>
    internal const string KmsAlgorithmPrefix = "aws:kms";

    /// <summary>How S3 names the AWS-managed key, which cannot be shared with another account nor be the customer's.</summary>
    internal const string AwsManagedKeyAlias = "alias/aws/s3";

    private static readonly string StreamAccountId = S3Grants.StreamPrincipalArn.Split(':')[4];

    public static IReadOnlyList<Finding> Analyze(S3BucketFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<Finding>();
        if (facts.LookupErrorCode is { } lookupError)
        {
            findings.Add(LookupFailure(facts.Bucket, lookupError));
            return findings;
        }

        AddRegionFindings(facts, findings);
        foreach (var (setting, errorCode) in facts.Unreadable)
        {
            findings.Add(new Finding(FindingCodes.S3FactUnreadable, FindingSeverity.Warning,
                $"The {setting} of bucket '{facts.Bucket}' could not be read ({errorCode}), so it was not checked.",
                $"Run the doctor with credentials allowed to read it, or check it in the S3 console."));
        }

        if (!facts.Unreadable.ContainsKey(S3BucketSettings.Policy))
        {
            AddPolicyFindings(facts, findings);
        }

        if (facts.AccessMode == S3AccessMode.BucketPolicy && !facts.Unreadable.ContainsKey(S3BucketSettings.Ownership))
        {
            AddOwnershipFinding(facts, findings);
        }

        if (!facts.Unreadable.ContainsKey(S3BucketSettings.Encryption))
        {
            AddEncryptionFinding(facts, findings);
        }

        return findings;
    }

    /// <summary>
    /// What the doctor can say of a bucket at an S3-compatible store (R2, MinIO, Wasabi...): Stream's check and the
    /// check file found with the owner's key tell everything; policies, ownership and encryption are AWS's.
    /// </summary>
    public static Finding CompatibleStore(string bucket, string endpoint) => new(FindingCodes.S3CompatibleStore, FindingSeverity.Note,
        $"Bucket '{bucket}' is at the S3-compatible store {endpoint}: Stream's check and its check file were examined there; AWS's bucket policy, object ownership, encryption and region checks do not apply and were not run.",
        "When the check fails, make sure the store's key registered with Stream may write objects under the storage's path, and that the endpoint and region are the ones the store documents.");

    /// <summary>
    /// Why S3 refused Stream in policy mode when the bucket itself explains nothing: with <paramref name="found"/> (every
    /// finding of the bucket) holding no problem, an AccessDenied in <paramref name="checkError"/> comes from a policy the
    /// bucket's owner cannot read from the member account, a resource control policy of the organization that admits only
    /// its own principals (<c>aws:PrincipalOrgID</c>). Nothing otherwise, nor for a bucket encrypted with a customer-managed
    /// key: the key's policy, which the doctor does not judge for Stream's account, is then as likely the cause.
    /// </summary>
    public static IReadOnlyList<Finding> RefusedOutsideThePolicy(S3BucketFacts facts, string? checkError, IReadOnlyList<Finding> found)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(found);
        if (facts.AccessMode != S3AccessMode.BucketPolicy || facts.LookupErrorCode is not null || facts.KmsKeyId is not null
            || checkError?.Contains("AccessDenied", StringComparison.Ordinal) != true
            // A conditional deny or allow of the bucket's own (a required encryption header, say) may explain the refusal too.
            || found.Where(MayRefuseAWrite).Any(f => f.Severity == FindingSeverity.Problem
                || f.Code is FindingCodes.S3FactUnreadable or FindingCodes.S3PolicyInvalid or FindingCodes.S3PolicyDenies or FindingCodes.S3PolicyConditional))
        {
            return [];
        }

        return [new Finding(FindingCodes.S3RefusedOutsideThePolicy, FindingSeverity.Warning,
            $"S3 refused Stream's write (AccessDenied), though bucket '{facts.Bucket}' grants Stream's AWS account {StreamAccountId} what it needs: "
            + "what refuses it is outside the bucket, most likely a resource control policy (RCP) of your organization that admits only its own principals (aws:PrincipalOrgID) on S3 or KMS, which a member account cannot read.",
            "Have your organization's administrators (its management account) exempt this bucket, or Stream's account, from the RCP's deny; "
            + "or register the storage with authMode: keys, whose IAM user is a principal of your organization. If no RCP applies, retry: a new policy can take minutes to apply.")];
    }

    /// <summary>
    /// Whether a finding may be why S3 refuses Stream's write: the bucket's grant and settings and its key may; a missing
    /// lock, a region outside the allowed ones, tiers and access logs are true or false whatever S3 lets Stream write.
    /// </summary>
    private static bool MayRefuseAWrite(Finding finding) =>
        !(finding.Code.StartsWith("lock.", StringComparison.Ordinal) || finding.Code.StartsWith("residency.", StringComparison.Ordinal)
            || finding.Code.StartsWith("tiers.", StringComparison.Ordinal) || finding.Code.StartsWith("access-logs.", StringComparison.Ordinal));

    /// <summary>
    /// What policy mode trusts, said apart from <see cref="Analyze"/> because it holds however healthy the bucket is:
    /// Stream's account is granted with no external ID (Stream offers none), so Stream writes into the path for any
    /// Stream app that registers the same bucket and path. Nothing when the bucket was not found or keys mode is used.
    /// A warning, until the stack declares that it accepts the trust (<paramref name="accepted"/>, from
    /// <c>acceptsEveryStreamApp</c>): then a note, so that a daily drift check stays green for a choice made knowingly.
    /// </summary>
    public static IReadOnlyList<Finding> PolicyTrust(S3BucketFacts facts, bool accepted = false)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.AccessMode != S3AccessMode.BucketPolicy || facts.LookupErrorCode is not null)
        {
            return [];
        }

        var cause = $"Bucket '{facts.Bucket}' is written in policy mode: its policy trusts Stream's AWS account {StreamAccountId} with no external ID, so any Stream app, not only yours, that learns the bucket and the path '{facts.Path}' can register them and make Stream write into it.";
        return [accepted
            ? new Finding(FindingCodes.S3PolicyTrustsEveryStreamApp, FindingSeverity.Note,
                $"{cause} The stack accepts this (acceptsEveryStreamApp: true).",
                "Nothing, while the trust stays accepted; remove acceptsEveryStreamApp to be warned again.")
            : new Finding(FindingCodes.S3PolicyTrustsEveryStreamApp, FindingSeverity.Warning,
                cause,
                "Register the storage with authMode: keys, so that Stream writes with a dedicated IAM user's key that only your app holds (the trade-off: a long-lived secret in Stream, to rotate with credentialRotation and watch with credentialMaxAgeDays); "
                + "or have the stack draw a folder no one can guess under the path (unguessablePath: true; the trade-off: it only hides the grant, the folder shows in every recording's URL and in the stack's outputs, and drawing a new one moves where new recordings go); "
                + "or, having weighed it, declare acceptsEveryStreamApp: true on the storage, so that the doctor notes the trust instead of warning.")];
    }

    private static Finding LookupFailure(string bucket, string errorCode) => errorCode switch
    {
        "NoSuchBucket" or "NotFound" => new Finding(FindingCodes.S3BucketMissing, FindingSeverity.Problem,
            $"Bucket '{bucket}' does not exist (S3 answered {errorCode}).",
            "Create the bucket (pulumi up creates it), or register the storage with the name of an existing bucket. A storage at an S3-compatible store is examined there with --endpoint (its s3_custom_endpoint_url)."),
        _ => new Finding(FindingCodes.S3BucketUnreadable, FindingSeverity.Problem,
            $"Bucket '{bucket}' could not be read with your credentials (S3 answered {errorCode}); nothing else was checked.",
            "Run the doctor with the credentials of the bucket's account (AWS_PROFILE or AWS_ACCESS_KEY_ID), allowed s3:GetBucketLocation, s3:GetBucketPolicy, s3:GetBucketOwnershipControls and s3:GetEncryptionConfiguration."),
    };

    private static void AddRegionFindings(S3BucketFacts facts, List<Finding> findings)
    {
        if (facts.Region is not { } actual)
        {
            return;
        }

        if (facts.DeclaredRegion is null)
        {
            findings.Add(new Finding(FindingCodes.S3Region, FindingSeverity.Note,
                $"Bucket '{facts.Bucket}' is in {actual}.",
                $"The storage must be registered with s3_region {actual} (the storage's region in the stack); pass --region to compare."));
        }
        else if (!string.Equals(facts.DeclaredRegion, actual, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(FindingCodes.S3RegionMismatch, FindingSeverity.Problem,
                $"The storage says s3_region {facts.DeclaredRegion}, but bucket '{facts.Bucket}' is in {actual}: S3 rejects uploads signed for the wrong region.",
                $"Set the storage's region to {actual} in the stack and run pulumi up (Stream's update keeps the storage's name)."));
        }
    }

    private static void AddPolicyFindings(S3BucketFacts facts, List<Finding> findings)
    {
        if (facts.PolicyJson is null)
        {
            if (facts.AccessMode == S3AccessMode.BucketPolicy)
            {
                findings.Add(new Finding(FindingCodes.S3PolicyMissing, FindingSeverity.Problem,
                    $"Bucket '{facts.Bucket}' has no bucket policy, so Stream's account {StreamAccountId} may not write to it.",
                    ExpectedPolicyFix(facts)));
            }

            return;
        }

        IReadOnlyList<S3PolicyStatement> statements;
        try
        {
            statements = S3PolicyStatement.ParseAll(facts.PolicyJson);
        }
        catch (JsonException)
        {
            findings.Add(new Finding(FindingCodes.S3PolicyInvalid, FindingSeverity.Warning,
                $"The policy of bucket '{facts.Bucket}' could not be read as an IAM policy, so it was not checked.",
                ExpectedPolicyFix(facts)));
            return;
        }

        var target = S3GrantWidth.WrittenObjectArn(facts.Bucket, facts.Path);
        AddDenyFindings(facts, statements, target, findings);
        if (facts.AccessMode == S3AccessMode.BucketPolicy)
        {
            AddAllowFindings(facts, statements, target, findings);
            AddWiderGrantFindings(facts, statements, findings);
        }
    }

    private static void AddDenyFindings(S3BucketFacts facts, IReadOnlyList<S3PolicyStatement> statements, string target, List<Finding> findings)
    {
        // In keys mode the writer is the owner's IAM user, whose ARN the doctor does not know: only denials of everyone apply for sure.
        var denials = statements.Where(s => !s.IsAllow && !s.HasOnlyTransportConditions
            && (facts.AccessMode == S3AccessMode.BucketPolicy ? s.AppliesToPrincipal(StreamAccountId, S3Grants.StreamPrincipalArn) : s.Principal is { Negated: false } p && p.Values.Contains("*"))
            && s.AppliesToAction(PutObject) && s.AppliesToResource(target));
        foreach (var denial in denials)
        {
            findings.Add(denial.HasCondition
                ? new Finding(FindingCodes.S3PolicyDenies, FindingSeverity.Warning,
                    $"The policy of bucket '{facts.Bucket}' has {denial.Describe()} denying s3:PutObject under a condition ({string.Join(", ", denial.ConditionKeys)}) that Stream's uploads may meet: Stream sends no encryption or ACL headers.",
                    "Remove the statement, or narrow its condition so that uploads relying on the bucket's default encryption pass.")
                : new Finding(FindingCodes.S3PolicyDenies, FindingSeverity.Problem,
                    $"The policy of bucket '{facts.Bucket}' has {denial.Describe()} denying s3:PutObject to the writer on {facts.Path}*; a Deny overrides every Allow.",
                    "Remove the statement, or exclude the storage's path from its Resource."));
        }
    }

    private static void AddAllowFindings(S3BucketFacts facts, IReadOnlyList<S3PolicyStatement> statements, string target, List<Finding> findings)
    {
        var forStream = statements.Where(s => s.IsAllow && s.AppliesToPrincipal(StreamAccountId, S3Grants.StreamPrincipalArn)).ToList();
        var withAction = forStream.Where(s => s.AppliesToAction(PutObject)).ToList();
        var covering = withAction.Where(s => s.AppliesToResource(target)).ToList();
        if (MissingFromGrant(facts, forStream, withAction, covering) is { } missing)
        {
            findings.Add(new Finding(missing.Code, FindingSeverity.Problem, missing.Cause, ExpectedPolicyFix(facts)));
            return;
        }

        if (covering.All(s => s.HasCondition && !s.HasOnlyTransportConditions))
        {
            var keys = covering.SelectMany(s => s.ConditionKeys).Distinct(StringComparer.Ordinal);
            findings.Add(new Finding(FindingCodes.S3PolicyConditional, FindingSeverity.Warning,
                $"The policy of bucket '{facts.Bucket}' allows Stream's uploads only under a condition ({string.Join(", ", keys)}); Stream sends no ACL or encryption headers, so it may not be met.",
                ExpectedPolicyFix(facts)));
        }
    }

    /// <summary>
    /// Whether <paramref name="allow"/> is the grant of another storage on the bucket: s3:PutObject alone, on keys under
    /// that storage's path alone (as the statement the stack writes for it).
    /// </summary>
    private static bool IsAnotherStoragesGrant(S3PolicyStatement allow, S3BucketFacts facts, string bucketArn) =>
        !allow.Resource.Negated && !allow.Action.Negated && allow.Action.Values.Count > 0 && allow.Resource.Values.Count > 0
        && allow.Action.Values.All(action => string.Equals(action, PutObject, StringComparison.OrdinalIgnoreCase))
        && facts.OtherStreamPaths.Any(other => other.Length > 0
            && allow.Resource.Values.All(pattern => !pattern.Contains("${", StringComparison.Ordinal) && Glob.NameOutside(pattern, $"{bucketArn}/", other) is null));

    /// <summary>
    /// The Allow statements that let Stream's account do more than the stack's grant, s3:PutObject under the path (see
    /// <see cref="S3GrantWidth.Beyond"/>), another storage's grant on a shared bucket aside. In policy mode any Stream app
    /// can use what they allow.
    /// </summary>
    private static void AddWiderGrantFindings(S3BucketFacts facts, IReadOnlyList<S3PolicyStatement> statements, List<Finding> findings)
    {
        var bucketArn = S3Grants.BucketArn(facts.Bucket);
        var forStream = statements.Where(s => s.AppliesToPrincipal(StreamAccountId, S3Grants.StreamPrincipalArn)).ToList();
        var denials = forStream.Where(S3GrantWidth.MayRefuse).ToList();
        foreach (var allow in forStream.Where(s => S3GrantWidth.IsJudged(s) && !IsAnotherStoragesGrant(s, facts, bucketArn)))
        {
            if (S3GrantWidth.Beyond(allow, denials, facts.Bucket, facts.Path, S3Grants.StreamPrincipalActions) is not { } beyond)
            {
                continue;
            }

            var who = allow.Principal is { Negated: false } p && p.Values.Contains("*") ? "every principal (\"*\"), Stream's account among them," : $"Stream's account {StreamAccountId}";
            findings.Add(new Finding(FindingCodes.S3GrantWider, FindingSeverity.Warning,
                $"The policy of bucket '{facts.Bucket}' has {allow.Describe()} allowing {who} {S3GrantWidth.Allowing(allow)}: {beyond}: Stream's account may do that for any Stream app, not only yours.",
                S3GrantWidth.NarrowFix(facts.Path, "Stream's account", () => S3Grants.StreamWriterStatement(facts.Bucket, facts.Path, facts.Storage), allow.Describe())));
        }
    }

    /// <summary>
    /// The first part of Stream's grant that no statement holds: Stream's account, then s3:PutObject, then the storage's
    /// path; each list keeps the statements of the one before that hold the next part too. Null when one holds all three.
    /// </summary>
    private static (string Code, string Cause)? MissingFromGrant(
        S3BucketFacts facts, List<S3PolicyStatement> forStream, List<S3PolicyStatement> withAction, List<S3PolicyStatement> covering)
    {
        if (forStream.Count == 0)
        {
            return (FindingCodes.S3PolicyPrincipalMissing, $"The policy of bucket '{facts.Bucket}' allows nothing to Stream's account ({S3Grants.StreamPrincipalArn}).");
        }

        if (withAction.Count == 0)
        {
            var actions = forStream.SelectMany(s => s.Action.Values).Distinct(StringComparer.Ordinal);
            return (FindingCodes.S3PolicyActionMissing, $"The policy of bucket '{facts.Bucket}' allows Stream's account only {string.Join(", ", actions)}, not s3:PutObject.");
        }

        if (covering.Count == 0)
        {
            var resources = withAction.SelectMany(s => s.Resource.Values).Distinct(StringComparer.Ordinal);
            return (FindingCodes.S3PolicyPathMismatch,
                $"The policy of bucket '{facts.Bucket}' lets Stream put objects only on {string.Join(", ", resources)}, which does not cover the storage's path '{facts.Path}'.");
        }

        return null;
    }

    private static string ExpectedPolicyFix(S3BucketFacts facts) => S3Grants.WidensGrant(facts.Path)
        ? S3GrantWidth.WildcardPathFix(facts.Path)
        : $"Add a statement allowing principal {{\"AWS\": \"{S3Grants.StreamPrincipalArn}\"}} the action s3:PutObject on {S3Grants.WritableObjectsArn(facts.Bucket, facts.Path)} (pulumi up writes it), or register the storage with an IAM user's keys.";

    private static void AddOwnershipFinding(S3BucketFacts facts, List<Finding> findings)
    {
        switch (facts.ObjectOwnership)
        {
            case "BucketOwnerEnforced":
                return;
            case "BucketOwnerPreferred":
                findings.Add(new Finding(FindingCodes.S3ObjectOwnership, FindingSeverity.Warning,
                    $"Bucket '{facts.Bucket}' uses object ownership BucketOwnerPreferred: objects Stream uploads without the bucket-owner-full-control ACL stay owned by Stream's account, and you cannot read them.",
                    "Set object ownership to BucketOwnerEnforced (ACLs disabled)."));
                return;
            default:
                findings.Add(new Finding(FindingCodes.S3ObjectOwnership, FindingSeverity.Problem,
                    $"Bucket '{facts.Bucket}' uses object ownership {facts.ObjectOwnership ?? "ObjectWriter (no ownership controls)"}: recordings Stream writes belong to Stream's account, and you cannot read or delete them.",
                    "Set object ownership to BucketOwnerEnforced (ACLs disabled); objects written before stay Stream's."));
                return;
        }
    }

    private static void AddEncryptionFinding(S3BucketFacts facts, List<Finding> findings)
    {
        if (facts.EncryptionAlgorithm is not { } algorithm || !algorithm.StartsWith(KmsAlgorithmPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var awsManaged = facts.KmsKeyId is null || facts.KmsKeyId.EndsWith(AwsManagedKeyAlias, StringComparison.Ordinal);
        if (facts.KeyDeclared && !awsManaged)
        {
            return;
        }

        var key = awsManaged ? "the AWS-managed key aws/s3" : $"key {facts.KmsKeyId}";
        if (facts.AccessMode == S3AccessMode.BucketPolicy)
        {
            findings.Add(new Finding(FindingCodes.S3KmsEncryption, FindingSeverity.Problem,
                $"Bucket '{facts.Bucket}' encrypts new objects with {algorithm} using {key}; Stream's account cannot use it ({(awsManaged ? "aws/s3 cannot be shared with another account" : "its writer needs kms:GenerateDataKey on Stream's side too")}), so its uploads fail.",
                "Set the bucket's default encryption to SSE-S3 (AES256), or register the storage with an IAM user's keys that the key policy allows."));
        }
        else if (!awsManaged)
        {
            findings.Add(new Finding(FindingCodes.S3KmsEncryption, FindingSeverity.Warning,
                $"Bucket '{facts.Bucket}' encrypts new objects with {key}: uploads fail unless the writer user may use it.",
                $"Allow the writer user {string.Join(" and ", S3Grants.KmsWriterActions)} on the key, in both its IAM policy and the key policy."));
        }
    }
}
