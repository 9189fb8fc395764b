using System.Xml.Linq;
using Amazon;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Reads, with the owner's AWS credentials, what IAM grants the user whose access key Stream holds (keys mode), for
/// <see cref="IamUserPolicyAnalyzer"/>: its inline policies (<c>ListUserPolicies</c>, <c>GetUserPolicy</c>), the managed
/// policies attached to it at their default version (<c>ListAttachedUserPolicies</c>, <c>GetPolicy</c>,
/// <c>GetPolicyVersion</c>) and its groups (<c>ListGroupsForUser</c>). No SDK package for IAM is served here, so IAM's
/// Query API is read through <see cref="AwsRest"/>, every list to its last page. Only reads.
/// </summary>
public sealed class IamUserPolicyProbe(AwsRest rest)
{
    /// <summary>IAM's endpoint; null: the one of the bucket region's partition. Tests point it at a local server.</summary>
    public Uri? Endpoint { get; init; }

    /// <param name="bucketRegion">The bucket's region, which tells IAM's partition; null: the commercial one.</param>
    public async Task<IamUserPolicyFacts> GatherAsync(string userName, string bucket, string path, string? bucketRegion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        var (endpoint, signingRegion) = AwsIam.For(bucketRegion);
        var iam = new Iam(Endpoint ?? endpoint, signingRegion);
        var policies = new List<IamUserPolicy>();
        var unread = new List<string>();
        // A read with no answer is said, never taken for an empty one.
        T? Answered<T>(CloudRead<T> read)
            where T : class
        {
            if (read.Refusal is { } refusal)
            {
                unread.Add(refusal);
            }

            return read.Value;
        }

        var inline = Answered(await ListAsync(iam, "ListUserPolicies", userName, "PolicyNames", name => name.Value.Trim(),
            $"the inline policies of IAM user {userName} (iam:ListUserPolicies)", cancellationToken).ConfigureAwait(false)) ?? [];
        foreach (var name in inline)
        {
            if (Answered(await ReadAsync(iam, "GetUserPolicy", [("UserName", userName), ("PolicyName", name)], $"inline policy '{name}' of IAM user {userName} (iam:GetUserPolicy)",
                result => Decoded(AwsRest.Child(result, "PolicyDocument")), cancellationToken).ConfigureAwait(false)) is { } document)
            {
                policies.Add(new IamUserPolicy(name, Managed: false, document));
            }
        }

        var attached = Answered(await ListAsync(iam, "ListAttachedUserPolicies", userName, "AttachedPolicies", member => AwsRest.Child(member, "PolicyArn").Value.Trim(),
            $"the managed policies attached to IAM user {userName} (iam:ListAttachedUserPolicies)", cancellationToken).ConfigureAwait(false)) ?? [];
        foreach (var arn in attached)
        {
            if (Answered(await ReadManagedAsync(iam, arn, cancellationToken).ConfigureAwait(false)) is { } document)
            {
                policies.Add(new IamUserPolicy(arn, Managed: true, document));
            }
        }

        var groups = Answered(await ListAsync(iam, "ListGroupsForUser", userName, "Groups", member => AwsRest.Child(member, "GroupName").Value.Trim(),
            $"the groups of IAM user {userName} (iam:ListGroupsForUser)", cancellationToken).ConfigureAwait(false)) ?? [];
        return new IamUserPolicyFacts
        {
            UserName = userName,
            Bucket = bucket,
            Path = path,
            Policies = policies,
            Unread = unread,
            Groups = groups,
        };
    }

    /// <summary>A managed policy's document at its default version, the one IAM applies.</summary>
    private async Task<CloudRead<string>> ReadManagedAsync(Iam iam, string arn, CancellationToken cancellationToken)
    {
        var version = await ReadAsync(iam, "GetPolicy", [("PolicyArn", arn)], $"managed policy {arn} (iam:GetPolicy)",
            result => AwsRest.Child(AwsRest.Child(result, "Policy"), "DefaultVersionId").Value.Trim(), cancellationToken).ConfigureAwait(false);
        return version.Value is { } versionId
            ? await ReadAsync(iam, "GetPolicyVersion", [("PolicyArn", arn), ("VersionId", versionId)], $"version {versionId} of managed policy {arn} (iam:GetPolicyVersion)",
                result => Decoded(AwsRest.Child(AwsRest.Child(result, "PolicyVersion"), "Document")), cancellationToken).ConfigureAwait(false)
            : version;
    }

    /// <summary>
    /// Every item of a list IAM answers in pages: while <c>IsTruncated</c>, the next page is asked from its <c>Marker</c>.
    /// One page with no answer leaves the whole list unread.
    /// </summary>
    private async Task<CloudRead<IReadOnlyList<string>>> ListAsync(
        Iam iam, string action, string userName, string listName, Func<XElement, string> item, string what, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        var markers = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await ReadAsync(iam, action, [("UserName", userName), ("Marker", marker)], what, result => new Page(
                [.. AwsRest.Child(result, listName).Elements().Select(item)],
                AwsRest.OptionalChild(result, "IsTruncated") is { } truncated && AwsRest.Boolean(truncated) ? AwsRest.Child(result, "Marker").Value : null),
                cancellationToken).ConfigureAwait(false);
            if (page.Value is not { } read)
            {
                return CloudRead<IReadOnlyList<string>>.Refused(page.Refusal!, page.Denied);
            }

            items.AddRange(read.Items);
            marker = read.Next;
            if (marker is not null && !markers.Add(marker))
            {
                // A marker answered twice would ask the same page for ever.
                return CloudRead<IReadOnlyList<string>>.Refused($"{what}: IAM answered a page's marker again.");
            }
        }
        while (marker is not null);

        return CloudRead<IReadOnlyList<string>>.Of(items);
    }

    /// <summary>One call of IAM's Query API, a GET whose answer is <c>{Action}Response/{Action}Result</c>.</summary>
    private Task<CloudRead<T>> ReadAsync<T>(
        Iam iam, string action, IReadOnlyList<(string Name, string? Value)> parameters, string what, Func<XElement, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        var uri = AwsIam.Query(iam.Endpoint, action, parameters);
        return rest.ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            iam.SigningRegion,
            AwsIam.SigningName,
            what,
            document => parse(AwsRest.Child(AwsRest.Child(document, $"{action}Response"), $"{action}Result")),
            cancellationToken);
    }

    /// <summary>IAM answers a policy document URL-encoded (RFC 3986).</summary>
    private static string Decoded(XElement document) => Uri.UnescapeDataString(document.Value.Trim());

    private sealed record Iam(Uri Endpoint, RegionEndpoint SigningRegion);

    private sealed record Page(IReadOnlyList<string> Items, string? Next);
}
