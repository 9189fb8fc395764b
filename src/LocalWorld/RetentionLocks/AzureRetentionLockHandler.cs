using System.Globalization;
using System.Net;
using System.Text;
using System.Web;

namespace LocalWorld;

/// <summary>
/// Version-level immutability for azurite, which has none, on <c>/ACCOUNT/CONTAINER/BLOB</c> requests: a delete or
/// overwrite of a blob younger than its container's lock gets Azure's 409 <c>BlobImmutableDueToPolicy</c>, and a
/// blob's properties carry its immutability policy's expiry and mode (a governance lock is an unlocked policy, a
/// compliance lock a locked one).
/// </summary>
/// <remarks>
/// azurite keeps no blob versions, so a delete without a version id, which in Azure only turns the current
/// version into a previous one that the policy keeps, is refused too: whatever the cloud keeps, the local store keeps.
/// </remarks>
internal sealed class AzureRetentionLockHandler(RetentionLocks locks, Func<string, string, string, CancellationToken, Task<DateTimeOffset?>> writtenAt) : DelegatingHandler
{
    private const string ErrorCode = "BlobImmutableDueToPolicy";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!TryParseBlob(request.RequestUri!, out var account, out var container, out var blob) || locks.Of($"{account}/{container}") is not { } retention)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        if (RemovesOrReplaces(request.Method, query) && await writtenAt(account, container, blob, cancellationToken).ConfigureAwait(false) is { } written && retention.Holds(written))
        {
            return BlobImmutableDueToPolicy(request);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((request.Method == HttpMethod.Head || request.Method == HttpMethod.Get) && query["comp"] is null && response.IsSuccessStatusCode
            && response.Headers.TryGetValues("x-ms-creation-time", out var created)
            && DateTimeOffset.TryParse(created.First(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            response.Headers.Add("x-ms-immutability-policy-until-date", retention.RetainUntil(createdAt).ToString("R", CultureInfo.InvariantCulture));
            response.Headers.Add("x-ms-immutability-policy-mode", retention.Mode == RetentionLockMode.Compliance ? "locked" : "unlocked");
        }

        return response;
    }

    /// <summary>Account, container and blob name of a path-style blob request; false for service and container requests.</summary>
    private static bool TryParseBlob(Uri uri, out string account, out string container, out string blob)
    {
        var segments = uri.AbsolutePath.TrimStart('/').Split('/', 3);
        (account, container, blob) = segments.Length == 3
            ? (segments[0], Uri.UnescapeDataString(segments[1]), Uri.UnescapeDataString(segments[2]))
            : ("", "", "");
        return blob.Length > 0;
    }

    /// <summary>Delete Blob (or one version of it), and Put Blob, Copy Blob or Put Block List onto it; staging a block changes nothing yet.</summary>
    private static bool RemovesOrReplaces(HttpMethod method, System.Collections.Specialized.NameValueCollection query) => method.Method switch
    {
        "DELETE" => query["comp"] is null,
        "PUT" => query["comp"] is null or "blocklist",
        _ => false,
    };

    private static HttpResponseMessage BlobImmutableDueToPolicy(HttpRequestMessage request)
    {
        var requestId = Guid.NewGuid().ToString();
        var body = $"""<?xml version="1.0" encoding="utf-8"?><Error><Code>{ErrorCode}</Code><Message>This operation is not permitted as the blob is immutable due to a policy.{"\n"}RequestId:{requestId}{"\n"}Time:{DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)}</Message></Error>""";
        var response = new HttpResponseMessage(HttpStatusCode.Conflict) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
        response.Headers.Add("x-ms-error-code", ErrorCode);
        response.Headers.Add("x-ms-request-id", requestId);
        if (request.Headers.TryGetValues("x-ms-version", out var version))
        {
            response.Headers.Add("x-ms-version", version);
        }

        return response;
    }
}
