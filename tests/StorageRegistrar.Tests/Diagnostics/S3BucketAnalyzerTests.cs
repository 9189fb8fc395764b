using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Policies below are shaped as GetBucketPolicy returns them: compact JSON, single values unwrapped.</summary>
public sealed class S3BucketAnalyzerTests
{
    private const string Bucket = "acme-recordings";
    private const string Path = "video/";

    private static S3BucketFacts Healthy(string? policy = null) => new()
    {
        Bucket = Bucket,
        Path = Path,
        DeclaredRegion = "eu-west-1",
        Region = "eu-west-1",
        PolicyJson = policy ?? S3Grants.StreamWriterBucketPolicy(Bucket, Path),
        ObjectOwnership = "BucketOwnerEnforced",
        EncryptionAlgorithm = "AES256",
    };

    /// <summary>Stream's grant and a common deny of every write without an encryption header, which Stream sends none of.</summary>
    private const string RequiresEncryptionHeader =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"},"""
        + """{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}""";

    private static IEnumerable<string> Codes(S3BucketFacts facts) => S3BucketAnalyzer.Analyze(facts).Select(f => f.Code);

    /// <summary>S3's refusal is pointed outside the bucket only when nothing the bucket says explains it.</summary>
    [Theory]
    [InlineData(S3AccessMode.BucketPolicy, "AccessDenied: Access Denied", null, true)]
    [InlineData(S3AccessMode.AccessKeys, "AccessDenied: Access Denied", null, false)]
    [InlineData(S3AccessMode.BucketPolicy, "NoSuchBucket: The specified bucket does not exist", null, false)]
    [InlineData(S3AccessMode.BucketPolicy, null, null, false)]
    [InlineData(S3AccessMode.BucketPolicy, "AccessDenied: Access Denied", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", false)]
    [InlineData(S3AccessMode.BucketPolicy, "AccessDenied: Access Denied", "not a policy", false)]
    [InlineData(S3AccessMode.BucketPolicy, "AccessDenied: Access Denied", RequiresEncryptionHeader, false)]
    [InlineData(S3AccessMode.BucketPolicy, "AccessDenied: Access Denied", null, false, "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    public void A_refusal_the_bucket_does_not_explain_is_pointed_at_a_policy_outside_it(S3AccessMode mode, string? checkError, string? policy, bool pointed, string? customerKey = null)
    {
        var facts = Healthy(policy) with { AccessMode = mode, KmsKeyId = customerKey, EncryptionAlgorithm = customerKey is null ? "AES256" : "aws:kms", KeyDeclared = customerKey is not null };

        var findings = S3BucketAnalyzer.RefusedOutsideThePolicy(facts, checkError, S3BucketAnalyzer.Analyze(facts));

        Assert.Equal(pointed, findings.Any(f => f.Code == FindingCodes.S3RefusedOutsideThePolicy && f.Severity == FindingSeverity.Warning));
    }

    [Theory]
    [InlineData(FindingCodes.LockMissing, true)]
    [InlineData(FindingCodes.ResidencyOutside, true)]
    [InlineData(FindingCodes.TiersMissing, true)]
    [InlineData(FindingCodes.AccessLogsOff, true)]
    [InlineData(FindingCodes.EncryptionKeyUnusable, false)]
    [InlineData(FindingCodes.S3PolicyMissing, false)]
    public void A_problem_that_refuses_no_write_does_not_hide_the_refusal_outside_the_policy(string problem, bool pointed)
    {
        Finding[] found = [new(problem, FindingSeverity.Problem, "", "")];

        var findings = S3BucketAnalyzer.RefusedOutsideThePolicy(Healthy(), "AccessDenied: Access Denied", found);

        Assert.Equal(pointed, findings.Any(f => f.Code == FindingCodes.S3RefusedOutsideThePolicy));
    }

    /// <summary>Stream accepts a path IAM reads as a wildcard: the policy is judged against the key as written, and the fix says no grant can keep to it.</summary>
    [Fact]
    public void A_path_iam_reads_as_a_wildcard_is_judged_not_refused()
    {
        var findings = S3BucketAnalyzer.Analyze(Healthy("{\"Version\":\"2012-10-17\",\"Statement\":[]}") with { Path = "rec*/" });

        var missing = Assert.Single(findings, f => f.Code == FindingCodes.S3PolicyPrincipalMissing);
        Assert.StartsWith("The path 'rec*/' holds '*', '?' or '${', which IAM reads as a wildcard or variable", missing.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_the_product_writes_passes_with_no_finding() =>
        Assert.Empty(S3BucketAnalyzer.Analyze(Healthy()));

    [Fact]
    public void Policy_mode_is_warned_of_trusting_every_stream_app_with_both_mitigations_and_their_trade_offs()
    {
        var finding = Assert.Single(S3BucketAnalyzer.PolicyTrust(Healthy()));

        Assert.Equal((FindingCodes.S3PolicyTrustsEveryStreamApp, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("acceptsEveryStreamApp: true", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("unguessablePath: true", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("no external ID", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("185583345998", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("authMode: keys", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("credentialRotation", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("a folder no one can guess", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("only hides the grant", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_the_stack_accepts_is_a_note_that_says_so()
    {
        var finding = Assert.Single(S3BucketAnalyzer.PolicyTrust(Healthy(), accepted: true));

        Assert.Equal((FindingCodes.S3PolicyTrustsEveryStreamApp, FindingSeverity.Note), (finding.Code, finding.Severity));
        Assert.Contains("no external ID", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("The stack accepts this (acceptsEveryStreamApp: true)", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_mode_and_a_missing_bucket_carry_no_trust_warning()
    {
        Assert.Empty(S3BucketAnalyzer.PolicyTrust(Healthy() with { AccessMode = S3AccessMode.AccessKeys }));
        Assert.Empty(S3BucketAnalyzer.PolicyTrust(new S3BucketFacts { Bucket = Bucket, LookupErrorCode = "NoSuchBucket" }));
    }

    [Fact]
    public void A_missing_bucket_is_the_only_finding()
    {
        var findings = S3BucketAnalyzer.Analyze(new S3BucketFacts { Bucket = Bucket, LookupErrorCode = "NoSuchBucket" });

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.S3BucketMissing, finding.Code);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Contains(Bucket, finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void An_owner_without_read_access_is_told_which_permissions_to_use()
    {
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(new S3BucketFacts { Bucket = Bucket, LookupErrorCode = "AccessDenied" }));

        Assert.Equal(FindingCodes.S3BucketUnreadable, finding.Code);
        Assert.Contains("s3:GetBucketPolicy", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_other_than_the_registered_one_is_a_problem_that_names_the_bucket_region()
    {
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy() with { DeclaredRegion = "us-east-1", Region = S3Regions.FromLocationConstraint("EU") }));

        Assert.Equal(FindingCodes.S3RegionMismatch, finding.Code);
        Assert.Contains("eu-west-1", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "us-east-1")]
    [InlineData("", "us-east-1")]
    [InlineData("EU", "eu-west-1")]
    [InlineData("ap-southeast-2", "ap-southeast-2")]
    public void Location_constraints_normalise_to_region_names(string? constraint, string region) =>
        Assert.Equal(region, S3Regions.FromLocationConstraint(constraint));

    [Fact]
    public void Without_a_declared_region_the_bucket_region_is_a_note() =>
        Assert.Equal([FindingCodes.S3Region], Codes(Healthy() with { DeclaredRegion = null }));

    [Fact]
    public void No_policy_in_policy_mode_is_a_problem() =>
        Assert.Equal([FindingCodes.S3PolicyMissing], Codes(Healthy() with { PolicyJson = null }));

    [Fact]
    public void No_policy_in_keys_mode_is_fine() =>
        Assert.Empty(S3BucketAnalyzer.Analyze(Healthy() with { PolicyJson = null, AccessMode = S3AccessMode.AccessKeys, ObjectOwnership = null }));

    [Fact]
    public void A_policy_for_another_account_lacks_streams_principal()
    {
        const string policy = """{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"}]}""";

        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy(policy)));

        Assert.Equal(FindingCodes.S3PolicyPrincipalMissing, finding.Code);
        Assert.Contains(S3Grants.StreamPrincipalArn, finding.Fix, StringComparison.Ordinal);
        Assert.Contains("arn:aws:s3:::acme-recordings/video/*", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>
    /// A policy that grants Stream less than s3:PutObject under the path: the one finding, its severity and a part of its
    /// cause; and whether what it grants also reaches beyond the path or s3:PutObject.
    /// </summary>
    public static TheoryData<string, string, FindingSeverity, string, bool> PoliciesThatLimitTheGrant => new()
    {
        // The docs' copy-paste, with the wrong actions: reading and listing the whole bucket.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::acme-recordings/*","arn:aws:s3:::acme-recordings"]}]}""", FindingCodes.S3PolicyActionMissing, FindingSeverity.Problem, "s3:GetObject", true },
        // A grant scoped to another path, which is outside the storage's.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"StreamRecordingWrite","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/audio/*"}]}""", FindingCodes.S3PolicyPathMismatch, FindingSeverity.Problem, "acme-recordings/audio/*", true },
        // A grant that requires an ACL header: a warning.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}""", FindingCodes.S3PolicyConditional, FindingSeverity.Warning, "s3:x-amz-acl", false },
        // An unconditional deny overrides the grant.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"StreamRecordingWrite","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"},{"Sid":"FreezeWrites","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"}]}""", FindingCodes.S3PolicyDenies, FindingSeverity.Problem, "FreezeWrites", false },
    };

    [Theory]
    [MemberData(nameof(PoliciesThatLimitTheGrant))]
    public void A_policy_that_limits_streams_grant_is_one_finding_naming_what_limits_it(string policy, string code, FindingSeverity severity, string causePart, bool wider)
    {
        var findings = S3BucketAnalyzer.Analyze(Healthy(policy));

        var finding = Assert.Single(findings, f => f.Code != FindingCodes.S3GrantWider);
        Assert.Equal((code, severity), (finding.Code, finding.Severity));
        Assert.Contains(causePart, finding.Cause, StringComparison.Ordinal);
        Assert.Equal(wider, findings.Any(f => f.Code == FindingCodes.S3GrantWider));
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"185583345998"},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::acme-recordings/video/*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::185583345998:root"]},"Action":"S3:putobject","Resource":["arn:aws:s3:::acme-recordings/video/*"]}]}""")]
    // A '?' that only the bucket's own letter lets through keeps to the bucket; a condition on TLS alone is met by Stream.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recording?/video/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}""")]
    // A Deny of Stream's account everywhere but the path takes back what a wider Allow gives.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"},{"Sid":"OnlyTheRecordingsPath","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:*","NotResource":"arn:aws:s3:::acme-recordings/video/*"}]}""")]
    public void Equivalent_grants_written_differently_pass(string policy) =>
        Assert.Empty(S3BucketAnalyzer.Analyze(Healthy(policy)));

    /// <summary>Policies that give Stream's account what the stack's grant does, and more: a part of the wider finding's cause.</summary>
    public static TheoryData<string, string> PoliciesWiderThanTheGrant => new()
    {
        // The whole bucket, every action.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"StreamAll","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:*","Resource":["arn:aws:s3:::acme-recordings","arn:aws:s3:::acme-recordings/*"]}]}""",
            "statement \"StreamAll\" allowing Stream's account 185583345998 s3:* on arn:aws:s3:::acme-recordings, arn:aws:s3:::acme-recordings/*: beyond s3:PutObject under 'video/', the stack's grant, it reaches keys outside 'video/' (such as 'stream-doctor-outside.md') and actions the stack does not grant (s3:GetObject, s3:GetObjectVersion, s3:DeleteObject" },
        // Writing anywhere in the bucket.
        { """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"185583345998"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*"}}""",
            "an unnamed statement allowing Stream's account 185583345998 s3:PutObject on arn:aws:s3:::acme-recordings/*: beyond s3:PutObject under 'video/', the stack's grant, it reaches keys outside 'video/' (such as 'stream-doctor-outside.md'): Stream's account may do that for any Stream app" },
        // The path without its '/': a sibling folder, and a name only starting like the path.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video*"}]}""",
            "keys outside 'video/' (such as 'video-other/stream-doctor-outside.md')" },
        // A '?' in the path: 'vidxo/' as well as 'video/'.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"NotAction":"s3:DeleteObject","Resource":"arn:aws:s3:::acme-recordings/vid?o/*"}]}""",
            "everything but s3:DeleteObject on arn:aws:s3:::acme-recordings/vid?o/*: beyond s3:PutObject under 'video/', the stack's grant, it reaches keys outside 'video/' (such as 'vidxo/') and actions the stack does not grant (s3:GetObject, s3:GetObjectVersion, s3:DeleteObjectVersion," },
        // Every action under the path: reading and deleting recordings.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::185583345998:root"]},"Action":"S3:*","Resource":"arn:aws:s3:::acme-recordings/video/*"}]}""",
            "it reaches actions the stack does not grant (s3:GetObject, s3:GetObjectVersion, s3:DeleteObject, s3:DeleteObjectVersion, s3:PutObjectAcl, s3:PutObjectTagging, s3:PutObjectRetention, s3:PutObjectLegalHold, s3:BypassGovernanceRetention, s3:AbortMultipartUpload):" },
        // Everywhere but the path, beside the stack's own statement.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"StreamRecordingWrite","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"},{"Sid":"Uploads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","NotResource":"arn:aws:s3:::acme-recordings/video/*"}]}""",
            "statement \"Uploads\" allowing Stream's account 185583345998 s3:PutObject on everything but arn:aws:s3:::acme-recordings/video/*" },
        // Everyone may write: Stream's account too, under any path; a condition on TLS alone narrows nothing.
        { """{"Version":"2012-10-17","Statement":[{"Sid":"PublicUpload","Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*","Condition":{"NumericGreaterThanEquals":{"s3:TlsVersion":"1.2"}}}]}""",
            "statement \"PublicUpload\" allowing every principal (\"*\"), Stream's account among them, s3:PutObject" },
        // A wildcard in the bucket's name: the bucket's own keys before the path.
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-*/video/*"}]}""",
            "keys outside 'video/' (such as '/video/')" },
    };

    [Theory]
    [MemberData(nameof(PoliciesWiderThanTheGrant))]
    public void A_grant_reaching_beyond_the_path_or_put_object_is_a_warning_with_the_statement_the_stack_writes(string policy, string causePart)
    {
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy(policy)));

        Assert.Equal((FindingCodes.S3GrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(causePart, finding.Cause, StringComparison.Ordinal);
        Assert.StartsWith(
            """Keep Stream's account to the statement pulumi up writes, {"Sid":"StreamRecordingWrite","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"}: narrow or remove """,
            finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Storages sharing an existing bucket each merge the statement the stack writes for them: another storage's, kept to its
    /// own path, is its grant, not a wider one of this storage's; the fix names this storage's own statement.
    /// </summary>
    [Fact]
    public void Another_storages_statement_on_a_shared_bucket_is_its_grant_not_a_wider_one()
    {
        var merged = $$"""{"Version":"2012-10-17","Statement":[{{S3Grants.StreamWriterStatement(Bucket, Path, "rec-eu")}},{{S3Grants.StreamWriterStatement(Bucket, "us/", "rec-us")}}]}""";
        var shared = Healthy(merged) with { Storage = "rec-eu" };

        var alone = Assert.Single(S3BucketAnalyzer.Analyze(shared));
        Assert.Empty(S3BucketAnalyzer.Analyze(shared with { OtherStreamPaths = ["us/"] }));
        var wider = Assert.Single(S3BucketAnalyzer.Analyze(shared with { OtherStreamPaths = ["u/"] }));

        Assert.Equal(FindingCodes.S3GrantWider, alone.Code);
        Assert.Contains("\"Sid\":\"StreamRecordingWriteRecEu\"", alone.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.S3GrantWider, wider.Code);
    }

    [Fact]
    public void Without_a_path_the_whole_bucket_is_streams_and_only_actions_beyond_put_object_are_wider()
    {
        var atRoot = Healthy() with { Path = "" };
        const string everyAction = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:*","Resource":"arn:aws:s3:::acme-recordings/*"}]}""";

        Assert.Empty(S3BucketAnalyzer.Analyze(atRoot with { PolicyJson = S3Grants.StreamWriterBucketPolicy(Bucket, "") }));
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(atRoot with { PolicyJson = everyAction }));
        Assert.Equal(FindingCodes.S3GrantWider, finding.Code);
        Assert.Contains("beyond s3:PutObject under the bucket, the stack's grant, it reaches actions the stack does not grant (s3:GetObject,", finding.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("keys outside", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("\"Resource\":\"arn:aws:s3:::acme-recordings/*\"", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>Stream's requests may or may not meet a condition other than TLS: what the statement allows under it is not claimed.</summary>
    [Theory]
    [InlineData("""{"StringLike":{"s3:prefix":["video/*"]}}""")]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""")]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}""")]
    public void A_wide_statement_under_a_condition_the_doctor_cannot_judge_is_not_claimed_wider(string condition)
    {
        var policy = """{"Version":"2012-10-17","Statement":[{"Sid":"StreamRecordingWrite","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/video/*"},"""
            + $$$"""{"Sid":"StreamListsAndReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::185583345998:root"},"Action":"s3:*","Resource":["arn:aws:s3:::acme-recordings","arn:aws:s3:::acme-recordings/*"],"Condition":{{{condition}}}}]}""";

        Assert.Empty(S3BucketAnalyzer.Analyze(Healthy(policy)));
    }

    [Fact]
    public void A_deny_of_uploads_without_kms_headers_is_a_warning_even_in_keys_mode()
    {
        const string policy = """{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnEncryptedObjectUploads","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-recordings/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}""";

        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy(policy) with { AccessMode = S3AccessMode.AccessKeys }));

        Assert.Equal(FindingCodes.S3PolicyDenies, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void A_policy_that_is_not_iam_json_is_reported_not_thrown() =>
        Assert.Equal([FindingCodes.S3PolicyInvalid], Codes(Healthy("""{"Version":"2012-10-17"}""")));

    [Theory]
    [InlineData(null, FindingSeverity.Problem)]
    [InlineData("ObjectWriter", FindingSeverity.Problem)]
    [InlineData("BucketOwnerPreferred", FindingSeverity.Warning)]
    public void Ownership_other_than_enforced_leaves_recordings_with_stream(string? ownership, FindingSeverity severity)
    {
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy() with { ObjectOwnership = ownership }));

        Assert.Equal(FindingCodes.S3ObjectOwnership, finding.Code);
        Assert.Equal(severity, finding.Severity);
        Assert.Contains("BucketOwnerEnforced", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/aws/s3")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    public void Kms_default_encryption_fails_streams_uploads_in_policy_mode(string? keyId)
    {
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(Healthy() with { EncryptionAlgorithm = "aws:kms", KmsKeyId = keyId }));

        Assert.Equal(FindingCodes.S3KmsEncryption, finding.Code);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Contains("AES256", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(S3AccessMode.BucketPolicy)]
    [InlineData(S3AccessMode.AccessKeys)]
    public void A_customer_key_the_stack_declares_and_grants_is_left_to_the_key_analysis_but_aws_s3_is_not(S3AccessMode mode)
    {
        var declared = Healthy() with { AccessMode = mode, EncryptionAlgorithm = "aws:kms", KeyDeclared = true };

        Assert.Empty(S3BucketAnalyzer.Analyze(declared with { KmsKeyId = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }));
        Assert.Equal(
            mode == S3AccessMode.BucketPolicy ? [FindingCodes.S3KmsEncryption] : [],
            S3BucketAnalyzer.Analyze(declared with { KmsKeyId = null }).Select(f => f.Code));
    }

    [Fact]
    public void In_keys_mode_a_customer_key_is_a_warning_and_the_managed_key_is_fine()
    {
        var keys = Healthy() with { AccessMode = S3AccessMode.AccessKeys, EncryptionAlgorithm = "aws:kms" };

        Assert.Empty(S3BucketAnalyzer.Analyze(keys));
        var finding = Assert.Single(S3BucketAnalyzer.Analyze(keys with { KmsKeyId = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }));
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("kms:GenerateDataKey", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_the_owner_cannot_read_are_warnings_and_are_not_judged()
    {
        var findings = S3BucketAnalyzer.Analyze(Healthy() with
        {
            PolicyJson = null,
            ObjectOwnership = null,
            Unreadable = new Dictionary<string, string> { [S3BucketSettings.Policy] = "AccessDenied", [S3BucketSettings.Ownership] = "AccessDenied" },
        });

        Assert.All(findings, f => Assert.Equal((FindingCodes.S3FactUnreadable, FindingSeverity.Warning), (f.Code, f.Severity)));
        Assert.Equal(2, findings.Count);
    }
}
