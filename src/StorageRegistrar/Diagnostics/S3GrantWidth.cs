using System.Text.Json.Nodes;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// How far an Allow statement reaches beyond the stack's grant, some actions on the keys under the storage's path: judged
/// alike for the bucket policy's statements for Stream's account (policy mode) and the writer user's own policies (keys mode).
/// </summary>
internal static class S3GrantWidth
{
    /// <summary>Actions on an object: writing it, and what a grant may carry beyond: reading, deleting, changing its ACL, tags or lock.</summary>
    internal static readonly IReadOnlyList<string> ObjectActions =
    [
        "s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:PutObjectTagging",
        "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention", "s3:AbortMultipartUpload",
    ];

    /// <summary>Actions on the bucket itself (its ARN): listing it, and changing its policy, lifecycle or versioning, or deleting it.</summary>
    internal static readonly IReadOnlyList<string> BucketActions =
    [
        "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
        "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket",
    ];

    /// <summary>The key of a file Stream writes, taken as it is: a path Stream accepted may hold what IAM reads as a wildcard.</summary>
    public static string WrittenObjectArn(string bucket, string path) => $"{S3Grants.BucketArn(bucket)}/{path}stream-check.md";

    /// <summary>Whether what <paramref name="allow"/> grants is judged: Stream's requests meet no condition but one on TLS, so a statement under another may or may not apply.</summary>
    public static bool IsJudged(S3PolicyStatement allow) => allow.IsAllow && (!allow.HasCondition || allow.HasOnlyTransportConditions);

    /// <summary>Whether <paramref name="statement"/> is a Deny that may take back what an Allow grants: one whose condition Stream's requests may meet.</summary>
    public static bool MayRefuse(S3PolicyStatement statement) => !statement.IsAllow && !statement.HasOnlyTransportConditions;

    /// <summary>
    /// What <paramref name="allow"/> lets its principal do beyond <paramref name="granted"/> under <paramref name="path"/>:
    /// put or act on a key outside it (the bucket root, a sibling folder, a name only starting like the path, and for each
    /// Resource pattern a key it matches there), or act beyond the actions granted; what one of <paramref name="denials"/>
    /// refuses is not counted. Null when it reaches nothing beyond, else the clause that says so.
    /// </summary>
    public static string? Beyond(S3PolicyStatement allow, IReadOnlyList<S3PolicyStatement> denials, string bucket, string path, IReadOnlyList<string> granted)
    {
        var bucketArn = S3Grants.BucketArn(bucket);
        bool Allows(string action, string resource) => allow.AppliesToAction(action) && allow.AppliesToResource(resource)
            && !denials.Any(d => d.AppliesToAction(action) && d.AppliesToResource(resource));

        var keysOutside = KeysJustOutside(path).Concat(allow.KeysOutside(bucketArn, path)).Distinct(StringComparer.Ordinal).ToList();
        var reachedOutside = keysOutside.FirstOrDefault(key => ObjectActions.Any(action => Allows(action, $"{bucketArn}/{key}")));
        var objects = keysOutside.Select(key => $"{bucketArn}/{key}").Prepend(WrittenObjectArn(bucket, path)).ToList();
        var actionsBeyond = ObjectActions.Where(action => objects.Any(arn => Allows(action, arn)))
            .Concat(BucketActions.Where(action => Allows(action, bucketArn)))
            .Except(granted, StringComparer.Ordinal)
            .ToList();
        var reaches = new List<string>();
        if (reachedOutside is not null)
        {
            reaches.Add($"keys outside '{path}' (such as '{reachedOutside}')");
        }

        if (actionsBeyond.Count > 0)
        {
            reaches.Add($"actions the stack does not grant ({string.Join(", ", actionsBeyond)})");
        }

        return reaches.Count == 0
            ? null
            : $"beyond {Grant(granted, path)}, the stack's grant, it reaches {string.Join(" and ", reaches)}";
    }

    /// <summary>A grant of <paramref name="actions"/> under <paramref name="path"/>, in words.</summary>
    public static string Grant(IReadOnlyList<string> actions, string path) =>
        $"{string.Join(" and ", actions)} under {(path.Length == 0 ? "the bucket" : $"'{path}'")}";

    /// <summary>What <paramref name="allow"/> allows on what, as its Action and Resource say it.</summary>
    public static string Allowing(S3PolicyStatement allow) => $"{Describe(allow.Action)} on {Describe(allow.Resource)}";

    /// <summary>
    /// The fix of a grant wider than the path: keep <paramref name="whom"/> to the statement pulumi up writes, narrowing or
    /// removing <paramref name="wider"/>; for a path IAM reads as a wildcard, where no grant keeps to it, another path.
    /// </summary>
    /// <param name="statement">The statement pulumi up writes; only asked for a path it can be written for.</param>
    public static string NarrowFix(string path, string whom, Func<string> statement, string wider) => S3Grants.WidensGrant(path)
        ? WildcardPathFix(path)
        : $"Keep {whom} to the statement pulumi up writes, {JsonNode.Parse(statement())!.ToJsonString()}: narrow or remove {wider}.";

    /// <summary>Why no grant keeps to a path holding what IAM reads as a wildcard or variable, and the fix.</summary>
    public static string WildcardPathFix(string path) =>
        $"The path '{path}' holds '*', '?' or '${{', which IAM reads as a wildcard or variable, so no grant can be kept to it: register the storage with a path without them (pulumi up refuses such a path too).";

    /// <summary>The keys outside the path a grant most often reaches: at the bucket root, in a sibling folder, under a name only starting like the path; none without a path.</summary>
    private static IReadOnlyList<string> KeysJustOutside(string path) => path.Length == 0
        ? []
        : ["stream-doctor-outside.md", $"{path.TrimEnd('/')}-other/stream-doctor-outside.md", $"{path.TrimEnd('/')}stream-doctor-outside.md"];

    private static string Describe(PolicyElement element) =>
        $"{(element.Negated ? "everything but " : "")}{string.Join(", ", element.Values)}";
}
