using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace LocalWorld;

/// <summary>
/// A GCS bucket retention policy for the local GCS emulator, which has none: a delete or an upload over an object
/// younger than its bucket's lock gets Google's 403 <c>retentionPolicyNotMet</c>, and an object's metadata carries
/// its <c>retentionExpirationTime</c>, as a bucket with a retention policy reports it.
/// </summary>
internal sealed class GcsRetentionLockHandler(RetentionLocks locks, Func<string, string, CancellationToken, Task<DateTimeOffset?>> writtenAt) : DelegatingHandler
{
    private const string JsonApiPrefix = "storage/v1/";
    private const string UploadPrefix = "upload/storage/v1/";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!TryParseObject(request, out var bucket, out var name, out var writes) || locks.Of(bucket) is not { } retention)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (writes && await writtenAt(bucket, name, cancellationToken).ConfigureAwait(false) is { } written && retention.Holds(written))
        {
            return RetentionPolicyNotMet(bucket, name, retention.RetainUntil(written));
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method == HttpMethod.Get && response.IsSuccessStatusCode && HttpUtility.ParseQueryString(request.RequestUri!.Query)["alt"] is null or "json")
        {
            await AddRetentionExpirationAsync(response, retention, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>
    /// The object of a JSON API request: <c>b/BUCKET/o/OBJECT</c> (get, delete; the SDK's own base path or
    /// <c>storage/v1/</c>), or an upload to <c>upload/storage/v1/b/BUCKET/o</c> naming it (<paramref name="writes"/>: it
    /// deletes or replaces the object).
    /// </summary>
    private static bool TryParseObject(HttpRequestMessage request, out string bucket, out string name, out bool writes)
    {
        var path = request.RequestUri!.AbsolutePath.TrimStart('/');
        bucket = name = "";
        writes = false;
        if (path.StartsWith(UploadPrefix, StringComparison.Ordinal))
        {
            var upload = path[UploadPrefix.Length..].Split('/');
            if (upload is ["b", var uploadBucket, "o"] && HttpUtility.ParseQueryString(request.RequestUri.Query)["name"] is { Length: > 0 } uploaded)
            {
                (bucket, name, writes) = (Uri.UnescapeDataString(uploadBucket), uploaded, true);
            }

            return writes;
        }

        // The object's name is one segment, its '/' escaped.
        var segments = (path.StartsWith(JsonApiPrefix, StringComparison.Ordinal) ? path[JsonApiPrefix.Length..] : path).Split('/');
        if (segments is not ["b", var objectBucket, "o", var objectName] || objectName.Length == 0)
        {
            return false;
        }

        (bucket, name, writes) = (Uri.UnescapeDataString(objectBucket), Uri.UnescapeDataString(objectName), request.Method == HttpMethod.Delete);
        return true;
    }

    private static async Task AddRetentionExpirationAsync(HttpResponseMessage response, RetentionLock retention, CancellationToken cancellationToken)
    {
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (JsonNode.Parse(json) is not JsonObject storedObject
            || storedObject["timeCreated"]?.GetValue<string>() is not { } created
            || !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var writtenAt))
        {
            return;
        }

        storedObject["retentionExpirationTime"] = Rfc3339(retention.RetainUntil(writtenAt));
        response.Content = new StringContent(storedObject.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private static HttpResponseMessage RetentionPolicyNotMet(string bucket, string name, DateTimeOffset retainUntil)
    {
        var message = $"Object '{bucket}/{name}' is subject to bucket's retention policy and cannot be deleted, overwritten or archived until {Rfc3339(retainUntil)}";
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = 403,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = "retentionPolicyNotMet" }),
            },
        };
        return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
