using System.Net;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// The redirects of one fetch, followed by hand: at most a given number, loops refused, and the
/// permanent part of the chain remembered, since only a permanent redirect makes a source "moved".
/// The requests go to a copy of the catalog's URL: a <see cref="Uri"/> keeps every part the HTTP stack asks of it
/// (host, absolute URI, path), and the catalog's, held for the whole run, would keep them for every source.
/// </summary>
internal sealed class RedirectChain(Uri start, int maxRedirects)
{
    private readonly HashSet<string> _visited = [];
    private bool _permanentSoFar = true;
    private Uri? _permanentTarget;

    public Uri Start { get; } = start;
    public Uri Current { get; private set; } = start.IsAbsoluteUri && !HasFragment(start) ? new Uri(start.OriginalString, UriKind.Absolute) : WithoutFragment(start);
    public int Redirects { get; private set; }

    /// <summary>The URL whose content was read: the catalog's own instance when nothing redirected (and it named no fragment).</summary>
    public Uri Final => Redirects == 0 && !HasFragment(Start) ? Start : Current;

    /// <summary>
    /// Where the chain's leading permanent redirects lead, when that is another page. A temporary hop
    /// ends it: after "A 301→ B 302→ C" the source moved to B (C is only where B points today).
    /// </summary>
    public Uri? MovedTo => _permanentTarget is { } target && !UrlComparer.SamePage(Start, target) ? target : null;

    public static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Moves to the response's Location; returns why not when the chain must stop.</summary>
    public string? Follow(HttpResponseMessage response)
    {
        if (response.Headers.Location is not { } location)
            return $"HTTP {(int)response.StatusCode} redirect without a usable Location";
        var next = WithoutFragment(location.IsAbsoluteUri ? location : new Uri(Current, location));
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            return $"redirected to a non-HTTP address ({next.Scheme}:)";
        if (_visited.Count == 0)
            _visited.Add(Current.AbsoluteUri);
        if (!_visited.Add(next.AbsoluteUri))
            return $"redirect loop: {next} was already visited";
        if (++Redirects > maxRedirects)
            return $"more than {maxRedirects} redirects";

        if (_permanentSoFar && response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect)
            _permanentTarget = next;
        else
            _permanentSoFar = false;
        Current = next;
        return null;
    }

    private static Uri WithoutFragment(Uri url) =>
        HasFragment(url) ? new Uri(url.GetLeftPart(UriPartial.Query)) : url;

    // Not Uri.Fragment: reading it keeps the part on the instance. A '#' in an absolute http(s) URL's text starts its fragment.
    private static bool HasFragment(Uri url) => url.OriginalString.Contains('#', StringComparison.Ordinal);
}
