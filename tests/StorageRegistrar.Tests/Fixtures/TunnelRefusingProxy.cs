using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StorageRegistrar.Tests.Fixtures;

/// <summary>
/// An HTTP proxy on loopback that opens no tunnel: it answers each <c>CONNECT</c> with 403, as a corporate proxy does
/// for a host it does not allow, or, made silent, never answers and holds the connection open, as a proxy that has hung
/// does. Either way the request meant for the far side is never sent. It counts the tunnels asked.
/// </summary>
public sealed class TunnelRefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _held = [];
    private readonly bool _silent;
    private readonly Task _serving;
    private int _tunnelsAsked;

    /// <param name="silent">Never answer a <c>CONNECT</c>, rather than refuse it.</param>
    public TunnelRefusingProxy(bool silent = false)
    {
        _silent = silent;
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _serving = ServeAsync(_stopping.Token);
    }

    public Uri Uri { get; }

    public int TunnelsAsked => Volatile.Read(ref _tunnelsAsked);

    private async Task ServeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Held open when silent, closed after the answer otherwise, or when the client goes first.
            var held = false;
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[1024];
                // The request head ends with an empty line; a CONNECT has no body.
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stopping);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                if (head.ToString().StartsWith("CONNECT ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _tunnelsAsked);
                }

                if (_silent)
                {
                    _held.Add(client);
                    held = true;
                    continue;
                }

                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stopping);
            }
            catch (IOException)
            {
                // The client closed first: the next one is served.
            }
            finally
            {
                if (!held)
                {
                    client.Dispose();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _held.ForEach(client => client.Dispose());
        _stopping.Dispose();
    }
}
