namespace StorageRegistrar;

/// <summary>
/// Whether an exception is the caller cancelling, the one failure a read that turns every other into "not examined"
/// lets through: HttpClient's and the SDKs' timeouts surface as cancellations too, which the caller did not ask for.
/// </summary>
public static class CallerCancellation
{
    public static bool Is(Exception exception, CancellationToken callerToken) =>
        exception is OperationCanceledException && callerToken.IsCancellationRequested;
}
