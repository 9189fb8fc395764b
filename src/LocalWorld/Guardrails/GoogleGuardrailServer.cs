using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StackPlanning.Guardrails;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Gcp;

namespace LocalWorld;

/// <summary>
/// A local stand-in, on loopback, for the Google APIs preflight reads, answering in their documented shapes:
/// Org Policy v2 <c>GET v2/projects/{project}/policies/{constraint}:getEffectivePolicy</c> (a <c>Policy</c> named with
/// the project's number; a constraint no policy touches has an empty spec), Resource Manager v3
/// <c>POST v3/projects/{project}:testIamPermissions</c> (the asked permissions that are granted; <c>{}</c> when none),
/// v1 <c>POST v1/projects/{project}:getAncestry</c> (the project, then the folders and organization above it), Org Policy
/// v2 <c>GET v2/projects/{project}/policies/{constraint}</c> (the project's own policy; 404 <c>NOT_FOUND</c> when it has none),
/// <c>GET v2/organizations/{organization}/customConstraints</c> (the same custom constraints for any organization) and
/// Cloud Storage's <c>GET storage/v1/b/{bucket}</c> for an existing bucket the guardrails file describes or a test adds (any
/// other: 404), with the number of its project, which Org Policy then takes for the project's id.
/// Requests need <see cref="Token"/> as their bearer. Started with a guardrails file, it answers from that file
/// (every permission granted but its denied ones); scripted policies and grants come on top, and scripted faults
/// answer a path's next requests first.
/// </summary>
public sealed class GoogleGuardrailServer : GuardrailServer<GoogleGuardrailRequest>
{
    public const string Token = "owner-access-token";

    public const string ProjectNumber = "204863951702";

    /// <summary>The deployer's account, which Cloud Storage names in a missing permission's refusal.</summary>
    public const string DeployerEmail = "deployer@example.com";

    private readonly GcpGuardrailSettings? _guardrails;
    private readonly ConcurrentDictionary<(string Project, string Constraint), string> _specs = new();
    private readonly ConcurrentDictionary<(string Project, string Constraint), string> _projectPolicies = new();
    private readonly ConcurrentDictionary<string, HashSet<string>> _granted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _parents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GcsExistingBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CustomConstraint> _customConstraints = new();

    private GoogleGuardrailServer(WebApplication app, Uri endpoint, GcpGuardrailSettings? guardrails)
        : base(app, endpoint, StringComparer.Ordinal)
    {
        _guardrails = guardrails;
    }

    private protected override string ContentType => "application/json; charset=UTF-8";

    /// <param name="guardrails">The organization's policies and the permissions the deployer lacks; null: none, and no permission granted until <see cref="Grant"/>.</param>
    public static Task<GoogleGuardrailServer> StartAsync(CancellationToken cancellationToken, GcpGuardrailSettings? guardrails = null) =>
        ListenAsync((app, endpoint) => new GoogleGuardrailServer(app, endpoint, guardrails), cancellationToken);

    /// <summary>
    /// The policy of <paramref name="constraint"/> that <paramref name="project"/> inherits, as its spec in JSON, e.g.
    /// <c>{"rules":[{"enforce":true}]}</c>; the project's own policy (<see cref="CreatePolicy"/>) overrides it.
    /// </summary>
    public GoogleGuardrailServer SetPolicy(string project, string constraint, string specJson)
    {
        _specs[(project, constraint)] = specJson;
        return this;
    }

    /// <summary>
    /// The project's own policy on <paramref name="constraint"/>, created as Org Policy v2 <c>projects.policies.create</c>
    /// creates it: it overrides what the project inherits, and a project has one policy per constraint.
    /// </summary>
    /// <exception cref="CloudRefusedException">The project has a policy on the constraint already, created or in the guardrails file (409 <c>ALREADY_EXISTS</c>).</exception>
    public void CreatePolicy(string project, string constraint, string specJson)
    {
        if (HasFilePolicy(project, constraint) || !_projectPolicies.TryAdd((project, constraint), specJson))
        {
            var message = $"Policy projects/{project}/policies/{constraint} already exists.";
            throw new CloudRefusedException(OrgPolicyApi, 409, "ALREADY_EXISTS", message, Error(HttpStatusCode.Conflict, message, "ALREADY_EXISTS"));
        }
    }

