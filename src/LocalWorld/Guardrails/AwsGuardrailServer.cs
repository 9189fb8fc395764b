using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StackPlanning.Guardrails;
using StorageRegistrar.Preflight.Aws;

namespace LocalWorld;

/// <summary>
/// A local stand-in, on loopback, for the three AWS APIs preflight reads, answering in their documented XML:
/// STS <c>GET /?Action=GetCallerIdentity</c> (<c>GetCallerIdentityResponse/GetCallerIdentityResult/{Arn, UserId, Account}</c>),
/// IAM <c>GET /?Action=GetRole</c> (<c>GetRoleResponse/GetRoleResult/Role/{Path, RoleName, RoleId, Arn, CreateDate}</c>; 404
/// <c>NoSuchEntity</c> for a role it does not have), IAM <c>POST /</c> of <c>Action=SimulatePrincipalPolicy</c> (<c>SimulatePrincipalPolicyResponse/SimulatePrincipalPolicyResult/EvaluationResults/member</c>
/// with <c>EvalActionName</c>, <c>EvalResourceName</c>, <c>EvalDecision</c>, <c>OrganizationsDecisionDetail/AllowedByOrganizations</c>,
/// <c>PermissionsBoundaryDecisionDetail/AllowedByPermissionsBoundary</c>) and S3 Control
/// <c>GET /v20180820/configuration/publicAccessBlock</c> (<c>PublicAccessBlockConfiguration</c>; 404
/// <c>NoSuchPublicAccessBlockConfiguration</c> when the account has none), and S3's path-style bucket reads of the owner's
/// buckets the guardrails file describes: <c>GET /BUCKET?location</c> (<c>LocationConstraint</c>, empty for us-east-1) and
/// <c>GET /BUCKET?object-lock</c> (<c>ObjectLockConfiguration</c>; 404 <c>ObjectLockConfigurationNotFoundError</c> without a
/// default retention), 404 <c>NoSuchBucket</c> for any other bucket, and Organizations' JSON 1.1
/// <c>POST /</c> with <c>X-Amz-Target: AWSOrganizationsV20161128.DescribeOrganization</c> (<c>{"Organization": {"Id", "Arn", ...}}</c>;
/// 400 <c>AWSOrganizationsNotInUseException</c> for an account in none). Requests must carry a SigV4 Authorization with
/// <see cref="AccessKeyId"/>. Every action is allowed unless a guardrails file the server started with denies it
/// (in the region asked, <c>aws:RequestedRegion</c>, or for want of a tag it requires, <c>aws:RequestTag/NAME</c>) or a script decides it; scripted faults answer an operation's next requests first.
/// A role is simulated only by its full ARN, path included (404 <c>NoSuchEntity</c> otherwise), as IAM finds it.
/// </summary>
public sealed class AwsGuardrailServer : GuardrailServer<AwsGuardrailRequest>
{
    public const string AccessKeyId = "AKIDPREFLIGHTTEST";

    public const string SecretAccessKey = "preflight-test-secret";

    public const string Account = "123456789012";

    /// <summary>The operation name S3 Control's read is recorded and faulted under.</summary>
    public const string GetPublicAccessBlock = "GetPublicAccessBlock";

    /// <summary>The operation names S3's bucket reads are recorded and faulted under.</summary>
    public const string GetBucketLocation = "GetBucketLocation";

    public const string GetObjectLockConfiguration = "GetObjectLockConfiguration";

    private const string S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    private const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private readonly AwsGuardrailSettings? _guardrails;
    private readonly ConcurrentDictionary<string, (string Decision, bool? Organizations, bool? Boundary)> _decisions = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _missingContext = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _rolePaths = new(StringComparer.Ordinal) { ["deployer"] = "/" };
    private string? _publicAccessBlock;

    private AwsGuardrailServer(WebApplication app, Uri endpoint, AwsGuardrailSettings? guardrails)
        : base(app, endpoint, StringComparer.Ordinal)
    {
        _guardrails = guardrails;
        OrganizationId = guardrails is null ? null : guardrails.OrganizationId ?? LocalOrganizationId;
    }

    private protected override string ContentType => "text/xml";

    /// <summary>
    /// The organization the caller's account is in; null: none. Started with a guardrails file, whose SCPs need one, the
    /// file's or <see cref="LocalOrganizationId"/>; without, none.
    /// </summary>
    public string? OrganizationId { get; set; }

