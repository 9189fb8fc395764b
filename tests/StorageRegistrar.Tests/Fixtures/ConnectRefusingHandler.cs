namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// In front of a real local server: sends the requests of <paramref name="method"/> whose number among them
/// <paramref name="refuses"/> picks (1 for the first) to a loopback port nothing listens on, where the system refuses the
/// connection before anything is sent, and passes everything else on.
/// </summary>
public sealed class ConnectRefusingHandler(HttpMethod method, Func<int, bool> refuses) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly int _closedPort = LoopbackPorts.Closed();
    private int _sent;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != method || !refuses(Interlocked.Increment(ref _sent)))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // A retry sends the same request again, so it leaves with the address it came with.
        var address = request.RequestUri!;
        request.RequestUri = new UriBuilder(address) { Port = _closedPort }.Uri;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = address;
        }
    }
}
