using System.Net;
using System.Text;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// In front of a real local store: answers every DELETE as the store answers a caller without the grant to delete,
/// and passes everything else on. A refusal that is not a retention lock's.
/// </summary>
public sealed class DeleteRefusingHandler(HttpStatusCode status, string mediaType, string body, string? errorCodeHeader = null) : DelegatingHandler
{
    /// <summary>S3's answer to a delete the caller's policies do not allow.</summary>
    public static DeleteRefusingHandler S3AccessDenied(HttpMessageHandler inner) => new(
        HttpStatusCode.Forbidden, "application/xml", """<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>""")
    {
        InnerHandler = inner,
    };

    /// <summary>Google's answer to a caller without storage.objects.delete.</summary>
    public static DeleteRefusingHandler GcsForbidden(HttpMessageHandler inner) => new(
        HttpStatusCode.Forbidden, "application/json",
        """{"error":{"code":403,"message":"owner does not have storage.objects.delete access.","errors":[{"message":"owner does not have storage.objects.delete access.","domain":"global","reason":"forbidden"}]}}""")
    {
        InnerHandler = inner,
    };

    /// <summary>Azure's answer to a principal whose role lacks blob delete.</summary>
    public static DeleteRefusingHandler AzurePermissionMismatch(HttpMessageHandler inner) => new(
        HttpStatusCode.Forbidden, "application/xml",
        """<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>""",
        "AuthorizationPermissionMismatch")
    {
        InnerHandler = inner,
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Delete)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (errorCodeHeader is not null)
        {
            response.Headers.Add("x-ms-error-code", errorCodeHeader);
        }

        return Task.FromResult(response);
    }
}