    /// <summary>The organization a guardrails file's account is in when the file names none.</summary>
    public const string LocalOrganizationId = "o-localworld01";

    /// <summary>The caller STS names; an assumed-role session unless set.</summary>
    public string CallerArn { get; set; } = $"arn:aws:sts::{Account}:assumed-role/deployer/pulumi-session";

    /// <param name="guardrails">The actions denied to the caller and the regions allowed; null: every action allowed unless decided by <see cref="Decide"/>.</param>
    public static Task<AwsGuardrailServer> StartAsync(CancellationToken cancellationToken, AwsGuardrailSettings? guardrails = null) =>
        ListenAsync((app, endpoint) => new AwsGuardrailServer(app, endpoint, guardrails), cancellationToken);

    /// <summary>A role of the account, at <paramref name="path"/> (<c>/</c>, or <c>/aws-reserved/sso.amazonaws.com/REGION/</c> for IAM Identity Center's); <c>deployer</c> at <c>/</c> unless added.</summary>
    public AwsGuardrailServer AddRole(string name, string path)
    {
        _rolePaths[name] = path;
        return this;
    }

    /// <summary>
    /// The simulator's answer for <paramref name="action"/>: <c>explicitDeny</c> or <c>implicitDeny</c>, which policy type
    /// refused it, and the condition keys the policies read that the simulation was given no value for.
    /// </summary>
    public AwsGuardrailServer Decide(string action, string decision, bool? allowedByOrganizations = null, bool? allowedByBoundary = null, IReadOnlyList<string>? missingContext = null)
    {
        _decisions[action] = (decision, allowedByOrganizations, allowedByBoundary);
        _missingContext[action] = missingContext ?? [];
        return this;
    }

    /// <summary>The account's Block Public Access, as its four booleans; unset: the account has none (404).</summary>
    public AwsGuardrailServer SetPublicAccessBlock(bool blockPublicAcls, bool ignorePublicAcls, bool blockPublicPolicy, bool restrictPublicBuckets)
    {
        _publicAccessBlock = $"<PublicAccessBlockConfiguration><BlockPublicAcls>{Lower(blockPublicAcls)}</BlockPublicAcls><IgnorePublicAcls>{Lower(ignorePublicAcls)}</IgnorePublicAcls>"
            + $"<BlockPublicPolicy>{Lower(blockPublicPolicy)}</BlockPublicPolicy><RestrictPublicBuckets>{Lower(restrictPublicBuckets)}</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
        return this;
    }

    /// <summary>The next request of <paramref name="operation"/> (<c>GetRole</c>, <c>SimulatePrincipalPolicy</c>, <see cref="GetPublicAccessBlock"/>...) gets this answer instead.</summary>
    public AwsGuardrailServer Fail(string operation, HttpStatusCode status, string body)
    {
        EnqueueFault(operation, status, body, retryAfter: null);
        return this;
    }

    /// <summary>The Query APIs' error body.</summary>
    public static string Error(string code, string message) =>
        $"<ErrorResponse xmlns=\"{IamNamespace}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error><RequestId>0</RequestId></ErrorResponse>";

