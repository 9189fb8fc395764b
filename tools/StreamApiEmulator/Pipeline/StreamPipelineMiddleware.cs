using StreamApiEmulator.Control;

namespace StreamApiEmulator.Pipeline;

/// <summary>
/// What every Stream operation goes through, in Stream's order: rate limit, authentication, injected
/// faults, the handler; errors become <c>APIError</c> bodies, and the request is logged for tests.
/// Endpoints without <see cref="StreamOperation"/> (the control API) pass straight through.
/// </summary>
public sealed class StreamPipelineMiddleware(
    RequestDelegate next,
    StreamAuthenticator authenticator,
    StreamRateLimiter rateLimiter,
    FaultInjector faults,
    RequestLog log,
    ILogger<StreamPipelineMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        StreamResults.MarkStart(context);
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<StreamOperation>()?.Name;
        if (operation is null)
        {
            await next(context);
            return;
        }

        var authOk = false;
        var dropped = false;
        try
        {
            rateLimiter.Count(context, operation);
            await authenticator.AuthenticateAsync(context, operation);
            authOk = true;
            var loseAnswer = false;
            foreach (var fault in faults.Take(operation, context.Request, FaultKind.Latency, FaultKind.RateLimit, FaultKind.ServerError, FaultKind.ErrorBody, FaultKind.DropConnection, FaultKind.LostAnswer))
            {
                switch (fault.Kind)
                {
                    case FaultKind.Latency:
                        await Task.Delay(fault.LatencyMs, context.RequestAborted);
                        break;
                    case FaultKind.RateLimit:
                        throw rateLimiter.Injected(context, fault.RetryAfterSeconds, fault.RetryAfterHeader);
                    case FaultKind.ServerError:
                        throw new StreamException(StreamErrorCode.InternalError, "internal system error (injected)", status: (System.Net.HttpStatusCode)fault.StatusCode);
                    case FaultKind.ErrorBody:
                        context.Response.StatusCode = fault.StatusCode;
                        context.Response.ContentType = "application/json; charset=utf-8";
                        await context.Response.WriteAsync(fault.Body, context.RequestAborted);
                        return;
                    case FaultKind.DropConnection:
                        dropped = true;
                        return;
                    case FaultKind.LostAnswer:
                        loseAnswer = true;
                        break;
                }
            }

            if (loseAnswer)
            {
                // The request is carried out; whatever it answers goes nowhere, and the connection is cut.
                context.Response.Body = System.IO.Stream.Null;
                try
                {
                    await next(context);
                }
                finally
                {
                    dropped = true;
                }

                return;
            }

            await next(context);
        }
        catch (StreamException error)
        {
            await StreamResults.WriteErrorAsync(context, operation, error);
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException && !context.Response.HasStarted)
        {
            // Stream answers its own failures with an APIError too; the details stay in the log.
            logger.LogError(unexpected, "{Operation} failed unexpectedly", operation);
            await StreamResults.WriteErrorAsync(context, operation, new StreamException(StreamErrorCode.InternalError, "internal system error"));
        }
        finally
        {
            log.Add(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, operation, authOk, dropped ? 0 : context.Response.StatusCode, FaultInjector.InjectedInto(context)));
            if (dropped)
            {
                // Cut once the request is in the log, so that a client that sees the connection drop finds it there.
                context.Abort();
            }
        }
    }
}
