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
}
