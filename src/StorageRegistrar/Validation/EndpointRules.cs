namespace StorageRegistrar.Validation;

/// <summary>
/// The endpoint of an S3-compatible store. Stream sends the owner's keys to it, so it must be https;
/// plain http is accepted only for loopback addresses, where local rehearsals run.
/// </summary>
internal static class EndpointRules
{
    public static string? Check(string endpoint)
    {
        if (UnsafeText.Check(endpoint) is { } unsafeText)
        {
            return unsafeText;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "is not an absolute https URL: use the store's endpoint, e.g. \"https://<account>.r2.cloudflarestorage.com\".";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return "must use https (http is accepted only for loopback addresses): change the scheme to https.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not contain a user name or password: pass the store's access key and secret as the storage's keys instead.";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return "must not contain a query or fragment: use only scheme, host, port and path.";
        }

        return null;
    }
}
