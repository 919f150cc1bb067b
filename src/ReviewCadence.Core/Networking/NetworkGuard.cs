using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace ReviewCadence.Networking;

/// <summary>
/// Keeps outbound HTTP (sources, webhooks) off loopback, private, link-local and other non-public
/// addresses, so a catalog entry or a redirect cannot make the service probe its own network
/// (cloud metadata at 169.254.169.254, internal admin pages).
/// </summary>
internal static class NetworkGuard
{
    public const string RefusalDetail = "refused: resolves to a private/loopback address (set allowPrivateNetworks to allow)";

    /// <summary>True when the address is routable on the public internet.</summary>
    public static bool IsPublicAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address),
            _ => false,
        };
    }

    /// <summary>
    /// A handler for outbound requests: no automatic redirects (callers follow them by hand), all
    /// decompression, no cookies and no proxy. Unless <paramref name="allowPrivateNetworks"/>, it
    /// resolves each host itself and connects only to public addresses: the check applies to the
    /// address actually connected to, so DNS rebinding cannot slip past it.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivateNetworks)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            // A proxy would make the guard check the proxy's address instead of the target's.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        if (!allowPrivateNetworks)
            handler.ConnectCallback = ConnectToPublicAddressAsync;
        return handler;
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) is the guard refusing a connection.</summary>
    public static bool IsRefusal(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PrivateNetworkRefusedException)
                return true;
        }
        return false;
    }

    private static async ValueTask<Stream> ConnectToPublicAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(IsPublicAddress).ToArray();
        if (allowed.Length == 0)
            throw new PrivateNetworkRefusedException();

        ExceptionDispatchInfo? lastFailure = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastFailure = ExceptionDispatchInfo.Capture(ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        lastFailure!.Throw();
        throw new UnreachableException();
    }

    private static ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectToPublicAsync(context.DnsEndPoint, cancellationToken);

    private static bool IsPublicIPv4(ReadOnlySpan<byte> b) => !(
        b[0] == 0                                        // 0.0.0.0/8 "this network", unspecified
        || b[0] == 10                                    // 10/8 private
        || (b[0] == 100 && (b[1] & 0xC0) == 64)          // 100.64/10 carrier-grade NAT
        || b[0] == 127                                   // loopback
        || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)          // 172.16/12 private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // 192.0.0/24 protocol assignments
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // TEST-NET-1
        || (b[0] == 192 && b[1] == 88 && b[2] == 99)     // 6to4 relay anycast
        || (b[0] == 192 && b[1] == 168)                  // 192.168/16 private
        || (b[0] == 198 && (b[1] & 0xFE) == 18)          // 198.18/15 benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // TEST-NET-2
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // TEST-NET-3
        || b[0] >= 224);                                 // multicast, reserved, broadcast

    private static bool IsPublicIPv6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsPublicAddress(address.MapToIPv4());

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
            return false;
        // ::a.b.c.d (deprecated IPv4-compatible) and NAT64 64:ff9b::/96 carry an IPv4 address in the low bits.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            return IsPublicIPv4(b.AsSpan(12));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublicIPv4(b.AsSpan(12));
        // 6to4 2002::/16 embeds the IPv4 address in bytes 2-5.
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPublicIPv4(b.AsSpan(2, 4));

        return !(
            (b[0] & 0xFE) == 0xFC                                   // fc00::/7 unique local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)              // fe80::/10 link-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)              // fec0::/10 site-local (deprecated)
            || b[0] == 0xFF                                         // multicast
            || (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) // 100::/64 discard
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // 2001:db8::/32 documentation
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)); // 2001::/32 Teredo (tunnels to hidden IPv4)
    }
}
