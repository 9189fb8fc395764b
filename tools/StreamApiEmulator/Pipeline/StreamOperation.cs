namespace StreamApiEmulator.Pipeline;

/// <summary>
/// Marks an endpoint as one of Stream's operations, named by its OpenAPI operation id. Only marked
/// endpoints get Stream's authentication, rate limits, faults, error bodies and request log.
/// </summary>
public sealed record StreamOperation(string Name);

public static class StreamOperationExtensions
{
    public static RouteHandlerBuilder WithStreamOperation(this RouteHandlerBuilder builder, string operationName) =>
        builder.WithMetadata(new StreamOperation(operationName));

    /// <summary>
    /// Maps the same routes under Stream's current path and under the legacy path it still serves for older clients.
    /// </summary>
    public static IEndpointRouteBuilder MapCurrentAndLegacy(
        this IEndpointRouteBuilder app, string currentPrefix, string legacyPrefix, Action<RouteGroupBuilder> mapRoutes)
    {
        ArgumentNullException.ThrowIfNull(mapRoutes);
        foreach (var prefix in new[] { currentPrefix, legacyPrefix })
        {
            mapRoutes(app.MapGroup(prefix));
        }

        return app;
    }
}
