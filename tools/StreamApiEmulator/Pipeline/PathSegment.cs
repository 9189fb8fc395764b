namespace StreamApiEmulator.Pipeline;

/// <summary>A storage or call type name as a path segment carries it.</summary>
public static class PathSegment
{
    /// <summary>
    /// The name a route value holds, decoded whole: ASP.NET Core decodes a path segment but for an escaped '/', which it
    /// keeps as <c>%2F</c> so as not to split the path, while Stream decodes the segment (a client escapes a name with
    /// Uri.EscapeDataString, as the Python SDK's quote(safe="") does).
    /// </summary>
    public static string Name(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
