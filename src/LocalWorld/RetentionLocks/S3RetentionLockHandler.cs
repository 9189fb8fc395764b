using System.Globalization;
using System.Net;
using System.Text;
using System.Web;

namespace LocalWorld;

/// <summary>
/// S3 Object Lock for the local S3 emulator, which has none, on path-style requests: a delete or overwrite of an
/// object younger than its bucket's lock gets S3's answer to a locked version's delete (403 <c>AccessDenied</c>) unless
/// it bypasses a governance lock, suspending a locked bucket's versioning gets 409 <c>InvalidBucketState</c>, and HEAD
/// and GET carry the lock's mode and retain-until date as S3 reports them.
/// </summary>
/// <remarks>
/// The emulator keeps no versions, so a delete without a version id, which in S3 only adds a delete marker and
/// leaves the locked version, is refused too: whatever the cloud keeps, the local store keeps. Multi-object
/// deletes (POST ?delete) are not covered.
/// </remarks>
internal sealed class S3RetentionLockHandler(RetentionLocks locks, Func<string, string, CancellationToken, Task<DateTimeOffset?>> writtenAt) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await SuspendsLockedVersioningAsync(request, cancellationToken).ConfigureAwait(false))
        {
            return Error(HttpStatusCode.Conflict, "InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
        }

        if (!TryParseObject(request.RequestUri!, out var bucket, out var key) || locks.Of(bucket) is not { } retention)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (RemovesOrReplaces(request) && !BypassesGovernance(request, retention)
            && await writtenAt(bucket, key, cancellationToken).ConfigureAwait(false) is { } written && retention.Holds(written))
        {
            return Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied");
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((request.Method == HttpMethod.Head || request.Method == HttpMethod.Get) && response.IsSuccessStatusCode
            && response.Content.Headers.LastModified is { } lastModified)
        {
            response.Headers.Add("x-amz-object-lock-mode", retention.Mode == RetentionLockMode.Compliance ? "COMPLIANCE" : "GOVERNANCE");
            response.Headers.Add("x-amz-object-lock-retain-until-date", retention.RetainUntil(lastModified).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        }

        return response;
    }

    /// <summary>
    /// PutBucketVersioning that suspends a locked bucket's versioning, which S3 refuses once Object Lock is on.
    /// </summary>
    private async Task<bool> SuspendsLockedVersioningAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.Trim('/');
        if (request.Method != HttpMethod.Put || path.Length == 0 || path.Contains('/', StringComparison.Ordinal)
            || !request.RequestUri.Query.TrimStart('?').Split('&').Select(p => p.Split('=')[0]).Contains("versioning")
            || locks.Of(Uri.UnescapeDataString(path)) is null || request.Content is null)
        {
            return false;
        }

        // Read into the content's buffer, so that the request still carries its body when passed on.
        var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Contains("<Status>Suspended</Status>", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a delete asks to bypass governance retention (<c>x-amz-bypass-governance-retention: true</c>), which S3
    /// grants only a caller allowed s3:BypassGovernanceRetention, and never under compliance. The header alone is honoured
    /// here: the rehearsal's destroy asks the local AWS guardrails for the action before it sends it.
    /// </summary>
    private static bool BypassesGovernance(HttpRequestMessage request, RetentionLock retention) =>
        retention.Mode == RetentionLockMode.Governance
        && request.Headers.TryGetValues("x-amz-bypass-governance-retention", out var values)
        && values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Bucket and key of a path-style object request (<c>/BUCKET/KEY</c>); false for bucket and service requests.</summary>
    private static bool TryParseObject(Uri uri, out string bucket, out string key)
    {
        var path = uri.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        bucket = slash < 0 ? "" : Uri.UnescapeDataString(path[..slash]);
        key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
        return bucket.Length > 0 && key.Length > 0;
    }

    /// <summary>DeleteObject (of the object or one version of it), PutObject and CopyObject onto it, and the completion of a multipart upload to it.</summary>
    private static bool RemovesOrReplaces(HttpRequestMessage request)
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var keys = query.AllKeys;
        return request.Method.Method switch
        {
            "DELETE" => keys.All(k => k == "versionId"),
            "PUT" => keys.Length == 0,
            "POST" => keys.Contains("uploadId"),
            _ => false,
        };
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message)
    {
        var requestId = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16];
        var body = $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>{requestId}</RequestId><HostId>{requestId}</HostId></Error>""";
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
        response.Headers.Add("x-amz-request-id", requestId);
        return response;
    }
}
