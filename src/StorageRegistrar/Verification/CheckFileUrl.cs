namespace StorageRegistrar.Verification;

/// <summary>The URL of the file Stream's check wrote, as the product shows and keeps it.</summary>
public static class CheckFileUrl
{
    /// <summary>
    /// The URL without its query and fragment: Stream does not document the URL's form, and a signed URL carries its
    /// signature there, so only the file's location is printed, logged or kept as an output.
    /// </summary>
    public static string? Shown(string? fileUrl) =>
        fileUrl is null ? null
        : Uri.TryCreate(fileUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path)
        : fileUrl.Split('?', '#')[0];
}