    /// <summary>Deletes the project's own policy <see cref="CreatePolicy"/> created: the constraint's policy is the inherited one again.</summary>
    public void DeletePolicy(string project, string constraint) => _projectPolicies.TryRemove((project, constraint), out _);

    /// <summary>Whether <paramref name="project"/> has its own policy on <paramref name="constraint"/> that <see cref="CreatePolicy"/> created.</summary>
    public bool HasPolicy(string project, string constraint) => _projectPolicies.ContainsKey((project, constraint));

    /// <summary>Whether the guardrails file gives <paramref name="project"/> a policy of its own on <paramref name="constraint"/>.</summary>
    private bool HasFilePolicy(string project, string constraint) =>
        _guardrails?.ProjectPolicies.GetValueOrDefault(project)?.Contains(constraint, StringComparer.Ordinal) == true;

    /// <summary>The spec of the project's own policy on the constraint: created, else the guardrails file's; null when it has none.</summary>
    private string? OwnSpec(string project, string constraint) =>
        _projectPolicies.GetValueOrDefault((project, constraint)) ?? (HasFilePolicy(project, constraint) ? Spec(_guardrails!.PolicyOn(project, constraint)) : null);

    /// <summary>Grants the caller <paramref name="permissions"/> on <paramref name="project"/>.</summary>
    public GoogleGuardrailServer Grant(string project, params IEnumerable<string> permissions)
    {
        _granted.AddOrUpdate(project, _ => [.. permissions], (_, held) => [.. held, .. permissions]);
        return this;
    }

    /// <summary>
    /// The folders and organization above <paramref name="project"/>, nearest first (<c>folders/123</c>,
    /// <c>organizations/456</c>); a project without any sits at the top of its own hierarchy.
    /// </summary>
    public GoogleGuardrailServer SetParents(string project, params IReadOnlyList<string> parents)
    {
        _parents[project] = parents;
        return this;
    }

    /// <summary>A custom constraint of every organization, as if the guardrails file defined it; <see cref="SetPolicy"/> enforces it on a project.</summary>
    public GoogleGuardrailServer AddCustomConstraint(CustomConstraint constraint)
    {
        _customConstraints.Enqueue(constraint);
        return this;
    }

    /// <summary>The custom constraints of the guardrails file and the scripted ones, which every organization has.</summary>
    private IEnumerable<CustomConstraint> AllCustomConstraints => [.. _guardrails?.CustomConstraints ?? [], .. _customConstraints];

    /// <summary>
    /// The custom constraints enforced on <paramref name="project"/> that judge one of <paramref name="resources"/>, whose
    /// conditions the local world does not evaluate; none where the project is in no organization.
    /// </summary>
    public IReadOnlyList<string> EnforcedCustomConstraints(string project, IReadOnlyList<GcpConstrainedResource> resources) =>
        ResourceManagerClient.OrganizationOf(Ancestry(project)) is not null
            ? [.. AllCustomConstraints.Where(c => c.Judges(resources).Count > 0 && Effective(project, c.Id).Enforced).Select(c => c.Id)]
            : [];

    /// <summary>An owner's bucket that exists before the stack, as if the guardrails file described it.</summary>
    public GoogleGuardrailServer AddBucket(GcsExistingBucket bucket)
    {
        _buckets[bucket.Name] = bucket;
        return this;
    }

