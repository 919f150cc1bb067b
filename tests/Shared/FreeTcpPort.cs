using System.Net;
using System.Net.Sockets;

namespace ReviewCadence.Testing;

/// <summary>A TCP port on loopback that nothing listens on right now.</summary>
public static class FreeTcpPort
{
    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
