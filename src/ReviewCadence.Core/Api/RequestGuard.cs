using System.Net;

namespace ReviewCadence.Api;

/// <summary>What the request guard needs to know of one request, read by each host from its own request type.</summary>
public sealed record ApiRequestFacts
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }
    /// <summary>The request's scheme (<c>http</c> or <c>https</c>) as the host received it.</summary>
    public required string Scheme { get; init; }
    /// <summary>The Host header, with its port if it had one.</summary>
    public string? Host { get; init; }
    /// <summary>The Origin header; null when the request has none.</summary>
    public string? Origin { get; init; }
    /// <summary>The Sec-Fetch-Site header; null when the request has none.</summary>
    public string? SecFetchSite { get; init; }
    /// <summary>The Content-Type header; null when the request has none.</summary>
    public string? ContentType { get; init; }
    /// <summary>The declared body length; null when none was declared.</summary>
    public long? ContentLength { get; init; }
}

/// <summary>The routes that take a request body, and how large each body may be.</summary>
public enum ApiBodyKind
{
    /// <summary>A read (GET): no body expected, none read.</summary>
    None,
    /// <summary>A command (<c>POST /api/checks</c>, <c>POST /api/reminders</c>): the query says it all; a body is ignored and must be small JSON.</summary>
    Command,
    /// <summary>A JSON body that is read (<c>POST /api/runbooks/{id}/reviews</c>).</summary>
    Json,
}

/// <summary>
/// The rules every request meets before its route runs, on both hosts (DESIGN.md, "HTTP API", security):
/// <list type="bullet">
/// <item>the <c>Host</c> header must name this server (when the host knows its names: <c>serve</c>), so a
/// page whose name was re-pointed at this machine (DNS rebinding) cannot read or write through a browser;</item>
/// <item>a state-changing request (anything but GET/HEAD/OPTIONS) from another origin is refused: a foreign
/// <c>Origin</c>, a cross-site <c>Sec-Fetch-Site</c>, or a body type a cross-site form or <c>no-cors</c> fetch
/// can send without a preflight (<c>text/plain</c>, form encodings); JSON bodies are accepted only as <c>application/json</c>;</item>
/// <item>each route's body has a size limit.</item>
/// </list>
/// </summary>
public static class RequestGuard
{
    /// <summary>The largest review body: 10,000 characters of notes, JSON-escaped, with room for the other fields.</summary>
    public const long MaxJsonBodyBytes = 128 * 1024;
    /// <summary>The largest body a command route accepts (it reads none; <c>{}</c> is fine).</summary>
    public const long MaxCommandBodyBytes = 1024;

    /// <summary>The body limit of a kind of route (0: no body is read).</summary>
    public static long MaxBodyBytes(ApiBodyKind kind) => kind switch
    {
        ApiBodyKind.Json => MaxJsonBodyBytes,
        ApiBodyKind.Command => MaxCommandBodyBytes,
        _ => 0,
    };

    /// <summary>Null when the request may go on, else the refusal to send.</summary>
    /// <param name="allowedHosts">The names this server answers to, or null when the platform checks the Host itself (Azure Functions).</param>
    /// <param name="request">What the host read of the request.</param>
    /// <param name="body">The kind of body the route takes.</param>
    public static ApiResponse? Check(ApiRequestFacts request, ApiBodyKind body, HostAllowList? allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (allowedHosts is not null && !allowedHosts.Allows(request.Host))
        {
            return ApiResponse.Problem(400, "Unknown host",
                $"this server does not answer to the Host '{Printable.Clip(request.Host ?? "")}'; {allowedHosts.Advice}");
        }
        if (IsSafeMethod(request.Method))
        {
            return null;
        }
        if (request.SecFetchSite is { } site && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return CrossOrigin($"the browser marked it {Printable.Clip(site)} (Sec-Fetch-Site)");
        }
        if (request.Origin is { } origin && !IsSameOrigin(origin, request))
        {
            return CrossOrigin($"it comes from the origin '{Printable.Clip(origin)}'");
        }
        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.ContentType is not null);
        if ((body == ApiBodyKind.Json || hasBody || request.ContentType is not null) && !IsJson(request.ContentType))
        {
            return ApiResponse.Problem(415, "Send JSON as application/json",
                request.ContentType is null
                    ? "this route takes a JSON body with Content-Type: application/json"
                    : $"this route accepts only Content-Type: application/json, not '{Printable.Clip(request.ContentType)}'");
        }
        var limit = MaxBodyBytes(body);
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }
        return null;
    }

    /// <summary>The 413 for a body over its route's limit (also when a chunked body turns out too long).</summary>
    public static ApiResponse TooLarge(long limit) =>
        ApiResponse.Problem(413, "The body is too large", $"this route accepts at most {limit:N0} bytes");

    private static ApiResponse CrossOrigin(string why) =>
        ApiResponse.Problem(403, "Cross-origin request refused",
            $"a request that changes state must come from this server's own pages or from a client that sends no Origin; {why}");

    private static bool IsSafeMethod(string method) =>
        method.Equals("GET", StringComparison.OrdinalIgnoreCase) || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase)
        || method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase);

    private static bool IsSameOrigin(string origin, ApiRequestFacts request) =>
        request.Host is { Length: > 0 } host
        && Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && from.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
        && origin.TrimEnd('/').Equals($"{from.Scheme}://{host}", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>application/json</c>, with parameters (charset) or without; not <c>text/plain</c>, forms, or <c>application/json-seq</c>.</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// The names a server answers to in the <c>Host</c> header: its bound names, <c>localhost</c>, IP literals
/// (a browser only sends one when the user typed the address: DNS rebinding needs a name), and configured names.
/// </summary>
public sealed class HostAllowList(IEnumerable<string> names, string advice)
{
    private readonly HashSet<string> _names = new(names.Select(n => n.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase) { "localhost" };

    /// <summary>What to tell a user whose name was refused (where to add it).</summary>
    public string Advice { get; } = advice;

    /// <summary>True when <paramref name="hostHeader"/> names this server: an IP literal, <c>localhost</c> or one of its names, with any port.</summary>
    public bool Allows(string? hostHeader)
    {
        if (string.IsNullOrWhiteSpace(hostHeader) || hostHeader.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }
        var host = HostPart(hostHeader);
        if (host.Length == 0)
        {
            return false;
        }
        if (host.StartsWith('['))
        {
            return host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        if (IsDottedQuad(host))
        {
            return true;
        }
        return _names.Contains(host.TrimEnd('.'));
    }

    private static string HostPart(string hostHeader)
    {
        if (hostHeader.StartsWith('['))
        {
            var end = hostHeader.IndexOf(']');
            return end < 0 ? hostHeader : hostHeader[..(end + 1)];
        }
        var colon = hostHeader.IndexOf(':');
        return colon < 0 ? hostHeader : hostHeader[..colon];
    }

    /// <summary>Four decimal octets, nothing looser (not <c>127.1</c> or hex: those would be names to a browser's resolver anyway).</summary>
    private static bool IsDottedQuad(string host)
    {
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
