using StorageRegistrar.Validation;

namespace StorageRegistrar.Verification;

/// <summary>The URL of the file Stream's check wrote, as the product shows and keeps it.</summary>
public static class CheckFileUrl
{
    /// <summary>
    /// The URL without its user name and password, query and fragment: Stream does not document the URL's form, and a
    /// signed URL carries its signature there, so only the file's location is printed, logged or kept as an output.
    /// The value is cut at its query as Stream sent it, since not every parser takes a <c>?</c> for one (a file path,
    /// which <see cref="Uri"/> takes for a file URI; ftp). A value that is no absolute URL comes from Stream as it is:
    /// a user name and password <see cref="Uri"/> could not part from it are masked, and what a terminal would act on is escaped.
    /// </summary>
    public static string? Shown(string? fileUrl)
    {
        if (fileUrl is null)
        {
            return null;
        }

        var located = fileUrl.Split('?', '#')[0];
        return Uri.TryCreate(located, UriKind.Absolute, out var uri) && !uri.IsFile
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : UnsafeText.Escape(UrlCredentials.Masked(located));
    }
}
