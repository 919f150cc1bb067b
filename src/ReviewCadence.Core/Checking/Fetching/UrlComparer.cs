using System.Text;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// Decides whether two URLs name the same page, so a redirect that only adds tracking parameters,
/// a trailing slash, an http→https upgrade, host case, a default port or a fragment is not a "move".
/// </summary>
internal sealed class UrlComparer : IEqualityComparer<Uri>
{
    public static UrlComparer Instance { get; } = new();

    private static readonly string[] TrackingPrefixes = ["utm_", "hsa_", "pk_", "mtm_"];

    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "mkt_tok",
        "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid", "srsltid",
    };

    /// <summary>
    /// The URL with lower-case host, no default port, no fragment, no trailing slash (except the root),
    /// no tracking parameters and the remaining query parameters in a stable order. The scheme is kept.
    /// </summary>
    public static Uri Normalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return url;

        var builder = new StringBuilder(url.Scheme).Append("://").Append(Host(url));
        if (!url.IsDefaultPort)
            builder.Append(':').Append(url.Port);
        builder.Append(Path(url));
        var query = Query(url);
        if (query.Length > 0)
            builder.Append('?').Append(query);
        return new Uri(builder.ToString());
    }

    /// <summary>True when both URLs name the same page (http and https of one host and path count as one).</summary>
    public static bool SamePage(Uri a, Uri b) => Instance.Equals(a, b);

    /// <summary>True for parameters that only track a visit (utm_*, gclid, fbclid, mc_cid, ...).</summary>
    public static bool IsTrackingParameter(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public bool Equals(Uri? x, Uri? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null)
            return false;
        return Key(x) == Key(y);
    }

    public int GetHashCode(Uri obj) => StringComparer.Ordinal.GetHashCode(Key(obj));

    private static string Key(Uri url)
    {
        var normalized = Normalize(url);
        if (!normalized.IsAbsoluteUri || (normalized.Scheme != Uri.UriSchemeHttp && normalized.Scheme != Uri.UriSchemeHttps))
            return normalized.ToString();
        // Without the scheme: an upgrade to https on the same host and path is the same page. A
        // non-default port stays, so http://h:8080 and https://h:8080 still compare equal, as they should.
        // Nor "www.": a site moving between example.com and www.example.com (a 301 either way) keeps its pages.
        var host = WithoutWww(normalized.Host);
        return normalized.IsDefaultPort
            ? host + normalized.PathAndQuery
            : $"{host}:{normalized.Port}{normalized.PathAndQuery}";
    }

    /// <summary>The host without a leading "www." label.</summary>
    internal static string WithoutWww(string host) =>
        host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    private static string Host(Uri url) => url.HostNameType == UriHostNameType.IPv6
        ? url.Host.ToLowerInvariant()
        : url.IdnHost.TrimEnd('.').ToLowerInvariant();

    private static string Path(Uri url)
    {
        var trimmed = url.AbsolutePath.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static string Query(Uri url)
    {
        var query = url.Query.TrimStart('?');
        if (query.Length == 0)
            return "";
        var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTrackingParameter(Uri.UnescapeDataString(pair.Split('=', 2)[0])))
            .OrderBy(pair => pair.Split('=', 2)[0], StringComparer.Ordinal);
        return string.Join('&', kept);
    }
}
