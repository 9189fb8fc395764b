using System.Net;
using Amazon.Runtime;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// The AWS checker through its real clients, the SDK's SigV4 signer and the retry pipeline, against a local server
/// answering in STS's, IAM's and S3 Control's documented XML: actions allowed, denied by the deployer's policies, by an
/// SCP or by a permissions boundary; the simulation refused, throttled, failing or malformed; an assumed role found by
/// its path or, without GetRole, not; Block Public Access shown.
/// </summary>
public sealed class AwsGuardrailCheckerTests() : GuardrailCheckerTest<AwsGuardrailServer>(ct => AwsGuardrailServer.StartAsync(ct))
{
    private const string BucketArn = "arn:aws:s3:::dev-rec-s3-*";
    private const string UserArn = "arn:aws:iam::{account}:user/stream-dev-rec-s3-*";
    private const string RoleArn = $"arn:aws:iam::{AwsGuardrailServer.Account}:role/deployer";

    /// <summary>An IAM Identity Center permission set's role, whose path the session's ARN leaves out.</summary>
    private const string SsoRoleName = "AWSReservedSSO_StreamDeployer_0123456789abcdef";
    private const string SsoRolePath = "/aws-reserved/sso.amazonaws.com/eu-west-1/";
    private const string SsoSessionArn = $"arn:aws:sts::{AwsGuardrailServer.Account}:assumed-role/{SsoRoleName}/alice@example.com";
    private const string PathlessSsoRoleArn = $"arn:aws:iam::{AwsGuardrailServer.Account}:role/{SsoRoleName}";