    /// <summary>
    /// The number Cloud Storage gives the project of a bucket in <paramref name="project"/>: derived from the id, so that the
    /// same project always has the same one.
    /// </summary>
    public static string ProjectNumberOf(string project)
    {
        var hash = project.Aggregate(17UL, (h, c) => unchecked((h * 31) + c));
        return (100_000_000_000UL + (hash % 800_000_000_000UL)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The project a described bucket is in, as the stand-in's policies know it: its id, or for a bucket described without
    /// one, <see cref="ProjectNumber"/>, which only the policies set for every project reach; null for a bucket not described.
    /// </summary>
    public string? ProjectOfBucket(string name) => DescribedBucket(name) is { } bucket ? bucket.Project ?? ProjectNumber : null;

    /// <summary>A project Org Policy is asked about by number: the described bucket's project that has it, else as asked.</summary>
    private string ProjectNamed(string project) =>
        (_guardrails?.ExistingBuckets ?? []).Concat(_buckets.Values)
            .Select(b => b.Project).FirstOrDefault(p => p is not null && ProjectNumberOf(p) == project) ?? project;

    /// <summary>The next request for a constraint's effective policy gets this answer instead.</summary>
    public GoogleGuardrailServer FailPolicy(string project, string constraint, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        EnqueueFault(PolicyPath(project, constraint), status, body, retryAfter);
        return this;
    }

    /// <summary>The next request for the project's own policy on a constraint gets this answer instead.</summary>
    public GoogleGuardrailServer FailProjectPolicy(string project, string constraint, HttpStatusCode status, string body)
    {
        EnqueueFault(ProjectPolicyPath(project, constraint), status, body, retryAfter: null);
        return this;
    }

    /// <summary>The next permission test on the project gets this answer instead.</summary>
    public GoogleGuardrailServer FailPermissions(string project, HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        EnqueueFault(PermissionsPath(project), status, body, retryAfter);
        return this;
    }

    /// <summary>The next request for the project's ancestry gets this answer instead.</summary>
    public GoogleGuardrailServer FailAncestry(string project, HttpStatusCode status, string body)
    {
        EnqueueFault(AncestryPath(project), status, body, retryAfter: null);
        return this;
    }

    /// <summary>The next listing of <paramref name="organization"/>'s custom constraints gets this answer instead.</summary>
    public GoogleGuardrailServer FailCustomConstraints(string organization, HttpStatusCode status, string body)
    {
        EnqueueFault(CustomConstraintsPath(organization), status, body, retryAfter: null);
        return this;
    }

    /// <summary>The next read of the bucket (<c>buckets.get</c>) gets this answer instead.</summary>
    public GoogleGuardrailServer FailBucket(string bucket, HttpStatusCode status, string body)
    {
        EnqueueFault(BucketPath(bucket), status, body, retryAfter: null);
        return this;
    }

    /// <summary>Google's error body: <c>{"error": {"code", "message", "status"}}</c>.</summary>
    public static string Error(HttpStatusCode status, string message, string reason) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = (int)status, ["message"] = message, ["status"] = reason } }.ToJsonString();

    public static string PolicyPath(string project, string constraint) => $"/v2/projects/{project}/policies/{constraint}:getEffectivePolicy";

    public static string ProjectPolicyPath(string project, string constraint) => $"/v2/projects/{project}/policies/{constraint}";

    public static string PermissionsPath(string project) => $"/v3/projects/{project}:testIamPermissions";

    public static string AncestryPath(string project) => $"/v1/projects/{project}:getAncestry";

    public static string CustomConstraintsPath(string organization) => $"/v2/organizations/{organization}/customConstraints";

    public static string BucketPath(string bucket) => $"/storage/v1/b/{bucket}";

