using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ReviewCadence.Cli.Serve;

/// <summary>One address <c>serve</c> listens on, resolved here (not by Kestrel's reading of a URL string).</summary>
public sealed record ServeEndpoint(string Scheme, IPAddress? Address, bool Localhost, int Port, string? Name)
{
    public bool IsHttps => Scheme == "https";

    /// <summary>Loopback only: <c>localhost</c>, 127.0.0.0/8 or <c>::1</c>.</summary>
    public bool IsLoopback => Localhost || (Address is not null && IPAddress.IsLoopback(Address) && !Address.IsIPv4MappedToIPv6);
}

/// <summary>
/// Reads <c>serve --urls</c> the way Kestrel splits a URL (scheme, host, port, path: <see cref="BindingAddress"/>),
/// then decides itself where to listen. Kestrel binds every interface for a host it cannot parse as an IP
/// (<c>http://evil@127.0.0.1:7080</c> has the host <c>evil@127.0.0.1</c> to it), so <c>serve</c> never hands it a URL:
/// it listens on addresses it resolved. Without an API key only loopback addresses are accepted.
/// </summary>
public static class ServeBindings
{
    /// <summary>The endpoints of <paramref name="urls"/> (separated by ';'), or an <see cref="ArgumentException"/> saying what to fix.</summary>
    public static IReadOnlyList<ServeEndpoint> Parse(string urls, bool keyed)
    {
        var endpoints = new List<ServeEndpoint>();
        var parts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("--urls is empty; give one or more URLs such as http://127.0.0.1:7071");
        }
        foreach (var url in parts)
        {
            endpoints.Add(ParseOne(url, keyed));
        }
        return endpoints;
    }

    private static ServeEndpoint ParseOne(string url, bool keyed)
    {
        var shown = Printable.Clip(url);
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--urls '{shown}' is not a URL such as http://127.0.0.1:7071");
        }
        var scheme = address.Scheme.ToLowerInvariant();
        if (scheme is not ("http" or "https") || address.IsUnixPipe || address.IsNamedPipe)
        {
            throw new ArgumentException($"--urls '{shown}': only http:// and https:// addresses are served");
        }
        if (address.PathBase.Length > 0 && address.PathBase != "/")
        {
            throw new ArgumentException($"--urls '{shown}' has a path ('{Printable.Clip(address.PathBase)}'); serve listens at the root: give scheme, host and port only");
        }
        var host = address.Host;
        if (host.Contains('@') || host.Contains('/') || host.Contains('\\') || host.Any(char.IsWhiteSpace) || host.Any(char.IsControl))
        {
            throw new ArgumentException($"--urls '{shown}' carries user info or characters a host cannot have; give scheme, host and port only, such as http://127.0.0.1:7071");
        }
        if (address.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--urls '{shown}': the port must be 0-65535");
        }

        ServeEndpoint endpoint;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new ServeEndpoint(scheme, null, Localhost: true, address.Port, "localhost");
        }
        else if (host is "*" or "+")
        {
            endpoint = new ServeEndpoint(scheme, IPAddress.IPv6Any, false, address.Port, null);
        }
        else if (TryParseIpLiteral(host, out var ip))
        {
            if (ip.IsIPv4MappedToIPv6)
            {
                throw new ArgumentException($"--urls '{shown}' is an IPv4-mapped IPv6 address; write the IPv4 address itself (for loopback, http://127.0.0.1:{address.Port})");
            }
            endpoint = new ServeEndpoint(scheme, ip, false, address.Port, null);
        }
        else if (host.StartsWith('[') || host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            throw new ArgumentException($"--urls '{shown}': '{Printable.Clip(host)}' is not an IP address");
        }
        else
        {
            // A name other than localhost: Kestrel would listen on every interface for it.
            endpoint = new ServeEndpoint(scheme, IPAddress.IPv6Any, false, address.Port, host);
        }

        if (!keyed && !endpoint.IsLoopback)
        {
            throw new ArgumentException($"without an API key (set {ServeApp.KeyVariable}) serve only binds to loopback (127.0.0.1, [::1] or localhost); --urls '{shown}' is not loopback");
        }
        return endpoint;
    }

    /// <summary>An IP written as Kestrel accepts it: dotted IPv4, or IPv6 in brackets.</summary>
    private static bool TryParseIpLiteral(string host, out IPAddress address)
    {
        address = IPAddress.None;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }
        var parts = host.Split('.');
        if (parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)) && IPAddress.TryParse(host, out var v4))
        {
            address = v4;
            return true;
        }
        return false;
    }

    /// <summary>Tells Kestrel to listen on each endpoint, by address.</summary>
    public static void Listen(KestrelServerOptions kestrel, IReadOnlyList<ServeEndpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            Action<ListenOptions> configure = options =>
            {
                if (endpoint.IsHttps)
                {
                    options.UseHttps();
                }
            };
            if (endpoint.Localhost)
            {
                if (endpoint.Port == 0)
                {
                    kestrel.Listen(IPAddress.Loopback, 0, configure);
                }
                else
                {
                    kestrel.ListenLocalhost(endpoint.Port, configure);
                }
            }
            else if (endpoint.Address!.Equals(IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(endpoint.Port, configure);
            }
            else
            {
                kestrel.Listen(endpoint.Address, endpoint.Port, configure);
            }
        }
    }

    /// <summary>The names a request's Host may carry: the names in <c>--urls</c>, the machine's name, and configured ones.</summary>
    public static Api.HostAllowList AllowedHosts(IReadOnlyList<ServeEndpoint> endpoints, string? configured)
    {
        var names = endpoints.Where(e => e.Name is not null).Select(e => e.Name!).ToList();
        if (endpoints.Any(e => !e.IsLoopback))
        {
            names.Add(Environment.MachineName);
        }
        names.AddRange((configured ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new Api.HostAllowList(names, $"to serve it under another name, list the name in {ServeApp.AllowedHostsSetting}");
    }
}
