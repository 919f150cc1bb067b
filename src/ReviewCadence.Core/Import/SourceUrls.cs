using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>A cited URL in the form to write into the catalog, and the key two citations of one page share.</summary>
/// <param name="Clean">As written, less what never identifies a page: tracking parameters, the fragment, a default port; scheme and host lowercased.</param>
/// <param name="Key"><paramref name="Clean"/> without a trailing slash on the path: <c>/allocation</c> and <c>/allocation/</c> are one page.</param>
/// <param name="HadCredentials">The URL as written carried <c>user:password@</c>, which <paramref name="Clean"/> leaves out.</param>
/// <param name="Host">The URL's host, lowercased.</param>
/// <param name="Path">The URL's path.</param>
internal sealed record SourceUrl(string Clean, string Key, string Host, string Path, bool HadCredentials)
{
    /// <summary>The URL's <c>#fragment</c> (unescaped, without the <c>#</c>): the section of the page it points at; null when none.</summary>
    public string? Fragment { get; init; }
}

internal static partial class SourceUrls
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "gclid", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "mc_cid", "mc_eid",
    };

    [GeneratedRegex(@"^(?<scheme>https?)://(?<authority>[^/?#]+)(?<path>[^?#]*)(?:\?(?<query>[^#]*))?(?:#(?<fragment>.*))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlParts();

    /// <summary>
    /// Reads an absolute http(s) URL; false for anything else (relative, other schemes, no host).
    /// Credentials in the URL are dropped: a catalog is shared and printed, and a public source needs none.
    /// </summary>
    public static bool TryParse(string written, out SourceUrl url)
    {
        url = null!;
        var parts = UrlParts().Match(written.Trim());
        if (!parts.Success)
            return false;

        var scheme = parts.Groups["scheme"].Value.ToLowerInvariant();
        var authority = parts.Groups["authority"].Value;
        var at = authority.LastIndexOf('@');
        var hostPort = authority[(at + 1)..].ToLowerInvariant();
        var colon = hostPort.LastIndexOf(':');
        var host = colon >= 0 ? hostPort[..colon] : hostPort;
        var port = colon >= 0 ? hostPort[(colon + 1)..] : "";
        if (port == (scheme == "https" ? "443" : "80") || port.Length == 0)
            hostPort = host;
        if (host.Length == 0 || host.StartsWith('.'))
            return false;

        var path = parts.Groups["path"].Value;
        var query = parts.Groups["query"].Success ? WithoutTracking(parts.Groups["query"].Value) : "";
        var suffix = query.Length > 0 ? "?" + query : "";
        var clean = $"{scheme}://{hostPort}{path}{suffix}";
        if (!Uri.TryCreate(clean, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
            return false;

        var key = $"{scheme}://{hostPort}{path.TrimEnd('/')}{suffix}";
        var fragment = parts.Groups["fragment"].Success ? Uri.UnescapeDataString(parts.Groups["fragment"].Value).Trim() : "";
        url = new SourceUrl(clean, key, host, path, HadCredentials: at >= 0) { Fragment = fragment.Length > 0 ? fragment : null };
        return true;
    }

    /// <summary>The key of a URL declared in the catalog, or null when it is not an http(s) URL.</summary>
    public static string? KeyOf(Uri catalogUrl) =>
        TryParse(catalogUrl.IsAbsoluteUri ? catalogUrl.OriginalString : "", out var url) ? url.Key
        : catalogUrl.IsAbsoluteUri && TryParse(catalogUrl.AbsoluteUri, out url) ? url.Key
        : null;

    /// <summary>
    /// Hosts reserved for examples and tests (RFC 2606, RFC 6761): a runbook that mentions them is
    /// illustrating, not citing, and the checker could never fetch them.
    /// </summary>
    public static bool IsReservedHost(string host)
    {
        string[] reservedDomains = ["example.com", "example.net", "example.org"];
        string[] reservedTopLevel = [".example", ".test", ".invalid", ".localhost"];
        return host == "localhost"
            || reservedDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal))
            || reservedTopLevel.Any(t => host.EndsWith(t, StringComparison.Ordinal));
    }

    private static string WithoutTracking(string query) =>
        string.Join('&', query.Split('&').Where(pair =>
        {
            var name = pair.Split('=', 2)[0];
            return name.Length > 0 && !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name);
        }));
}
