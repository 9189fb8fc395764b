using System.Net.Sockets;
using Polly.Timeout;

namespace StorageRegistrar;

/// <summary>
/// Whether a request to Stream or a cloud got no answer at all, as every client of the product judges it: a refused or
/// reset connection, a name that does not resolve, or a timeout, however a cloud SDK wraps it.
/// </summary>
public static class NoAnswer
{
    /// <summary>
    /// A connect timeout or HttpClient's timeout surfaces as a cancellation, so only a cancellation of
    /// <paramref name="callerToken"/> is the caller's own, and never counts.
    /// </summary>
    public static bool Is(Exception exception, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested)
        {
            return false;
        }

        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException or IOException or TimeoutException or TimeoutRejectedException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="request"/> failed before it could be sent, so the server cannot have acted on it: the
    /// connection was refused or failed while it was being made, the name did not resolve, the TLS handshake failed, or the
    /// proxy refused the tunnel to the server, or the handler's connect timeout ran out before the connection was made. An
    /// attempt's deadline (Polly's), a connection reset or cut mid-answer and any answer at all may follow a request that
    /// was carried out. So may a failed connection for a request without a body: the handler sends one again on a new
    /// connection when a pooled one closes before answering, and only the new connection's failure is seen.
    /// </summary>
    /// <remarks>
    /// SocketsHttpHandler's connect timeout is the cancellation whose inner exception is a <see cref="TimeoutException"/>
    /// of its own; HttpClient's own timeout, which may run out after the request went, wraps the cancellation it ended
    /// in its <see cref="TimeoutException"/>, and is told apart by it.
    /// </remarks>
    public static bool BeforeSending(Exception exception, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is null)
        {
            return false;
        }

        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case HttpRequestException failed:
                    return failed.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                        or HttpRequestError.ProxyTunnelError;
                case TimeoutRejectedException:
                    return false;
                case OperationCanceledException { InnerException: TimeoutException { InnerException: not OperationCanceledException } }:
                    return true;
            }
        }

        return false;
    }
}
