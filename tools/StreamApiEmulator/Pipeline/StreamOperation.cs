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
}
