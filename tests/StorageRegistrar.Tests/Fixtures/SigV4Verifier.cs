using System.Security.Cryptography;
using System.Text;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// Signature Version 4 as AWS computes it on arrival, from AWS's published algorithm (itself held to AWS's published test
/// suite in <c>AwsSigningTests</c>): what was sent must verify with the signer's secret, for the host, query, signed
/// headers and body exactly as they went out. Enough for the requests the product signs: the path is taken as sent,
/// with none of the suite's normalization (dot segments, double slashes), and header values with their inner spaces.
/// </summary>
internal static class SigV4Verifier
{
    public static string SignatureOf(RecordedHttpRequest request) =>
        request.Header("Authorization").Split("Signature=")[1];

    /// <summary>The signature AWS expects of <paramref name="request"/>, over the headers its <c>Authorization</c> names as signed.</summary>
    public static string ExpectedSignature(RecordedHttpRequest request, string secret, string region, string service)
    {
        var signedHeaders = request.Header("Authorization").Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var headerLines = signedHeaders.Select(name => $"{name}:{(name == "host" ? request.Uri.Authority : request.Header(name).Trim())}\n");
        // Each name and value is escaped once, as RFC 3986 wants, whatever escaping it was sent with; then sorted by name.
        var query = request.Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(pair[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(pair.ElementAtOrDefault(1) ?? ""))))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={pair.Value}");
        var canonicalRequest = string.Join('\n',
            request.Method, request.Uri.AbsolutePath, string.Join('&', query), string.Concat(headerLines), string.Join(';', signedHeaders),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body ?? ""))));

        var amzDate = request.Header("X-Amz-Date");
        var day = amzDate[..8];
        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = new[] { day, region, service, "aws4_request" }
            .Aggregate(Encoding.UTF8.GetBytes("AWS4" + secret), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