    private protected override async Task AnswerAsync(HttpContext context)
    {
        // A Query API's parameters come in the query string or, posted, as a form.
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            foreach (var (name, value) in await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))
            {
                query[name] = value.ToString();
            }
        }

        var path = context.Request.Path.Value ?? "";
        var bucketRead = BucketRead(path, query);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = path == "/v20180820/configuration/publicAccessBlock" ? GetPublicAccessBlock
            : target.Length > 0 ? target[(target.LastIndexOf('.') + 1)..]
            : bucketRead?.Operation ?? query.GetValueOrDefault("Action", "");
        var authorization = context.Request.Headers.Authorization.ToString();
        var request = new AwsGuardrailRequest(operation, query, authorization, context.Request.Headers["x-amz-account-id"].ToString());
        Record(request);
        if (!authorization.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", StringComparison.Ordinal))
        {
            await WriteAsync(context, HttpStatusCode.Forbidden, Error("InvalidClientTokenId", "The security token included in the request is invalid.")).ConfigureAwait(false);
            return;
        }

        if (await AnswerFaultAsync(context, operation).ConfigureAwait(false))
        {
            return;
        }

        if (bucketRead is { } read)
        {
            var (status, body) = AnswerBucketRead(read.Operation, read.Bucket);
            await WriteAsync(context, status, body).ConfigureAwait(false);
            return;
        }

        switch (operation)
        {
            case "GetCallerIdentity":
                await WriteAsync(context, HttpStatusCode.OK,
                    $"<GetCallerIdentityResponse xmlns=\"{StsNamespace}\"><GetCallerIdentityResult><Arn>{CallerArn}</Arn><UserId>AROAEXAMPLE:pulumi-session</UserId><Account>{Account}</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>").ConfigureAwait(false);
                return;
            case "GetRole":
                var roleName = query.GetValueOrDefault("RoleName", "");
                await (_rolePaths.TryGetValue(roleName, out var rolePath)
                    ? WriteAsync(context, HttpStatusCode.OK,
                        $"<GetRoleResponse xmlns=\"{IamNamespace}\"><GetRoleResult><Role><Path>{rolePath}</Path><RoleName>{roleName}</RoleName><RoleId>AROAEXAMPLE</RoleId>"
                        + $"<Arn>{RoleArn(roleName, rolePath)}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role></GetRoleResult><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetRoleResponse>")
                    : WriteAsync(context, HttpStatusCode.NotFound, Error("NoSuchEntity", $"The role with name {roleName} cannot be found."))).ConfigureAwait(false);
                return;
            case "SimulatePrincipalPolicy":
                var source = query.GetValueOrDefault("PolicySourceArn", "");
                await (source.Contains(":role/", StringComparison.Ordinal) && !_rolePaths.Any(r => RoleArn(r.Key, r.Value) == source)
                    ? WriteAsync(context, HttpStatusCode.NotFound, Error("NoSuchEntity", $"No role has the ARN {source}."))
                    : WriteAsync(context, HttpStatusCode.OK, Simulation(request))).ConfigureAwait(false);
                return;
            case "DescribeOrganization" when target == OrganizationClient.DescribeOrganizationTarget:
                await (OrganizationId is { } organization
                    ? WriteAsync(context, HttpStatusCode.OK, $$$"""{"Organization":{"Id":"{{{organization}}}","Arn":"arn:aws:organizations::{{{Account}}}:organization/{{{organization}}}","FeatureSet":"ALL","MasterAccountId":"{{{Account}}}"}}""")
                    : WriteAsync(context, HttpStatusCode.BadRequest, """{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}""")).ConfigureAwait(false);
                return;
            case GetPublicAccessBlock:
                await WriteAsync(context, _publicAccessBlock is null ? HttpStatusCode.NotFound : HttpStatusCode.OK,
                    _publicAccessBlock ?? "<Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message></Error>").ConfigureAwait(false);
                return;
            default:
                await WriteAsync(context, HttpStatusCode.BadRequest, Error("InvalidAction", $"Could not find operation {operation}")).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>S3's error body.</summary>
    public static string S3Error(string code, string message) =>
        $"<Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message><RequestId>0</RequestId></Error>";

    /// <summary>A path-style read of a bucket's <c>?location</c> or <c>?object-lock</c>; null for any other request.</summary>
    private static (string Operation, string Bucket)? BucketRead(string path, Dictionary<string, string> query)
    {
        var bucket = path.Trim('/');
        if (bucket.Length == 0 || bucket.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        return query.ContainsKey("location") ? (GetBucketLocation, bucket)
            : query.ContainsKey("object-lock") ? (GetObjectLockConfiguration, bucket)
            : null;
    }

    /// <summary>An existing bucket of the owner's as the guardrails file describes it; null for any other.</summary>
    public S3ExistingBucket? DescribedBucket(string name) => _guardrails?.DescribedBucket(name);

    private (HttpStatusCode Status, string Body) AnswerBucketRead(string operation, string bucket)
    {
        if (_guardrails?.DescribedBucket(bucket) is not { } described)
        {
            return (HttpStatusCode.NotFound, S3Error("NoSuchBucket", "The specified bucket does not exist"));
        }

        if (operation == GetBucketLocation)
        {
            // S3 names us-east-1 by no constraint at all.
            var constraint = described.Region == S3ExistingBucket.DefaultRegion ? "" : described.Region;
            return (HttpStatusCode.OK, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\"{S3Namespace}\">{constraint}</LocationConstraint>");
        }

        return described.DefaultRetention is { } retention
            ? (HttpStatusCode.OK, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ObjectLockConfiguration xmlns=\"{S3Namespace}\"><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                + $"<Rule><DefaultRetention><Mode>{(retention.Irreversible ? "COMPLIANCE" : "GOVERNANCE")}</Mode><Days>{retention.Days.ToString(CultureInfo.InvariantCulture)}</Days></DefaultRetention></Rule></ObjectLockConfiguration>")
            : (HttpStatusCode.NotFound, S3Error("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"));
    }

    private string Simulation(AwsGuardrailRequest request)
    {
        var query = request.Query;
        var resource = query.GetValueOrDefault("ResourceArns.member.1", "*");
        var context = request.Context;
        var region = context.GetValueOrDefault("aws:RequestedRegion")?.FirstOrDefault() ?? "";
        var sentTags = context.Keys.Where(k => k.StartsWith(PolicySimulatorClient.RequestTagPrefix, StringComparison.Ordinal)).Select(k => k[PolicySimulatorClient.RequestTagPrefix.Length..]).ToList();
        var members = query.Where(q => q.Key.StartsWith("ActionNames.member.", StringComparison.Ordinal)).OrderBy(q => int.Parse(q.Key["ActionNames.member.".Length..], CultureInfo.InvariantCulture)).Select(q =>
        {
            var (decision, organizations, boundary, unsent) = Decide(q.Value, region, sentTags);
            // With a resource named, IAM lists the keys it lacked under that resource's result: the required tags the request did not send among them.
            var missing = (_missingContext.GetValueOrDefault(q.Value) ?? []).Concat(unsent.Select(tag => PolicySimulatorClient.RequestTagPrefix + tag)).ToList();
            var perResource = missing.Count == 0
                ? ""
                : $"<ResourceSpecificResults><member><EvalResourceName>{resource}</EvalResourceName><EvalResourceDecision>{decision}</EvalResourceDecision><MatchedStatements/>"
                    + $"<MissingContextValues>{string.Concat(missing.Select(key => $"<member>{key}</member>"))}</MissingContextValues></member></ResourceSpecificResults>";
            return $"<member><EvalActionName>{q.Value}</EvalActionName><EvalResourceName>{resource}</EvalResourceName><EvalDecision>{decision}</EvalDecision><MatchedStatements/><MissingContextValues/>"
                + (organizations is { } o ? $"<OrganizationsDecisionDetail><AllowedByOrganizations>{Lower(o)}</AllowedByOrganizations></OrganizationsDecisionDetail>" : "")
                + (boundary is { } b ? $"<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>{Lower(b)}</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>" : "")
                + perResource
                + "<EvalDecisionDetails/></member>";
        });
        return $"<SimulatePrincipalPolicyResponse xmlns=\"{IamNamespace}\"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>{string.Concat(members)}</EvaluationResults>"
            + "</SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>";
    }

    /// <summary>
    /// How the stand-in decides <paramref name="action"/>: as scripted, else as the guardrails file denies it in
    /// <paramref name="region"/>, else refused by the SCP that requires tags the request did not send (listed), else allowed.
    /// </summary>
    private (string Decision, bool? Organizations, bool? Boundary, IReadOnlyList<string> UnsentTags) Decide(string action, string region, IEnumerable<string> sentTags)
    {
        if (_decisions.TryGetValue(action, out var scripted))
        {
            return (scripted.Decision, scripted.Organizations, scripted.Boundary, []);
        }

        var deniedBy = _guardrails?.DeniedBy(action, region);
        IReadOnlyList<string> unsent = deniedBy is null ? _guardrails?.UnsentRequiredTags(action, sentTags) ?? [] : [];
        var (decision, organizations, boundary) = Decision(unsent.Count > 0 ? AwsDenier.Scp : deniedBy);
        return (decision, organizations, boundary, unsent);
    }

    /// <summary>
    /// Performing <paramref name="action"/> on <paramref name="resourceArn"/> in <paramref name="region"/> as the caller,
    /// sending <paramref name="sentTags"/>, refused (403 <c>AccessDenied</c>) where the simulator would deny it, with AWS's
    /// words for what denied it.
    /// </summary>
    /// <param name="api">The service's host as the provider names it: <c>s3.amazonaws.com</c>, <c>iam.amazonaws.com</c>.</param>
    /// <param name="sentTags">The names of the tags the request sends; none for a request that sends none.</param>
    /// <exception cref="CloudRefusedException">AWS would refuse it.</exception>
    public void EnsureAllowed(string api, string action, string resourceArn, string region, IEnumerable<string> sentTags)
    {
        var (decision, organizations, boundary, _) = Decide(action, region, sentTags);
        if (decision == "allowed")
        {
            return;
        }

        var principal = CallerArn;
        var message = $"User: {principal} is not authorized to perform: {action} on resource: {resourceArn} " + (organizations, boundary, decision) switch
        {
            (false, _, _) => "with an explicit deny in a service control policy",
            (_, false, _) => $"because no permissions boundary allows the {action} action",
            (_, _, "explicitDeny") => "with an explicit deny in an identity-based policy",
            _ => $"because no identity-based policy allows the {action} action",
        };
        var body = api.StartsWith("s3", StringComparison.Ordinal) ? S3Error("AccessDenied", message) : Error("AccessDenied", message);
        throw new CloudRefusedException(api, 403, "AccessDenied", message, body);
    }

    /// <summary>
    /// Turning on server access logging into <paramref name="logBucket"/> for a bucket in <paramref name="sourceRegion"/>,
    /// refused as S3 refuses a logging target the guardrails file describes in another region (403
    /// <c>CrossLocationLoggingProhibited</c>) or with an Object Lock default retention (400 <c>InvalidTargetBucketForLogging</c>,
    /// in words of the stand-in's own). A bucket the file does not describe is taken as the stack expects it.
    /// </summary>
    /// <exception cref="CloudRefusedException">S3 would refuse the logging configuration.</exception>
    public void EnsureLoggingTargetAccepted(string logBucket, string sourceRegion)
    {
        const string api = "s3.amazonaws.com";
        if (_guardrails?.DescribedBucket(logBucket) is not { } described)
        {
            return;
        }

        if (described.Region != sourceRegion)
        {
            const string crossRegion = "Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location.";
            throw new CloudRefusedException(api, 403, "CrossLocationLoggingProhibited", crossRegion, S3Error("CrossLocationLoggingProhibited", crossRegion));
        }

        if (described.DefaultRetention is not null)
        {
            var locked = $"The target bucket {logBucket} for logging has an Object Lock default retention.";
            throw new CloudRefusedException(api, 400, "InvalidTargetBucketForLogging", locked, S3Error("InvalidTargetBucketForLogging", locked));
        }
    }

    /// <summary>The simulator's answer for an action denied by <paramref name="denier"/>, or allowed when null.</summary>
    private static (string Decision, bool? Organizations, bool? Boundary) Decision(AwsDenier? denier) => denier switch
    {
        AwsDenier.Scp => ("explicitDeny", false, null),
        AwsDenier.Boundary => ("implicitDeny", true, false),
        AwsDenier.Identity => ("implicitDeny", true, null),
        _ => ("allowed", true, null),
    };

    private static string RoleArn(string name, string path) => $"arn:aws:iam::{Account}:role{path}{name}";

    private static string Lower(bool value) => value ? "true" : "false";
}

/// <param name="Operation">The Query API's Action, <see cref="AwsGuardrailServer.GetPublicAccessBlock"/>, or an S3 bucket read (<see cref="AwsGuardrailServer.GetBucketLocation"/>, <see cref="AwsGuardrailServer.GetObjectLockConfiguration"/>).</param>
/// <param name="Query">The Query API's parameters, from the query string or a posted form.</param>
/// <param name="Authorization">The Authorization header as sent (its credential scope names region and service).</param>
/// <param name="AccountIdHeader">S3 Control's <c>x-amz-account-id</c>; empty elsewhere.</param>
public sealed record AwsGuardrailRequest(string Operation, IReadOnlyDictionary<string, string> Query, string Authorization, string AccountIdHeader)
{
    /// <summary>A simulation's context entries (<c>ContextEntries.member.N</c>), each key with its values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context
    {
        get
        {
            var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (var n = 1; Query.TryGetValue($"ContextEntries.member.{n}.ContextKeyName", out var key); n++)
            {
                var values = new List<string>();
                for (var m = 1; Query.TryGetValue($"ContextEntries.member.{n}.ContextKeyValues.member.{m}", out var value); m++)
                {
                    values.Add(value);
                }

                context[key] = values;
            }

            return context;
        }
    }
}