    private protected override async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        Record(new GoogleGuardrailRequest(context.Request.Method, path, context.Request.Headers.Authorization.ToString(), body));
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await WriteAsync(context, HttpStatusCode.Unauthorized, Error(HttpStatusCode.Unauthorized, "Request had invalid authentication credentials.", "UNAUTHENTICATED")).ConfigureAwait(false);
            return;
        }

        if (await AnswerFaultAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == "GET" && segments is ["v2", "projects", var project, "policies", var policy] && policy.EndsWith(":getEffectivePolicy", StringComparison.Ordinal))
        {
            var constraint = policy[..^":getEffectivePolicy".Length];
            var spec = SpecOn(ProjectNamed(project), constraint);
            await WriteAsync(context, HttpStatusCode.OK, $$"""{"name":"projects/{{ProjectNumber}}/policies/{{constraint}}","spec":{{spec}}}""").ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "GET" && segments is ["v2", "projects", var owner, "policies", var own] && !own.Contains(':', StringComparison.Ordinal))
        {
            await (OwnSpec(owner, own) is { } spec
                ? WriteAsync(context, HttpStatusCode.OK, $$"""{"name":"projects/{{ProjectNumber}}/policies/{{own}}","spec":{{spec}}}""")
                : WriteAsync(context, HttpStatusCode.NotFound, Error(HttpStatusCode.NotFound, "Requested entity was not found.", "NOT_FOUND"))).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "GET" && segments is ["v2", "organizations", var organization, "customConstraints"])
        {
            await WriteAsync(context, HttpStatusCode.OK, CustomConstraintList(organization)).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "POST" && segments is ["v3", "projects", var tested] && tested.EndsWith(":testIamPermissions", StringComparison.Ordinal))
        {
            await WriteAsync(context, HttpStatusCode.OK, HeldAnswer(tested[..^":testIamPermissions".Length], AskedPermissions(body))).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "POST" && segments is ["v1", "projects", var described] && described.EndsWith(":getAncestry", StringComparison.Ordinal))
        {
            var ancestors = Ancestry(described[..^":getAncestry".Length]).Select(name => name.Split('/') is [var plural, var id]
                ? new JsonObject { ["resourceId"] = new JsonObject { ["type"] = plural[..^1], ["id"] = id } }
                : throw new InvalidOperationException($"'{name}' is not a resource name such as folders/123."));
            await WriteAsync(context, HttpStatusCode.OK, new JsonObject { ["ancestor"] = new JsonArray([.. ancestors]) }.ToJsonString()).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "POST" && segments is ["v1", "projects", var keyProject, "locations", _, "keyRings", _, "cryptoKeys", var key] && key.EndsWith(":testIamPermissions", StringComparison.Ordinal))
        {
            // Cloud KMS's answer for a key: the asked permissions the caller holds on it, as granted on its project.
            await WriteAsync(context, HttpStatusCode.OK, HeldAnswer(keyProject, AskedPermissions(body))).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "GET" && segments is ["storage", "v1", "b", var testedBucket, "iam", "testPermissions"] && ProjectOfBucket(testedBucket) is { } bucketProject)
        {
            // Cloud Storage's answer for a bucket: the asked permissions held on it, as granted on the project it is in.
            await WriteAsync(context, HttpStatusCode.OK, HeldAnswer(bucketProject, context.Request.Query["permissions"].OfType<string>(), "storage#testIamPermissionsResponse")).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method == "GET" && segments is ["storage", "v1", "b", var name] && DescribedBucket(name) is { } bucket)
        {
            await WriteAsync(context, HttpStatusCode.OK, Describe(bucket)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, HttpStatusCode.NotFound, Error(HttpStatusCode.NotFound, $"No such method: {context.Request.Method} {path}", "NOT_FOUND")).ConfigureAwait(false);
    }
    /// <summary>Org Policy's <c>ListCustomConstraintsResponse</c> for <paramref name="organization"/>; proto3 JSON leaves an empty list out.</summary>
    private string CustomConstraintList(string organization)
    {
        static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
        var constraints = AllCustomConstraints.Select(c => new JsonObject
        {
            ["name"] = $"organizations/{organization}/customConstraints/{c.Id}",
            ["resourceTypes"] = Strings(c.ResourceTypes),
            ["methodTypes"] = Strings(c.MethodTypes),
            ["condition"] = c.Condition,
            ["actionType"] = c.ActionType,
        }).ToList();
        var answer = new JsonObject();
        if (constraints.Count > 0)
        {
            answer["customConstraints"] = new JsonArray([.. constraints]);
        }

        return answer.ToJsonString();
    }

    /// <summary>The permissions a <c>testIamPermissions</c> POST asks about.</summary>
    private static IEnumerable<string> AskedPermissions(string body) => JsonNode.Parse(body)!["permissions"]!.AsArray().Select(p => p!.GetValue<string>());

    /// <summary>A <c>testIamPermissions</c> answer: the asked permissions the caller holds on <paramref name="project"/> (<c>{}</c> when none).</summary>
    private string HeldAnswer(string project, IEnumerable<string> asked, string? kind = null)
    {
        var held = asked.Where(p => Holds(project, p)).ToList();
        var answer = new JsonObject();
        if (kind is not null)
        {
            answer["kind"] = kind;
        }

        if (held.Count > 0)
        {
            answer["permissions"] = new JsonArray([.. held.Select(p => JsonValue.Create(p))]);
        }

        return answer.ToJsonString();
    }

    /// <summary>The owner's bucket by <paramref name="name"/> a test added or the guardrails file describes; null when there is none.</summary>
    public GcsExistingBucket? DescribedBucket(string name) => _buckets.GetValueOrDefault(name) ?? _guardrails?.ExistingBuckets.FirstOrDefault(b => b.Name == name);

    /// <summary>An owner's bucket as Cloud Storage's <c>buckets.get</c> answers it, with the fields preflight reads.</summary>
    private static string Describe(GcsExistingBucket bucket)
    {
        JsonObject Enabled() => new() { ["enabled"] = bucket.UniformBucketLevelAccess };
        return new JsonObject
        {
            ["kind"] = "storage#bucket",
            ["id"] = bucket.Name,
            ["name"] = bucket.Name,
            ["projectNumber"] = bucket.Project is { } project ? ProjectNumberOf(project) : ProjectNumber,
            ["location"] = bucket.Location.ToUpperInvariant(),
            ["storageClass"] = "STANDARD",
            ["iamConfiguration"] = new JsonObject { ["bucketPolicyOnly"] = Enabled(), ["uniformBucketLevelAccess"] = Enabled() },
        }.ToJsonString();
    }

    /// <summary>
    /// Creating the bucket, as Cloud Storage refuses it: without <paramref name="permissions"/> (403), or where a
    /// constraint on the project refuses its location, its missing customer-managed key, its key's project, its
    /// retention or its soft delete duration (412 <c>conditionNotMet</c>).
    /// </summary>
    /// <param name="keyProject">The project of the bucket's default Cloud KMS key; null without one.</param>
    /// <param name="softDeleteSeconds">The bucket's soft delete duration: the one it is created with, or Cloud Storage's default.</param>
    /// <exception cref="CloudRefusedException">Cloud Storage would refuse it.</exception>
    public void EnsureBucketAllowed(string project, string bucket, string location, long? retentionSeconds, long softDeleteSeconds, string? keyProject, IEnumerable<string> permissions)
    {
        EnsurePermitted(StorageApi, project, permissions);
        string? violated = null;
        if (Effective(project, GcpGuardrails.ResourceLocations.Id).Judge(location, GcpLocationGroups.Holds).Verdict == ListVerdict.Denied)
        {
            violated = $"'{location.ToLowerInvariant()}' violates constraint 'constraints/{GcpGuardrails.ResourceLocations.Id}' on the resource 'projects/{project}/buckets/{bucket}'.";
        }
        else if (keyProject is null && Effective(project, GcpGuardrails.RestrictNonCmekServices.Id).Judge("storage.googleapis.com", Plain).Verdict == ListVerdict.Denied)
        {
            violated = $"Request violates constraint 'constraints/{GcpGuardrails.RestrictNonCmekServices.Id}' on the resource 'projects/{project}/buckets/{bucket}': the bucket has no default Cloud KMS key.";
        }
        else if (keyProject is not null && Effective(project, GcpGuardrails.RestrictCmekCryptoKeyProjects.Id).Judge(keyProject, (entry, _) => GcpGuardrailChecker.KeyProjectHolds(entry, keyProject, Ancestry(keyProject))).Verdict != ListVerdict.Allowed)
        {
            violated = $"Request violates constraint 'constraints/{GcpGuardrails.RestrictCmekCryptoKeyProjects.Id}' on the resource 'projects/{project}/buckets/{bucket}': its default Cloud KMS key is in project '{keyProject}', which the constraint does not allow.";
        }
        else if (Effective(project, GcpGuardrails.RetentionPolicySeconds.Id) is { AllowsOnlySome: true } retention
            && (retentionSeconds is not { } seconds || retention.Judge(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Plain).Verdict == ListVerdict.Denied))
        {
            violated = $"Request violates constraint 'constraints/{GcpGuardrails.RetentionPolicySeconds.Id}' on the resource 'projects/{project}/buckets/{bucket}'.";
        }
        else if (softDeleteSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) is var softDelete
            && Effective(project, GcpGuardrails.SoftDeletePolicySeconds.Id).Judge(softDelete, Plain).Verdict == ListVerdict.Denied)
        {
            // Cloud Storage's wording as deployments meet it; its resource part, status and reason are taken from the location constraint's.
            violated = $"'{softDelete}' violates constraint 'constraints/{GcpGuardrails.SoftDeletePolicySeconds.Id}' on the resource 'projects/{project}/buckets/{bucket}'.";
        }

        if (violated is not null)
        {
            throw new CloudRefusedException("storage.googleapis.com", 412, "conditionNotMet", violated, StorageError(HttpStatusCode.PreconditionFailed, violated, "conditionNotMet"));
        }
    }

    /// <summary>
    /// Granting a role on a bucket (<c>setIamPolicy</c>), as Cloud Storage refuses it: without <paramref name="permissions"/>
    /// (403), or with an IAM condition (<paramref name="conditional"/>) on a bucket the guardrails file describes without
    /// uniform bucket-level access (400), judged as preflight and the doctor judge it.
    /// </summary>
    /// <exception cref="CloudRefusedException">Cloud Storage would refuse it.</exception>
    public void EnsureBucketGrantAllowed(string project, string bucket, bool conditional, IEnumerable<string> permissions)
    {
        EnsurePermitted(StorageApi, project, permissions);
        if (!conditional || DescribedBucket(bucket) is not { } described
            || UniformAccessAnalyzer.Analyze(new UniformAccessFacts { Bucket = bucket, Enabled = described.UniformBucketLevelAccess }) is not { Severity: FindingSeverity.Problem })
        {
            return;
        }

        // Cloud Storage's 400 in its JSON API's error shape; the exact wording of its message could not be confirmed, so this one is ours.
        var message = $"IAM conditions are allowed only on buckets with uniform bucket-level access, which bucket '{bucket}' does not have.";
        throw new CloudRefusedException(StorageApi, 400, "invalid", message, StorageError(HttpStatusCode.BadRequest, message, "invalid"));
    }

    /// <summary>
    /// Granting <paramref name="member"/> a role on a bucket of <paramref name="project"/>, as Cloud Storage refuses it where
    /// domain restricted sharing allows only listed customers' principals: the stand-in knows no principal's customer, so
    /// any such list refuses a member outside the organization; so does the managed constraint unless it lists the member
    /// by name (412 conditionNotMet either way).
    /// </summary>
    /// <exception cref="CloudRefusedException">Cloud Storage would refuse it.</exception>
    public void EnsureOutsideMemberAllowed(string project, string member)
    {
        if (!Effective(project, GcpGuardrails.AllowedPolicyMemberDomains.Id).AllowsOnlySome
            && Effective(project, GcpGuardrails.ManagedAllowedPolicyMembers.Id).AllowsMember(member))
        {
            return;
        }

        var message = $"One or more users named in the policy do not belong to a permitted customer, perhaps due to an organization policy ({member}).";
        throw new CloudRefusedException(StorageApi, 412, "conditionNotMet", message, StorageError(HttpStatusCode.PreconditionFailed, message, "conditionNotMet"));
    }

    /// <summary>Creating a service account, as IAM refuses it: without <paramref name="permissions"/>, or where a constraint forbids it (400 FAILED_PRECONDITION).</summary>
    /// <exception cref="CloudRefusedException">IAM would refuse it.</exception>
    public void EnsureServiceAccountAllowed(string project, string email, IEnumerable<string> permissions) =>
        EnsureIamCreateAllowed(project, permissions, GcpGuardrails.DisableServiceAccountCreation, GcpGuardrails.ManagedDisableServiceAccountCreation, "Service account creation is not allowed on this project.", $"projects/{project}");

    /// <summary>Creating a service account's key, as IAM refuses it: without <paramref name="permissions"/>, or where a constraint forbids keys (400 FAILED_PRECONDITION).</summary>
    /// <exception cref="CloudRefusedException">IAM would refuse it.</exception>
    public void EnsureKeyAllowed(string project, string email, IEnumerable<string> permissions) =>
        EnsureIamCreateAllowed(project, permissions, GcpGuardrails.DisableServiceAccountKeyCreation, GcpGuardrails.ManagedDisableServiceAccountKeyCreation, "Key creation is not allowed on this service account.", $"projects/{project}/serviceAccounts/{email}?configvalue={Uri.EscapeDataString(email)}");

    /// <summary>How long a key created on <paramref name="project"/> lives, as preflight reads <c>iam.serviceAccountKeyExpiryHours</c> there.</summary>
    public KeyLifetime KeyLifetimeOn(string project) => KeyLifetime.Of(Effective(project, GcpGuardrails.ServiceAccountKeyExpiryHours.Id));

    /// <summary>
    /// Any other create on the project, refused (403) when the caller lacks one of <paramref name="permissions"/>: by Cloud
    /// Storage's JSON API with reason <c>forbidden</c>, naming the caller; by IAM, Org Policy and Resource Manager with
    /// the status <c>PERMISSION_DENIED</c>.
    /// </summary>
    /// <exception cref="CloudRefusedException">The API would refuse it.</exception>
    public void EnsurePermitted(string api, string project, IEnumerable<string> permissions)
    {
        if (permissions.FirstOrDefault(p => !Holds(project, p)) is not { } missing)
        {
            return;
        }

        var denied = $"Permission '{missing}' denied on resource (or it may not exist).";
        if (api == StorageApi)
        {
            // A project's permission is asked of the project (the lookup of its Cloud Storage service agent), any other of a bucket.
            var on = missing.StartsWith("resourcemanager.", StringComparison.Ordinal) ? "the Google Cloud project" : "the Google Cloud Storage bucket";
            var message = $"{DeployerEmail} does not have {missing} access to {on}. {denied}";
            throw new CloudRefusedException(api, 403, "forbidden", message, StorageError(HttpStatusCode.Forbidden, message, "forbidden"));
        }

        throw new CloudRefusedException(api, 403, "PERMISSION_DENIED", denied, Error(HttpStatusCode.Forbidden, denied, "PERMISSION_DENIED"));
    }

    public const string StorageApi = "storage.googleapis.com";

    private const string IamApi = "iam.googleapis.com";

    private const string OrgPolicyApi = "orgpolicy.googleapis.com";

    public const string KmsApi = "cloudkms.googleapis.com";

    public const string ResourceManagerApi = "cloudresourcemanager.googleapis.com";

    /// <summary>Whether the caller holds <paramref name="permission"/> on <paramref name="project"/>: granted by a script, or not denied by the guardrails file.</summary>
    private bool Holds(string project, string permission) =>
        _granted.GetValueOrDefault(project, []).Contains(permission) || _guardrails?.DeniedPermissions.Contains(permission, StringComparer.Ordinal) == false;

    /// <summary>
    /// An IAM create, refused as IAM refuses it: without one of <paramref name="permissions"/> (403), else with its
    /// constraint violation where the <paramref name="legacy"/> or <paramref name="managed"/> constraint is enforced.
    /// </summary>
    private void EnsureIamCreateAllowed(string project, IEnumerable<string> permissions, Guardrail legacy, Guardrail managed, string message, string subject)
    {
        EnsurePermitted(IamApi, project, permissions);
        if (new[] { legacy.Id, managed.Id }.FirstOrDefault(c => Effective(project, c).Enforced) is { } enforced)
        {
            throw Violation(IamApi, enforced, subject, message);
        }
    }

    /// <summary>
    /// The key ring and key of a customer-managed key the stack creates, as Cloud KMS refuses them: without
    /// <paramref name="permissions"/> (403), in a location gcp.resourceLocations does not allow, or protected in software
    /// where cloudkms.allowedProtectionLevels does not allow it (400 FAILED_PRECONDITION).
    /// </summary>
    /// <exception cref="CloudRefusedException">Cloud KMS would refuse it.</exception>
    public void EnsureCustomerKeyAllowed(string project, string keyRing, string location, IEnumerable<string> permissions)
    {
        EnsurePermitted(KmsApi, project, permissions);
        if (Effective(project, GcpGuardrails.ResourceLocations.Id).Judge(location, GcpLocationGroups.Holds).Verdict == ListVerdict.Denied)
        {
            // The exact wording of Cloud KMS's refusal could not be confirmed, so this message is ours.
            throw Violation(KmsApi, GcpGuardrails.ResourceLocations.Id, $"projects/{project}/locations/{location}/keyRings/{keyRing}", $"The key ring's location '{location}' violates constraint 'constraints/{GcpGuardrails.ResourceLocations.Id}'.");
        }

        const string level = GcpPreflightTarget.CreatedKeyProtectionLevel;
        if (Effective(project, GcpGuardrails.AllowedProtectionLevels.Id).Judge(level, Plain).Verdict == ListVerdict.Denied)
        {
            throw Violation(KmsApi, GcpGuardrails.AllowedProtectionLevels.Id, $"projects/{project}/locations/{location}/keyRings/{keyRing}", $"The key's protection level '{level}' violates constraint 'constraints/{GcpGuardrails.AllowedProtectionLevels.Id}'.");
        }
    }

    /// <summary>An organization policy's refusal as Google's APIs answer it: 400 FAILED_PRECONDITION with the violated constraint and its subject.</summary>
    private static CloudRefusedException Violation(string api, string constraint, string subject, string message)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = 400,
                ["message"] = message,
                ["status"] = "FAILED_PRECONDITION",
                ["details"] = new JsonArray(new JsonObject
                {
                    ["@type"] = "type.googleapis.com/google.rpc.PreconditionFailure",
                    ["violations"] = new JsonArray(new JsonObject { ["type"] = $"constraints/{constraint}", ["subject"] = subject, ["description"] = message }),
                }),
            },
        }.ToJsonString();
        return new CloudRefusedException(api, 400, "FAILED_PRECONDITION", message, body, $"violation: constraints/{constraint} on {subject}");
    }

    /// <summary>The effective policy the server answers for a constraint on a project, as the cloud enforces it.</summary>
    private EffectivePolicy Effective(string project, string constraint)
    {
        var spec = JsonNode.Parse(SpecOn(project, constraint))!;
        static IReadOnlyList<string> Strings(JsonNode? values) => values is JsonArray list ? [.. list.Select(v => v!.GetValue<string>())] : [];
        return new EffectivePolicy([.. (spec["rules"] as JsonArray ?? []).Select(rule => new PolicyRule(
            rule!["enforce"]?.GetValue<bool>() == true,
            rule["allowAll"]?.GetValue<bool>() == true,
            rule["denyAll"]?.GetValue<bool>() == true,
            Strings(rule["values"]?["allowedValues"]),
            Strings(rule["values"]?["deniedValues"]),
            Condition: null)
        {
            AllowedMemberSubjects = Strings(rule["parameters"]?["allowedMemberSubjects"]),
            AllowedPrincipalSets = Strings(rule["parameters"]?["allowedPrincipalSets"]),
        })]);
    }

    private static bool? Plain(string entry, string value) => EffectivePolicy.IsValue(entry, value, StringComparison.Ordinal);

    /// <summary>The project, then the folders and organization above it (scripted, else from the guardrails file), as Resource Manager names them.</summary>
    private IReadOnlyList<string> Ancestry(string project) =>
        [$"projects/{project}", .. _parents.GetValueOrDefault(project) ?? _guardrails?.ProjectParents.GetValueOrDefault(project) ?? []];

    /// <summary>The effective policy's spec: the project's own, else scripted, else from the guardrails file, else empty (the constraint's default).</summary>
    private string SpecOn(string project, string constraint) =>
        _projectPolicies.GetValueOrDefault((project, constraint)) ?? _specs.GetValueOrDefault((project, constraint)) ?? Spec(_guardrails?.PolicyOn(project, constraint));

    /// <summary>Cloud Storage's JSON API error body: <c>{"error": {"code", "message", "errors": [{"reason"}]}}</c>.</summary>
    private static string StorageError(HttpStatusCode status, string message, string reason) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = (int)status,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            },
        }.ToJsonString();

    /// <summary>A policy of the guardrails file as the effective policy's spec: one rule, enforcing or listing its values.</summary>
    private static string Spec(GcpConstraintPolicy? policy)
    {
        if (policy is null)
        {
            return "{}";
        }

        var values = new JsonArray([.. policy.Values.Select(v => JsonValue.Create(v))]);
        var rule = policy.Kind switch
        {
            GcpConstraintKind.Boolean => new JsonObject { ["enforce"] = policy.Enforced },
            GcpConstraintKind.AllowedValues => new JsonObject { ["values"] = new JsonObject { ["allowedValues"] = values } },
            GcpConstraintKind.AllowedMembers => new JsonObject
            {
                ["enforce"] = true,
                ["parameters"] = new JsonObject
                {
                    ["allowedMemberSubjects"] = Members(policy.Values.Where(v => !IsPrincipalSet(v))),
                    ["allowedPrincipalSets"] = Members(policy.Values.Where(IsPrincipalSet)),
                },
            },
            _ => new JsonObject { ["values"] = new JsonObject { ["deniedValues"] = values } },
        };
        return new JsonObject { ["rules"] = new JsonArray(rule) }.ToJsonString();

        static JsonArray Members(IEnumerable<string> members) => new([.. members.Select(m => JsonValue.Create(m))]);

        // A principal set is a resource name (//cloudresourcemanager.googleapis.com/organizations/…); a principal is kind:id.
        static bool IsPrincipalSet(string member) => member.StartsWith("//", StringComparison.Ordinal);
    }
}

/// <param name="Authorization">The Authorization header as sent.</param>
public sealed record GoogleGuardrailRequest(string Method, string Path, string Authorization, string Body);
