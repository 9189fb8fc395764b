using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Policies below are shaped as IAM returns them once URL-decoded: compact JSON, single values unwrapped, no Principal.</summary>
public sealed class IamUserPolicyAnalyzerTests
{
    private const string User = "stream-dev-rec-1a2b3c4d";
    private const string Bucket = "acme-recordings";
    private const string Path = "video/";

    private static IamUserPolicyFacts Holding(params IamUserPolicy[] policies) =>
        new() { UserName = User, Bucket = Bucket, Path = Path, Policies = policies };

    private static IamUserPolicy Inline(string document) => new("writer", Managed: false, document);

    [Fact]
    public void The_stacks_own_policy_passes_with_or_without_its_key_statement()
    {
        Assert.Empty(IamUserPolicyAnalyzer.Analyze(Holding(Inline(S3Grants.WriterUserPolicy(Bucket, Path)))));
        Assert.Empty(IamUserPolicyAnalyzer.Analyze(Holding(Inline(
            S3Grants.WriterUserPolicy(Bucket, Path, "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")))));
    }

    /// <summary>Policies that give the user what the stack's grant does, and more: a part of the wider finding's cause.</summary>
    public static TheoryData<string, string> PoliciesWiderThanTheGrant => new()
    {
        // Everything everywhere, as an administrator's policy.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""",
            "inline policy 'writer' of IAM user 'stream-dev-rec-1a2b3c4d' has statement \"Everything\" allowing s3:* on *: beyond s3:PutObject and s3:AbortMultipartUpload under 'video/', the stack's grant, it reaches keys outside 'video/' (such as 'stream-doctor-outside.md') and actions the stack does not grant (s3:GetObject, s3:GetObjectVersion, s3:DeleteObject," },
        // Writing at the bucket's root and anywhere below.
        { """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"}}""",
            "has an unnamed statement allowing s3:PutObject on arn:aws:s3:::acme-recordings/*: beyond s3:PutObject and s3:AbortMultipartUpload under 'video/', the stack's grant, it reaches keys outside 'video/' (such as 'stream-doctor-outside.md'): whoever holds the user's access key" },
        // Reading back what is written, under the path only.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::acme-recordings/video/*"}]}""",
            "it reaches actions the stack does not grant (s3:GetObject):" },
        // Writing into another bucket too: the user's key reaches it, where a bucket policy speaks of its own bucket alone.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":["arn:aws:s3:::acme-recordings/video/*","arn:aws:s3:::acme-payroll/*"]}]}""",
            "allowing s3:PutObject on arn:aws:s3:::acme-recordings/video/*, arn:aws:s3:::acme-payroll/*: it reaches other buckets (arn:aws:s3:::acme-payroll/*): whoever holds" },
        // Another service altogether, on nothing of S3.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","kms:Decrypt"],"Resource":"*"}]}""",
            "allowing iam:*, kms:Decrypt on *: it allows actions outside S3 (iam:*, kms:Decrypt): whoever holds" },
        // Everything but S3, everywhere: every other service.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}""",
            "it allows actions outside S3, every one its NotAction does not list (such as iam:CreateAccessKey, iam:PassRole, sts:AssumeRole, kms:Decrypt, ec2:RunInstances)" },
        // Everything but reading under the path: of S3 alone, as its resource is.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::acme-recordings/video/*"}]}""",
            "it reaches actions the stack does not grant (s3:GetObjectVersion, s3:DeleteObject, s3:DeleteObjectVersion," },
        // Buckets by a pattern that is not the storage's.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-pay*/*"}]}""",
            "it reaches other buckets (arn:aws:s3:::acme-pay*/*)" },
        // Another bucket itself, by actions on a bucket.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutBucketPolicy","s3:DeleteBucket"],"Resource":"arn:aws:s3:::acme-payroll"}]}""",
            "it reaches other buckets (arn:aws:s3:::acme-payroll)" },
        // Every bucket but the storage's.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::acme-recordings/*"}]}""",
            "it reaches other buckets (every one its NotResource does not list)" },
        // An access point, which reaches whatever bucket it stands for.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:eu-west-1:111122223333:accesspoint/reports/object/*"}]}""",
            "it reaches other buckets (arn:aws:s3:eu-west-1:111122223333:accesspoint/reports/object/*)" },
        // A condition whoever holds the key may meet.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"InRegion","Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}""",
            "has statement \"InRegion\" allowing * on * under a condition on aws:RequestedRegion: beyond s3:PutObject and s3:AbortMultipartUpload under 'video/', the stack's grant, it reaches keys outside 'video/'" },
    };

    /// <summary>A Deny in the user's policies takes back another bucket or a service outside S3 as it does keys outside the path.</summary>
    [Fact]
    public void A_deny_takes_back_another_bucket_and_actions_outside_s3()
    {
        var wide = Inline("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:Decrypt"],"Resource":["arn:aws:s3:::acme-recordings/video/*","arn:aws:s3:::acme-payroll/*","arn:aws:kms:eu-west-1:111122223333:key/*"]}]}""");
        var denials = new IamUserPolicy("arn:aws:iam::111122223333:policy/fence", Managed: true,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::acme-payroll/*"},{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}""");

        Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(wide)));
        Assert.Empty(IamUserPolicyAnalyzer.Analyze(Holding(wide, denials)));
    }

    /// <summary>A Deny under a condition takes nothing back: whoever holds the key may see to it that the condition is not met.</summary>
    [Fact]
    public void A_deny_under_a_condition_takes_nothing_back()
    {
        var everything = Inline("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        var later = new IamUserPolicy("arn:aws:iam::111122223333:policy/later", Managed: true,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::acme-recordings/video/*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2099-01-01T00:00:00Z"}}}]}""");

        Assert.Equal(FindingCodes.S3UserGrantWider, Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(everything, later))).Code);
    }

    /// <summary>An action of another service on S3's resources authorizes nothing; on the stack's key, under its condition, it is the stack's.</summary>
    [Fact]
    public void Another_services_action_on_s3_resources_or_the_stacks_key_statement_is_not_wider()
    {
        var onTheBucket = Inline("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:Decrypt"],"Resource":"arn:aws:s3:::acme-recordings/video/*"}]}""");
        var onAnyKey = Inline("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}}]}""");

        Assert.Empty(IamUserPolicyAnalyzer.Analyze(Holding(onTheBucket)));
        Assert.Contains("under a condition on kms:ViaService: it allows actions outside S3 (kms:Decrypt)", Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(onAnyKey))).Cause, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PoliciesWiderThanTheGrant))]
    public void A_user_policy_reaching_beyond_the_path_or_the_writers_actions_is_a_warning_with_the_statement_the_stack_writes(string policy, string causePart)
    {
        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(Inline(policy))));

        Assert.Equal((FindingCodes.S3UserGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(causePart, finding.Cause, StringComparison.Ordinal);
        Assert.StartsWith(
            """Keep IAM user 'stream-dev-rec-1a2b3c4d' to the statement pulumi up writes, {"Sid":"StreamRecordingWrite","Effect":"Allow","Action":["s3:PutObject","s3:AbortMultipartUpload"],"Resource":"arn:aws:s3:::acme-recordings/video/*"}: narrow or remove """,
            finding.Fix, StringComparison.Ordinal);
        Assert.Contains("of its inline policy 'writer'", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wide_managed_policy_is_named_by_its_arn_with_the_command_that_detaches_it()
    {
        var fullAccess = new IamUserPolicy("arn:aws:iam::aws:policy/AmazonS3FullAccess", Managed: true,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}""");

        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(Inline(S3Grants.WriterUserPolicy(Bucket, Path)), fullAccess)));

        Assert.Equal(FindingCodes.S3UserGrantWider, finding.Code);
        Assert.StartsWith("The managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess of IAM user 'stream-dev-rec-1a2b3c4d' has an unnamed statement allowing s3:*, s3-object-lambda:* on *:", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"aws iam detach-user-policy --user-name {User} --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>Every policy of the user applies to each request: a Deny in one takes back what an Allow in another grants.</summary>
    [Fact]
    public void A_deny_in_another_policy_of_the_user_takes_back_what_a_wider_allow_grants()
    {
        var everywhere = new IamUserPolicy("arn:aws:iam::111122223333:policy/uploads", Managed: true,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"}]}""");
        var onlyThePath = Inline("""{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThePath","Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::acme-recordings/video/*"}]}""");

        Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(everywhere)));
        Assert.Empty(IamUserPolicyAnalyzer.Analyze(Holding(everywhere, onlyThePath)));
    }

    [Fact]
    public void A_document_that_is_not_a_policy_is_not_examined_and_the_others_still_are()
    {
        var findings = IamUserPolicyAnalyzer.Analyze(Holding(
            Inline("""{"Version":"2012-10-17"}"""),
            new IamUserPolicy("arn:aws:iam::aws:policy/AdministratorAccess", Managed: true, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""")));

        Assert.Equal([FindingCodes.S3UserGrantWider, FindingCodes.S3UserPolicyUnreadable], findings.Select(f => f.Code));
        var unread = findings[1];
        Assert.Equal(FindingSeverity.Warning, unread.Severity);
        Assert.Contains("(the inline policy 'writer' could not be read as an IAM policy)", unread.Cause, StringComparison.Ordinal);
        Assert.Contains(IamUserPolicyAnalyzer.ReadPermissions, unread.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_in_a_group_is_warned_that_the_groups_policies_were_not_examined()
    {
        var finding = Assert.Single(IamUserPolicyAnalyzer.Analyze(Holding(Inline(S3Grants.WriterUserPolicy(Bucket, Path))) with { Groups = ["uploaders", "ops"] }));

        Assert.Equal((FindingCodes.S3UserGroupsUnexamined, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("is in the group(s) 'uploaders', 'ops', whose policies the doctor does not read", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"aws iam remove-user-from-group --user-name {User} --group-name GROUP", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("beyond s3:PutObject and s3:AbortMultipartUpload under 'video/'", finding.Fix, StringComparison.Ordinal);
    }
}
