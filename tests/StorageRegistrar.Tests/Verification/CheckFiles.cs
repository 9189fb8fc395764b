using System.Net;
using System.Net.Sockets;

namespace StorageRegistrar.Tests.Verification;

/// <summary>Names and contents for check files, unique per test so that tests share stores safely; a store nobody serves.</summary>
internal static class CheckFiles
{
    public const string Content = "This file was written by Stream to check the storage.\n";

    public static string NewFileName() => $"stream-{Guid.NewGuid()}.md";

    public static string NewBucketName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    /// <summary>A loopback port nothing listens on: the OS hands it out, and it is closed again at once.</summary>
    public static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
