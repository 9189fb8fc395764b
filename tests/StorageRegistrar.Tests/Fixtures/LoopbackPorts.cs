using System.Net;
using System.Net.Sockets;

namespace StorageRegistrar.Tests.Fixtures;

internal static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on: the OS hands it out, and it is closed again at once.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