    [Fact]
    public async Task Everything_allowed_meets_every_guardrail_simulating_the_sessions_role_once_per_resource_in_the_buckets_region()
    {
        Server.SetPublicAccessBlock(true, true, true, true);

        var checks = await CheckAsync(KeysTarget());

        Assert.Equal([.. AwsGuardrails.All.Select(g => g.Id)], checks.Select(c => c.Guardrail));
        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Contains("BlockPublicAcls on, IgnorePublicAcls on, BlockPublicPolicy on, RestrictPublicBuckets on", checks[3].Message, StringComparison.Ordinal);
        Assert.Equal(["DescribeOrganization", "GetCallerIdentity", AwsGuardrailServer.GetPublicAccessBlock, "GetRole", "SimulatePrincipalPolicy", "SimulatePrincipalPolicy"], Server.Requests.Select(r => r.Operation).Order(StringComparer.Ordinal));
        var getRole = Assert.Single(Server.Requests, r => r.Operation == "GetRole");
        Assert.Equal("deployer", getRole.Query["RoleName"]);
        Assert.Contains("/us-east-1/iam/aws4_request", getRole.Authorization, StringComparison.Ordinal);
        var simulations = Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy").ToList();
        Assert.All(simulations, r =>
        {
            Assert.Equal(RoleArn, r.Query["PolicySourceArn"]);
            // Every result in one answer: IAM's default page of 100 would leave a large plan's last ones unread.
            Assert.Equal("1000", r.Query["MaxItems"]);
            Assert.Equal(("aws:RequestedRegion", "string"), (r.Query["ContextEntries.member.1.ContextKeyName"], r.Query["ContextEntries.member.1.ContextKeyType"]));
            Assert.Contains("/us-east-1/iam/aws4_request", r.Authorization, StringComparison.Ordinal);
        });
        var onBucket = Assert.Single(simulations, r => r.Query["ResourceArns.member.1"] == BucketArn);
        Assert.Equal(["s3:CreateBucket", "s3:PutBucketPolicy"], [onBucket.Query["ActionNames.member.1"], onBucket.Query["ActionNames.member.2"]]);
        Assert.Equal("eu-west-1", onBucket.Query["ContextEntries.member.1.ContextKeyValues.member.1"]);
        // What the real requests carry: the accounts, and CreateBucket's location constraint (a region-keeping policy's key).
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["aws:RequestedRegion"] = "eu-west-1",
                ["aws:PrincipalArn"] = RoleArn,
                ["aws:PrincipalAccount"] = AwsGuardrailServer.Account,
                ["aws:ResourceAccount"] = AwsGuardrailServer.Account,
                ["s3:LocationConstraint"] = "eu-west-1",
            },
            ContextOf(onBucket));
        // IAM is global: its requests name its home region, which a region-keeping SCP must spare.
        var onUser = Assert.Single(simulations, r => r.Query["ResourceArns.member.1"] == $"arn:aws:iam::{AwsGuardrailServer.Account}:user/stream-dev-rec-s3-*");
        Assert.Equal("us-east-1", onUser.Query["ContextEntries.member.1.ContextKeyValues.member.1"]);
        Assert.DoesNotContain("s3:LocationConstraint", ContextOf(onUser).Keys);
        var blockPublicAccess = Assert.Single(Server.Requests, r => r.Operation == AwsGuardrailServer.GetPublicAccessBlock);
        Assert.Equal(AwsGuardrailServer.Account, blockPublicAccess.AccountIdHeader);
        Assert.Contains("/eu-west-1/s3/aws4_request", blockPublicAccess.Authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/sts/aws4_request", Assert.Single(Server.Requests, r => r.Operation == "GetCallerIdentity").Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_the_deployers_policy_denies_blocks_naming_it_with_the_policy_to_grant()
    {
        Server.Decide("s3:PutBucketPolicy", "explicitDeny");

        var blocked = await SingleBlockAsync(AwsGuardrails.DeployerPermissions);

        Assert.Equal($"{RoleArn} is not allowed s3:PutBucketPolicy on {BucketArn} (for rec-s3-policy): pulumi up would stop at rec-s3-policy.", blocked.Message);
        Assert.StartsWith("Remove the statement of the deployer's policies that denies it", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("aws iam put-role-policy --role-name deployer --policy-name stream-storage-deploy", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains($"\"Action\":[\"s3:PutBucketPolicy\"],\"Resource\":[\"{BucketArn}\"]", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal("the account's IAM administrators", blocked.GrantedBy);
    }

    [Fact]
    public async Task An_scp_denial_blocks_as_the_organizations_and_not_as_the_deployers()
    {
        Server.Decide("iam:CreateAccessKey", "implicitDeny", allowedByOrganizations: false);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies);

        Assert.StartsWith(
            $"An SCP of your organization denies iam:CreateAccessKey on arn:aws:iam::{AwsGuardrailServer.Account}:user/stream-dev-rec-s3-* (for rec-s3-writer-key) in us-east-1",
            blocked.Message, StringComparison.Ordinal);
        Assert.Contains($"\"aws:PrincipalArn\": \"{RoleArn}\"", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("it must exempt IAM (iam:*), whose requests arrive in us-east-1", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("authMode: policy creates neither", blocked.Fix, StringComparison.Ordinal);
        Assert.StartsWith("the organization's administrators", blocked.GrantedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_that_sends_tags_is_simulated_apart_with_them_and_no_other_request_carries_them()
    {
        var checks = await CheckAsync(TaggedKeysTarget());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        var onUser = Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy" && r.Query["ResourceArns.member.1"] == $"arn:aws:iam::{AwsGuardrailServer.Account}:user/stream-dev-rec-s3-*").ToList();
        Assert.Equal(2, onUser.Count);
        var tagged = Assert.Single(onUser, r => r.Context.ContainsKey("aws:TagKeys"));
        Assert.Equal(["iam:CreateUser", "iam:TagUser"], [tagged.Query["ActionNames.member.1"], tagged.Query["ActionNames.member.2"]]);
        Assert.Equal(["video"], tagged.Context["aws:RequestTag/team"]);
        Assert.Equal(["rec-s3"], tagged.Context["aws:RequestTag/stream-storage"]);
        Assert.Equal(["team", "stream-storage"], tagged.Context["aws:TagKeys"]);
        var tagKeysEntry = tagged.Query.Single(q => q.Value == "aws:TagKeys").Key;
        Assert.Equal("stringList", tagged.Query[tagKeysEntry.Replace("ContextKeyName", "ContextKeyType", StringComparison.Ordinal)]);
        var untagged = Assert.Single(onUser, r => r != tagged);
        Assert.Equal("iam:CreateAccessKey", untagged.Query["ActionNames.member.1"]);
        Assert.DoesNotContain(untagged.Context.Keys, k => k.StartsWith("aws:RequestTag/", StringComparison.Ordinal) || k == "aws:TagKeys");
    }

    /// <summary>Fifty tags of the longest names and values AWS takes would not fit in a URL: the simulation is posted as a form.</summary>
    [Fact]
    public async Task A_create_sending_as_many_and_as_long_tags_as_aws_takes_is_simulated_whole()
    {
        var tags = Enumerable.Range(0, 50).ToDictionary(n => $"{n:D2}{new string('k', 126)}", n => new string('v', 256));

        var checks = await CheckAsync(TaggedKeysTarget() with { RequestTags = tags });

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        var tagged = Assert.Single(Server.Requests, r => r.Context.ContainsKey("aws:TagKeys"));
        Assert.Equal(tags.Keys, tagged.Context["aws:TagKeys"]);
        Assert.All(tags, tag => Assert.Equal([tag.Value], tagged.Context[$"aws:RequestTag/{tag.Key}"]));
    }

    /// <summary>
    /// A condition on a key absent from the request is false: IAM allows what a deny conditioned on where the deployer signs
    /// in from would refuse in the real request, and lists the key it lacked. Such an allow is not a pass.
    /// </summary>
    [Fact]
    public async Task An_allow_resting_on_a_key_the_simulation_lacked_is_not_examined_rather_than_met()
    {
        Server.Decide("s3:PutBucketPolicy", "allowed", allowedByOrganizations: true, missingContext: ["aws:SourceIp", "aws:ViaAWSService"]);

        var checks = await CheckAsync(KeysTarget());

        foreach (var guardrail in new[] { AwsGuardrails.ServiceControlPolicies, AwsGuardrails.PermissionsBoundary, AwsGuardrails.DeployerPermissions })
        {
            var check = Assert.Single(checks, c => c.Guardrail == guardrail.Id);
            Assert.Equal(PreflightOutcome.NotExamined, check.Outcome);
            Assert.Equal(
                "IAM allowed s3:PutBucketPolicy, though the policies read aws:SourceIp, aws:ViaAWSService, which the simulation had no value for and the request pulumi up makes carries: "
                + "a statement conditioned on them (an SCP that refuses requests from outside a network, without MFA or without a principal tag, say) may refuse what the simulation allowed.",
                check.Message);
        }
    }

    [Fact]
    public async Task An_scp_requiring_a_tag_the_creates_do_not_send_blocks_naming_the_tag_and_where_to_set_it()
    {
        Server.Decide("iam:CreateUser", "explicitDeny", allowedByOrganizations: false, missingContext: ["aws:RequestTag/CostCenter"]);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies, TaggedKeysTarget());

        Assert.Equal(
            $"An SCP of your organization denies iam:CreateUser on {UserArn.Replace("{account}", AwsGuardrailServer.Account, StringComparison.Ordinal)} (for rec-s3-writer) in us-east-1: pulumi up would stop at rec-s3-writer. "
            + "Its policies read the request's tag CostCenter, which the tags these creates send (team, stream-storage) do not include.",
            blocked.Message);
        Assert.StartsWith(
            "If the policy asks for tag CostCenter at creation, set it in the stack's tags (recording-storage:tags) or the AWS provider's aws:defaultTags; otherwise: Have the organization's administrators exempt",
            blocked.Fix,
            StringComparison.Ordinal);
        Assert.StartsWith("the stack's owner, who sets the tag; otherwise the organization's administrators", blocked.GrantedBy, StringComparison.Ordinal);
    }

    /// <summary>A key the simulation had no value for is still unknown beside a tag the create does not send: the note stays.</summary>
    [Fact]
    public async Task A_tagged_creates_refusal_that_also_reads_another_unsupplied_key_keeps_the_note_on_that_key_alone()
    {
        Server.Decide("iam:CreateUser", "explicitDeny", allowedByOrganizations: false, missingContext: ["aws:RequestTag/CostCenter", "aws:MultiFactorAuthPresent"]);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies, TaggedKeysTarget());

        Assert.Contains("For iam:CreateUser the policies read aws:MultiFactorAuthPresent, which the simulation had no value for", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:RequestTag/CostCenter", blocked.Message, StringComparison.Ordinal);
        Assert.StartsWith("If the policy asks for tag CostCenter at creation", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deployers_organization_is_given_to_the_simulation_as_the_principals_and_the_resources_for_a_data_perimeters_scp()
    {
        Server.OrganizationId = "o-a1b2c3d4e5";

        await CheckAsync(KeysTarget());

        var describe = Assert.Single(Server.Requests, r => r.Operation == "DescribeOrganization");
        Assert.Contains("/us-east-1/organizations/aws4_request", describe.Authorization, StringComparison.Ordinal);
        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), simulation =>
        {
            var context = ContextOf(simulation);
            Assert.Equal("o-a1b2c3d4e5", context["aws:PrincipalOrgID"]);
            Assert.Equal("o-a1b2c3d4e5", context["aws:ResourceOrgID"]);
        });
    }

    [Fact]
    public async Task An_account_in_no_organization_is_simulated_without_its_keys_and_nothing_is_said_of_it()
    {
        Server.Decide("s3:PutBucketPolicy", "explicitDeny", missingContext: ["aws:ResourceOrgID"]);

        var blocked = await SingleBlockAsync(AwsGuardrails.DeployerPermissions);

        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), s =>
        {
            Assert.DoesNotContain("aws:PrincipalOrgID", ContextOf(s).Keys);
            Assert.DoesNotContain("aws:ResourceOrgID", ContextOf(s).Keys);
        });
        Assert.Contains("the policies read aws:ResourceOrgID, which the simulation had no value for", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("organization's keys", blocked.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"You don't have permissions to access this resource."}""", "HTTP 400 AccessDeniedException: You don't have permissions to access this resource. Allowing the deployer organizations:DescribeOrganization (where no SCP denies it) lets preflight give them.", "Allow the deployer organizations:DescribeOrganization and run preflight again")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"TooManyRequestsException","Message":"Rate exceeded"}""", "HTTP 400 TooManyRequestsException: Rate exceeded. Run preflight again to read it.", "Run preflight again, so that the simulation has the organization's keys")]
    [InlineData(HttpStatusCode.OK, """{"Organisation":{}}""", "the answer is not the documented shape", "Run preflight again, so that the simulation has the organization's keys")]
    public async Task A_refusal_that_may_rest_only_on_the_keys_of_an_organization_that_could_not_be_read_is_not_examined(HttpStatusCode status, string answer, string said, string fix)
    {
        Server.OrganizationId = "o-a1b2c3d4e5";
        // As often as the read is tried: throttling is tried again, and still refused.
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            Server.Fail("DescribeOrganization", status, answer);
        }

        Server.Decide("s3:PutBucketPolicy", "explicitDeny", allowedByOrganizations: false, missingContext: ["aws:ResourceOrgID"]);

        var checks = await CheckAsync(KeysTarget());

        var scp = Assert.Single(checks, c => c.Guardrail == AwsGuardrails.ServiceControlPolicies.Id);
        Assert.Equal(PreflightOutcome.NotExamined, scp.Outcome);
        Assert.StartsWith("In the simulation: An SCP of your organization denies s3:PutBucketPolicy", scp.Message, StringComparison.Ordinal);
        Assert.Contains("The organization's keys (aws:ResourceOrgID) were left out: your account's organization (organizations:DescribeOrganization): ", scp.Message, StringComparison.Ordinal);
        Assert.Contains(said, scp.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, scp.Fix, StringComparison.Ordinal);
        Assert.Contains("Have the organization's administrators exempt", scp.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_on_other_keys_beside_the_organizations_still_blocks()
    {
        Server.Fail("DescribeOrganization", HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"Denied."}""")
            .Decide("s3:PutBucketPolicy", "explicitDeny", allowedByOrganizations: false, missingContext: ["aws:ResourceOrgID", "aws:SourceIp"]);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies);

        Assert.Contains("The organization's keys (aws:ResourceOrgID) were left out", blocked.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws-cn", "/cn-northwest-1/organizations/aws4_request")]
    [InlineData("aws-us-gov", "/us-gov-west-1/organizations/aws4_request")]
    public async Task The_organization_is_read_signed_for_the_region_of_the_callers_partition(string partition, string scope)
    {
        Server.CallerArn = $"arn:{partition}:sts::{AwsGuardrailServer.Account}:assumed-role/deployer/pulumi-session";

        await CheckAsync(KeysTarget());

        Assert.Contains(scope, Assert.Single(Server.Requests, r => r.Operation == "DescribeOrganization").Authorization, StringComparison.Ordinal);
    }

    /// <summary>IAM does not say which statement a listed key belongs to: a refusal with any other key, or of an action that carries no tags, still blocks.</summary>
    [Theory]
    [InlineData("iam:CreateAccessKey", "aws:RequestTag/CostCenter")]
    [InlineData("iam:CreateUser", "aws:MultiFactorAuthPresent")]
    public async Task A_refusal_the_missing_keys_cannot_explain_still_blocks_with_a_note(string action, string key)
    {
        Server.Decide("s3:PutBucketPolicy", "explicitDeny", allowedByOrganizations: false);
        Server.Decide(action, "implicitDeny", allowedByOrganizations: false, missingContext: [key]);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies);

        Assert.Contains($"An SCP of your organization denies s3:PutBucketPolicy on {BucketArn} (for rec-s3-policy), {action} on ", blocked.Message, StringComparison.Ordinal);
        Assert.Contains($"For {action} the policies read {key}, which the simulation had no value for", blocked.Message, StringComparison.Ordinal);
        Assert.StartsWith("Have the organization's administrators exempt", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_scp_denying_only_bucket_actions_is_fixed_without_the_advice_about_iam()
    {
        Server.Decide("s3:CreateBucket", "implicitDeny", allowedByOrganizations: false);

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies);

        Assert.EndsWith("if it denies region eu-west-1, choose an allowed region.", blocked.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("exempt IAM", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_scp_denying_the_governance_bypass_blocks_as_a_wall_of_destroy_with_retain_as_the_alternative()
    {
        Server.Decide("s3:BypassGovernanceRetention", "explicitDeny", allowedByOrganizations: false);
        var target = KeysTarget() with
        {
            Actions =
            [
                .. KeysTarget().Actions,
                new("s3:DeleteObjectVersion", "rec-s3-bucket", $"{BucketArn}/*") { OnDestroy = true },
                new("s3:BypassGovernanceRetention", "rec-s3-bucket", $"{BucketArn}/*") { OnDestroy = true },
            ],
        };

        var blocked = Assert.Single(await CheckAsync(target), c => c.Outcome == PreflightOutcome.Blocks);

        Assert.Equal(AwsGuardrails.ServiceControlPolicies.Id, blocked.Guardrail);
        Assert.StartsWith($"An SCP of your organization denies s3:BypassGovernanceRetention on {BucketArn}/* (for rec-s3-bucket) in eu-west-1: pulumi destroy would stop at rec-s3-bucket", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pulumi up", blocked.Message, StringComparison.Ordinal);
        Assert.StartsWith("Destroy takes s3:BypassGovernanceRetention to empty and delete the bucket (dataProtection: forceDestroy): set dataProtection: retain", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains($"\"aws:PrincipalArn\": \"{RoleArn}\"", blocked.Fix, StringComparison.Ordinal);
        // The objects are simulated apart from the bucket, as their own resource.
        var onObjects = Assert.Single(Server.Requests, r => r.Operation == "SimulatePrincipalPolicy" && r.Query["ResourceArns.member.1"] == $"{BucketArn}/*");
        Assert.Equal(["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"], [onObjects.Query["ActionNames.member.1"], onObjects.Query["ActionNames.member.2"]]);
    }

    [Fact]
    public async Task A_permissions_boundary_denial_blocks_naming_the_boundary()
    {
        Server.Decide("s3:CreateBucket", "implicitDeny", allowedByOrganizations: true, allowedByBoundary: false);

        var blocked = await SingleBlockAsync(AwsGuardrails.PermissionsBoundary);

        Assert.StartsWith($"The permissions boundary of {RoleArn} does not allow s3:CreateBucket", blocked.Message, StringComparison.Ordinal);
        Assert.EndsWith("aws iam get-role --role-name deployer --query Role.PermissionsBoundary", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_simulation_leaves_the_three_simulated_guardrails_not_examined_naming_the_permission_to_grant()
    {
        Server.Fail("SimulatePrincipalPolicy", HttpStatusCode.Forbidden,
            AwsGuardrailServer.Error("AccessDenied", $"User: arn:aws:sts::{AwsGuardrailServer.Account}:assumed-role/deployer/pulumi-session is not authorized to perform: iam:SimulatePrincipalPolicy"));

        var checks = await CheckAsync(KeysTarget());

        Assert.Equal([PreflightOutcome.NotExamined, PreflightOutcome.NotExamined, PreflightOutcome.NotExamined, PreflightOutcome.Met], checks.Select(c => c.Outcome));
        Assert.All(checks.Take(3), c =>
        {
            Assert.Contains("HTTP 403 AccessDenied: User:", c.Message, StringComparison.Ordinal);
            Assert.Contains("--role-name deployer --policy-name stream-storage-preflight", c.Fix, StringComparison.Ordinal);
            Assert.Contains($"\"Action\":[\"iam:GetRole\",\"iam:SimulatePrincipalPolicy\"],\"Resource\":[\"{RoleArn}\"]", c.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("path", c.Message, StringComparison.Ordinal);
        });
        Assert.Contains("BlockPublicAcls off", checks[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_center_session_is_simulated_as_its_role_at_the_path_getrole_gives_which_the_scp_exemption_names()
    {
        const string ssoRoleArn = $"arn:aws:iam::{AwsGuardrailServer.Account}:role{SsoRolePath}{SsoRoleName}";
        Server.AddRole(SsoRoleName, SsoRolePath).Decide("s3:CreateBucket", "implicitDeny", allowedByOrganizations: false).CallerArn = SsoSessionArn;

        var blocked = await SingleBlockAsync(AwsGuardrails.ServiceControlPolicies);

        Assert.Contains($"\"ArnNotLike\": {{\"aws:PrincipalArn\": \"{ssoRoleArn}\"}}", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal(SsoRoleName, Assert.Single(Server.Requests, r => r.Operation == "GetRole").Query["RoleName"]);
        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), r => Assert.Equal(ssoRoleArn, r.Query["PolicySourceArn"]));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied")]
    [InlineData(HttpStatusCode.NotFound, "NoSuchEntity")]
    public async Task A_role_whose_path_getrole_does_not_give_is_simulated_without_it_and_not_examined_saying_to_allow_iam_getrole(HttpStatusCode status, string code)
    {
        Server.AddRole(SsoRoleName, SsoRolePath).Fail("GetRole", status, AwsGuardrailServer.Error(code, $"iam:GetRole on {SsoRoleName}")).CallerArn = SsoSessionArn;

        var checks = await CheckAsync(KeysTarget());

        Assert.Equal([PreflightOutcome.NotExamined, PreflightOutcome.NotExamined, PreflightOutcome.NotExamined, PreflightOutcome.Met], checks.Select(c => c.Outcome));
        Assert.All(checks.Take(3), c =>
        {
            Assert.Contains("(iam:SimulatePrincipalPolicy): HTTP 404 NoSuchEntity", c.Message, StringComparison.Ordinal);
            Assert.Contains($"{PathlessSsoRoleArn} names the role of your session {SsoSessionArn} without its path", c.Message, StringComparison.Ordinal);
            Assert.Contains($"the path of your role {SsoRoleName} (iam:GetRole): HTTP {(int)status} {code}", c.Message, StringComparison.Ordinal);
            Assert.EndsWith("Allowing iam:GetRole on the role would let preflight find its path.", c.Message, StringComparison.Ordinal);
            // IAM refuses put-role-policy on Identity Center's protected roles: the statement goes into the permission set.
            Assert.DoesNotContain("aws iam put-role-policy", c.Fix, StringComparison.Ordinal);
            Assert.Contains($"your role {SsoRoleName} belongs to an IAM Identity Center permission set", c.Fix, StringComparison.Ordinal);
            Assert.Contains("aws sso-admin put-inline-policy-to-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN", c.Fix, StringComparison.Ordinal);
            Assert.Contains($"--target-type AWS_ACCOUNT --target-id {AwsGuardrailServer.Account}", c.Fix, StringComparison.Ordinal);
            Assert.Contains(
                $"\"Action\":[\"iam:GetRole\",\"iam:SimulatePrincipalPolicy\"],\"Resource\":[\"{PathlessSsoRoleArn}\",\"arn:aws:iam::{AwsGuardrailServer.Account}:role/*/{SsoRoleName}\"]",
                c.Fix,
                StringComparison.Ordinal);
            Assert.StartsWith("IAM Identity Center's administrators", c.GrantedBy, StringComparison.Ordinal);
        });
        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), r => Assert.Equal(PathlessSsoRoleArn, r.Query["PolicySourceArn"]));
    }

    [Fact]
    public async Task A_role_without_a_path_is_simulated_as_before_when_getrole_is_refused()
    {
        Server.Fail("GetRole", HttpStatusCode.Forbidden, AwsGuardrailServer.Error("AccessDenied", "iam:GetRole on deployer"));

        var checks = await CheckAsync(KeysTarget());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), r => Assert.Equal(RoleArn, r.Query["PolicySourceArn"]));
    }

    /// <summary>IAM's Query API throttles with 400 and the code Throttling, which only the body tells from a bad request.</summary>
    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Throttled_and_failing_simulations_are_tried_again_until_answered(HttpStatusCode throttled)
    {
        Server.Fail("SimulatePrincipalPolicy", throttled, AwsGuardrailServer.Error("Throttling", "Rate exceeded"))
            .Fail("SimulatePrincipalPolicy", HttpStatusCode.ServiceUnavailable, AwsGuardrailServer.Error("ServiceUnavailable", "Service unavailable"));

        var checks = await CheckAsync(KeysTarget());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Equal(4, Server.Requests.Count(r => r.Operation == "SimulatePrincipalPolicy"));
    }

    [Fact]
    public async Task A_simulation_refused_as_a_bad_request_is_not_tried_again()
    {
        Server.Fail("SimulatePrincipalPolicy", HttpStatusCode.BadRequest, AwsGuardrailServer.Error("InvalidInput", "Invalid context key."));

        var checks = await CheckAsync(KeysTarget());

        Assert.Contains(checks, c => c.Outcome == PreflightOutcome.NotExamined && c.Message.Contains("InvalidInput: Invalid context key.", StringComparison.Ordinal));
        Assert.Equal(2, Server.Requests.Count(r => r.Operation == "SimulatePrincipalPolicy"));
    }

    [Fact]
    public async Task An_organization_read_throttled_with_400_is_tried_again_and_its_keys_reach_the_simulation()
    {
        Server.OrganizationId = "o-a1b2c3d4e5";
        Server.Fail("DescribeOrganization", HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.organizations#TooManyRequestsException","Message":"AWS Organizations can't complete your request because another request is already in progress."}""");

        var checks = await CheckAsync(KeysTarget());

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Equal(2, Server.Requests.Count(r => r.Operation == "DescribeOrganization"));
        Assert.All(Server.Requests.Where(r => r.Operation == "SimulatePrincipalPolicy"), r => Assert.Equal("o-a1b2c3d4e5", ContextOf(r)["aws:PrincipalOrgID"]));
    }

    [Fact]
    public async Task A_simulation_answer_of_the_wrong_shape_is_not_examined_never_met()
    {
        Server.Fail("SimulatePrincipalPolicy", HttpStatusCode.OK, "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult><EvaluationResults><member><EvalActionName>s3:CreateBucket</EvalActionName><EvalDecision>maybe</EvalDecision></member></EvaluationResults></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>")
            .Fail("SimulatePrincipalPolicy", HttpStatusCode.OK, "<not-xml");

        var checks = await CheckAsync(KeysTarget());

        Assert.All(checks.Take(3), c =>
        {
            Assert.Equal(PreflightOutcome.NotExamined, c.Outcome);
            Assert.Contains("the answer is not the documented shape", c.Message, StringComparison.Ordinal);
            Assert.Null(c.GrantedBy);
        });
    }

    [Fact]
    public async Task An_iam_user_is_simulated_as_itself_and_an_existing_bucket_has_no_block_public_access_check()
    {
        Server.CallerArn = $"arn:aws:iam::{AwsGuardrailServer.Account}:user/ci/pulumi";
        var target = new AwsPreflightTarget("adopted", "eu-central-1")
        {
            CreatesBucket = false,
            Actions = [new("iam:CreateUser", "adopted-writer", UserArn)],
        };

        var checks = await CheckAsync(target);

        Assert.Equal([.. AwsGuardrails.All.Take(3).Select(g => g.Id)], checks.Select(c => c.Guardrail));
        Assert.All(checks, c => Assert.Equal(PreflightOutcome.Met, c.Outcome));
        Assert.Equal(Server.CallerArn, Assert.Single(Server.Requests, r => r.Operation == "SimulatePrincipalPolicy").Query["PolicySourceArn"]);
        Assert.DoesNotContain(Server.Requests, r => r.Operation is AwsGuardrailServer.GetPublicAccessBlock or "GetRole");
    }

    [Fact]
    public async Task The_root_user_cannot_be_simulated_and_is_not_examined_without_a_simulation()
    {
        Server.CallerArn = $"arn:aws:iam::{AwsGuardrailServer.Account}:root";

        var checks = await CheckAsync(KeysTarget());

        Assert.All(checks.Take(3), c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.Contains("whose policies IAM's simulator cannot simulate", checks[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Operation == "SimulatePrincipalPolicy");
    }

    [Fact]
    public async Task Two_storages_of_one_account_read_its_identity_and_block_public_access_once()
    {
        var checks = await new PreflightRunner([Checker()]).RunAsync("dev", [KeysTarget(), KeysTarget() with { StorageName = "rec-s3-2" }], TestContext.Current.CancellationToken);

        Assert.All(checks.Storages, s => Assert.Equal(PreflightOutcome.Met, s.Outcome));
        Assert.Single(Server.Requests, r => r.Operation == "GetCallerIdentity");
        Assert.Single(Server.Requests, r => r.Operation == "GetRole");
        Assert.Single(Server.Requests, r => r.Operation == AwsGuardrailServer.GetPublicAccessBlock);
    }

    /// <summary>A keys-mode storage that creates its bucket, reduced to one action of each kind and the two that guardrails refuse most.</summary>
    private static AwsPreflightTarget KeysTarget() => new("rec-s3", "eu-west-1")
    {
        CreatesBucket = true,
        Actions =
        [
            new("s3:CreateBucket", "rec-s3-bucket", BucketArn),
            new("s3:PutBucketPolicy", "rec-s3-policy", BucketArn),
            new("iam:CreateUser", "rec-s3-writer", UserArn),
            new("iam:CreateAccessKey", "rec-s3-writer-key", UserArn),
        ],
    };

    /// <summary>The keys-mode storage as the plan makes it: the user's create and tagging send the stack's tags.</summary>
    private static AwsPreflightTarget TaggedKeysTarget() => KeysTarget() with
    {
        Actions =
        [
            .. KeysTarget().Actions.Where(n => n.Action != "iam:CreateUser"),
            new("iam:CreateUser", "rec-s3-writer", UserArn) { CarriesRequestTags = true },
            new("iam:TagUser", "rec-s3-writer", UserArn) { CarriesRequestTags = true },
        ],
        RequestTags = new Dictionary<string, string> { ["team"] = "video", ["stream-storage"] = "rec-s3" },
    };

    /// <summary>The keys-mode storage checked, and its one check that is not met, which blocks as <paramref name="guardrail"/>.</summary>
    [Fact]
    public async Task A_boundary_refusing_what_an_scp_denies_too_blocks_as_well_and_the_deployers_own_policies_are_not_judged_on_it()
    {
        Server.Decide("iam:CreateAccessKey", "implicitDeny", allowedByOrganizations: false, allowedByBoundary: false);

        var checks = await CheckAsync(KeysTarget());

        Assert.Equal(
            [(AwsGuardrails.ServiceControlPolicies.Id, PreflightOutcome.Blocks), (AwsGuardrails.PermissionsBoundary.Id, PreflightOutcome.Blocks), (AwsGuardrails.DeployerPermissions.Id, PreflightOutcome.NotExamined)],
            checks.Where(c => c.Outcome != PreflightOutcome.Met).Select(c => (c.Guardrail, c.Outcome)));
        Assert.Contains("whether its own policies allow iam:CreateAccessKey is not known", checks.Single(c => c.Guardrail == AwsGuardrails.DeployerPermissions.Id).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one block; beside an SCP's or a boundary's, the deployer's own policies are not examined for what it refuses
    /// (IAM decides on the refusal), and every other check is met.
    /// </summary>
    /// <param name="target">The keys-mode storage unless told.</param>
    private async Task<GuardrailCheck> SingleBlockAsync(Guardrail guardrail, AwsPreflightTarget? target = null)
    {
        var checks = await CheckAsync(target ?? KeysTarget());
        var blocked = Assert.Single(checks, c => c.Outcome == PreflightOutcome.Blocks);
        Assert.Equal(guardrail.Id, blocked.Guardrail);
        var others = checks.Where(c => c.Outcome != PreflightOutcome.Met && c != blocked).ToList();
        if (guardrail == AwsGuardrails.ServiceControlPolicies || guardrail == AwsGuardrails.PermissionsBoundary)
        {
            var identity = Assert.Single(others);
            Assert.Equal((AwsGuardrails.DeployerPermissions.Id, PreflightOutcome.NotExamined), (identity.Guardrail, identity.Outcome));
            Assert.Contains("is not known while an SCP or its permissions boundary refuses them", identity.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(others);
        }

        return blocked;
    }

    private AwsGuardrailChecker Checker()
    {
        var rest = new AwsRest(Http, () => new BasicAWSCredentials(AwsGuardrailServer.AccessKeyId, AwsGuardrailServer.SecretAccessKey), TimeProvider.System);
        return new AwsGuardrailChecker(
            new CallerIdentityClient(rest) { Endpoint = Server.Endpoint },
            new IamRoleClient(rest) { Endpoint = Server.Endpoint },
            new OrganizationClient(rest) { Endpoint = Server.Endpoint },
            new PolicySimulatorClient(rest) { Endpoint = Server.Endpoint },
            new AccountPublicAccessBlockClient(rest) { Endpoint = Server.Endpoint });
    }

    private async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(AwsPreflightTarget target) =>
        (await new PreflightRunner([Checker()]).RunAsync("dev", [target], TestContext.Current.CancellationToken)).Storages.Single().Checks;

    /// <summary>The context entries a simulation was given, by key, each with its first value.</summary>
    private static Dictionary<string, string> ContextOf(AwsGuardrailRequest request) =>
        request.Context.ToDictionary(entry => entry.Key, entry => entry.Value[0], StringComparer.Ordinal);
}
